"""The same checks as ./dev check for one article, with each problem put beside its field,
and each statistic read back by the project's own number and period parsers."""

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from content_model.document import Document, DocumentReader
from content_model.frontmatter import split
from content_model.periods import PeriodError, parse_period
from content_model.reader import document_reader
from toandan.building.publish import load_settings
from toandan.vietnamese.numbers import FigureError, format_figure_exact, parse_figure
from toandan.building.problems import Problem

from .model import FORM_FIELDS, StatRow
from .writing import layout


@dataclass(frozen=True)
class Reading:
    """How the parser read a cell: the reading, or the parser's message."""

    text: str = ""
    error: str = ""


@dataclass
class Findings:
    """Every problem of one article's text, by form field; stats problems by row."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[int, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.rows or self.general)

    def count(self) -> int:
        return sum(map(len, self.fields.values())) + sum(map(len, self.rows.values())) + len(self.general)


class Checker:
    """Reads an article's text with the content model's reader, against the site's registries."""

    def __init__(self, settings_file: Path):
        self.settings = load_settings(settings_file)
        self.content = Path(self.settings["PATH"])
        self.articles = self.content / self.settings["ARTICLE_PATHS"][0]
        self.data = self.content / self.settings.get("CONTENT_MODEL", {}).get("data_dir", "data")
        self._documents: DocumentReader | None = None
        self._stamps: tuple = ()

    @property
    def documents(self) -> DocumentReader:
        """The content model's reader, made again when a registry file changed (edited while the desk runs)."""
        stamps = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(self.data.glob("*.yaml")))
        if self._documents is None or stamps != self._stamps:
            self._documents, self._stamps = document_reader(self.settings), stamps
        return self._documents

    @property
    def registry(self):
        return self.documents.registry

    def problems(self, text: str) -> tuple[Document | None, list[Problem]]:
        """What the reader finds in text, as if it were an article file."""
        fd, name = tempfile.mkstemp(suffix=".md", prefix="desk-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            return self.documents.read(Path(name), is_article=True)
        finally:
            os.unlink(name)

    def findings(self, text: str, others: dict[str, str] | None = None) -> Findings:
        """Problems by field; others maps the slugs of the site's other articles to their files."""
        document, problems = self.problems(text)
        findings = Findings()
        spans = layout(text).field_lines()
        rows = _row_lines(text)
        for problem in problems:
            where = _field_at(problem.line, spans) or _named(problem)
            row = next((i for i, lines in enumerate(rows) if problem.line in lines), None)
            if where == "stats" and row is not None:
                findings.rows.setdefault(row, []).append(problem.reason)
            elif where:
                findings.fields.setdefault(where, []).append(problem.reason)
            else:
                findings.general.append(problem.reason)
        if document and others and (slug := document.fields.get("slug")) in others:
            # The build's own check across files (content_model.checks); here for the one article.
            findings.fields.setdefault("slug", []).append(f"slug '{slug}' trùng với {others[slug]}")
        return findings

    def readings(self, row: StatRow) -> tuple[Reading, Reading]:
        """The value and the period of a row as the parsers read them."""
        indicator = self.registry.indicators.get(row.indicator)
        try:
            figure = parse_figure(row.value)
            kind = figure.kind or (indicator.kind if indicator else None)
            measure = figure.measure or (indicator.measure if indicator and not kind else "")
            shown = format_figure_exact(figure.value, kind, measure)
            value = Reading("đọc là: " + (f"{figure.qualifier} " if figure.qualifier else "") + shown)
        except FigureError as error:
            value = Reading(error=str(error))
        if not row.period:
            return value, Reading(error="chưa có kỳ báo cáo")
        try:
            found = parse_period(row.period)
            period = Reading(f"{found.start:%d/%m/%Y}" if found.start == found.end
                             else f"{found.start:%d/%m/%Y} – {found.end:%d/%m/%Y}")
        except PeriodError as error:
            period = Reading(error=str(error))
        return value, period


def _named(problem: Problem) -> str | None:
    """The form field a problem without a line is about (a required field that is missing)."""
    if problem.line is not None:
        return None
    return next((name for name in FORM_FIELDS if f"'{name}'" in problem.reason), None)


def _field_at(line: int | None, spans: dict[str, tuple[int, int]]) -> str | None:
    if line is None:
        return None
    return next((name for name, (first, last) in spans.items() if first <= line <= last), None)


def _row_lines(text: str) -> list[set[int]]:
    """For each statistics row (model.stat_rows order), the lines a problem about it is reported on."""
    try:
        matter = split(text)
    except ValueError:
        return []
    stats = matter.data.get("stats")
    if stats is None:
        return []
    rows = []
    blocks = stats if isinstance(stats, list) else [stats]
    for index, block in enumerate(blocks):
        if not isinstance(block, dict) or not isinstance(block.get("figures"), dict):
            continue
        where = ("stats", index) if isinstance(stats, list) else ("stats",)
        shared = {matter.lines.get(where + (name,)) for name in ("period", "unit")} - {None}
        for key in block["figures"]:
            path = where + ("figures", key)
            own = {matter.lines.get(path + (name,)) for name in ("value", "period", "unit")}
            rows.append(({matter.lines.get(path)} | own | shared) - {None})
    return rows
