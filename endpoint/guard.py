"""Request guards: body size and per-client rate limits (ASGI), origin, CORS preflight and JSON checks."""

import json
import time
from collections import OrderedDict

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response

from .errors import ApiError, error_response
from .identity import network

MAX_CLIENTS = 100_000  # rate limit buckets kept in memory; the oldest go first


class RateLimiter:
    """A token bucket per client network: `rate` requests a minute, bursts up to `rate`."""

    def __init__(self, rate: int):
        self.rate = rate
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        tokens, stamp = self._buckets.pop(client, (float(self.rate), now))
        tokens = min(float(self.rate), tokens + (now - stamp) * self.rate / 60.0)
        allowed = tokens >= 1.0
        self._buckets[client] = (tokens - 1.0 if allowed else tokens, now)
        if len(self._buckets) > MAX_CLIENTS:
            self._buckets.popitem(last=False)
        return allowed


class Guard:
    """The checks every request to /api/ passes first: a rate limit per client network and a body size."""

    def __init__(self, max_body: int, write_rate: int, read_rate: int):
        self.max_body = max_body
        self.limits = {"write": RateLimiter(write_rate), "read": RateLimiter(read_rate)}

    def refusal(self, scope, length: bytes | None) -> tuple[int, str, dict | None] | None:
        """(status, code, headers) of the error the request gets before anything else, or None.
        length is the request's Content-Length header, if it has one."""
        kind = "write" if scope["method"] in ("POST", "PUT", "PATCH", "DELETE") else "read"
        client = network(scope["client"][0]) if scope.get("client") else "unknown"
        if not self.limits[kind].allow(client):
            return 429, "rate_limited", {"Retry-After": "60"}
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return 413, "too_large", None
        return None

    def limited(self, receive):
        """receive(), refusing a body that grows past the limit whatever Content-Length said."""
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise ApiError(413, "too_large")
            return message

        return limited_receive

    async def read_body(self, receive) -> bytes | None:
        """The whole request body within the limit, or None when the client went away."""
        raw, more = b"", True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            raw += message.get("body", b"")
            if len(raw) > self.max_body:
                raise ApiError(413, "too_large")
            more = message.get("more_body", False)
        return raw


class GuardMiddleware:
    """Refuses oversized bodies and too-fast clients before the application sees them."""

    def __init__(self, app, guard: Guard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        refusal = self.guard.refusal(scope, dict(scope["headers"]).get(b"content-length"))
        if refusal:
            return await error_response(*refusal)(scope, receive, send)
        return await self.app(scope, self.guard.limited(receive), send)


class JsonCorsMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered as the endpoint's JSON error, not plain text."""

    def preflight_response(self, request_headers: Headers) -> Response:
        answer = super().preflight_response(request_headers)
        if answer.status_code < 400:
            return answer
        if not self.is_allowed_origin(origin=request_headers["origin"]):
            return error_response(403, "forbidden_origin")
        refusal = error_response(400, "bad_preflight")
        refusal.headers.update({name: value for name, value in answer.headers.items()
                                if name.startswith("access-control-")})
        return refusal


def allowed_origin(origin: str, origins) -> bool:
    return origin.rstrip("/") in origins


def check_origin(request: Request) -> None:
    """Writes must come from the site's own pages."""
    if not allowed_origin(request.headers.get("origin", ""), request.app.state.config.origins):
        raise ApiError(403, "forbidden_origin")


def json_object(content_type: str, raw: bytes) -> dict:
    """A write's JSON object; an empty body reads as {}."""
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise ApiError(415, "json_required")
    raw = raw.strip()
    if not raw or raw == b"{}":  # what the pages send with a view
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "bad_json") from None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json")
    return body


async def json_body(request: Request) -> dict:
    """The request's JSON object; an empty body reads as {}."""
    return json_object(request.headers.get("content-type", ""), await request.body())
