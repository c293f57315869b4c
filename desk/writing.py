"""Write an article file as a person would: only the fields that changed are rewritten, in place.

Every other line of the file (fields the form does not know, comments, blank lines, the body when
it is unchanged) is kept byte for byte, so an article opened and saved untouched does not change.
A field the form adds goes where hand-written articles have it (model.ORDER).
"""

import json
import re
from bisect import bisect_right
from dataclasses import dataclass

import yaml

from content_model.frontmatter import split
from toandan.vietnamese.stats_suggested import with_suggestions

from .model import FORM_FIELDS, ORDER, PUBLISHED, ArticleForm, StatRow, from_front_matter, tag_list

NEW_FILE = "---\n---\n"
# Written as \u escapes, never as they are: line breaks to YAML but not to this module, or unreadable.
_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


@dataclass
class Piece:
    """A run of front matter lines: one top-level field (key set) or a line of its own (comment, blank)."""

    key: str | None
    lines: list[str]


@dataclass
class Layout:
    """A Markdown file cut into its opening line, front matter pieces, closing line and body."""

    opening: str
    pieces: list[Piece]
    closing: str
    body: str

    def text(self) -> str:
        lines = [self.opening, *(line for piece in self.pieces for line in piece.lines), self.closing]
        return "\n".join(lines) + "\n" + self.body

    def field_lines(self) -> dict[str, tuple[int, int]]:
        """Each top-level field's first and last line in the file (1-based)."""
        spans, line = {}, 2
        for piece in self.pieces:
            if piece.key is not None and piece.lines:
                spans.setdefault(piece.key, (line, line + len(piece.lines) - 1))
            line += len(piece.lines)
        return spans


def layout(text: str) -> Layout:
    """Cut a file that content_model.frontmatter.split reads; raises what split raises."""
    split(text)  # the same refusals (no closing line, anchors, bad YAML) before anything else
    lines = text.split("\n")
    close = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    front = lines[1:close]
    source = "\n".join(front)
    node = yaml.compose(source, Loader=yaml.BaseLoader)
    # Lines as this module cuts them, at '\n' only: YAML's marks count U+2028, U+2029, NEL and a lone
    # CR as line breaks too, so a value holding one would shift every later field by a line.
    line_starts = [0, *(index + 1 for index, character in enumerate(source) if character == "\n")]
    starts: dict[int, tuple[str, int]] = {}
    for key_node, value_node in node.value if isinstance(node, yaml.MappingNode) else []:
        first = bisect_right(line_starts, key_node.start_mark.index) - 1
        end = value_node.end_mark.index
        last = bisect_right(line_starts, end) - 1
        if line_starts[last] == end and last > first:  # the value ended with its line's break
            last -= 1
        # Comments and blank lines at the left margin after a value stay lines of their own.
        while last > first and (not front[last].strip() or front[last].startswith("#")):
            last -= 1
        starts[first] = (key_node.value, last)
    pieces, index = [], 0
    while index < len(front):
        if index in starts:
            key, last = starts[index]
            pieces.append(Piece(key, front[index : last + 1]))
            index = last + 1
        else:
            pieces.append(Piece(None, [front[index]]))
            index += 1
    return Layout(lines[0], pieces, lines[close], "\n".join(lines[close + 1 :]))


def _parses_as(source: str, expected) -> bool:
    try:
        return yaml.load(source, Loader=yaml.BaseLoader) == expected
    except yaml.YAMLError:
        return False


def scalar(value: str, key: str = "k") -> str:
    """value as a YAML scalar: plain where YAML reads it back unchanged, else double-quoted."""
    if (not _ESCAPED.search(value) and value == value.strip()
            and _parses_as(f"{key}: {value}", {key: value})):
        return value
    return _quoted(value)


