"""Whoosh's writing with most of its per-posting Python taken out: the only module that uses
Whoosh's private names. Checked against whoosh-reloaded 2.7.5 (the range in pyproject.toml: from
2.7.5, below 2.8).

- a segment's postings go to Whoosh's postings writer a block at a time, with each field's document
  lengths read once (SegmentWriter subclasses, no class of Whoosh's changed);
- a full index is written in batches, a segment each, by forked processes (write_batches), each
  batch's postings held by term: only the terms are sorted;
- postings blocks written uncompressed (W3Codec at compression 0, which readers take like any other level): the
  index is larger, its writing and reading quicker.

Each checks first (usable(), through toandan.accelerate.ready): the installed version in CHECKED,
the names it uses present and the methods it calls taking the same parameters. If not, Whoosh's
public path runs instead, with the same documents and scores (tests/toandan/accelerate/test_whoosh.py),
and one line says so; turned off on purpose (TOANDAN_ACCELERATE=0, TOANDAN_ACCELERATE_OFF=whoosh), it
runs silently.
"""

from array import array
from collections import defaultdict
from itertools import groupby
from operator import itemgetter

from whoosh import writing
from whoosh.codec import whoosh3

from toandan import accelerate
from toandan.building import forking

NAME = "whoosh"
CHECKED = ("2.7.5", "2.8")  # whoosh-reloaded releases this was checked against: from, below
# The private names used, by class: a release that moves one turns the module off.
NEEDED = {
    whoosh3.W3FieldWriter: ("start_field", "start_term", "finish_term", "finish_field", "close"),
    whoosh3.W3PostingsWriter: ("_write_block",),
    writing.SegmentWriter: ("per_document_reader", "_flush_segment", "_close_segment", "_commit_toc", "_finish",
                            "_finalize_segment", "_check_state", "_check_fields", "add_document"),
}
SIGNATURES = {  # the parameters of the methods called with arguments, in this order
    (whoosh3.W3Codec, "__init__"): ("self", "blocklimit", "compression", "inlinelimit"),
    (whoosh3.W3PostingsWriter, "__init__"): ("self", "postfile", "blocklimit", "byteids", "compression", "inlinelimit"),
    (writing.SegmentWriter, "__init__"): ("self", "ix", "poolclass", "timeout", "delay", "_lk", "limitmb", "docbase",
                                          "codec", "compound", "kwargs"),
    (writing.SegmentWriter, "_commit_toc"): ("self", "segments"),
}
_field_name, _term = itemgetter(0), itemgetter(1)


def _needs() -> str | None:
    """What the fast paths use that the installed Whoosh lacks, or None."""
    for owner, names in NEEDED.items():
        for name in names:
            if problem := accelerate.missing_attribute(owner, name):
                return problem
    for (owner, name), parameters in SIGNATURES.items():
        if problem := accelerate.signature_problem(getattr(owner, name), parameters):
            return problem
    return None


def usable(settings: dict | None = None) -> bool:
    """Whether the fast paths run (toandan.accelerate.ready: said once when they cannot); settings:
    the build's, whose ACCELERATE = False turns them off."""
    return accelerate.ready(NAME, "whoosh-reloaded", CHECKED, _needs, settings)


def writer(ix, settings: dict | None = None, **options):
    """A writer for ix: Whoosh's own with its options, or one that writes postings a block at a time."""
    if not usable(settings):
        return ix.writer(**options)
    return _BlockWriter(ix, codec=whoosh3.W3Codec(compression=0), **options)


class _SegmentLengths:
    """A new segment's per-document reader that reads each field's lengths once, into a list (Whoosh
    asks for each posting's document's length, a seek and a read in the column file each time)."""

    def __init__(self, reader):
        self._reader = reader
        self._lengths: dict[str, list[int]] = {}

    def field_lengths(self, fieldname: str) -> list[int]:
        lengths = self._lengths.get(fieldname)
        if lengths is None:
            read = self._reader.doc_field_length
            lengths = self._lengths[fieldname] = [read(n, fieldname, 0) for n in range(self._reader.doc_count_all())]
        return lengths

    def __getattr__(self, name):
        return getattr(self._reader, name)


class _BlockWriter(writing.SegmentWriter):
    """Whoosh's SegmentWriter, its segment's postings handed to the postings writer a block at a time."""

    def _postings_by_field(self):
        return ((fieldname, ((term, [row[2:] for row in rows]) for term, rows in groupby(postings, _term)))
                for fieldname, postings in groupby(self.pool.iter_postings(), _field_name))

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = _SegmentLengths(self.per_document_reader()) if self.codec.length_stats else None
        _write_terms(self.fieldwriter, self.schema, lengths, self._postings_by_field())
        self.fieldwriter.close()
        if lengths:
            lengths.close()


