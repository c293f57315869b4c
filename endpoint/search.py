"""Search: GET /api/search, over the index the build writes."""

import re

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from .errors import ApiError

SORTS = ("relevance", "newest")
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
    try:
        result = await run_in_threadpool(request.app.state.search.search, query, page, per_page,
                                         category, unit, year, sort)
    except FileNotFoundError:
        raise ApiError(503, "search_unavailable") from None
    return JSONResponse({
        "total": result.total, "page": result.page, "per_page": result.per_page, "pages": result.pages,
        "hits": result.hits, "facets": result.facets, "suggestion": result.suggestion,
        "partial": result.timed_out,
    }, headers={"Cache-Control": "no-store"})
