"""Full-text search in Vietnamese, typed with or without diacritics. The only module that knows Whoosh.

Every text is indexed twice: exactly (NFC, lowercase) and folded (diacritics and đ removed).
A query matches the folded fields, so 'bao ve' finds 'bảo vệ'; its exact terms weigh more, so
'bảo' ranks 'bảo' above 'báo' and 'bào'. Queries are built in code from word tokens, never
parsed as query syntax, so no input can turn into an operator.
"""

import html
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.fields import DATETIME, ID, STORED, TEXT, Schema
from whoosh.highlight import ContextFragmenter, HtmlFormatter, WholeFragmenter
from whoosh.query import And, AndMaybe, Or, Phrase, Term

from toandan.atomic import prune, swap_link
from toandan.dates import TIMEZONE
from toandan.text import fold, nfc

# Numbers as written ('1.691', '3,2') stay one token; words are runs of letters.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
MAX_QUERY_CHARS = 200
MAX_WORDS = 12
TIME_LIMIT = 2.0  # seconds a query may run before it answers with what it found
SCHEMA_VERSION = "2"
SNIPPET_SOURCE = 2000  # characters of the text that snippets are taken from
KEEP_INDEXES = 2


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


EXACT = VietnameseTokenizer(folded=False)
FOLDED = VietnameseTokenizer(folded=True)

SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    kind=ID(stored=True),
    url=STORED,
    title=TEXT(analyzer=EXACT, stored=True),
    title_f=TEXT(analyzer=FOLDED),
    body=TEXT(analyzer=EXACT, phrase=False),  # the text, then category, unit, tags and statistics labels
    body_f=TEXT(analyzer=FOLDED),
    text=STORED,  # the text alone, for snippets
    category=ID(stored=True, sortable=True),
    unit=ID(stored=True, sortable=True),
    year=ID(stored=True, sortable=True),
    date=DATETIME(stored=True, sortable=True),
    fingerprint=STORED,
)
# (field, weight): exact fields weigh more, so the correctly accented document ranks first.
WORD_FIELDS = (("title", 8.0), ("body", 5.0), ("title_f", 2.0), ("body_f", 1.0))


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
        "title": nfc(document.title), "title_f": nfc(document.title),
        "body": indexed, "body_f": indexed, "text": nfc(document.body),
        "category": document.category or "", "unit": document.unit or "",
        "year": str(local.year) if local else "", "date": local, "fingerprint": document.fingerprint,
    }


def _current(link: Path) -> Path | None:
    if link.is_symlink() or link.is_dir():
        target = link.resolve()
        if (target / "VERSION").is_file() and (target / "VERSION").read_text() == SCHEMA_VERSION:
            return target
    return None


def update_index(link: Path, candidates: Iterable[Candidate], processes: int = 1) -> IndexReport:
    """Bring the index at `link` up to date with candidates, atomically.

    The current index is copied into a fresh folder, changed documents are re-indexed,
    documents no longer published are deleted, and `link` is swapped to the new folder in one
    rename: a searcher never sees a half-written index, and a failure leaves the old one.
    """
    link = Path(link).absolute()
    builds = link.parent / f".{link.name}-builds"
    builds.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix="index-", dir=builds))
    try:
        current = _current(link)
        if current:
            shutil.copytree(current, fresh, dirs_exist_ok=True)
            ix = whoosh_index.open_dir(str(fresh))
            with ix.searcher() as searcher:
                existing = {f["id"]: f["fingerprint"] for f in searcher.all_stored_fields()}
        else:
            ix = whoosh_index.create_in(str(fresh), SCHEMA)
            existing = {}
        (fresh / "VERSION").write_text(SCHEMA_VERSION)
        wanted = {candidate.id: candidate for candidate in candidates}
        changed = [c for c in wanted.values() if existing.get(c.id) != c.fingerprint]
        gone = [doc_id for doc_id in existing if doc_id not in wanted]
        full = not existing
        many = full and processes > 1 and len(changed) > 500
        writer = ix.writer(limitmb=256, procs=processes if many else 1, multisegment=many)
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
        writer.commit(optimize=full)  # one segment after a full build: queries open one reader, not several
        ix.close()
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


def _word(word: str):
    folded = fold(word)
    terms = []
    for name, weight in WORD_FIELDS:
        text = folded if name.endswith("_f") else word
        terms.append(Term(name, text, boost=weight))
    return Or(terms)


def _phrase(tokens: tuple[str, ...]):
    folded = [fold(t) for t in tokens]
    return Or([Phrase("title_f", folded, boost=3.0), Phrase("body_f", folded)])


def build_query(parsed: ParsedQuery):
    parts = [_word(w) for w in parsed.words] + [_phrase(p) for p in parsed.phrases]
    query = parts[0] if len(parts) == 1 else And(parts)
    if 2 <= len(parsed.words) <= 6:
        # Syllables typed together usually belong together: reward titles where they stand close.
        # (The same bonus on bodies costs a span search over every matching document.)
        folded = [fold(w) for w in parsed.words]
        query = AndMaybe(query, Phrase("title_f", folded, slop=2, boost=4.0))
    return query


