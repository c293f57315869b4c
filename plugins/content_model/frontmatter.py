"""Split a Markdown file into YAML front matter and body, keeping line numbers.

Every scalar stays a string (YAML's base schema), so '8.230' reaches the
figure parser as written instead of becoming the float 8.23. Anchors and aliases
are refused: a few hundred bytes of nested aliases expand to billions of values.
"""

import unicodedata
from dataclasses import dataclass, field

import yaml
from yaml.composer import Composer

_FastLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
Path = tuple[str | int, ...]
FRONT_MATTER_LIMIT = 64 * 1024  # bytes between the two '---' lines; a long text belongs in the body
NESTING_LIMIT = 32  # levels of values, the fields and the innermost text included (stats use six); composing recurses


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


class _Refused(Exception):
    """An anchor or alias, or nesting too deep, met while composing, before any of it is expanded."""

    def __init__(self, event: yaml.Event, reason: str):
        super().__init__(reason)
        self.event = event
        self.reason = reason


class _RefusingComposer(Composer):
    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(event, _refusal(event))
        if self.depth >= NESTING_LIMIT:
            raise _Refused(event, _too_deep())
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _RefusingLoader(_RefusingComposer, _FastLoader):
    """The same parser and base schema, composed in Python event by event so that an anchor or
    alias stops it."""

    def __init__(self, stream):
        _FastLoader.__init__(self, stream)
        Composer.__init__(self)


def _loader_for(source: str) -> type:
    """libyaml's own composer where no anchor or alias can occur (each needs '&' or '*'), as it
    is faster; otherwise the refusing one."""
    return _RefusingLoader if "&" in source or "*" in source else _FastLoader


def _convert(node: yaml.Node, path: Path, matter: FrontMatter, offset: int):
    matter.lines.setdefault(path, node.start_mark.line + 1 + offset)
    if len(path) >= NESTING_LIMIT:
        raise FrontMatterError(node.start_mark.line + 1 + offset, _too_deep())
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
    source = "\n".join(lines[1:index])
    if len(source) * 4 > FRONT_MATTER_LIMIT and len(source.encode("utf-8")) > FRONT_MATTER_LIMIT:
        raise FrontMatterError(1, f"phần thông tin đầu bài dài quá {FRONT_MATTER_LIMIT // 1024} KB "
                                  f"(đến dòng {index + 1}); nội dung dài hãy đưa xuống thân bài")
    _load(source, matter, offset=1)
    return matter


def load_yaml(text: str) -> FrontMatter:
    """Parse a whole YAML data file the same way, line numbers included."""
    matter = FrontMatter(data={}, body="", body_line=0)
    _load(text, matter, offset=0)
    return matter


def _load(source: str, matter: FrontMatter, offset: int) -> None:
    try:
        node = yaml.compose(source, Loader=_loader_for(source))
    except _Refused as refused:
        raise FrontMatterError(refused.event.start_mark.line + 1 + offset, refused.reason) from None
    except yaml.reader.ReaderError as error:
        raise _unreadable(source, error, offset) from None
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


def _refusal(event: yaml.Event) -> str:
    if isinstance(event, yaml.AliasEvent):
        what = f"bí danh YAML '*{event.anchor}'"
    else:
        what = f"neo YAML '&{event.anchor}'"
    return (f"không được dùng {what}: neo và bí danh chép lại cả một khối giá trị, lồng nhau thì "
            "nhân lên hàng tỷ lần; hãy viết thẳng từng giá trị")


def _too_deep() -> str:
    return f"danh sách và nhóm lồng nhau quá {NESTING_LIMIT} tầng"


def _unreadable(source: str, error: yaml.reader.ReaderError, offset: int) -> FrontMatterError:
    """The character YAML refused, with its line: the reader stops at its first occurrence."""
    character = chr(error.character) if isinstance(error.character, int) else None
    position = source.find(character) if character else -1
    if position < 0:
        return FrontMatterError(None, f"YAML không đọc được: {error.reason}")
    line = source.count("\n", 0, position) + 1 + offset
    column = position - source.rfind("\n", 0, position)
    kind = "ký tự điều khiển" if unicodedata.category(character) == "Cc" else "ký tự không được phép"
    hint = " (dấu ngắt dòng của Word, lọt vào khi dán chữ)" if character == "\x0b" else ""
    return FrontMatterError(line, f"{kind} U+{error.character:04X}{hint} ở dòng {line}, cột {column}: "
                                  "ký tự này không nhìn thấy được; hãy xóa nó")


def not_utf8(data: bytes) -> FrontMatterError:
    """Where in a file that is not UTF-8 the first wrong byte is: its line, and the byte."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return FrontMatterError(line, f"tệp không phải UTF-8: byte 0x{data[error.start]:02X} ở dòng {line} "
                                      f"({error.reason}); hãy lưu lại tệp với bảng mã UTF-8")
    return FrontMatterError(None, "tệp không phải UTF-8")
