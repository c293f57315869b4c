"""The `stats_suggested` front matter field: suggestions from the prose, written for an editor.

with_suggestions() puts the field into an article's text and changes nothing else: the block
replaces the field where it already is, or goes last in the front matter; every other byte of
the file, comments and line endings included, stays as it was.
"""

import os
import re
import tempfile
from pathlib import Path
from typing import Iterable

import yaml

from toandan.vietnamese.prose_stats import Suggestion

FIELD = "stats_suggested"
ITEM_FIELDS = ("value", "indicator", "sentence")
HINT = "số liệu tìm thấy trong bài, chờ duyệt: chép số đúng vào stats rồi xóa mục này"
_PLAIN_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class FrontMatterMissing(ValueError):
    """The text has no front matter between two '---' lines to write into."""


def _quoted(text: str) -> str:
    """text as a YAML double-quoted scalar on one line, escaped by PyYAML's own emitter."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=2**31).rstrip("\n")


def block(suggestions: Iterable[Suggestion], newline: str = "\n") -> str:
    """The field's YAML lines, or '' when there is no suggestion."""
    lines = []
    for suggestion in suggestions:
        key = suggestion.indicator if _PLAIN_KEY.fullmatch(suggestion.indicator) else _quoted(suggestion.indicator)
        lines += [f"  - value: {_quoted(suggestion.value)}", f"    indicator: {key}",
                  f"    sentence: {_quoted(suggestion.sentence)}"]
    return newline.join([f"{FIELD}:  # {HINT}", *lines, ""]) if lines else ""


def _last_line(node: yaml.Node) -> int:
    """The last line (0-based) that holds any part of node's value; shared nodes visited once."""
    last, seen, stack = node.start_mark.line, set(), [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.ScalarNode) or current.flow_style:
            # A block collection ends where the next token begins: a comment below it is not its.
            end = current.end_mark
            last = max(last, end.line if end.column > 0 else end.line - 1)
        if isinstance(current, yaml.SequenceNode):
            stack += current.value
        elif isinstance(current, yaml.MappingNode):
            stack += [part for pair in current.value for part in pair]
    return last


def with_suggestions(text: str, suggestions: list[Suggestion]) -> str:
    """text with its `stats_suggested` field set to suggestions (removed when there are none).
    Raises FrontMatterMissing, or yaml.YAMLError when the front matter is not YAML."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].lstrip("\ufeff").rstrip("\r\n").strip() != "---":
        raise FrontMatterMissing("tệp phải bắt đầu bằng dòng '---' rồi đến phần thông tin (YAML)")
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").strip() in ("---", "...")), None)
    if close is None:
        raise FrontMatterMissing("thiếu dòng '---' đóng phần thông tin đầu bài")
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    written = block(suggestions, newline)
    start, end = close, close  # where the field is: lines[start:end], 1-based with the opening '---'
    node = yaml.compose("".join(lines[1:close]), Loader=yaml.BaseLoader)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == FIELD:
                start, end = 1 + key.start_mark.line, 2 + max(key.start_mark.line, _last_line(value))
    if start == close and close > 1 and not lines[close - 1].endswith("\n"):
        written = newline + written  # the front matter's last line ends without a line break
    return "".join(lines[:start]) + written + "".join(lines[end:])


def write_suggestions(path: Path, suggestions: list[Suggestion]) -> bool:
    """Set the field in the file at path; True when the file changed. The new text replaces the
    old in one rename, so a reader never sees half a file."""
    text = path.read_bytes().decode("utf-8")
    changed = with_suggestions(text, suggestions)
    if changed == text:
        return False
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(changed)
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
