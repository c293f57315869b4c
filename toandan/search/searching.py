"""The index as the endpoint reads it: a long-lived view, refreshed when a build swaps in a new one."""

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.spelling import ListCorrector

from toandan.vietnamese.dates import TIMEZONE
from toandan.vietnamese.text import fold

from . import ranking, snippets, suggestions
from .arrays import IndexArrays
from .query import parse_query
from .writing import current


@dataclass
class SearchResult:
    total: int
    page: int
    per_page: int
    hits: list[dict]
    facets: dict[str, dict[str, int]]
    suggestion: str | None
    timed_out: bool = False
    scores: list[float] = field(default_factory=list)  # each hit's ranking score (the API does not show them)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


class _Generation:
    """One index generation as read: its arrays, and the folded words that suggestions come from."""

    def __init__(self, folder: Path):
        self.arrays = IndexArrays(whoosh_index.open_dir(str(folder)))
        self._folded_words: ListCorrector | None = None

    def folded_words(self) -> ListCorrector:
        if self._folded_words is None:
            self._folded_words = ListCorrector(sorted(self.arrays.forms("body")))
        return self._folded_words


class SearchIndex:
    """A long-lived view of the index at `link`, refreshed when a build swaps in a new one."""

    def __init__(self, link: Path, check_every: float = 1.0, time_limit: float = ranking.TIME_LIMIT):
        self.link = Path(link)
        self.check_every = check_every
        self.time_limit = time_limit  # seconds a query's quoted phrases may be looked for
        self._opened: tuple[Path, _Generation] | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._searching = threading.Lock()  # one Whoosh searcher, read by one thread at a time

    def _generation(self) -> _Generation:
        now = time.monotonic()
        if self._opened is None or now - self._checked >= self.check_every:
            with self._lock:
                self._checked = now
                target = current(self.link)
                if target is None:
                    raise FileNotFoundError(f"no search index at {self.link}")
                if self._opened is None or self._opened[0] != target:
                    self._opened = (target, _Generation(target))
        return self._opened[1]

    def _memory(self) -> IndexArrays:
        """The arrays of the index now at link."""
        return self._generation().arrays

    def warm(self) -> int:
        """Open the index and read the postings of its common terms now rather than on first use."""
        arrays = self._memory()
        with self._searching:
            return arrays.warm()

    def search(self, text: str, page: int = 1, per_page: int = 10, category: str = "", unit: str = "",
               year: str = "", sort: str = "relevance") -> SearchResult:
        parsed = parse_query(text)
        if parsed.empty:
            return SearchResult(0, page, per_page, [], {"category": {}, "year": {}}, None)
        filters = {name: value for name, value in (("category", category), ("unit", unit), ("year", year)) if value}
        terms = {fold(t) for t in (*parsed.words, *(t for p in parsed.phrases for t in p))}
        generation = self._generation()
        arrays = generation.arrays
        with self._searching:
            documents, scores, timed_out = ranking.rank(arrays, parsed, filters, newest=sort == "newest",
                                                        time_limit=self.time_limit)
            shown = slice((page - 1) * per_page, page * per_page)
            hits = [_hit(arrays.searcher.stored_fields(int(docnum)), terms) for docnum in documents[shown]]
            total = len(documents)
            suggestion = suggestions.suggest(arrays, parsed, generation.folded_words()) if total < 3 else None
            return SearchResult(total, page, per_page, hits, arrays.facets(documents), suggestion, timed_out,
                                [float(score) for score in scores[shown]])

    def every(self) -> list[str]:
        arrays = self._memory()
        with self._searching:
            return sorted(f["id"] for f in arrays.searcher.documents())


def _hit(fields: dict, terms: set[str]) -> dict:
    title, text, date = fields.get("title", ""), fields.get("text", ""), fields.get("date")
    return {"id": fields["id"], "title": title, "title_html": snippets.marked(title, snippets.matches(title, terms)),
            "url": fields.get("url", ""), "category": fields.get("category", ""),
            "unit": fields.get("unit", ""), "date": date.replace(tzinfo=TIMEZONE).isoformat() if date else None,
            "snippet": snippets.snippet(text, terms)}
