"""Search: GET /api/search, over the index the build writes."""

import asyncio
import multiprocessing
import os
import re
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse

from .errors import ApiError

SORTS = ("relevance", "newest")
ORPHAN_CHECK = 1.0  # seconds between a search worker's looks at whether the endpoint is still there
_index = None  # in each search worker process: its long-lived view of the index


def _open_index(path: str, endpoint: int) -> None:
    global _index
    from toandan.search import SearchIndex
    _index = SearchIndex(Path(path))
    threading.Thread(target=_end_with, args=(endpoint,), name="toandan-orphan-watch", daemon=True).start()


def _end_with(endpoint: int) -> None:
    """A worker outlives a killed endpoint (kill -9 runs no clean-up): it ends when its parent does."""
    while os.getppid() == endpoint:
        time.sleep(ORPHAN_CHECK)
    os._exit(0)


def _search(*args):
    return _index.search(*args)


def _warm() -> None:
    try:
        _index.warm()
    except FileNotFoundError:  # no index yet: the first search after a build reads what it needs
        pass


def search_pool(index: Path, workers: int) -> ProcessPoolExecutor:
    """Searches are CPU-bound Python: in their own processes they cannot starve the event loop.

    Each worker reads the index's common postings into memory as soon as it starts (a few seconds
    for 10,000 articles), so that the first searches are as quick as the rest.
    """
    pool = ProcessPoolExecutor(max(1, workers), mp_context=multiprocessing.get_context("spawn"),
                               initializer=_open_index, initargs=(str(index), os.getpid()))
    for _ in range(max(1, workers)):
        pool.submit(_warm)
    return pool
MAX_PAGE = 100
MAX_PER_PAGE = 50


def _number(value: str | None, default: int, highest: int) -> int:
    if value in (None, ""):
        return default
    if not re.fullmatch(r"\d{1,4}", value) or not 1 <= int(value) <= highest:
        raise ApiError(400, "bad_query")
    return int(value)


def _text(value: str | None, longest: int = 200) -> str:
    value = value or ""
    if len(value) > longest:
        raise ApiError(400, "bad_query")
    return value


async def search(request: Request) -> JSONResponse:
    """GET /api/search?q=&page=&per_page=&category=&unit=&year=&sort=relevance|newest"""
    params = request.query_params
    query = (params.get("q") or "")[:5000]
    page = _number(params.get("page"), 1, MAX_PAGE)
    per_page = _number(params.get("per_page"), 10, MAX_PER_PAGE)
    category, unit = _text(params.get("category")), _text(params.get("unit"))
    year = params.get("year") or ""
    if year and not re.fullmatch(r"\d{4}", year):
        raise ApiError(400, "bad_query")
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise ApiError(400, "bad_query")
    slots = request.app.state.search_slots
    if slots.locked():
        # Every slot is busy: answer at once rather than queue, so searches never starve the counters.
        raise ApiError(503, "search_busy", {"Retry-After": "2"})
    try:
        async with slots:
            result = await asyncio.get_running_loop().run_in_executor(
                request.app.state.search_pool, _search, query, page, per_page, category, unit, year, sort)
    except FileNotFoundError:
        raise ApiError(503, "search_unavailable") from None
    return JSONResponse({
        "total": result.total, "page": result.page, "per_page": result.per_page, "pages": result.pages,
        "hits": result.hits, "facets": result.facets, "suggestion": result.suggestion,
        "partial": result.timed_out,
    }, headers={"Cache-Control": "no-store"})