@dataclass
class SearchResult:
    total: int
    page: int
    per_page: int
    hits: list[dict]
    facets: dict[str, dict[str, int]]
    suggestion: str | None
    timed_out: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass
class _Opened:
    target: Path
    ix: object
    searchers: dict = field(default_factory=dict)


class SearchIndex:
    """A long-lived view of the index at `link`, refreshed when a build swaps in a new one."""

    def __init__(self, link: Path, check_every: float = 1.0):
        self.link = Path(link)
        self.check_every = check_every
        self._opened: _Opened | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def _searcher(self):
        now = time.monotonic()
        if self._opened is None or now - self._checked >= self.check_every:
            with self._lock:
                self._checked = now
                target = _current(self.link)
                if target is None:
                    raise FileNotFoundError(f"no search index at {self.link}")
                if self._opened is None or self._opened.target != target:
                    self._opened = _Opened(target, whoosh_index.open_dir(str(target)))
        opened = self._opened
        ident = threading.get_ident()
        searcher = opened.searchers.get(ident)
        if searcher is None:
            searcher = opened.searchers[ident] = opened.ix.searcher()
        return searcher

    def search(self, text: str, page: int = 1, per_page: int = 10, category: str = "", unit: str = "",
               year: str = "", sort: str = "relevance") -> SearchResult:
        parsed = parse_query(text)
        if parsed.empty:
            return SearchResult(0, page, per_page, [], {"category": {}, "year": {}}, None)
        searcher = self._searcher()
        # Filters are required terms that add nothing to the score (Whoosh's own filter
        # collector drops them when the limit exceeds the number of documents).
        filters = [Term(name, value, boost=0.0)
                   for name, value in (("category", category), ("unit", unit), ("year", year)) if value]
        query = build_query(parsed)
        query = And([query, *filters]) if filters else query
        # One unscored pass gives the total and the facets; a second scores only the top of the list.
        documents = list(searcher.docs_for_query(query))
        limit = page * per_page
        collector = searcher.collector(limit=limit, sortedby="date" if sort == "newest" else None,
                                       reverse=sort == "newest")
        timed = TimeLimitCollector(collector, timelimit=TIME_LIMIT, use_alarm=False)
        timed_out = False
        try:
            searcher.search_with_collector(query, timed)
        except TimeLimit:
            timed_out = True
        results = timed.results()
        results.formatter = HtmlFormatter(tagname="mark", between=" … ")
        hits = [self._hit(results, hit) for hit in results[(page - 1) * per_page: limit]]
        total = len(documents)
        suggestion = self._suggest(searcher, parsed) if total < 3 else None
        return SearchResult(total, page, per_page, hits, self._facets(searcher, documents), suggestion, timed_out)

    @staticmethod
    def _hit(results, hit) -> dict:
        fields = hit.fields()
        results.fragmenter = ContextFragmenter(maxchars=220, surround=60)
        # The lead is where news puts what matters; highlighting all of a long text costs too much.
        snippet = hit.highlights("body_f", text=fields.get("text", "")[:SNIPPET_SOURCE], top=2)
        if not snippet:
            snippet = html.escape(fields.get("text", "")[:200])
        results.fragmenter = WholeFragmenter()  # a title is shown whole
        title = hit.highlights("title_f", text=fields.get("title", "")) or html.escape(fields.get("title", ""))
        date = fields.get("date")
        return {"id": fields["id"], "title": fields.get("title", ""), "title_html": title,
                "url": fields.get("url", ""), "category": fields.get("category", ""),
                "unit": fields.get("unit", ""), "date": date.replace(tzinfo=TIMEZONE).isoformat() if date else None,
                "snippet": snippet}

    @staticmethod
    def _facets(searcher, documents: list[int]) -> dict[str, dict[str, int]]:
        facets = {}
        for name in ("category", "year"):
            column = searcher.reader().column_reader(name)
            counts = Counter(column[doc] for doc in documents)
            counts.pop("", None)
            facets[name] = dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        return facets

    @staticmethod
    def _suggest(searcher, parsed: ParsedQuery) -> str | None:
        corrected, changed = [], False
        reader = searcher.reader()
        for word in parsed.words:
            name, term = ("body_f", fold(word)) if fold(word) == word else ("body", word)
            if len(word) < 3 or word[0].isdigit() or reader.frequency(name, term):
                corrected.append(word)
                continue
            suggestions = searcher.corrector(name).suggest(term, limit=1, maxdist=1 if len(word) < 6 else 2,
                                                           prefix=1)
            if suggestions:
                corrected.append(suggestions[0])
                changed = True
            else:
                corrected.append(word)
        return " ".join(corrected) if changed else None

    def every(self) -> list[str]:
        return sorted(f["id"] for f in self._searcher().documents())
