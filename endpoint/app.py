"""The endpoint application: one route table, configured once from the environment."""

import asyncio
import contextlib
import logging

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, Router
from starlette.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from toandan.vietnamese import dates

from .articles import rate, stats
from .config import Config
from .errors import STORE_UNAVAILABLE, ApiError, api_error, error_response, http_error, unexpected_error
from .guard import Guard, GuardMiddleware, JsonCorsMiddleware
from .manifest import Manifest
from .openapi import openapi
from .search import SearchSlots, search, search_pool
from .search_page import PATH as SEARCH_PAGE, SearchPage, search_page
from .storage import StoreUnavailable, open_store
from .views import ViewCounter
from .visitors import visitor_stats

logger = logging.getLogger(__name__)
FORGET_EVERY = 600  # seconds between deleting expired salts and activity rows


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok", "articles": len(request.app.state.manifest)})


async def ready(request: Request) -> JSONResponse:
    """Readiness, apart from liveness: 503 "unavailable" while the database cannot be reached."""
    await run_in_threadpool(request.app.state.store.check)
    return JSONResponse({"status": "ready"}, headers={"Cache-Control": "no-store"})


async def unavailable(request: Request, error: StoreUnavailable) -> JSONResponse:
    return error_response(*STORE_UNAVAILABLE)


API = [  # mounted at /api; POST /api/views/{article_id} is answered in front of it, by ViewCounter
    Route("/health", health, methods=["GET"]),
    Route("/ready", ready, methods=["GET"]),
    Route("/openapi.json", openapi, methods=["GET"]),
    Route("/ratings/{article_id}", rate, methods=["POST"]),
    Route("/stats", stats, methods=["GET"]),
    Route("/visitors", visitor_stats, methods=["GET", "POST"]),
    Route("/search", search, methods=["GET"]),
]


async def _forget_periodically(store) -> None:
    while True:
        try:
            await store.forget(dates.now())
        except Exception:  # noqa: BLE001 - retried at the next tick
            logger.exception("could not forget expired visitor data")
        await asyncio.sleep(FORGET_EVERY)


def create_app(config: Config | None = None):
    """The endpoint for config (by default read from TOANDAN_* variables)."""
    config = config or Config.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        app.state.store = open_store(config.database, config.secret_file)
        app.state.search_slots = SearchSlots(config.search_slots, config.search_time_limit)
        app.state.search_pool = search_pool(config.search_index, config.search_slots, config.search_time_limit)
        forgetting = asyncio.create_task(_forget_periodically(app.state.store))
        try:
            yield
        finally:
            forgetting.cancel()
            app.state.search_pool.shutdown(wait=False, cancel_futures=True)
            app.state.store.close()

    guard = Guard(config.max_body, config.write_rate, config.read_rate)
    # No redirects: Starlette's would send /api/stats/ to a Location built from the Host header.
    routes = [Mount("/api", app=Router(API, redirect_slashes=False)),
              Route(SEARCH_PAGE, search_page, methods=["GET"])]  # with results: works without JavaScript
    if config.static_dir:
        routes.append(Mount("/", StaticFiles(directory=config.static_dir, html=True, check_dir=False)))
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(JsonCorsMiddleware, allow_origins=list(config.origins), allow_methods=["GET", "POST"],
                       allow_headers=["Content-Type"], max_age=600),
            Middleware(GuardMiddleware, guard=guard),
        ],
        exception_handlers={ApiError: api_error, HTTPException: http_error,
                            StoreUnavailable: unavailable, Exception: unexpected_error},
        lifespan=lifespan,
    )
    app.state.config = config
    app.router.redirect_slashes = False
    app.state.manifest = Manifest(config.manifest)
    app.state.search_page = SearchPage(config.search_page)
    counter = ViewCounter(app, guard)
    if not config.trusted_proxies:
        return counter  # the peer's address is the client's: forwarding headers are anyone's to write
    return ProxyHeadersMiddleware(counter, trusted_hosts=list(config.trusted_proxies))
