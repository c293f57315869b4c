"""uvicorn's httptools protocol with the limits nginx puts on a request: the one place that knows its internals.

Stock uvicorn reads a request head of any size (httptools joins a header's pieces until its end, so a
64 MB header is held whole), never times out a connection that has not finished its request, and
answers its own errors (a malformed request line) in plain text. The subclass here refuses a request
line and headers over `max_head` bytes with 431 as soon as they pass it, closes a connection that has
not sent a whole request within `read_timeout` seconds of opening (or of its previous answer),
keeps at most `max_connections` open (one more closes the oldest connection still waiting on its
client, or is answered 503 when every one has a request in the application), and answers each of
these errors in the endpoint's JSON.

It relies on attributes of uvicorn's HttpToolsProtocol that are not a documented API; `server_settings`
checks they are there and otherwise runs uvicorn's stock h11 protocol with its own header size limit.
"""

import logging

from .errors import error_body

logger = logging.getLogger(__name__)
NEEDED = ("data_received", "connection_made", "connection_lost", "on_headers_complete",
          "on_message_complete", "on_response_complete", "send_400_response", "connections", "loop", "transport",
          "cycle", "pipeline")


def _reason(status: int) -> bytes:
    return {400: b"Bad Request", 408: b"Request Timeout", 431: b"Request Header Fields Too Large",
            503: b"Service Unavailable"}[status]


def error_answer(status: int, code: str) -> bytes:
    """A whole HTTP/1.1 answer carrying the endpoint's JSON error, closing the connection."""
    body = error_body(code)
    return (b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
            % (status, _reason(status), len(body)) + body)


def _stock_protocol():
    """uvicorn's httptools protocol class, or None when it is missing or lacks what the subclass uses."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:
        return None
    probe = HttpToolsProtocol.__init__.__code__.co_names + tuple(dir(HttpToolsProtocol))
    if not all(name in probe for name in NEEDED):
        return None
    return HttpToolsProtocol


def bounded_protocol(max_head: int, read_timeout: float, max_connections: int):
    """A protocol class for uvicorn.Config(http=...) with these limits, or None (see the module's doc)."""
    stock = _stock_protocol()
    if stock is None:
        return None

    # Connections the server is waiting on (idle, or sending a request), oldest first: at the cap, a
    # new connection pushes out the oldest of them, so stalled clients cannot lock out new ones.
    waiting: dict = {}

    class BoundedHttpToolsProtocol(stock):
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
                self.transport.write(error_answer(status, code))
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


def server_settings(max_head: int, read_timeout: float, max_connections: int) -> dict:
    """uvicorn.Config keyword arguments that bound request heads, slow clients and open connections."""
    protocol = bounded_protocol(max_head, read_timeout, max_connections)
    if protocol is not None:
        return {"http": protocol}
    logger.warning("uvicorn's httptools protocol has changed: using its h11 protocol, whose limits are an "
                   "unfinished head of %d bytes, a %g-second keep-alive and %d connections, with plain-text errors",
                   max_head, read_timeout, max_connections)
    return {"http": "h11", "h11_max_incomplete_event_size": max_head, "timeout_keep_alive": read_timeout,
            "limit_concurrency": max_connections}
