"""Whoosh's segment writing with its per-posting Python calls taken out: the files are Whoosh's own.

A full index of 10,000 articles places about 3.5 million postings. Whoosh hands each one through
several Python calls when a document is added (its field's index generator, the pool's size
accounting) and again when the segment is written (the sorted postings one at a time to the field
writer, to the postings writer, a read of the document's field length). Here the text fields give
their postings as one list, and a segment's postings go to the postings writer a block at a time.
What is written is byte for byte what Whoosh writes (tests/toandan/test_whoosh_segments.py).
"""

from array import array
from collections import defaultdict
from itertools import groupby
from operator import itemgetter

from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.writing import SegmentWriter

_field_name, _term, _value = itemgetter(0), itemgetter(1), itemgetter(4)
# Whoosh's own, as install() finds them; the tests write with them to compare.
WHOOSH_PER_DOCUMENT_READER = SegmentWriter.per_document_reader
WHOOSH_ADD_POSTINGS = W3FieldWriter.add_postings


class CountedPositions(Positions):
    """Whoosh's Positions postings, gathered from the analyzer's words without a Token per word."""

    def word_values(self, value, analyzer, **kwargs):
        if not hasattr(analyzer, "words") or kwargs.get("start_pos"):
            return super().word_values(value, analyzer, **kwargs)
        boost = self.field_boost
        return ((word, len(found), len(found) * boost, self.encode(found))
                for word, found in _positions(analyzer, value).items())


def _positions(analyzer, value: str) -> dict[str, list[int]]:
    positions = defaultdict(list)
    for position, word in enumerate(analyzer.words(value)):
        positions[word].append(position)
    return positions


class WordsText(TEXT):
    """A TEXT field with positions whose analyzer gives a text's words as a list (`words(value)`).

    index() answers with a list made in one comprehension, where Whoosh's chains a generator per
    word through the format's generator.
    """

    def __init__(self, analyzer, stored: bool = False):
        super().__init__(analyzer=analyzer, phrase=True, stored=stored)
        self.format = CountedPositions(field_boost=self.format.field_boost)

    def index(self, value, **kwargs):
        if not isinstance(value, str) or kwargs:
            return super().index(value, **kwargs)
        boost, encode = self.format.field_boost, self.format.encode
        return [(word.encode("utf-8"), len(found), len(found) * boost, encode(found))
                for word, found in _positions(self.analyzer, value).items()]


class _SegmentLengths:
    """A new segment's per-document reader that reads each field's lengths once, into a list.

    Writing a segment's postings, Whoosh asks for the length of each posting's document in its
    field, and every answer is a seek and a read in the column file.
    """

    def __init__(self, reader):
        self._reader = reader
        self._lengths: dict[str, list[int]] = {}

    def field_lengths(self, fieldname: str) -> list[int]:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            lengths = [read(n, fieldname, 0) for n in range(self._reader.doc_count_all())]
            self._lengths[fieldname] = lengths
        return lengths

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        if default:
            return self._reader.doc_field_length(docnum, fieldname, default)
        return self.field_lengths(fieldname)[docnum]

    def __getattr__(self, name):
        return getattr(self._reader, name)


def _add_postings(self: W3FieldWriter, schema, lengths, items) -> None:
    """W3FieldWriter.add_postings for sorted (field, term, document, weight, value) postings, each
    term's postings given to the postings writer as whole blocks, in the state its add_posting
    would have left them."""
    for fieldname, postings in groupby(items, _field_name):
        self.start_field(fieldname, schema[fieldname])
        field_lengths = lengths.field_lengths(fieldname) if isinstance(lengths, _SegmentLengths) else None
        writer = self._postwriter
        size = writer._blocklimit
        for term, term_postings in groupby(postings, _term):
            rows = list(term_postings)
            if rows[0][2] == -1:  # Whoosh's spelling words (sorted first), not postings
                rows = [row for row in rows if row[2] != -1]
                if not rows:
                    continue
            self.start_term(term)
            for start in range(0, len(rows), size):
                if start:
                    writer._write_block()  # a full block, written when the next posting comes
                _fill_block(writer, rows[start:start + size], field_lengths, lengths, fieldname)
            self.finish_term()
        self.finish_field()


def _fill_block(writer, rows: list, field_lengths: list[int] | None, lengths, fieldname: str) -> None:
    documents = [row[2] for row in rows]
    weights = [row[3] for row in rows]
    writer._ids = array("I", documents)
    writer._weights = array("f", weights)
    writer._values = [value for value in map(_value, rows) if value]
    writer._maxweight = max(0, *weights)
    if field_lengths is not None:
        found = [length for length in map(field_lengths.__getitem__, documents) if length]
    elif lengths:
        found = [length for length in (lengths.doc_field_length(d, fieldname) for d in documents) if length]
    else:
        found = []
    writer._minlength = min(found) if found else None
    writer._maxlength = max(found) if found else 0


def install() -> None:
    """Once per process, before an index is written (idempotent)."""
    # per_document_reader is called only when a segment's postings are written.
    SegmentWriter.per_document_reader = lambda writer: _SegmentLengths(WHOOSH_PER_DOCUMENT_READER(writer))
    W3FieldWriter.add_postings = _add_postings

