"""Writes the Whoosh search index (outside output/) from every published article and page."""

import hashlib
import json
import re
import time
from dataclasses import dataclass
from html import unescape
from pathlib import Path

from pelican import signals
from pelican.contents import Article
from pelican.generators import Generator

from toandan.building import forking
from toandan.building.hooks import FROM_SCRATCH_SETTING, reading_only
from toandan.search import Candidate, SearchDocument, readable_index, update_index
from toandan.building.plugin_settings import plugin_settings


@dataclass(frozen=True)
class SearchSettings:
    """SEARCH = {...} in pelicanconf.py."""

    index_dir: str = "var/search-index"  # relative to the folder that holds PATH
    processes: int = 2  # for a full rebuild of a large site


INDEX_NICENESS = 10  # added to the forked indexing process's niceness
UNSEEN = re.compile(r"<!--.*?-->|<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
TAG = re.compile(r"<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")  # a '>' inside a quoted attribute does not end it


def _text(html: str) -> str:
    """The words a reader sees: what BeautifulSoup's get_text(" ") gives for our HTML, faster
    (a full index extracts the text of every article)."""
    text = TAG.sub(" ", UNSEEN.sub(" ", html or ""))
    return " ".join(unescape(text).split())  # what re.sub(r"\s+", " ", ...).strip() gives, quicker


def _meta(content) -> str:
    parts = [getattr(content, "category", None) and content.category.name,
             getattr(content, "unit", None) and content.unit.name]
    parts += [tag.name for tag in getattr(content, "tags", [])]
    parts += [report.indicator.label for report in getattr(content, "reports", [])]
    return " · ".join(part for part in parts if part)


def _doc_id(content) -> str:
    return content.slug if isinstance(content, Article) else f"trang-{content.slug}"


def candidate(content, siteurl: str) -> Candidate:
    """A document whose fingerprint covers everything the index holds of it.

    The body's links are resolved against siteurl, not the page being written at the time
    (Content.content follows the writer), so the fingerprint is the same on every build.
    """
    kind = "article" if isinstance(content, Article) else "page"
    doc_id = _doc_id(content)
    title = content.title  # text, as the content model reads it
    summary = content.get_summary(siteurl) if "summary" in content.metadata else ""
    body_html = f"{summary}\n{content.get_content(siteurl)}"
    date = getattr(content, "date", None) if kind == "article" else None
    meta = _meta(content)
    category = content.category.name if kind == "article" else ""
    unit = content.unit.name if kind == "article" and getattr(content, "unit", None) else ""
    url = content.url
    seed = "\x1f".join([doc_id, kind, url, title, body_html, meta, category, unit, str(date)])
    fingerprint = hashlib.sha1(seed.encode()).hexdigest()

    def build() -> SearchDocument:  # of its own values, not the content's: see update_index's processes
        return SearchDocument(doc_id, kind, url, title, _text(body_html), meta, category, unit, date, fingerprint)

    return Candidate(doc_id, fingerprint, build)


def site_candidates(context: dict, settings: dict, known: dict[str, str] | None = None) -> list[Candidate]:
    """Every published article and page, as the index wants them. A document whose fingerprint is
    known (content unchanged since it was worked out) is fingerprinted again only if it is built."""
    siteurl = settings["SITEURL"]
    known = known or {}

    def one(content) -> Candidate:
        doc_id = _doc_id(content)
        if doc_id not in known:
            return candidate(content, siteurl)
        return Candidate(doc_id, known[doc_id], lambda: candidate(content, siteurl).build())

    return [one(content) for content in context.get("articles", []) + context.get("pages", [])]


class SearchIndexGenerator(Generator):
    """Indexes while Pelican writes the pages; only changed documents are re-indexed.

    Indexing starts once every article's HTML is final: when every generator has finished its
    context and the plugins' own all_generators_finalized receivers have run (the article-HTML pass
    among them: they were connected before this build, so they are called first). Taking each
    document's text out of its HTML and handing it to Whoosh's writer processes holds the
    interpreter lock for seconds, which the page-rendering thread needs; so the indexing runs beside
    the build (toandan.building.forking.beside): in a forked process, at a lower priority, when the
    build runs no other thread, in a thread otherwise. Either is waited for once every generator
    has written its pages (Pelican's finalized signal), where its errors are raised and fail the build.
    """

    # The indexing of one build, not kept with the build (toandan.building.snapshot): its fingerprints are.
    TRANSIENT = ("_indexing", "candidates")

    def generate_context(self):
        self.options = plugin_settings(SearchSettings, self.settings, "SEARCH")
        self._indexing: forking.Beside | None = None
        self._fingerprints: dict[str, str] = {}  # each document's, from the indexing
        # Held weakly, so gone with this build.
        signals.all_generators_finalized.connect(self._site_final)
        signals.finalized.connect(self._written)

    def _site_final(self, generators) -> None:
        if self not in generators:
            return  # another build's generators: a failed build's generator lives on while its error is held
        signals.all_generators_finalized.disconnect(self._site_final)
        if reading_only(self.settings):  # no output: nothing would take the index's answer
            return
        # Not a daemon: Whoosh's writer forks processes of its own for a large index. The pages are
        # the build's longest path and the index waits for no one until the end: the scheduler gives
        # the pages a core, and a forked index (with its writer processes) what is left.
        self._indexing = forking.beside(self._index, daemon=False, name="search-index", niceness=INDEX_NICENESS,
                                        answering=True)

    def _index(self) -> dict[str, str]:
        """Indexes the site; answers each document's fingerprint, which the build's process keeps
        for text_changed (a forked process's candidates go with it)."""
        self.candidates = site_candidates(self.context, self.settings)
        self._update(afresh=bool(self.settings.get(FROM_SCRATCH_SETTING)))
        return {c.id: c.fingerprint for c in self.candidates}

    def text_changed(self, changed: list) -> None:
        """Re-indexes content whose text was changed in place since this build (toandan.building.live)."""
        siteurl = self.settings["SITEURL"]
        if not hasattr(self, "candidates"):  # the build indexed in a process of its own
            self.candidates = site_candidates(self.context, self.settings, known=self._fingerprints)
        fresh = {c.id: c for c in (candidate(content, siteurl) for content in changed)}
        self.candidates = [fresh.get(c.id, c) for c in self.candidates]
        self._update()
        self._fingerprints = {c.id: c.fingerprint for c in self.candidates}

    def restore_missing(self) -> bool:
        """Writes the index again when it is gone or does not open (a link deleted by hand), though
        no content changed (toandan.building.live); answers whether it did."""
        if readable_index(self._link()):
            return False
        self.text_changed([])
        return True

    def _link(self) -> Path:
        return Path(self.settings["PATH"]).parent / self.options.index_dir

    def _update(self, afresh: bool = False) -> None:
        link = self._link()
        started = time.perf_counter()
        report = update_index(link, self.candidates, processes=self.options.processes, afresh=afresh,
                              settings=self.settings)
        # What the last indexing did, for operators and the benchmark task.
        link.with_name(f"{link.name}.json").write_text(json.dumps({
            "seconds": round(time.perf_counter() - started, 3), "documents": report.documents,
            "added": report.added, "updated": report.updated, "deleted": report.deleted,
            "unchanged": report.unchanged, "size_bytes": report.size_bytes}))

    def _written(self, pelican) -> None:
        """Waits for the indexing once every generator has written its pages, so that it runs beside
        all of them; raises what the indexing raised, which fails the build before it is published."""
        if self._indexing is None or pelican.settings is not self.settings:
            return  # nothing indexed, or another build's (a failed build's generator outlives it)
        signals.finalized.disconnect(self._written)
        self._fingerprints = self._indexing.get()


def get_generators(pelican):
    return SearchIndexGenerator


def register():
    signals.get_generators.connect(get_generators)