def _write_terms(self, schema, lengths, by_field) -> None:
    """Each term's postings given to the postings writer as whole blocks, in the state its
    add_posting would have left them. by_field: (field, (term, [(document, weight, value)]) in
    term order) in field order."""
    for fieldname, terms in by_field:
        self.start_field(fieldname, schema[fieldname])
        field_lengths = lengths.field_lengths(fieldname) if lengths else None
        postings = self._postwriter
        size = postings._blocklimit
        for term, rows in terms:
            if rows[0][0] == -1:  # Whoosh's spelling words (sorted first), not postings
                rows = [row for row in rows if row[0] != -1]
                if not rows:
                    continue
            self.start_term(term)
            for start in range(0, len(rows), size):
                if start:
                    postings._write_block()  # a full block, written when the next posting comes
                _fill_block(postings, *zip(*rows[start:start + size]), field_lengths)
            self.finish_term()
        self.finish_field()


def _fill_block(postings, documents, weights, values, field_lengths) -> None:
    postings._ids = array("I", documents)
    postings._weights = array("f", weights)
    postings._values = [value for value in values if value]
    postings._maxweight = max(0, *weights)
    found = [n for n in map(field_lengths.__getitem__, documents) if n] if field_lengths is not None else []
    postings._minlength = min(found) if found else None
    postings._maxlength = max(found) if found else 0


class _TermPostings:
    """A new segment's postings in memory, by field and term, each in document order: sorting the
    terms alone orders them as Whoosh's pool orders every posting. Has the parts of Whoosh's pool
    that a SegmentWriter calls while adding; never spills to disk (a batch must fit in memory).
    Words are held as text and encoded once each when the segment is written."""

    def __init__(self, word_fields: frozenset[str]):
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
            if fieldname in self.word_fields:  # UTF-8 sorts as the text does
                yield fieldname, ((term.encode("utf-8"), terms[term]) for term in sorted(terms))
            else:
                yield fieldname, ((term, terms[term]) for term in sorted(terms))

    def cleanup(self) -> None:
        self.fields.clear()


class _BatchWriter(_BlockWriter):
    """Writes one new segment of many documents (a batch of a full index), its postings held by term
    (_TermPostings) instead of in Whoosh's pool. Does not lock the index: write_batches does."""

    def __init__(self, ix, **options):
        super().__init__(ix, _lk=False, codec=whoosh3.W3Codec(compression=0), **options)
        self.pool = _TermPostings(frozenset(name for name, field in self.schema.items()
                                            if hasattr(field, "postings")))
        self._whooshs_own = any(field.vector or field.separate_spelling() for _, field in self.schema.items())

    def add_document(self, **fields):
        if self._whooshs_own or any(name.startswith("_") for name in fields):  # boosts, custom stored values
            return super().add_document(**fields)
        self._check_state()
        schema, perdocwriter, docnum, pool = self.schema, self.perdocwriter, self.docnum, self.pool
        fieldnames = sorted(fields)
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
                    if fieldname in pool.word_fields and isinstance(value, str):  # the field's postings, its words as text
                        boost = field.format.field_boost
                        for word, count, places in field.postings(value):
                            terms[word].append((docnum, count * boost, places))
                            length += count
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
        lengths = _SegmentLengths(self.per_document_reader()) if self.codec.length_stats else None
        _write_terms(self.fieldwriter, self.schema, lengths, self.pool.by_field())
        self.fieldwriter.close()
        if lengths:
            lengths.close()


def write_batches(ix, batches: list, processes: int, fields_of, settings: dict | None = None, **options) -> None:
    """Adds the documents of batches to the new index ix in the batches' order and commits them, as
    a segment per batch written by `processes` forked processes (the k-th writes every processes-th
    batch) or, without the fast path, as Whoosh's own writer writes them. fields_of(item) gives the
    fields of an item of a batch. An error is raised here, and nothing is committed. options go to
    each writer (compound=False, say); settings as usable() takes them. Where the process cannot
    fork (another thread runs: toandan.building.forking), Whoosh's own writer writes them here."""
    if not usable(settings) or not forking.can_fork():
        with ix.writer(limitmb=256, **options) as one:
            for batch in batches:
                for item in batch:
                    one.add_document(**fields_of(item))
        return
    holder = writing.SegmentWriter(ix)  # holds the index's lock while the processes write
    try:
        numbered, failure = [], None
        shares = [list(enumerate(batches))[share::processes] for share in range(processes)]
        for answer in [forking.start_answering(_write_share, ix, mine, fields_of, options, daemon=False)
                       for mine in shares]:
            try:
                numbered += answer.get()
            except BaseException as error:  # noqa: BLE001 - raised once every process has ended
                failure = failure or error
        if failure is not None:
            raise failure
        segments = [segment for _, segment in sorted(numbered, key=itemgetter(0))]  # numbered as one writer would
    except BaseException:
        holder.cancel()
        raise
    holder._close_segment()  # what Whoosh's MpWriter does with segments written by its processes
    holder._commit_toc(segments)
    holder._finish()


def _write_share(ix, batches: list, fields_of, options: dict) -> list:
    segments = []
    for number, batch in batches:
        batch_writer = _BatchWriter(ix, **options)  # its temporary files go with the holder's (one folder)
        for item in batch:
            batch_writer.add_document(**fields_of(item))
        segments.append((number, batch_writer._finalize_segment()))
    return segments
