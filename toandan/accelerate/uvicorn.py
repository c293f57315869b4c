"""uvicorn's httptools protocol with the limits nginx puts on a request: the one place that reaches
into uvicorn's internals (HttpToolsProtocol's methods and the attributes its __init__ sets, which
are not a documented API).

Checked against uvicorn 0.30 to 0.55 (the range in pyproject.toml: from 0.30, below 0.56).

Stock uvicorn reads a request head of any size (httptools joins a header's pieces until its end, so
a 64 MB header is held whole), never times out a connection that has not finished its request, and
answers its own errors (a malformed request line) in plain text. The subclass here refuses a request
line and headers over `max_head` bytes with 431 as soon as they pass it, closes a connection that
has not sent a whole request within `read_timeout` seconds of opening (or of its previous answer),
keeps at most `max_connections` open (one more closes the oldest connection still waiting on its
client, or is answered 503 when every one has a request in the application), and answers each of
these errors with the caller's `refusal(status, code)`.

When a check fails, or the accelerator is turned off, server_settings gives uvicorn's stock h11
protocol with its own limits instead (a head refused only while unfinished, plain-text errors).
"""

import logging
from collections.abc import Callable

from toandan import accelerate

NAME = "uvicorn.limits"
CHECKED = ("0.30", "0.56")  # uvicorn releases this was checked against: from, below
# HttpToolsProtocol's methods that the subclass overrides or calls, with their parameters.
METHODS = {
    "connection_made": ("self", "transport"), "connection_lost": ("self", "exc"), "data_received": ("self", "data"),
    "on_headers_complete": ("self",), "on_message_complete": ("self",), "on_response_complete": ("self",),
    "send_400_response": ("self", "msg"),
}
# Attributes set in __init__ (of HttpToolsProtocol, of its RequestResponseCycle) that the subclass reads.
PROTOCOL_ATTRIBUTES = ("connections", "loop", "transport", "cycle", "pipeline")
CYCLE_ATTRIBUTES = ("response_started", "response_complete")

logger = logging.getLogger(__name__)


def _set_in_init(owner, names: tuple[str, ...]) -> str | None:
    """'owner.__init__ no longer sets name' for the first of names it does not set, or None."""
    assigned = owner.__init__.__code__.co_names
    for name in names:
        if name not in assigned:
            return f"{owner.__name__}.__init__ không còn đặt {name}"
    return None


def _needs() -> str | None:
    # Imported here, as in bounded_protocol: a uvicorn without it (or without httptools) fails the
    # check, and the endpoint still starts.
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

    for name, parameters in METHODS.items():
        if problem := (accelerate.missing_attribute(HttpToolsProtocol, name)
                       or accelerate.signature_problem(getattr(HttpToolsProtocol, name), parameters)):
            return problem
    return _set_in_init(HttpToolsProtocol, PROTOCOL_ATTRIBUTES) or _set_in_init(RequestResponseCycle, CYCLE_ATTRIBUTES)


def ready() -> bool:
    return accelerate.ready(NAME, "uvicorn", CHECKED, _needs)


def server_settings(max_head: int, read_timeout: float, max_connections: int,
                    refusal: Callable[[int, str], bytes]) -> dict:
    """uvicorn.Config keyword arguments that bound request heads, slow clients and open connections:
    the bounded protocol, or uvicorn's h11 protocol with its own limits when the check fails.
    refusal(status, code): the whole HTTP answer, closing the connection, for each refusal."""
    if ready():
        return {"http": bounded_protocol(max_head, read_timeout, max_connections, refusal)}
    return {"http": "h11", "h11_max_incomplete_event_size": max_head, "timeout_keep_alive": read_timeout,
            "limit_concurrency": max_connections}


def bounded_protocol(max_head: int, read_timeout: float, max_connections: int,
                     refusal: Callable[[int, str], bytes]):
    """A protocol class for uvicorn.Config(http=...) with these limits (see the module's doc); only
    once ready() has answered True."""
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    # Connections the server is waiting on (idle, or sending a request), oldest first: at the cap, a
    # new connection pushes out the oldest of them, so stalled clients cannot lock out new ones.
    waiting: dict = {}

    class BoundedHttpToolsProtocol(HttpToolsProtocol):
        head_bytes = 0  # bytes of the current request's line and headers received so far
        head_complete = False
        request_timer = None

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            if len(self.connections) > max_connections:
                if not waiting:  # every connection has a request in the application
                    self._refuse(503, "too_many_connections")
                    return
                next(iter(waiting))._timed_out()
            self._arm_timer()

        def connection_lost(self, exc) -> None:
            self._cancel_timer()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            # While the head is incomplete, feed it at most one byte past the limit at a time: the
            # parser then never holds more than max_head bytes of it.
            while data and not self.head_complete and not self.transport.is_closing():
                room = max_head + 1 - self.head_bytes
                piece, data = data[:room], data[room:]
                self.head_bytes += len(piece)
                super().data_received(piece)
                if not self.head_complete and self.head_bytes > max_head and not self.transport.is_closing():
                    self._refuse(431, "headers_too_large")
                    return
            if data and not self.transport.is_closing():
                super().data_received(data)

        def on_headers_complete(self) -> None:
            self.head_complete = True
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            self._cancel_timer()  # the whole request is in; the application takes its time
            self.head_bytes, self.head_complete = 0, False  # what follows is the next request's head
            super().on_message_complete()

        def on_response_complete(self) -> None:
            waiting_for_client = not self.pipeline  # else the next request is in already
            super().on_response_complete()
            if waiting_for_client and not self.transport.is_closing():
                self._arm_timer()

        def send_400_response(self, msg: str) -> None:
            logger.debug("malformed request: %s", msg)
            self._refuse(400, "bad_request")

        def _refuse(self, status: int, code: str) -> None:
            self._cancel_timer()
            if self.cycle is None or self.cycle.response_complete or not self.cycle.response_started:
                self.transport.write(refusal(status, code))
            self.transport.close()

        def _arm_timer(self) -> None:
            self._cancel_timer()
            self.request_timer = self.loop.call_later(read_timeout, self._timed_out)
            waiting[self] = None

        def _cancel_timer(self) -> None:
            waiting.pop(self, None)
            if self.request_timer is not None:
                self.request_timer.cancel()
                self.request_timer = None

        def _timed_out(self) -> None:
            """The client took too long, or its connection is the oldest waiting one at the cap."""
            self._cancel_timer()
            if self.transport.is_closing():
                return
            stalled_head = self.head_bytes > 0 and not self.head_complete
            # A body that stopped coming: the application, waiting for it, sees a disconnect.
            stalled_body = self.head_complete and self.cycle is not None and not self.cycle.response_started
            if stalled_head or stalled_body:
                self._refuse(408, "request_timeout")
            else:  # idle between requests
                self.transport.close()

    return BoundedHttpToolsProtocol
