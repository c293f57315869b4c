"""Fetching pages and images from the old portal, politely and resumably.

At most `concurrency` requests at once, `delay` seconds between the starts of two requests, retries
with growing waits on 5xx answers and timeouts, and a cache of every page fetched (so a second run,
or one resumed after an interruption, fetches nothing again). Only the hosts of the listed addresses
are ever asked: a redirect or an image elsewhere is refused.
"""

import hashlib
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .progress import Progress

USER_AGENT = "toandan-import/1 (moving articles to the new portal)"  # headers are ASCII


@dataclass(frozen=True)
class FetchSettings:
    concurrency: int = 4
    delay: float = 0.5  # seconds between the starts of two requests
    retries: int = 3  # tries after the first, on 5xx and timeouts
    timeout: float = 20.0
    backoff: float = 1.0  # the first wait before a retry; doubled each time
    largest: int = 50 * 1024 * 1024  # bytes of one answer; a larger one is refused, not held in memory


class FetchError(Exception):
    """An address that could not be fetched, with the reason in words."""


class _SameHosts(urllib.request.HTTPRedirectHandler):
    def __init__(self, hosts: frozenset[str]):
        self.hosts = hosts

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        parts = urlsplit(newurl)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() not in self.hosts:
            fp.close()
            raise FetchError(f"chuyển hướng ra ngoài trang cũ ({newurl}): không theo")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Fetcher:
    """Fetches addresses on the listed hosts, through a cache folder."""

    def __init__(self, cache_dir: Path, hosts: set[str], settings: FetchSettings = FetchSettings()):
        self.cache_dir = cache_dir
        self.hosts = frozenset(host.lower() for host in hosts)
        self.settings = settings
        self._opener = urllib.request.build_opener(_SameHosts(self.hosts))
        self._turn = threading.Lock()
        self._next_start = 0.0

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.netloc.lower() in self.hosts

    def _cached(self, url: str) -> Path:
        return self.cache_dir / hashlib.sha256(url.encode("utf-8")).hexdigest()

    def get(self, url: str) -> bytes:
        """The bytes at url, from the cache when fetched before. Raises FetchError."""
        if not self.allowed(url):
            raise FetchError(f"{url} không thuộc trang cũ được liệt kê: không tải")
        cached = self._cached(url)
        if cached.is_file():
            return cached.read_bytes()
        data = self._fetch(url)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}.{threading.get_ident()}")
        partial.write_bytes(data)
        os.replace(partial, cached)
        return data

    def _wait_turn(self) -> None:
        with self._turn:
            now = time.monotonic()
            start = max(now, self._next_start)
            self._next_start = start + self.settings.delay
        if start > now:
            time.sleep(start - now)

    def _fetch(self, url: str) -> bytes:
        settings = self.settings
        for attempt in range(settings.retries + 1):
            self._wait_turn()
            try:
                request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
                with self._opener.open(request, timeout=settings.timeout) as answer:
                    data = answer.read(settings.largest + 1)
                if len(data) > settings.largest:
                    raise FetchError(f"trang cũ trả lời lớn quá {settings.largest // (1024 * 1024)} MB: không tải")
                return data
            except urllib.error.HTTPError as error:
                error.close()  # it holds the answer's connection
                if error.code < 500:
                    raise FetchError(f"trang cũ trả lời {error.code}") from None
                reason = f"trang cũ trả lời {error.code}"
            except (TimeoutError, socket.timeout):
                reason = f"quá {settings.timeout:g} giây không trả lời"
            except urllib.error.URLError as error:
                if isinstance(error.reason, (TimeoutError, socket.timeout)):
                    reason = f"quá {settings.timeout:g} giây không trả lời"
                else:
                    raise FetchError(f"không kết nối được: {error.reason}") from None
            if attempt < settings.retries:
                time.sleep(settings.backoff * 2 ** attempt)
        raise FetchError(f"{reason}, đã thử {settings.retries + 1} lần")

    def get_all(self, urls: list[str], progress: Progress | None = None) -> dict[str, bytes | FetchError]:
        """Every address, at most `concurrency` at a time; a failure is kept as its FetchError."""
        results: dict[str, bytes | FetchError] = {}

        def one(url: str) -> None:
            try:
                results[url] = self.get(url)
            except FetchError as error:
                results[url] = error
            if progress is not None:
                progress.done(not isinstance(results[url], FetchError))

        with ThreadPoolExecutor(max_workers=max(1, self.settings.concurrency)) as pool:
            list(pool.map(one, urls))
        return results
