"""Whoosh's segment writing with most of its per-posting Python taken out; the segments read as
Whoosh's own (tests/toandan/test_whoosh_segments.py).

A full index of 10,000 articles places about 3.5 million postings, and Whoosh hands each through
several Python calls: when a document is added (its field's generators, its pool's size accounting,
a tuple per posting that is sorted with all the others) and when the segment is written (one
posting at a time to the field writer, to the postings writer, with a read of the document's field
length). Here:

- the text fields give a document's postings as one list, with the positions of a word found once
  made once for every document;
- a segment's postings go to Whoosh's postings writer a block at a time (install());
- a full index is written in batches, a segment each, by forked processes (write_batches), each
  batch's postings held by term: only the terms are sorted.
"""

from array import array
from collections import defaultdict
from itertools import groupby
from operator import itemgetter

from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.writing import SegmentWriter

from toandan.build import forking

_field_name, _term = itemgetter(0), itemgetter(1)
# Whoosh's own, as install() finds them; the tests write with them to compare.
WHOOSH_PER_DOCUMENT_READER = SegmentWriter.per_document_reader
WHOOSH_ADD_POSTINGS = W3FieldWriter.add_postings


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
    """W3FieldWriter.add_postings for sorted (field, term, document, weight, value) postings."""
    by_field = ((fieldname, ((term, [row[2:] for row in rows]) for term, rows in groupby(postings, _term)))
                for fieldname, postings in groupby(items, _field_name))
    _write_terms(self, schema, lengths, by_field)


def _write_terms(self: W3FieldWriter, schema, lengths, by_field) -> None:
    """Each term's postings given to the postings writer as whole blocks, in the state its
    add_posting would have left them. by_field: (field, (term, [(document, weight, value)]) in
    term order) in field order."""
    for fieldname, terms in by_field:
        self.start_field(fieldname, schema[fieldname])
        field_lengths = lengths.field_lengths(fieldname) if isinstance(lengths, _SegmentLengths) else None
        writer = self._postwriter
        size = writer._blocklimit
        for term, rows in terms:
            if rows[0][0] == -1:  # Whoosh's spelling words (sorted first), not postings
                rows = [row for row in rows if row[0] != -1]
                if not rows:
                    continue
            self.start_term(term)
            for start in range(0, len(rows), size):
                if start:
                    writer._write_block()  # a full block, written when the next posting comes
                documents, weights, values = zip(*rows[start:start + size])
                _fill_block(writer, documents, weights, values, field_lengths, lengths, fieldname)
            self.finish_term()
        self.finish_field()


def _fill_block(writer, documents, weights, values, field_lengths, lengths, fieldname: str) -> None:
    writer._ids = array("I", documents)
    writer._weights = array("f", weights)
    writer._values = [value for value in values if value]
    writer._maxweight = max(0, *weights)
    if field_lengths is not None:
        found = [length for length in map(field_lengths.__getitem__, documents) if length]
    elif lengths:
        found = [length for length in (lengths.doc_field_length(d, fieldname) for d in documents) if length]
    else:
        found = []
    writer._minlength = min(found) if found else None
    writer._maxlength = max(found) if found else 0


class TermPostings:
    """A new segment's postings in memory, grouped by field and term, each in document order:
    sorting the terms alone orders them as Whoosh's pool orders every posting. Has the parts of
    Whoosh's pool that a SegmentWriter calls while adding; never spills to disk (a batch must fit
    in memory).

    The terms of word fields (WordsText) are held as text and encoded once each when the segment
    is written, not once for each posting: UTF-8 sorts as the text does."""

    def __init__(self, word_fields: frozenset[str] = frozenset()):
        self.word_fields = word_fields
        self.fields: dict[str, dict] = defaultdict(lambda: defaultdict(list))  # field -> term -> postings
        self.fieldnames: set[str] = set()

    def add(self, item) -> None:
        fieldname, term, document, weight, value = item
        self.fieldnames.add(fieldname)
        if fieldname in self.word_fields:
            term = term.decode("utf-8")
        self.fields[fieldname][term].append((document, weight, value))

    def by_field(self):
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            if fieldname in self.word_fields:
                yield fieldname, ((term.encode("utf-8"), terms[term]) for term in sorted(terms))
            else:
                yield fieldname, ((term, terms[term]) for term in sorted(terms))

    def cleanup(self) -> None:
        self.fields.clear()


