"""Full-text search in Vietnamese, typed with or without diacritics. With toandan.whoosh_segments (how
segments are written), the only module that knows Whoosh.

Every text is indexed once, exactly (NFC, lowercase), with positions. A query word matches every
form that folds as it does (diacritics and đ removed), so 'bao ve' finds 'bảo vệ'; its exact form
weighs more, so 'bảo' ranks 'bảo' above 'báo' and 'bào'. The folded view is read from the exact
postings (the forms of a syllable are found in the index's own word list), not indexed a second
time: that took a third of the indexing. Queries are built in code from word tokens, never parsed
as query syntax, so no input can turn into an operator.

Whoosh writes and stores the index. Queries are ranked from the index's own postings held in
NumPy arrays (Whoosh's BM25F, the same formula): Whoosh scores one posting at a time in Python,
and a syllable such as 'an' is in nearly every article of a portal about 'an ninh'.
Every figure of the ranking counts live documents only (_Memory), so an index after edits ranks as
one written afresh.
"""

import html
import json
import math
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh import writing as whoosh_writing
from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from whoosh.matching.wrappers import FilterMatcher, WrappingMatcher
from whoosh.query import Sequence, Term
from whoosh.query.compound import DefaultOr
from whoosh.query.wrappers import WrappingQuery
from whoosh.reading import SegmentReader
from whoosh.spelling import Corrector, ListCorrector

from toandan.build.atomic import prune, swap_link
from toandan.vietnamese.dates import TIMEZONE
from toandan.vietnamese.text import fold, nfc
from toandan.whoosh_segments import WordsText, write_batches
from toandan.whoosh_segments import install as install_segment_writing

# Numbers as written ('1.691', '3,2') stay one token; words are runs of letters.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
MAX_QUERY_CHARS = 200
MAX_WORDS = 12
TIME_LIMIT = 2.0  # seconds a quoted phrase may be looked for before the answer goes with what was found
SCHEMA_VERSION = "6"
SNIPPET_SOURCE = 2000  # characters of the text that snippets are taken from
SNIPPET_CHARS = 220  # characters of one snippet fragment
SNIPPET_LEAD = 60  # characters shown before the first match of a fragment
KEEP_INDEXES = 2
FINGERPRINTS = "fingerprints.json"  # beside the index: each document's fingerprint, by id
# Documents per segment at most in a full build of a large site: a segment's postings are held in
# memory until it is written (whoosh_segments.BatchWriter).
FULL_BATCH = 1000
# An update's merging (_merge_small_segments): segments of fewer documents than LARGE_SEGMENT are
# merged by tiers of size (1-9, 10-99) once a tier holds MERGE_FAN_IN of them.
LARGE_SEGMENT = 100
MERGE_FAN_IN = 10


