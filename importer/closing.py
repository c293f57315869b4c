"""Author and source from an article's closing lines: 'Tác giả: ...', 'Nguồn tin: ...', or a bare
name or department on the last line, as the old portals' editors signed their articles."""

import re

from bs4 import Tag

from toandan.vietnamese.text import fold

_LABELLED = re.compile(r"^(?P<label>tác giả(?: bài viết)?|người viết|tin, ảnh|tin và ảnh|bài, ảnh|bài và ảnh|"
                       r"nguồn tin|nguồn|theo)\s*:\s*(?P<value>.+)$", re.IGNORECASE)
_SOURCE_LABELS = {"nguon tin", "nguon", "theo"}
_DEPARTMENT = re.compile(r"^(?:phòng|ban|công an|đội|hội|ủy ban|uỷ ban|ubnd|ubmttq|đoàn|văn phòng|trung tâm|sở|"
                         r"bộ chỉ huy|đồn|tỉnh đoàn|huyện đoàn|báo|đài|cổng thông tin)\b", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZÀ-Ỹ\u0110][\wÀ-ỹ]*[.,]?$")
MAX_WORDS = 12
DEPARTMENT_WORDS = 6  # "Phòng Cảnh sát hình sự"; longer is a sentence about the department


def _is_signature(block: Tag, text: str) -> bool:
    """A bare name or department: short, not a sentence, set apart (right-aligned or all in bold or
    italics) or written as a name."""
    words = text.split()
    if not words or len(words) > MAX_WORDS or text.endswith((":", ";", "?", "!")):
        return False
    if text.endswith(".") and len(words) > 4:
        return False
    style = fold(block.get("style", "") + " " + " ".join(block.get("class", []))).lower()
    set_apart = "right" in style or all(
        child.name in ("strong", "b", "em", "i") for child in block.children
        if getattr(child, "name", None) or str(child).strip())
    as_name = all(_NAME_WORD.match(word) for word in words) and len(words) <= 6
    return set_apart or as_name or (bool(_DEPARTMENT.match(text)) and len(words) <= DEPARTMENT_WORDS)


def closing_lines(blocks: list[Tag]) -> tuple[str, str, list[Tag]]:
    """(author, source, the blocks they came from) from the last blocks of an article, read from the
    end back while they are closing lines."""
    author = source = ""
    used: list[Tag] = []
    for block in reversed(blocks):
        text = " ".join(block.get_text(" ", strip=True).split())
        if not text:
            used.append(block)
            continue
        if match := _LABELLED.match(text):
            label = fold(match.group("label")).lower()
            value = match.group("value").strip().strip(".")
            if label in _SOURCE_LABELS:
                source = source or value
            else:
                author = author or value
            used.append(block)
            continue
        if block.find("img") is None and not (author and source) and _is_signature(block, text):
            value = text.strip(".")
            if _DEPARTMENT.match(value) and not source:
                source = value
            elif not author:
                author = value
            else:
                break
            used.append(block)
            continue
        break
    return author, source, [block for block in used if block.get_text(strip=True)]
