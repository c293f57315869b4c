"""Search: GET /api/search, over the index the build writes."""

import asyncio
import math
import multiprocessing
import os
import re
import threading
import time
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse

from .errors import ApiError, error_content
from .identity import network

SORTS = ("relevance", "newest")
ORPHAN_CHECK = 1.0  # seconds between a search worker's looks at whether the endpoint is still there
_index = None  # in each search worker process: its long-lived view of the index


def _open_index(path: str, endpoint: int, time_limit: float) -> None:
    global _index
    from toandan.search import SearchIndex
    _index = SearchIndex(Path(path), time_limit=time_limit)
    threading.Thread(target=_end_with, args=(endpoint,), name="toandan-orphan-watch", daemon=True).start()


def _end_with(endpoint: int) -> None:
    """A worker outlives a killed endpoint (kill -9 runs no clean-up): it ends when its parent does."""
    while os.getppid() == endpoint:
        time.sleep(ORPHAN_CHECK)
    os._exit(0)


def _search(*args):
    return _index.search(*args)


def _warm() -> None:
    try:
        _index.warm()
    except FileNotFoundError:  # no index yet: the first search after a build reads what it needs
        pass


def search_pool(index: Path, workers: int, time_limit: float) -> ProcessPoolExecutor:
    """Searches are CPU-bound Python: in their own processes they cannot starve the event loop.

    Each worker reads the index's common postings into memory as soon as it starts (a few seconds
    for 10,000 articles), so that the first searches are as quick as the rest. time_limit: the
    seconds a search's quoted phrases may take (toandan.search.SearchIndex).
    """
    pool = ProcessPoolExecutor(max(1, workers), mp_context=multiprocessing.get_context("spawn"),
                               initializer=_open_index, initargs=(str(index), os.getpid(), time_limit))
    for _ in range(max(1, workers)):
        pool.submit(_warm)
    return pool


class SearchRefused(Exception):
    """A search not let in: answered with its status, an error code and when to retry."""

    def __init__(self, status: int, code: str, retry_after: int):
        super().__init__(code)
        self.status, self.code, self.retry_after = status, code, retry_after


class SearchSlots:
    """Who searches next, so that one client cannot keep the others out.

    `slots` searches run at once (one per search worker). A search that finds them all taken waits
    for one, in order of arrival, at most `wait` seconds: a running search ends within its time
    limit, so `wait` is that limit and a second more, and a reader is served after at most one
    slow search. Each client address has at most one search running or waiting: a second, sent
    before the first is answered, is refused (429), so a client sending slow searches one after
    another takes turns with the others rather than holding a slot. At most `queue` searches
    wait; beyond that, or after waiting in vain, the search is refused as busy (503). Every
    refusal says when to retry. Used from the event loop only.
    """

    def __init__(self, slots: int, time_limit: float, queue_per_slot: int = 4):
        self.free = slots
        self.wait = time_limit + 1.0
        self.queue = max(1, slots) * queue_per_slot
        self.retry_after = max(1, math.ceil(time_limit))
        self.running: set[str] = set()  # the client addresses whose search holds a slot
        self.waiting: OrderedDict[str, asyncio.Future] = OrderedDict()  # in order of arrival

    async def enter(self, client: str) -> None:
        """Take a slot for client, waiting for one if need be; raises SearchRefused."""
        if client in self.running or client in self.waiting:
            raise SearchRefused(429, "search_pending", self.retry_after)
        if self.free and not self.waiting:
            self.free -= 1
            self.running.add(client)
            return
        if len(self.waiting) >= self.queue:
            raise SearchRefused(503, "search_busy", self.retry_after)
        turn = self.waiting[client] = asyncio.get_running_loop().create_future()
        try:
            await asyncio.wait_for(turn, self.wait)  # done when leave() hands this search a slot
        except BaseException as stopped:
            if self.waiting.get(client) is turn:
                del self.waiting[client]
            elif turn.done() and not turn.cancelled():  # handed a slot just as the wait ended: pass it on
                self.leave(client)
            if isinstance(stopped, TimeoutError):
                raise SearchRefused(503, "search_busy", self.retry_after) from None
            raise

    def leave(self, client: str) -> None:
        """client's search has ended: its slot goes to the longest waiting search, or is free."""
        self.running.discard(client)
        while self.waiting:
            waiting, turn = self.waiting.popitem(last=False)
            if not turn.done():
                self.running.add(waiting)
                turn.set_result(None)
                return
        self.free += 1


def _refused(refusal: SearchRefused) -> JSONResponse:
    body = error_content(refusal.code)
    body["error"]["retry_after"] = refusal.retry_after
    return JSONResponse(body, status_code=refusal.status, headers={"Retry-After": str(refusal.retry_after)})


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


@dataclass(frozen=True)
class SearchQuery:
    """A search as its URL asks for it: GET /api/search and the search page take the same parameters."""

    q: str = ""
    page: int = 1
    per_page: int = 10
    category: str = ""
    unit: str = ""
    year: str = ""
    sort: str = "relevance"

    @classmethod
    def from_params(cls, params) -> "SearchQuery":
        """Read from query parameters; raises ApiError(400, "bad_query") for a value out of range."""
        year = params.get("year") or ""
        if year and not re.fullmatch(r"\d{4}", year):
            raise ApiError(400, "bad_query")
        sort = params.get("sort") or "relevance"
        if sort not in SORTS:
            raise ApiError(400, "bad_query")
        return cls(q=(params.get("q") or "")[:5000], page=_number(params.get("page"), 1, MAX_PAGE),
                   per_page=_number(params.get("per_page"), 10, MAX_PER_PAGE),
                   category=_text(params.get("category")), unit=_text(params.get("unit")), year=year, sort=sort)


async def run_search(request: Request, query: SearchQuery):
    """The query's toandan.search.SearchResult, searched in a worker once the client has a slot.

    Raises SearchRefused when no slot is given, ApiError(503, "search_unavailable") without an index.
    """
    slots: SearchSlots = request.app.state.search_slots
    client = network(request.client.host) if request.client else "unknown"
    await slots.enter(client)
    try:
        return await asyncio.get_running_loop().run_in_executor(
            request.app.state.search_pool, _search, query.q, query.page, query.per_page, query.category,
            query.unit, query.year, query.sort)
    except FileNotFoundError:
        raise ApiError(503, "search_unavailable") from None
    finally:
        slots.leave(client)


async def search(request: Request) -> JSONResponse:
    """GET /api/search?q=&page=&per_page=&category=&unit=&year=&sort=relevance|newest"""
    query = SearchQuery.from_params(request.query_params)
    try:
        result = await run_search(request, query)
    except SearchRefused as refusal:
        return _refused(refusal)
    return JSONResponse({
        "total": result.total, "page": result.page, "per_page": result.per_page, "pages": result.pages,
        "hits": result.hits, "facets": result.facets, "suggestion": result.suggestion,
        "partial": result.timed_out,
    }, headers={"Cache-Control": "no-store"})
