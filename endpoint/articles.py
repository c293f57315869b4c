"""View counts and star ratings of articles."""

from datetime import datetime, time, timedelta

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from toandan.vietnamese import dates

from .errors import ApiError, error_response
from .guard import check_origin, json_body
from .identity import RATER_COOKIE, RATER_COOKIE_DAYS, address_key, new_rater_token, rater_key, rater_token
from .manifest import well_formed
from .storage import Boundaries

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


def _set_rater_cookie(response: JSONResponse, request: Request, token: str) -> None:
    """The browser's rating token: sent back only to /api/, never readable by scripts, nor sent by other sites."""
    response.set_cookie(RATER_COOKIE, token, max_age=RATER_COOKIE_DAYS * 24 * 3600, path="/api/",
                        secure=request.url.scheme == "https", httponly=True, samesite="lax")


def _until_tomorrow(now) -> str:
    """Seconds until the next day starts in Asia/Ho_Chi_Minh, when the address's count starts again."""
    tomorrow = datetime.combine(Boundaries.at(now).day + timedelta(days=1), time(), dates.TIMEZONE)
    return str(max(1, int((tomorrow - now).total_seconds())))


async def rate(request: Request) -> JSONResponse:
    """POST /api/ratings/{article_id} {"stars": 1..5}: a browser's rating replaces its earlier one.

    The browser is the token in its cookie. A request without one is refused (403 cookie_required)
    with a new token set: the browser sends it back with its next try, unless it refuses cookies.
    """
    check_origin(request)
    body = await json_body(request)
    article_id = published_id(request.app.state.manifest, request.path_params["article_id"])
    if set(body) != {"stars"}:
        raise ApiError(422, "bad_stars" if "stars" not in body else "bad_body")
    stars = body["stars"]
    if type(stars) is not int or not 1 <= stars <= 5:  # bool, float, str and null are refused
        raise ApiError(422, "bad_stars")
    token = rater_token(request.cookies.get(RATER_COOKIE))
    if token is None:
        refusal = error_response(403, "cookie_required")
        _set_rater_cookie(refusal, request, new_rater_token())
        return refusal
    store = request.app.state.store
    secret, now = store.secret(), dates.now()
    summary = await store.rate(article_id, rater_key(secret, token), address_key(secret, request.client.host),
                               stars, now, request.app.state.config.new_votes_per_address)
    if summary is None:
        raise ApiError(429, "too_many_new_votes", {"Retry-After": _until_tomorrow(now)})
    answer = JSONResponse({"id": article_id, "rating_average": summary.rating_average,
                           "rating_sum": summary.rating_sum, "rating_count": summary.rating_count,
                           "mine": stars}, headers=NO_CACHE)
    _set_rater_cookie(answer, request, token)  # kept a year from the last rating
    return answer


async def stats(request: Request) -> JSONResponse:
    """GET /api/stats?ids=a,b,c[&mine=1]: views and ratings of up to 100 articles."""
    raw = request.query_params.get("ids", "")
    ids = list(dict.fromkeys(part for part in raw.split(",") if part))
    if not ids or len(ids) > MAX_IDS or not all(well_formed(i) for i in ids):
        raise ApiError(400, "bad_ids")
    manifest = request.app.state.manifest
    known = [article_id for article_id in ids if article_id in manifest]
    store = request.app.state.store
    token = rater_token(request.cookies.get(RATER_COOKIE)) if request.query_params.get("mine") == "1" else None
    rater = rater_key(store.secret(), token) if token else None
    found = await run_in_threadpool(store.stats, known, rater) if known else {}
    return JSONResponse({"articles": [stats_json(i, s) for i, s in found.items()],
                         "unknown": [i for i in ids if i not in found]}, headers=NO_CACHE)
