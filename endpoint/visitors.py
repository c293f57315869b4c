"""Visitor statistics: online now, visits today, this week, month, year and in total."""

import secrets

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from toandan.vietnamese import dates

from .guard import check_origin, json_body
from .identity import visitor_key
from .storage import StoreUnavailable

COUNTERS = ("online", "today", "week", "month", "year", "total")


async def touch(request: Request) -> None:
    """Mark the requesting visitor active; a first request after 30 minutes starts a visit."""
    store = request.app.state.store
    now = dates.now()
    salt = await store.daily_salt(now.date())
    visitor = visitor_key(salt, request.client.host, request.headers.get("user-agent", ""))
    await store.touch_visitor(visitor, secrets.randbits(62), now)


async def visitor_stats(request: Request) -> JSONResponse:
    """GET /api/visitors: the counters. POST /api/visitors: mark this visitor active, then the counters."""
    if request.method == "POST":
        check_origin(request)
        await json_body(request)
        await touch(request)
    store = request.app.state.store
    try:
        numbers = await run_in_threadpool(store.visitor_stats, dates.now())
    except StoreUnavailable:
        if request.method == "GET":
            raise
        # The visit is committed: a 503 would say it was not. The counters alone are missing.
        return JSONResponse(dict.fromkeys(COUNTERS), headers={"Cache-Control": "no-store"})
    return JSONResponse({name: getattr(numbers, name) for name in COUNTERS}, headers={"Cache-Control": "no-store"})