class BatchWriter(SegmentWriter):
    """Writes one new segment of many documents (a batch of a full index), its postings held in
    memory by term (TermPostings) instead of Whoosh's pool, which stores each posting as a tuple
    with its size reckoned and sorts them all when the segment is written. Does not lock the index:
    write_batches does."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, _lk=False, **kwargs)
        self.pool = TermPostings(frozenset(name for name, field in self.schema.items() if isinstance(field, WordsText)))
        self._whooshs_own = any(field.vector or field.separate_spelling() for _, field in self.schema.items())

    def add_document(self, **fields):
        if self._whooshs_own or any(name.startswith("_") for name in fields):  # boosts, custom stored values
            return super().add_document(**fields)
        self._check_state()
        schema, perdocwriter, docnum = self.schema, self.perdocwriter, self.docnum
        pool, fieldnames = self.pool, sorted(fields)
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    pool.fieldnames.add(fieldname)
                    terms = pool.fields[fieldname]
                    if fieldname in pool.word_fields and isinstance(value, str):
                        # WordsText.index's postings, each put in place as made, under its word as text.
                        # (A word field's analyzer takes text alone: other values fail in index().)
                        boost, encode = field.format.field_boost, field.format.encode
                        positions = _positions(field.analyzer, value)
                        for word, found in positions.items():
                            terms[word].append((docnum, len(found) * boost, encode(found)))
                        length = sum(map(len, positions.values()))
                    else:
                        for term, frequency, weight, encoded in field.index(value):
                            terms[term].append((docnum, weight * 1.0, encoded))  # 1.0: Whoosh's field boost
                            length += frequency
                    if not field.scorable:
                        length = 0
                perdocwriter.add_field(fieldname, field, value if field.stored else None, length)
                if field.column_type:
                    perdocwriter.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        _write_terms(self.fieldwriter, self.schema, lengths, self.pool.by_field())
        self.fieldwriter.close()
        if lengths:
            lengths.close()


def write_batches(ix, batches: list, processes: int, fields_of, **options) -> None:
    """Adds the documents of batches to a new index as a segment per batch, written by `processes`
    forked processes (the k-th writes every processes-th batch), and commits them in the batches'
    order. fields_of(item) gives the fields of an item of a batch, in the process that writes it.
    An error in a process is raised here, and nothing is committed. options go to each
    BatchWriter (compound=False, say)."""
    writer = SegmentWriter(ix)  # holds the index's lock while the processes write
    try:
        numbered, failure = [], None
        shares = [[(number, batch) for number, batch in enumerate(batches)][share::processes]
                  for share in range(processes)]
        for answer in [forking.start_answering(_write_share, ix, mine, fields_of, options, daemon=False)
                       for mine in shares]:
            try:
                numbered += answer.get()
            except BaseException as error:  # noqa: BLE001 - raised once every process has ended
                failure = failure or error
        if failure is not None:
            raise failure
        # In the batches' order: documents are numbered as one writer would number them.
        segments = [segment for _, segment in sorted(numbered, key=itemgetter(0))]
    except BaseException:
        writer.cancel()
        raise
    writer._close_segment()  # what Whoosh's MpWriter does with segments written by its processes
    writer._commit_toc(segments)
    writer._finish()


def _write_share(ix, batches: list, fields_of, options: dict) -> list:
    segments = []
    for number, batch in batches:
        writer = BatchWriter(ix, **options)  # its temporary files go with the committing writer's (one folder)
        for item in batch:
            writer.add_document(**fields_of(item))
        segments.append((number, writer._finalize_segment()))
    return segments


def install() -> None:
    """Once per process, before an index is written (idempotent)."""
    # per_document_reader is called only when a segment's postings are written.
    SegmentWriter.per_document_reader = lambda writer: _SegmentLengths(WHOOSH_PER_DOCUMENT_READER(writer))
    W3FieldWriter.add_postings = _add_postings

