"""The ids of published articles, written by the build; reloaded when a rebuild replaces it."""

import json
import logging
import os
import re
import threading
import time
from pathlib import Path

logger = logging.getLogger(__name__)
CHECK_EVERY = 1.0  # seconds between looks at the file
ARTICLE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # a slug: nothing in it needs escaping anywhere


def well_formed(article_id) -> bool:
    return isinstance(article_id, str) and len(article_id) <= 200 and bool(ARTICLE_ID.fullmatch(article_id))


class Manifest:
    """The set of article ids the endpoint accepts; unknown ids are refused."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._ids: frozenset[str] = frozenset()
        self._signature = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self.refresh(force=True)

    def refresh(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._checked < CHECK_EVERY:
            return
        with self._lock:
            self._checked = now
            try:
                stat = os.stat(self.path)  # follows output/ to the newest build
            except FileNotFoundError:
                if self._signature is not None or force:
                    logger.warning("no manifest at %s: every article id is refused", self.path)
                self._ids, self._signature = frozenset(), None
                return
            signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if signature == self._signature:
                return
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                accepted, refused = [], []
                for article in data["articles"]:
                    (accepted if well_formed(article["id"]) else refused).append(article["id"])
                if refused:
                    logger.warning("manifest %s: %d ids that are not slugs are refused, e.g. %r",
                                   self.path, len(refused), refused[0])
                self._ids = frozenset(accepted)
                self._signature = signature
            except (OSError, ValueError, KeyError, TypeError):
                logger.exception("unreadable manifest %s: keeping the previous one", self.path)

    def __contains__(self, article_id: str) -> bool:
        self.refresh()
        return article_id in self._ids

    def __len__(self) -> int:
        self.refresh()
        return len(self._ids)
