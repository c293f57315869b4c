"""The endpoint's limits on what a client may hold open, for uvicorn: its settings, and its refusals
answered in the endpoint's JSON.

The protocol that applies them reaches into uvicorn's internals, so it lives in
toandan.accelerate.uvicorn, which checks them first and otherwise falls back to uvicorn's h11
protocol with its own limits (and plain-text errors).
"""

from toandan.accelerate import uvicorn as bounded_uvicorn

from .errors import error_body

REASONS = {400: b"Bad Request", 408: b"Request Timeout", 431: b"Request Header Fields Too Large",
           503: b"Service Unavailable"}


def error_answer(status: int, code: str) -> bytes:
    """A whole HTTP/1.1 answer carrying the endpoint's JSON error, closing the connection."""
    body = error_body(code)
    return (b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
            % (status, REASONS[status], len(body)) + body)


def server_settings(max_head: int, read_timeout: float, max_connections: int) -> dict:
    """uvicorn.Config keyword arguments that bound request heads (max_head bytes), slow clients
    (read_timeout seconds) and open connections (max_connections), refused in the endpoint's JSON."""
    return bounded_uvicorn.server_settings(max_head, read_timeout, max_connections, error_answer)
