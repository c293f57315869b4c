"""Writes the Whoosh search index (outside output/) from every published article and page."""

import hashlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from toandan.search import Candidate, SearchDocument, update_index
from toandan.settings import plugin_settings


@dataclass(frozen=True)
class SearchSettings:
    """SEARCH = {...} in pelicanconf.py."""

    index_dir: str = "var/search-index"  # relative to the folder that holds PATH
    processes: int = 2  # for a full rebuild of a large site


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(html or "", "html.parser").get_text(" ")).strip()


def _meta(content) -> str:
    parts = [getattr(content, "category", None) and content.category.name,
             getattr(content, "unit", None) and content.unit.name]
    parts += [tag.name for tag in getattr(content, "tags", [])]
    parts += [report.indicator.label for report in getattr(content, "reports", [])]
    return " · ".join(part for part in parts if part)


def candidate(content, kind: str) -> Candidate:
    """A document whose fingerprint covers everything the index holds of it."""
    doc_id = content.slug if kind == "article" else f"trang-{content.slug}"
    title = Markup(content.title).striptags()
    summary = getattr(content, "summary", "") if "summary" in content.metadata else ""
    body_html = f"{summary}\n{content.content}"
    date = getattr(content, "date", None) if kind == "article" else None
    meta = _meta(content)
    category = content.category.name if kind == "article" else ""
    unit = content.unit.name if kind == "article" and getattr(content, "unit", None) else ""
    seed = "\x1f".join([doc_id, kind, content.url, title, body_html, meta, category, unit, str(date)])
    fingerprint = hashlib.sha1(seed.encode()).hexdigest()

    def build() -> SearchDocument:
        return SearchDocument(doc_id, kind, content.url, title, _text(body_html), meta, category, unit,
                              date, fingerprint)

    return Candidate(doc_id, fingerprint, build)


class SearchIndexGenerator(Generator):
    """Runs after the pages are written; only changed documents are re-indexed."""

    def generate_context(self):
        self.options = plugin_settings(SearchSettings, self.settings, "SEARCH")

    def generate_output(self, writer):
        candidates = [candidate(a, "article") for a in self.context.get("articles", [])]
        candidates += [candidate(p, "page") for p in self.context.get("pages", [])]
        link = Path(self.settings["PATH"]).parent / self.options.index_dir
        started = time.perf_counter()
        report = update_index(link, candidates, processes=self.options.processes)
        # What the last indexing did, for operators and the benchmark task.
        link.with_name(f"{link.name}.json").write_text(json.dumps({
            "seconds": round(time.perf_counter() - started, 3), "documents": report.documents,
            "added": report.added, "updated": report.updated, "deleted": report.deleted,
            "unchanged": report.unchanged, "size_bytes": report.size_bytes}))


def get_generators(pelican):
    return SearchIndexGenerator


def register():
    signals.get_generators.connect(get_generators)
