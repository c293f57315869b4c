"""View counts and star ratings of articles."""

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from toandan.vietnamese import dates

from .errors import ApiError
from .guard import check_origin, json_body
from .identity import rater_key
from .manifest import well_formed

MAX_IDS = 100
NO_CACHE = {"Cache-Control": "no-store"}


def published_id(manifest, article_id: str) -> str:
    """The article id from the path, if the build published it; otherwise 404.

    The manifest holds only well-formed ids, so a look-up is check enough (every view asks).
    """
    if article_id not in manifest:
        raise ApiError(404, "unknown_article")
    return article_id


def stats_json(article_id: str, stats) -> dict:
    return {"id": article_id, "views": stats.views, "rating_average": stats.rating_average,
            "rating_sum": stats.rating_sum, "rating_count": stats.rating_count, "mine": stats.mine}


async def rate(request: Request) -> JSONResponse:
    """POST /api/ratings/{article_id} {"stars": 1..5}: a visitor's rating replaces their earlier one."""
    check_origin(request)
    body = await json_body(request)
    article_id = published_id(request.app.state.manifest, request.path_params["article_id"])
    if set(body) != {"stars"}:
        raise ApiError(422, "bad_stars" if "stars" not in body else "bad_body")
    stars = body["stars"]
    if type(stars) is not int or not 1 <= stars <= 5:  # bool, float, str and null are refused
        raise ApiError(422, "bad_stars")
    store = request.app.state.store
    rater = rater_key(store.secret(), request.client.host)
    summary = await store.rate(article_id, rater, stars, dates.now())
    return JSONResponse({"id": article_id, "rating_average": summary.rating_average,
                         "rating_sum": summary.rating_sum, "rating_count": summary.rating_count,
                         "mine": stars}, headers=NO_CACHE)


async def stats(request: Request) -> JSONResponse:
    """GET /api/stats?ids=a,b,c[&mine=1]: views and ratings of up to 100 articles."""
    raw = request.query_params.get("ids", "")
    ids = list(dict.fromkeys(part for part in raw.split(",") if part))
    if not ids or len(ids) > MAX_IDS or not all(well_formed(i) for i in ids):
        raise ApiError(400, "bad_ids")
    manifest = request.app.state.manifest
    known = [article_id for article_id in ids if article_id in manifest]
    store = request.app.state.store
    rater = rater_key(store.secret(), request.client.host) if request.query_params.get("mine") == "1" else None
    found = await run_in_threadpool(store.stats, known, rater) if known else {}
    return JSONResponse({"articles": [stats_json(i, s) for i, s in found.items()],
                         "unknown": [i for i in ids if i not in found]}, headers=NO_CACHE)
