"""An article as the edit form holds it: every field as text, as typed, and statistics as rows."""

from dataclasses import dataclass, field

from content_model.document import BOOLEANS
from toandan.vietnamese.stats_suggested import FIELD as SUGGESTED_FIELD
from toandan.vietnamese.text import fold

TEXT_FIELDS = ("title", "date", "category", "unit", "author", "source", "summary",
               "image", "image_caption", "image_alt", "slug")
# The order hand-written articles keep their fields in; a field the form adds goes to its place here.
ORDER = ("title", "date", "modified", "category", "tags", "unit", "author", "source", "summary",
         "image", "image_caption", "image_alt", "featured", "slug", "status", "template", "stats")
# Fields the form edits; any other field of a file (modified, template, ...) is kept as it is.
FORM_FIELDS = (*TEXT_FIELDS, "tags", "featured", "status", "stats", "body")
DRAFT, PENDING, PUBLISHED = "draft", "pending", "published"
STATES = {DRAFT: "Nháp", PENDING: "Chờ duyệt", PUBLISHED: "Đã xuất bản", "hidden": "Ẩn"}


@dataclass(frozen=True)
class StatRow:
    """One figure of the statistics table, every cell as typed."""

    indicator: str
    value: str
    period: str
    unit: str = ""

    @property
    def empty(self) -> bool:
        return not (self.indicator or self.value or self.period or self.unit)


@dataclass(frozen=True)
class SuggestedStat:
    """A figure found in the prose, waiting for an editor (stats_suggested): as the suggester wrote it."""

    value: str
    indicator: str
    sentence: str


@dataclass
class ArticleForm:
    values: dict[str, str] = field(default_factory=dict)  # TEXT_FIELDS and 'tags', as typed
    featured: bool = False
    status: str = PUBLISHED  # a file without 'status' is published
    stats: list[StatRow] = field(default_factory=list)
    body: str = ""
    suggested: list[SuggestedStat] = field(default_factory=list)  # stats_suggested, not yet accepted

    def get(self, name: str):
        """A form field's value by its name in FORM_FIELDS."""
        if name in ("featured", "status", "stats", "body"):
            return getattr(self, name)
        return self.values.get(name, "")


def _text(value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def from_front_matter(data: dict, body: str) -> ArticleForm:
    """The form's view of a file's parsed front matter (content_model.frontmatter.split)."""
    values = {name: _text(data.get(name)) for name in TEXT_FIELDS}
    tags = data.get("tags")
    values["tags"] = ", ".join(_text(tag) for tag in tags) if isinstance(tags, list) else _text(tags)
    featured = BOOLEANS.get(fold(_text(data.get("featured"))).strip().lower(), False)
    status = _text(data.get("status")).strip() or PUBLISHED
    return ArticleForm(values, featured, status, stat_rows(data.get("stats")), body,
                       suggested_stats(data.get(SUGGESTED_FIELD)))


def suggested_stats(entries) -> list[SuggestedStat]:
    """The stats_suggested entries a file holds; an entry of another shape is left to the check to report."""
    return [SuggestedStat(*(_text(entry.get(name)) for name in ("value", "indicator", "sentence")))
            for entry in entries if isinstance(entry, dict)] if isinstance(entries, list) else []


def stat_rows(stats) -> list[StatRow]:
    """The statistics blocks flattened into rows; a figure's own period and unit win over its block's."""
    rows = []
    for block in stats if isinstance(stats, list) else [stats] if stats is not None else []:
        if not isinstance(block, dict) or not isinstance(block.get("figures"), dict):
            continue
        for key, entry in block["figures"].items():
            options = entry if isinstance(entry, dict) else {"value": entry}
            rows.append(StatRow(key, _text(options.get("value")), _text(options.get("period", block.get("period"))),
                                _text(options.get("unit", block.get("unit")))))
    return rows


def from_fields(fields: dict[str, list[str]]) -> ArticleForm:
    """The form as posted: fields maps each name to its values in order."""
    def one(name: str) -> str:
        return (fields.get(name) or [""])[0].replace("\r\n", "\n").replace("\r", "\n")

    values = {name: one(name) for name in (*TEXT_FIELDS, "tags")}
    for name in values:
        if name != "summary":
            values[name] = values[name].replace("\n", " ")
    columns = [fields.get(f"stat_{cell}", []) for cell in ("indicator", "value", "period", "unit")]
    rows = []
    for index in range(max(map(len, columns))):
        cells = [(column[index] if index < len(column) else "").strip() for column in columns]
        row = StatRow(*cells)
        if not row.empty:
            rows.append(row)
    cells = [fields.get(f"suggested_{cell}", []) for cell in ("value", "indicator", "sentence")]
    suggested = [SuggestedStat(*((column[index] if index < len(column) else "").replace("\r\n", "\n")
                                 for column in cells))
                 for index in range(max(map(len, cells)))]
    return ArticleForm(values, one("featured") in ("1", "on", "true"), one("status") or DRAFT, rows, one("body"),
                       [entry for entry in suggested if entry.value or entry.indicator])


def tag_list(text: str) -> list[str]:
    return [tag.strip() for tag in text.split(",") if tag.strip()]