class VietnameseTokenizer(Tokenizer):
    """NFC, lowercase and, for folded fields, diacritics and đ removed; offsets stay the original's."""

    def __init__(self, folded: bool):
        self.folded = folded

    def __eq__(self, other):
        return type(self) is type(other) and self.folded == other.folded

    def transform(self, text: str) -> str:
        text = text.lower()
        return fold(text) if self.folded else text

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        value = nfc(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        changed = self.transform(value)
        same_length = len(changed) == len(value)  # true for Vietnamese; otherwise transform per token
        matches = TOKEN.finditer(value) if tokenize else [re.match(r".*", value, re.S)]
        for position, match in enumerate(matches):
            start, end = match.span()
            token.text = changed[start:end] if same_length else self.transform(match.group())
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = match.group()
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token

    def words(self, value: str) -> list[str]:
        """The tokens' texts alone, as __call__ gives them, without a Token object per word."""
        value = nfc(value)
        changed = self.transform(value)
        if len(changed) == len(value):  # letters stay letters and digits digits: the same spans
            return TOKEN.findall(changed)
        return [self.transform(word) for word in TOKEN.findall(value)]


EXACT = VietnameseTokenizer(folded=False)
FOLDED = VietnameseTokenizer(folded=True)


install_segment_writing()


def _text(stored: bool = False) -> TEXT:
    return WordsText(analyzer=EXACT, stored=stored)


SCHEMA = Schema(
    id=ID(stored=True, unique=True, sortable=True),  # a column too: equal scores are ordered by id
    kind=ID(stored=True),
    url=STORED,
    title=_text(stored=True),
    body=_text(),  # the text, then category, unit, tags and statistics labels
    text=STORED,  # the text alone, for snippets
    category=ID(stored=True, sortable=True),
    unit=ID(stored=True, sortable=True),
    year=ID(stored=True, sortable=True),
    date=DATETIME(stored=True, sortable=True),
    fingerprint=STORED,
)
TEXT_FIELDS = ("title", "body")
# (field, weight, folded): a word's exact form weighs more than all its forms together, so the
# correctly accented document ranks first.
WORD_FIELDS = (("title", 8.0, False), ("body", 5.0, False), ("title", 2.0, True), ("body", 1.0, True))
TITLE_NEARBY = 4.0  # weight of the title score again when the query's words stand close in the title
NEARBY_SLOP = 2  # 'close': each word at most this many positions after the one before
BM25_B, BM25_K1 = 0.75, 1.2  # Whoosh's defaults
WARM_DF = 64  # postings of terms in more documents than this are read when an index is opened


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


@dataclass(frozen=True)
class IndexReport:
    added: int
    updated: int
    deleted: int
    unchanged: int
    documents: int
    size_bytes: int
    path: Path


# -- writing -----------------------------------------------------------------------------------

def _fields(document: SearchDocument) -> dict:
    local = document.date.astimezone(TIMEZONE).replace(tzinfo=None) if document.date else None
    indexed = nfc(f"{document.body}\n{document.meta}")
    return {
        "id": document.id, "kind": document.kind, "url": document.url,
        "title": nfc(document.title), "body": indexed, "text": nfc(document.body),
        "category": document.category or "", "unit": document.unit or "",
        "year": str(local.year) if local else "", "date": local, "fingerprint": document.fingerprint,
    }


def _current(link: Path) -> Path | None:
    if link.is_symlink() or link.is_dir():
        target = link.resolve()
        if (target / "VERSION").is_file() and (target / "VERSION").read_text() == SCHEMA_VERSION:
            return target
    return None


def _opens(folder: Path) -> bool:
    """Whether the index in this folder opens, every segment's files with it (one deleted or
    damaged by hand: not)."""
    try:
        with whoosh_index.open_dir(str(folder)).reader() as reader:
            for leaf, _ in reader.leaf_readers():
                if leaf.doc_count_all():
                    leaf.stored_fields(0)
    except Exception:  # noqa: BLE001 - whatever Whoosh raises for missing or damaged files
        return False
    return True


def readable_index(link: Path) -> bool:
    """Whether there is an index of this schema at link, and it opens."""
    current = _current(Path(link).absolute())
    return current is not None and _opens(current)


def _fingerprints(folder: Path, ix) -> dict[str, str]:
    """Each indexed document's fingerprint: from the file written beside the index, which reads in
    milliseconds where the stored fields take half a second at 10,000 documents."""
    try:
        return json.loads((folder / FINGERPRINTS).read_text())
    except (OSError, ValueError):
        with ix.searcher() as searcher:
            return {f["id"]: f["fingerprint"] for f in searcher.all_stored_fields()}


def _codec() -> W3Codec:
    """Whoosh's codec with its postings blocks compressed at zlib's level 1, not 3: at 10,000
    articles that wrote the index a quarter faster, for 3% more bytes (measured on the benchmark
    corpus). Readers take either: each block records its level."""
    return W3Codec(compression=1)


def _merge_small_segments(writer, segments: list) -> list:
    """The merge policy of an update: answers the segments kept as they are, after handing the
    writer those it merges into the segment it writes.

    Whoosh's own (MERGE_SMALL) compares running totals of the segments' sizes with Fibonacci
    numbers: on the benchmark's 10,000 articles, written as twelve batches, the fifth edit after a
    full build merged the whole index, 33 s of a rebuild otherwise done in 1.7 s. Here the small
    segments merged come to about LARGE_SEGMENT * MERGE_FAN_IN documents at most (Whoosh merges at
    about 3 ms a document here): segments of LARGE_SEGMENT documents or more, a full build's batches
    among them, stay as written until more than half of their documents are replaced or deleted,
    and are merged then. A segment with no document left is dropped.
    """
    kept, merged, tiers = [], [], defaultdict(list)
    for segment in segments:
        count, live = segment.doc_count_all(), segment.doc_count()
        if not live:
            continue
        if count < LARGE_SEGMENT:
            tiers[len(str(count))].append(segment)
        elif live * 2 > count:
            kept.append(segment)
        else:
            merged.append(segment)
    smaller = []
    for tier in sorted(tiers):
        smaller += tiers[tier]
        if len(tiers[tier]) >= MERGE_FAN_IN:
            merged += smaller  # the tiers below come along: fewer than MERGE_FAN_IN each
            smaller = []
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return kept + smaller


def update_index(link: Path, candidates: Iterable[Candidate], processes: int = 1,
                 afresh: bool = False) -> IndexReport:
    """Bring the index at `link` up to date with candidates, atomically.

    The current index is copied into a fresh folder, changed documents are re-indexed,
    documents no longer published are deleted, and `link` is swapped to the new folder in one
    rename: a searcher never sees a half-written index, and a failure leaves the old one.
    Afresh, every candidate is indexed into an empty folder, as a full build's batches, and the
    current index is searched until the swap: the segments that years of edits leave (see
    _merge_small_segments) go with it.
    """
    link = Path(link).absolute()
    builds = link.parent / f".{link.name}-builds"
    builds.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix="index-", dir=builds))
    try:
        current = None if afresh or not readable_index(link) else _current(link)
        if current:
            shutil.copytree(current, fresh, dirs_exist_ok=True)
            ix = whoosh_index.open_dir(str(fresh))
            existing = _fingerprints(fresh, ix)
        else:
            ix = whoosh_index.create_in(str(fresh), SCHEMA)
            existing = {}
        (fresh / "VERSION").write_text(SCHEMA_VERSION)
        wanted = {candidate.id: candidate for candidate in candidates}
        changed = [c for c in wanted.values() if existing.get(c.id) != c.fingerprint]
        gone = [doc_id for doc_id in existing if doc_id not in wanted]
        full = not existing
        if full and processes > 1 and len(changed) > 500:
            # Each batch a segment, written in a process of its own: ranking reads postings from
            # every segment alike. As many batches for each process, each fitting in memory.
            count = processes * -(-len(changed) // (processes * FULL_BATCH))
            size = -(-len(changed) // count)
            batches = [changed[start:start + size] for start in range(0, len(changed), size)]
            write_batches(ix, batches, processes, lambda candidate: _fields(candidate.build()), codec=_codec())
        else:
            writer = ix.writer(limitmb=256, codec=_codec())
            try:
                for candidate in changed:
                    fields = _fields(candidate.build())
                    if full:
                        writer.add_document(**fields)
                    else:
                        writer.update_document(**fields)
                for doc_id in gone:
                    writer.delete_by_term("id", doc_id)
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=whoosh_writing.NO_MERGE if full else _merge_small_segments)
        ix.close()
        (fresh / FINGERPRINTS).write_text(json.dumps(
            {**{i: f for i, f in existing.items() if i not in gone}, **{c.id: c.fingerprint for c in changed}}))
        swap_link(link, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    prune(builds, fresh, keep=KEEP_INDEXES)
    size = sum(p.stat().st_size for p in fresh.rglob("*") if p.is_file())
    added = sum(1 for c in changed if c.id not in existing)
    return IndexReport(added, len(changed) - added, len(gone), len(wanted) - len(changed), len(wanted), size, fresh)


# -- querying ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases


def clean(text: str) -> str:
    """NFC, no control or format characters, bounded length."""
    text = nfc(str(text))[: MAX_QUERY_CHARS * 4]
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") else c for c in text)
    return text[:MAX_QUERY_CHARS]


def parse_query(text: str) -> ParsedQuery:
    """Words and "quoted phrases"; anything else (operators, *, field:) is just text."""
    text = clean(text)
    quoted = [tuple(m.group().lower() for m in TOKEN.finditer(q)) for q in re.findall(r'"([^"]*)"', text)]
    phrases = [tokens for tokens in quoted if len(tokens) > 1]
    rest = re.sub(r'"[^"]*"', " ", text).replace('"', " ")
    words = [m.group().lower() for m in TOKEN.finditer(rest)]
    # A quoted single word is just a word, unless a phrase already requires it.
    words += [t[0] for t in quoted if len(t) == 1 and not any(t[0] in p for p in phrases)]
    return ParsedQuery(tuple(dict.fromkeys(words))[:MAX_WORDS], tuple(phrases[:3]))


def _matches(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Where the words of text are whose folded form is one of terms."""
    folded = fold(text.lower())
    if len(folded) != len(text):  # never for Vietnamese; then each word is folded on its own
        return [m.span() for m in TOKEN.finditer(text) if fold(m.group().lower()) in terms]
    return [m.span() for m in TOKEN.finditer(folded) if m.group() in terms]


def _marked(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """text[start:end] as HTML: escaped, with the spans inside it in <mark>."""
    end = len(text) if end is None else end
    parts, at = [], start
    for first, last in spans:
        if start <= first and last <= end:
            parts += [html.escape(text[at:first]), "<mark>", html.escape(text[first:last]), "</mark>"]
            at = last
    parts.append(html.escape(text[at:end]))
    return "".join(parts)


def _snippet(text: str, terms: set[str]) -> str:
    """Up to two fragments of the text's lead, those holding the most different query words, in order."""
    source = text[:SNIPPET_SOURCE]
    spans = _matches(source, terms)
    if not spans:
        return html.escape(text[:200])
    folded = [fold(source[a:b].lower()) for a, b in spans]

    def window(n: int) -> tuple[int, int]:
        start = max(0, spans[n][0] - SNIPPET_LEAD)
        start = source.find(" ", start) + 1 if start and source.find(" ", start) != -1 else start
        end = min(len(source), start + SNIPPET_CHARS)
        if end < len(source) and " " in source[start:end]:
            end = source.rindex(" ", start, end)
        return start, end

    def words_in(bounds: tuple[int, int]) -> int:
        return len({folded[n] for n, (a, b) in enumerate(spans) if bounds[0] <= a and b <= bounds[1]})

    windows = sorted((window(n) for n in range(len(spans))), key=lambda w: (-words_in(w), w[0]))
    chosen = [windows[0]]
    chosen += [w for w in windows[1:] if w[1] <= chosen[0][0] or w[0] >= chosen[0][1]][:1]
    return " … ".join(_marked(source, spans, a, b) for a, b in sorted(chosen))


def _nearby(tokens: tuple[str, ...], words: list[str]) -> bool:
    """Whether words occur in tokens in order, each at most NEARBY_SLOP positions after the one before."""
    reachable = [i for i, token in enumerate(tokens) if token == words[0]]
    for word in words[1:]:
        reachable = [i for i, token in enumerate(tokens)
                     if token == word and any(0 < i - j <= NEARBY_SLOP for j in reachable)]
        if not reachable:
            return False
    return True


def _postings(reader, field_name: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and term frequencies of one term, across the index's segments."""
    ids, weights = [], []
    for leaf, offset in reader.leaf_readers():
        if (field_name, text) not in leaf:
            continue
        matcher = leaf.postings(field_name, text)
        if isinstance(matcher, FilterMatcher):  # it skips deleted documents; the live mask drops them instead
            matcher = matcher.child
            matcher.reset()
        start = len(ids)
        if isinstance(matcher, W3LeafMatcher):  # a block at a time: thirty times faster than a posting at a time
            while matcher.is_active():
                matcher._read_ids()
                matcher._read_weights()
                ids.extend(matcher._ids)
                weights.extend(matcher._weights)
                matcher._next_block()
        else:
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                matcher.next()
        if offset:
            ids[start:] = [docnum + offset for docnum in ids[start:]]
    return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)


class _LiveCorrector(Corrector):
    """Whoosh's ReaderCorrector (the closest words, then the most used) counting live documents
    only: a word that only deleted documents still hold in the index is not suggested."""

    def __init__(self, reader, field_name: str, frequency: Callable[[str], float]):
        self._reader, self._field_name, self._frequency = reader, field_name, frequency

    def _suggestions(self, text, maxdist, prefix):
        for word in self._reader.terms_within(self._field_name, text, maxdist, prefix=prefix):
            frequency = self._frequency(word)
            if frequency:
                yield 0 - (maxdist + 0.5 / frequency), word


class _FoldedCorrector(Corrector):
    """Whoosh's ReaderCorrector over folded words: the closest, then those in the most (live) documents."""

    def __init__(self, forms: dict[str, list[str]], documents: Callable[[str], int]):
        self._words = ListCorrector(sorted(forms))
        self._documents = documents

    def _suggestions(self, text, maxdist, prefix):
        for score, word in self._words._suggestions(text, maxdist, prefix):
            documents = self._documents(word)
            if documents:
                yield score - 0.5 / documents, word


class _OutOfTime(Exception):
    """A phrase's time limit has passed."""


class _TimedMatcher(WrappingMatcher):
    """A term's postings that stop the phrase search reading them once its deadline has passed:
    looked at on every step to another document, so the limit holds for the documents examined,
    not for those found (a long phrase of common words examines thousands and may find none)."""

    def __init__(self, child, deadline: float):
        super().__init__(child)
        self.deadline = deadline

    def copy(self):
        return _TimedMatcher(self.child.copy(), self.deadline)

    def _replacement(self, newchild):
        return _TimedMatcher(newchild, self.deadline)

    def _check(self) -> None:
        if time.monotonic() > self.deadline:
            raise _OutOfTime

    def next(self):
        self._check()
        return self.child.next()

    def skip_to(self, id):
        self._check()
        return self.child.skip_to(id)

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()


class _Timed(WrappingQuery):
    """A query whose matcher is timed (_TimedMatcher)."""

    def __init__(self, child, deadline: float):
        super().__init__(child)
        self.deadline = deadline

    def _rewrap(self, child):
        return _Timed(child, self.deadline)

    def matcher(self, searcher, context=None):
        return _TimedMatcher(self.child.matcher(searcher, context), self.deadline)


class _Memory:
    """One index generation as arrays: a column per document attribute, postings read on first use.
    Not thread-safe: SearchIndex lets one thread at a time use it.

    Ranking counts live documents only. An edit or a deletion marks the old document deleted, and
    Whoosh keeps it, its length and its postings until its segment is merged; Whoosh's own counts
    (doc_count_all, field_length, doc_frequency) include it, so an index after edits would rank
    otherwise than one written afresh from the same articles. Here the number of documents, each
    field's average length and each term's document frequency are those of live documents: the
    average from the lengths the index records for each document (rounded to one byte by Whoosh:
    its field totals count deleted documents, and after a merge are sums of rounded lengths too),
    the frequencies from the postings, once the deleted documents are taken out of them.
    """

    def __init__(self, ix):
        self.searcher = ix.searcher()
        reader = self.reader = self.searcher.reader()
        count = self.count = reader.doc_count_all()
        self.live = np.zeros(count, dtype=bool)
        self.live[list(reader.all_doc_ids())] = True
        self.live_count = int(self.live.sum())
        self.lengths, self.average = {}, {}
        for name in TEXT_FIELDS:
            self.lengths[name] = np.array([reader.doc_field_length(d, name, 0) for d in range(count)],
                                          dtype=np.float32)
            total = float(self.lengths[name][self.live].sum(dtype=np.float64))  # whole numbers: exact
            self.average[name] = (total / self.live_count if self.live_count else 0) or 1.0
        ids = reader.column_reader("id", translate=False)
        by_id = sorted(range(count), key=ids.__getitem__)
        self.id_order = np.empty(count, dtype=np.int32)  # each document's place in the order of ids
        self.id_order[by_id] = np.arange(count, dtype=np.int32)
        self.labels, self.codes = {}, {}
        for name in ("category", "unit", "year"):
            column = reader.column_reader(name, translate=False)
            values = [column[d].decode() for d in range(count)]
            self.labels[name] = sorted(set(values))
            position = {label: n for n, label in enumerate(self.labels[name])}
            self.codes[name] = np.array([position[value] for value in values], dtype=np.int32)
        column = reader.column_reader("date", translate=False)
        undated = 2 ** 63  # Whoosh's value for no date, beyond int64: such pages sort last
        self.dates = np.array([v if v < undated else -1 for v in map(column.__getitem__, range(count))],
                              dtype=np.int64)
        self._titles: dict[int, tuple[str, ...]] = {}
        self._postings: dict[tuple[str, str, bool], tuple[np.ndarray, np.ndarray, float]] = {}
        self._forms: dict[str, dict[str, list[str]]] = {}
        self._folded_corrector: _FoldedCorrector | None = None

    def forms(self, field_name: str) -> dict[str, list[str]]:
        """The field's words by their folded form."""
        found = self._forms.get(field_name)
        if found is None:
            found = self._forms[field_name] = defaultdict(list)
            for text in self.reader.lexicon(field_name):  # terms come as UTF-8 bytes
                found[fold(text.decode())].append(text.decode())
            found.default_factory = None  # looking up a word must not add it
        return found

    def documents(self, field_name: str, folded: str) -> int:
        """How many live documents hold a folded word in any form (a document holding two counts twice)."""
        return sum(len(self._exact(field_name, word)[0]) for word in self.forms(field_name).get(folded, []))

    def frequency(self, field_name: str, word: str) -> float:
        """How many times live documents hold a word, in this form."""
        return float(self._exact(field_name, word)[1].sum())

    def corrector(self, folded: bool) -> Corrector:
        """Spelling suggestions from the text's words, or from their folded forms."""
        if not folded:
            return _LiveCorrector(self.reader, "body", lambda word: self.frequency("body", word))
        if self._folded_corrector is None:
            self._folded_corrector = _FoldedCorrector(self.forms("body"), lambda word: self.documents("body", word))
        return self._folded_corrector

    def postings(self, field_name: str, text: str, folded: bool = False) -> tuple[np.ndarray, np.ndarray, float]:
        """(document numbers, term frequencies, idf) of a term, kept once read. Folded, the term is
        every word of the field that folds to text, counted as one, as a folded field would hold it."""
        key = (field_name, text, folded)
        found = self._postings.get(key)
        if found is None:
            if not folded:
                ids, frequencies = self._live(*_postings(self.reader, field_name, text))
            else:
                parts = [self._exact(field_name, word) for word in self.forms(field_name).get(text, [])]
                ids, inverse = np.unique(np.concatenate([p[0] for p in parts] or [np.zeros(0, np.int32)]),
                                         return_inverse=True)
                weights = np.concatenate([p[1] for p in parts] or [np.zeros(0, np.float32)])
                ids, frequencies = ids.astype(np.int32), np.bincount(inverse, weights, len(ids)).astype(np.float32)
            idf = math.log(self.live_count / (len(ids) + 1)) + 1  # len(ids): the live documents holding it
            found = self._postings[key] = (ids, frequencies, idf)
        return found

    def _live(self, ids: np.ndarray, frequencies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Postings without those of deleted documents."""
        keep = self.live[ids]
        return (ids, frequencies) if keep.all() else (ids[keep], frequencies[keep])

    def _exact(self, field_name: str, word: str) -> tuple[np.ndarray, np.ndarray]:
        """A word's live postings as kept, when its exact form was asked for first (warm-up and
        queries ask for it before its folded form); read, and not kept, otherwise."""
        kept = self._postings.get((field_name, word, False))
        return kept[:2] if kept is not None else self._live(*_postings(self.reader, field_name, word))

    def title(self, docnum: int) -> tuple[str, ...]:
        """The folded words of a document's title."""
        found = self._titles.get(docnum)
        if found is None:
            title = self.searcher.stored_fields(docnum).get("title", "")
            found = self._titles[docnum] = tuple(token.text for token in FOLDED(title))
        return found

    def warm(self, min_documents: int = WARM_DF) -> int:
        """Read every title and the postings of every term in more than min_documents documents."""
        for docnum in range(self.count):
            self.title(docnum)
        warmed = 0
        for name in TEXT_FIELDS:
            for folded, words in self.forms(name).items():
                frequencies = [self.reader.doc_frequency(name, word) for word in words]
                for word, documents in zip(words, frequencies):
                    if documents > min_documents:
                        self.postings(name, word)
                        warmed += 1
                if sum(frequencies) > min_documents:
                    self.postings(name, folded, folded=True)
                    warmed += 1
        return warmed

    def bm25(self, field_name: str, text: str, folded: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Documents holding the term and their BM25 scores, as Whoosh's BM25F computes them."""
        ids, frequencies, idf = self.postings(field_name, text, folded)
        lengths = self.lengths[field_name][ids] / self.average[field_name]
        scores = idf * (frequencies * (BM25_K1 + 1)) / (frequencies + BM25_K1 * ((1 - BM25_B) + BM25_B * lengths))
        return ids, scores

    def phrase_documents(self, tokens: tuple[str, ...], deadline: float) -> tuple[np.ndarray, bool]:
        """Documents where the folded tokens stand in this order, in title or text; and whether
        time ran out (then those found before the deadline)."""
        sequences = []
        for name in TEXT_FIELDS:
            forms = [self.forms(name).get(fold(token), []) for token in tokens]
            if all(forms):  # each token by every form it has in the field, one after the other
                sequences.append(Sequence([_Timed(DefaultOr([Term(name, word) for word in words]), deadline)
                                           for words in forms]))
        query = DefaultOr(sequences)
        found = np.zeros(self.count, dtype=bool)
        try:
            for docnum in query.docs(self.searcher):
                found[docnum] = True
        except _OutOfTime:
            return found, True
        return found, False

    def score(self, words: Iterable[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For each document: whether it holds every word (in some form), its BM25F score over the
        four fields with their weights, its score in folded titles, and how many of the words its title holds."""
        matched = self.live.copy()
        scores = np.zeros(self.count, dtype=np.float32)
        in_title = np.zeros(self.count, dtype=np.float32)
        title_words = np.zeros(self.count, dtype=np.int8)
        for word in words:
            found = np.zeros(self.count, dtype=bool)
            for name, weight, folded in WORD_FIELDS:
                ids, term_scores = self.bm25(name, fold(word) if folded else word, folded)
                scores[ids] += weight * term_scores
                if folded:  # every form of the word
                    found[ids] = True
                if folded and name == "title":
                    in_title[ids] += term_scores
                    title_words[ids] += 1
            matched &= found
        return matched, scores, in_title, title_words

    def rank(self, parsed: "ParsedQuery", filters: dict[str, str], newest: bool, time_limit: float = TIME_LIMIT):
        """Every matching document, best first (or newest first; equals in the order of their ids),
        their scores, and whether a phrase ran out of time."""
        # Words first: a phrase's words are required and scored like the others.
        words = list(dict.fromkeys([*parsed.words, *(t for p in parsed.phrases for t in p)]))
        matched, scores, in_title, title_words = self.score(words)
        timed_out = False
        deadline = time.monotonic() + time_limit
        for tokens in parsed.phrases:
            found, out_of_time = self.phrase_documents(tokens, deadline)
            matched &= found
            timed_out |= out_of_time
        for name, value in filters.items():
            code = self.labels[name].index(value) if value in self.labels[name] else -1
            matched &= self.codes[name] == code
        documents = np.flatnonzero(matched)
        if 2 <= len(parsed.words) <= 6 and not parsed.phrases:
            # Syllables typed together usually belong together: reward titles where they stand close.
            folded = [fold(w) for w in parsed.words]
            for docnum in documents[title_words[documents] == len(words)]:
                if _nearby(self.title(int(docnum)), folded):
                    scores[docnum] += TITLE_NEARBY * in_title[docnum]
        key = self.dates[documents] if newest else scores[documents]
        documents = documents[np.lexsort((self.id_order[documents], -key))]
        return documents, scores[documents], timed_out

    def facets(self, documents: np.ndarray) -> dict[str, dict[str, int]]:
        facets = {}
        for name in ("category", "year"):
            labels = self.labels[name]
            counts = np.bincount(self.codes[name][documents], minlength=len(labels))
            pairs = [(labels[n], int(c)) for n, c in enumerate(counts) if c and labels[n]]
            facets[name] = dict(sorted(pairs, key=lambda item: (-item[1], item[0])))
        return facets


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


class SearchIndex:
    """A long-lived view of the index at `link`, refreshed when a build swaps in a new one."""

    def __init__(self, link: Path, check_every: float = 1.0, time_limit: float = TIME_LIMIT):
        self.link = Path(link)
        self.check_every = check_every
        self.time_limit = time_limit  # seconds a query's quoted phrases may be looked for
        self._opened: tuple[Path, _Memory] | None = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._searching = threading.Lock()  # one Whoosh searcher, read by one thread at a time

    def _memory(self) -> _Memory:
        now = time.monotonic()
        if self._opened is None or now - self._checked >= self.check_every:
            with self._lock:
                self._checked = now
                target = _current(self.link)
                if target is None:
                    raise FileNotFoundError(f"no search index at {self.link}")
                if self._opened is None or self._opened[0] != target:
                    self._opened = (target, _Memory(whoosh_index.open_dir(str(target))))
        return self._opened[1]

    def warm(self) -> int:
        """Open the index and read the postings of its common terms now rather than on first use."""
        memory = self._memory()
        with self._searching:
            return memory.warm()

    def search(self, text: str, page: int = 1, per_page: int = 10, category: str = "", unit: str = "",
               year: str = "", sort: str = "relevance") -> SearchResult:
        parsed = parse_query(text)
        if parsed.empty:
            return SearchResult(0, page, per_page, [], {"category": {}, "year": {}}, None)
        filters = {name: value for name, value in (("category", category), ("unit", unit), ("year", year)) if value}
        terms = {fold(t) for t in (*parsed.words, *(t for p in parsed.phrases for t in p))}
        memory = self._memory()
        with self._searching:
            documents, scores, timed_out = memory.rank(parsed, filters, newest=sort == "newest",
                                                       time_limit=self.time_limit)
            shown = slice((page - 1) * per_page, page * per_page)
            hits = [self._hit(memory.searcher.stored_fields(int(docnum)), terms) for docnum in documents[shown]]
            total = len(documents)
            suggestion = self._suggest(memory, parsed) if total < 3 else None
            return SearchResult(total, page, per_page, hits, memory.facets(documents), suggestion, timed_out,
                                [float(score) for score in scores[shown]])

    @staticmethod
    def _hit(fields: dict, terms: set[str]) -> dict:
        title, text, date = fields.get("title", ""), fields.get("text", ""), fields.get("date")
        return {"id": fields["id"], "title": title, "title_html": _marked(title, _matches(title, terms)),
                "url": fields.get("url", ""), "category": fields.get("category", ""),
                "unit": fields.get("unit", ""), "date": date.replace(tzinfo=TIMEZONE).isoformat() if date else None,
                "snippet": _snippet(text, terms)}

    @staticmethod
    def _suggest(memory: _Memory, parsed: ParsedQuery) -> str | None:
        corrected, changed = [], False
        for word in parsed.words:
            unaccented = fold(word) == word  # typed without diacritics: any form of a known word will do
            known = memory.documents("body", word) if unaccented else memory.frequency("body", word)
            if len(word) < 3 or word[0].isdigit() or known:
                corrected.append(word)
                continue
            suggestions = memory.corrector(unaccented).suggest(word, limit=1, maxdist=1 if len(word) < 6 else 2,
                                                               prefix=1)
            if suggestions:
                corrected.append(suggestions[0])
                changed = True
            else:
                corrected.append(word)
        return " ".join(corrected) if changed else None

    def every(self) -> list[str]:
        memory = self._memory()
        with self._searching:
            return sorted(f["id"] for f in memory.searcher.documents())
