"""Split a Markdown file into YAML front matter and body, keeping line numbers.

Every scalar stays a string (YAML's base schema), so '8.230' reaches the
figure parser as written instead of becoming the float 8.23.
"""

from dataclasses import dataclass, field

import yaml

_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
Path = tuple[str | int, ...]


class FrontMatterError(ValueError):
    """The front matter cannot be read at all."""

    def __init__(self, line: int | None, reason: str):
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass
class FrontMatter:
    """Front matter values, the line each came from, and the Markdown body."""

    data: dict
    body: str
    body_line: int
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)

    def line(self, *path: str | int) -> int | None:
        """The line of a value, or of its nearest enclosing key."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None


def _convert(node: yaml.Node, path: Path, matter: FrontMatter, offset: int):
    matter.lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), matter, offset) for i, item in enumerate(node.value)]
    mapping: dict = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise FrontMatterError(key_node.start_mark.line + 1 + offset, "tên trường phải là chữ")
        key = key_node.value
        if key in mapping:
            matter.duplicates.append((".".join(map(str, path + (key,))), key_node.start_mark.line + 1 + offset))
        matter.lines[path + (key,)] = key_node.start_mark.line + 1 + offset
        mapping[key] = _convert(value_node, path + (key,), matter, offset)
    return mapping


def split(text: str) -> FrontMatter:
    """Parse '---\\n<yaml>\\n---\\n<markdown>'. Raises FrontMatterError."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError(1, "tệp phải bắt đầu bằng dòng '---' rồi đến phần thông tin (YAML)")
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            break
    else:
        raise FrontMatterError(1, "thiếu dòng '---' đóng phần thông tin đầu bài")
    matter = FrontMatter(data={}, body="\n".join(lines[index + 1 :]), body_line=index + 2)
    _load("\n".join(lines[1:index]), matter, offset=1)
    return matter


def load_yaml(text: str) -> FrontMatter:
    """Parse a whole YAML data file the same way, line numbers included."""
    matter = FrontMatter(data={}, body="", body_line=0)
    _load(text, matter, offset=0)
    return matter


def _load(source: str, matter: FrontMatter, offset: int) -> None:
    try:
        node = yaml.compose(source, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark  # where the broken construct began
        line = mark.line + 1 + offset if mark else None
        reason = " ".join(filter(None, [error.context, error.problem]))
        if "mapping values are not allowed" in reason:
            reason += " (giá trị có dấu ':' thì đặt trong ngoặc kép, ví dụ title: \"A: B\")"
        raise FrontMatterError(line, f"YAML sai cú pháp: {reason}") from None
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(1 + offset, "nội dung YAML phải gồm các dòng 'tên: giá trị'")
    matter.data = _convert(node, (), matter, offset)