def _quoted(value: str) -> str:
    """A JSON string is a YAML double-quoted scalar; what JSON leaves as it is but YAML reads as a line
    break or refuses to read (NEL, U+2028, U+2029, DEL, C1 controls, U+FFFE/F) is escaped as well."""
    return _ESCAPED.sub(lambda found: f"\\u{ord(found.group()):04x}", json.dumps(value, ensure_ascii=False))


def _flow_item(value: str) -> str:
    if not _ESCAPED.search(value) and _parses_as(f"[{value}]", [value]):
        return value
    return _quoted(value)


def _field(key: str, value: str) -> list[str]:
    return [f"{key}: {scalar(value, key)}"] if value.strip() else []


def _stats(rows: list[StatRow], article_unit: str) -> list[str]:
    """Rows grouped by period and unit, in the order first met; one group is a block, more a list."""
    groups: dict[tuple[str, str], list[StatRow]] = {}
    for row in rows:
        unit = "" if row.unit == article_unit else row.unit
        groups.setdefault((row.period, unit), []).append(row)
    blocks = []
    for (period, unit), members in groups.items():
        block = []
        if period:
            block.append(f"period: {scalar(period, 'period')}")
        if unit:
            block.append(f"unit: {scalar(unit, 'unit')}")
        block.append("figures:")
        block += [f"  {scalar(row.indicator)}: {scalar(row.value, row.indicator)}" for row in members]
        blocks.append(block)
    if not blocks:
        return []
    if len(blocks) == 1:
        return ["stats:", *(f"  {line}" for line in blocks[0])]
    lines = ["stats:"]
    for block in blocks:
        lines += [f"  - {block[0]}", *(f"    {line}" for line in block[1:])]
    return lines


def render_field(name: str, form: ArticleForm) -> list[str]:
    """A field's lines as the form holds it; none when it is empty (the field is left out)."""
    if name == "tags":
        tags = tag_list(form.values.get("tags", ""))
        return [f"tags: [{', '.join(_flow_item(tag) for tag in tags)}]"] if tags else []
    if name == "featured":
        return ["featured: true"] if form.featured else []
    if name == "status":
        return [] if form.status == PUBLISHED else [f"status: {scalar(form.status)}"]
    if name == "stats":
        return _stats(form.stats, form.values.get("unit", "").strip())
    return _field(name, form.values.get(name, ""))


def _changed(name: str, before: ArticleForm, after: ArticleForm) -> bool:
    if name == "tags":
        return tag_list(before.values.get("tags", "")) != tag_list(after.values.get("tags", ""))
    return before.get(name) != after.get(name)


def write(original: str | None, form: ArticleForm) -> str:
    """The file's new text: original with the fields the form changed rewritten (a new file if None)."""
    layout_ = layout(original if original is not None else NEW_FILE)
    matter = split(original) if original is not None else None
    before = from_front_matter(matter.data, matter.body) if matter else ArticleForm(body=layout_.body)
    for name in FORM_FIELDS:
        if name == "body" or not _changed(name, before, form):
            continue
        lines = render_field(name, form)
        existing = [piece for piece in layout_.pieces if piece.key == name]
        if existing:
            existing[0].lines = lines
            layout_.pieces = [p for p in layout_.pieces if p.key != name or p is existing[0]]
        elif lines:
            layout_.pieces.insert(_place(layout_.pieces, name), Piece(name, lines))
    if form.body != before.body:
        body = form.body.strip("\n")
        layout_.body = f"\n{body}\n" if body else ""
    if form.suggested != before.suggested:
        # Written by the suggester's own writer (its layout and hint comment); removed when none is left.
        return with_suggestions(layout_.text(), form.suggested)
    return layout_.text()


def _place(pieces: list[Piece], name: str) -> int:
    """Where a new field goes: after the last field that comes before it in ORDER."""
    rank = ORDER.index(name)
    earlier = [i for i, p in enumerate(pieces) if p.key in ORDER and ORDER.index(p.key) < rank]
    if earlier:
        return earlier[-1] + 1
    later = [i for i, p in enumerate(pieces) if p.key in ORDER]
    return later[0] if later else len(pieces)
