"""Request guards: body size and per-client rate limits (ASGI), origin and JSON checks."""

import json
import time
from collections import OrderedDict

from starlette.requests import Request

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


class GuardMiddleware:
    """Refuses oversized bodies and too-fast clients before the application sees them."""

    def __init__(self, app, max_body: int, write_rate: int, read_rate: int):
        self.app = app
        self.max_body = max_body
        self.limits = {"write": RateLimiter(write_rate), "read": RateLimiter(read_rate)}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        kind = "write" if scope["method"] in ("POST", "PUT", "PATCH", "DELETE") else "read"
        client = network(scope["client"][0]) if scope.get("client") else "unknown"
        if not self.limits[kind].allow(client):
            return await error_response(429, "rate_limited", {"Retry-After": "60"})(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return await error_response(413, "too_large")(scope, receive, send)
        return await self.app(scope, self._limited(receive), send)

    def _limited(self, receive):
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


def check_origin(request: Request) -> None:
    """Writes must come from the site's own pages."""
    if request.headers.get("origin", "").rstrip("/") not in request.app.state.config.origins:
        raise ApiError(403, "forbidden_origin")


async def json_body(request: Request) -> dict:
    """The request's JSON object; an empty body reads as {}."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ApiError(415, "json_required")
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "bad_json") from None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json")
    return body
