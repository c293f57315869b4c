"""What the index holds: its schema (with the field types that give a text's postings as one list),
and the documents put in it."""

import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from whoosh.formats import Positions

from toandan.vietnamese.dates import TIMEZONE
from toandan.vietnamese.text import nfc

from .analysis import EXACT

SCHEMA_VERSION = "10"  # 8: places written as numbers, not pickled (CountedPositions); 9: the date not
# indexed (SortableDate); 10: no fields of pairs of neighbouring words (ranked from places instead)


class CountedPositions(Positions):
    """Whoosh's Positions postings, gathered from the analyzer's numbered words without a Token per
    word, and each posting's places written as big-endian 32-bit numbers after their count (Whoosh's
    own pickles the list): the places of a term's postings are read together as one array (places)."""

    def encode(self, poslist):
        return struct.pack(f">{len(poslist) + 1}I", len(poslist), *poslist)

    def decode_positions(self, valuestring):
        return list(struct.unpack_from(f">{len(valuestring) // 4 - 1}I", valuestring, 4))

    @staticmethod
    def places(values: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """How many places each of these postings' values holds, and all their places, in order."""
        numbers = np.frombuffer(b"".join(values), dtype=">u4")
        counts = np.fromiter(map(len, values), dtype=np.int64, count=len(values)) // 4 - 1
        places = np.ones(len(numbers), dtype=bool)
        places[np.cumsum(counts + 1) - (counts + 1)] = False  # each value's count
        return counts, numbers[places].astype(np.int64)

    def word_values(self, value, analyzer, **kwargs):
        if not hasattr(analyzer, "numbered") or kwargs.get("start_pos"):
            return super().word_values(value, analyzer, **kwargs)
        boost = self.field_boost
        return ((word, count, count * boost, places) for word, count, places in postings(analyzer, value))


def postings(analyzer, value: str) -> list[tuple[str, int, bytes]]:
    """Each term of a text with how often it stands and its places encoded as CountedPositions
    encodes them: every term's places are grouped with one sort and written out as one buffer."""
    terms, numbers = analyzer.numbered(value)
    if not terms:
        return []
    order = np.argsort(numbers, kind="stable")  # the places of each term together, in text order
    counts = np.bincount(numbers, minlength=len(terms))
    starts = np.cumsum(counts + 1) - (counts + 1)  # each term's count, followed by its places
    encoded = np.empty(len(numbers) + len(terms), dtype=">u4")
    encoded[starts] = counts
    encoded[np.arange(len(numbers)) + numbers[order] + 1] = order
    raw = encoded.tobytes()
    bounds = (starts * 4).tolist() + [len(raw)]
    return [(term, count, raw[start:end])
            for term, count, start, end in zip(terms, counts.tolist(), bounds, bounds[1:])]


class WordsText(TEXT):
    """A TEXT field with positions whose analyzer numbers a text's words (`numbered(value)`):
    index() answers with a list made in one comprehension, where Whoosh's chains a generator per word."""

    def __init__(self, analyzer, stored: bool = False):
        super().__init__(analyzer=analyzer, phrase=True, stored=stored)
        self.format = CountedPositions(field_boost=self.format.field_boost)

    def postings(self, value: str) -> list[tuple[str, int, bytes]]:
        """Each term of a text with how often it stands and its encoded places."""
        return postings(self.analyzer, value)

    def index(self, value, **kwargs):
        if not isinstance(value, str) or kwargs:
            return super().index(value, **kwargs)
        boost = self.format.field_boost
        return [(word.encode("utf-8"), count, count * boost, places)
                for word, count, places in postings(self.analyzer, value)]


class SortableDate(DATETIME):
    """A date stored and kept as a column, to show and to order by, but not indexed: Whoosh indexes
    a date as eight terms of decreasing precision, for range queries that the search never makes,
    and nearly every article's date is a term of its own, written with its own postings list."""

    indexed = False


def schema() -> Schema:
    """The index's schema; an index keeps its own in its table of contents, and an update writes with it."""
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),  # a column too: equal scores are ordered by id
        kind=ID(stored=True),
        url=STORED,
        title=WordsText(EXACT, stored=True),
        body=WordsText(EXACT),  # the text, then category, unit, tags and statistics labels
        text=STORED,  # the text alone, for snippets
        category=ID(stored=True, sortable=True),
        unit=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        date=SortableDate(stored=True, sortable=True),
        fingerprint=STORED,
    )


TEXT_FIELDS = ("title", "body")


@dataclass(frozen=True)
class SearchDocument:
    """What the index holds of one article or page."""

    id: str
    kind: str
    url: str
    title: str
    body: str
    meta: str
    category: str
    unit: str
    date: datetime | None
    fingerprint: str


@dataclass(frozen=True)
class Candidate:
    """A document to index, built only when its fingerprint says it changed."""

    id: str
    fingerprint: str
    build: Callable[[], SearchDocument]


def fields_of(document: SearchDocument) -> dict:
    """The index's fields of a document."""
    local = document.date.astimezone(TIMEZONE).replace(tzinfo=None) if document.date else None
    title, indexed = nfc(document.title), nfc(f"{document.body}\n{document.meta}")
    return {
        "id": document.id, "kind": document.kind, "url": document.url,
        "title": title, "body": indexed, "text": nfc(document.body),
        "category": document.category or "", "unit": document.unit or "",
        "year": str(local.year) if local else "", "date": local, "fingerprint": document.fingerprint,
    }
