"""POST /api/views/{article_id}: every page view calls it, so it is a bare ASGI handler.

It makes the checks every write makes (rate limit, body size, Origin, JSON, published id) with
the same functions and answers the same errors, but skips Starlette's per-request machinery
(middleware stack, routing, Request and Response objects), which took most of a view's time.
CORS preflights and every other route go on to the Starlette application.
"""

import logging

from .articles import published_id
from .errors import STORE_UNAVAILABLE, ApiError, error_response
from .guard import Guard, allowed_origin, json_object
from .storage import StoreUnavailable

logger = logging.getLogger(__name__)
PREFIX = "/api/views/"


class ViewCounter:
    def __init__(self, app, guard: Guard):
        self.app = app  # the Starlette application: its state holds the config, store and manifest
        self.guard = guard

    async def __call__(self, scope, receive, send):
        if (scope["type"] != "http" or scope["method"] == "OPTIONS" or not scope["path"].startswith(PREFIX)
                or "/" in scope["path"][len(PREFIX):]):
            return await self.app(scope, receive, send)  # CORS preflights and every other route
        origin, content_type, length, host = "", "", None, b""
        for name, value in scope["headers"]:
            if name == b"origin":
                origin = value.decode("latin-1")
            elif name == b"content-type":
                content_type = value.decode("latin-1")
            elif name == b"content-length":
                length = value
            elif name == b"host":
                host = value
        state = self.app.state
        allowed = allowed_origin(origin, state.config.origins)
        cors = []
        # CORS headers for an allowed page of another origin only: the site's own pages need none.
        if allowed and origin != f"{scope['scheme']}://{host.decode('latin-1')}":
            cors = [(b"access-control-allow-origin", origin.encode("latin-1")), (b"vary", b"Origin")]
        try:
            refusal = self.guard.refusal(scope, length)
            if refusal:
                raise ApiError(*refusal)
            if scope["method"] != "POST":
                raise ApiError(405, "method_not_allowed", {"Allow": "POST"})
            if not allowed:
                raise ApiError(403, "forbidden_origin")
            raw = await self.guard.read_body(receive)
            if raw is None:  # the client went away
                return
            json_object(content_type, raw)
            article_id = published_id(state.manifest, scope["path"][len(PREFIX):])
            views = await state.store.add_view(article_id)
        except ApiError as error:
            return await self._error(scope, receive, send, cors, error.status, error.code, error.headers)
        except StoreUnavailable:
            return await self._error(scope, receive, send, cors, *STORE_UNAVAILABLE)
        except Exception:
            logger.exception("counting a view failed")
            return await self._error(scope, receive, send, cors, 500, "internal")
        body = b'{"id":"%s","views":%d}' % (article_id.encode(), views)  # the id is [a-z0-9-]: nothing to escape
        # No Cache-Control: nothing caches the answer to a POST without being told to.
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"application/json"), (b"content-length", b"%d" % len(body)), *cors]})
        await send({"type": "http.response.body", "body": body})

    @staticmethod
    async def _error(scope, receive, send, cors: list, status: int, code: str, headers: dict | None = None):
        response = error_response(status, code, headers)
        response.raw_headers.extend(cors)
        await response(scope, receive, send)
