"""Scheduled articles: those whose time has come and that are not on the published site yet.

An article dated in the future is read as a draft until then (WITH_FUTURE_DATES = False), and a
draft is never written; nothing in its files changes when its time comes, so ./dev publish-due asks
the published site instead: a published article whose time has passed and whose page is missing is due.
"""

import re
from datetime import datetime
from pathlib import Path

import yaml

from content_model.frontmatter import FrontMatterError, split
from toandan.building.publish import load_settings
from toandan.vietnamese.dates import parse_datetime
from toandan.vietnamese.text import slugify

# The date line of a front matter, found without parsing the YAML: every article is looked at each
# minute, and only those whose date has passed are read properly.
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_DATE = re.compile(r"^date:[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*(?:#.*)?$", re.MULTILINE)


def due_articles(settings_file: Path, output: Path, now: datetime) -> list[str]:
    """The articles (paths under content/) that are due to be published at now."""
    settings = load_settings(settings_file)
    content = Path(settings["PATH"])
    found = []
    for folder in settings["ARTICLE_PATHS"]:
        for path in sorted((content / folder).rglob("*.md")):
            if _due(path, settings, output, now):
                found.append(path.relative_to(content.parent).as_posix())
    return found


def _line_value(head: str, name: str) -> str | None:
    """One top-level field's value read from its own line alone, or None."""
    if not (found := re.search(rf"^{name}:[^\n]*$", head, re.MULTILINE)):
        return None
    raw = found[0][len(name) + 1 :].strip()
    if raw and raw[0].isalnum() and " #" not in raw and ": " not in raw:
        return raw  # a plain value, as most are: read as YAML would read it
    try:
        value = yaml.load(found[0], Loader=_LOADER)
    except yaml.YAMLError:
        return None
    return value.get(name) if isinstance(value, dict) and isinstance(value.get(name), str) else None


def _page(settings: dict, output: Path, date: datetime, slug: str) -> Path | None:
    try:
        return output / settings["ARTICLE_SAVE_AS"].format(date=date, slug=slug)
    except (KeyError, AttributeError, IndexError):
        return None


def _due(path: Path, settings: dict, output: Path, now: datetime) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
        head = text[: text.find("\n---", 3) + 1] if "\n---" in text else text
        if not (line := _DATE.search(head)) or (date := parse_datetime(line[1])) > now:
            return False
        # The usual case, every minute, for every article: its page is there. Seen from its own lines.
        slug = _line_value(head, "slug") or slugify(_line_value(head, "title") or "")
        if slug and (page := _page(settings, output, date, slug)) and page.exists():
            return False
        matter = split(text)
        date = parse_datetime(matter.data["date"])
    except (UnicodeDecodeError, FrontMatterError, ValueError, KeyError, TypeError, AttributeError):
        return False  # a file the build would refuse: ./dev check names it
    data = matter.data
    if (data.get("status") or "published") != "published":
        return False
    slug = data.get("slug") or slugify(str(data.get("title") or ""))
    page = _page(settings, output, date, slug)
    return page is not None and not page.exists()
