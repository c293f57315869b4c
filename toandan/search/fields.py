"""What the index holds: its schema (with the field types that give a text's postings as one list),
and the documents put in it."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from whoosh.formats import Positions

from toandan.vietnamese.dates import TIMEZONE
from toandan.vietnamese.text import nfc

from .analysis import EXACT, exact_pairs

SCHEMA_VERSION = "7"  # 7: pairs of neighbouring common words indexed (title_pairs, body_pairs)


class CountedPositions(Positions):
    """Whoosh's Positions postings, gathered from the analyzer's words without a Token per word."""

    # Most words of an article are in it once: their encoded positions, made once (what encode
    # makes: the count, then the pickled list), in half the time of making each.
    _ONCE = tuple(Positions().encode([position]) for position in range(4096))

    def encode(self, poslist):
        if len(poslist) == 1 and poslist[0] < 4096:
            return self._ONCE[poslist[0]]
        return super().encode(poslist)

    def word_values(self, value, analyzer, **kwargs):
        if not hasattr(analyzer, "words") or kwargs.get("start_pos"):
            return super().word_values(value, analyzer, **kwargs)
        boost = self.field_boost
        return ((word, len(found), len(found) * boost, self.encode(found))
                for word, found in _positions(analyzer, value).items())


def _positions(analyzer, value: str) -> dict[str, list[int]]:
    positions = defaultdict(list)
    for position, word in enumerate(analyzer.words(value)):
        if word is not None:  # a position without a pair
            positions[word].append(position)
    return positions


class WordsText(TEXT):
    """A TEXT field with positions whose analyzer gives a text's words as a list (`words(value)`):
    index() answers with a list made in one comprehension, where Whoosh's chains a generator per word."""

    def __init__(self, analyzer, stored: bool = False):
        super().__init__(analyzer=analyzer, phrase=True, stored=stored)
        self.format = CountedPositions(field_boost=self.format.field_boost)

    def word_positions(self, value: str) -> dict[str, list[int]]:
        """Each word of a text with its positions."""
        return _positions(self.analyzer, value)

    def index(self, value, **kwargs):
        if not isinstance(value, str) or kwargs:
            return super().index(value, **kwargs)
        boost, encode = self.format.field_boost, self.format.encode
        return [(word.encode("utf-8"), len(found), len(found) * boost, encode(found))
                for word, found in _positions(self.analyzer, value).items()]


def schema(common: frozenset[str]) -> Schema:
    """The index's schema, pairs indexed of the words in `common` (folded); an index keeps its own
    in its table of contents, and an update writes with it."""
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),  # a column too: equal scores are ordered by id
        kind=ID(stored=True),
        url=STORED,
        title=WordsText(EXACT, stored=True),
        body=WordsText(EXACT),  # the text, then category, unit, tags and statistics labels
        title_pairs=WordsText(exact_pairs(common)),  # the same texts' pairs of neighbouring words
        body_pairs=WordsText(exact_pairs(common)),
        text=STORED,  # the text alone, for snippets
        category=ID(stored=True, sortable=True),
        unit=ID(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        date=DATETIME(stored=True, sortable=True),
        fingerprint=STORED,
    )


TEXT_FIELDS = ("title", "body")
PAIRS_OF = {"title": "title_pairs", "body": "body_pairs"}  # each text field's field of word pairs


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
        "title": title, "body": indexed, "title_pairs": title, "body_pairs": indexed, "text": nfc(document.body),
        "category": document.category or "", "unit": document.unit or "",
        "year": str(local.year) if local else "", "date": local, "fingerprint": document.fingerprint,
    }
