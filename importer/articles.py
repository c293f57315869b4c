"""The article files the import writes, and what it finds already written.

Each file starts with a comment holding a digest of what the import wrote. On the next import the
same page (the same legacy_url) goes to the same file: unchanged when the new text is the same, updated
when the page changed, and left alone when an editor has changed the file since (its text no longer
has the digest), unless --force.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

# What YAML refuses to read anywhere in a file (control characters, U+FFFE/U+FFFF, lone surrogates):
# an old page mis-encoded holds some, and one in the front matter would make the article unreadable.
_UNREADABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
STAMP = re.compile(r"^# Nhập từ cổng cũ \(.*\); dấu nhập: ([0-9a-f]{16})\n", re.MULTILINE)
IMPORTED, UPDATED, UNCHANGED, EDITED = "imported", "updated", "unchanged", "edited"


@dataclass
class Existing:
    """An article already under content/articles: its path, slug and old address."""

    path: Path
    slug: str
    legacy_url: str
    draft: bool
    legacy_views: str
    legacy_rating: str = ""
    imported: bool = False  # written by the import (it has the digest line)


def front_matter(text: str) -> dict:
    """The front matter of a file, every value text; {} when it has none or it does not parse."""
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end < 0:
        return {}
    try:
        data = yaml.load(text[3:end], Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def existing_articles(articles_dir: Path) -> list[Existing]:
    found = []
    for path in sorted(articles_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        data = front_matter(text)
        slug = data.get("slug") or path.stem
        found.append(Existing(path, str(slug), str(data.get("legacy_url") or ""), data.get("status") == "draft",
                              str(data.get("legacy_views") or ""), str(data.get("legacy_rating") or ""),
                              STAMP.search(text) is not None))
    return found


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stamped(text: str, layout: str) -> str:
    """The article's text with its digest line after the opening '---'."""
    head, rest = text.split("\n", 1)
    return f"{head}\n# Nhập từ cổng cũ ({layout}); dấu nhập: {digest(text)}\n{rest}"


def unstamped(text: str) -> tuple[str, str | None]:
    match = STAMP.search(text)
    if not match:
        return text, None
    return text[:match.start()] + text[match.end():], match.group(1)


def write_article(path: Path, text: str, layout: str, force: bool) -> str:
    """Write text to path, stamped; answers IMPORTED, UPDATED, UNCHANGED or EDITED (left alone)."""
    if path.exists():
        old, stamp = unstamped(path.read_text(encoding="utf-8"))
        if old == text and stamp == digest(text):
            return UNCHANGED
        if (stamp is None or stamp != digest(old)) and not force:
            return EDITED
        outcome = UPDATED
    else:
        outcome = IMPORTED
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.importing")
    partial.write_text(stamped(text, layout), encoding="utf-8")
    partial.replace(path)
    return outcome


def readable(text: str) -> str:
    """text without the characters YAML cannot read (invisible ones: nothing a reader sees is lost)."""
    return _UNREADABLE.sub("", text)


def quoted(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is one) on one line."""
    return json.dumps(" ".join(readable(value).split()), ensure_ascii=False)
