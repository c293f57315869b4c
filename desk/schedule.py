"""Scheduled articles: those whose time has come and that are not on the published site yet.

An article dated in the future is built as a draft until then (WITH_FUTURE_DATES = False); nothing
in its files changes when its time comes, so ./dev publish-due asks the published site instead:
a published article whose time has passed and whose page is missing is due.
"""

import re
from datetime import datetime
from pathlib import Path

from content_model.frontmatter import FrontMatterError, split
from toandan.build.publish import load_settings
from toandan.vietnamese.dates import parse_datetime
from toandan.vietnamese.text import slugify

# The date line of a front matter, found without parsing the YAML: every article is looked at each
# minute, and only those whose date has passed are read properly.
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


def _due(path: Path, settings: dict, output: Path, now: datetime) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
        head = text[: text.find("\n---", 3) + 1] if "\n---" in text else text
        if not (line := _DATE.search(head)) or parse_datetime(line[1]) > now:
            return False
        matter = split(text)
        date = parse_datetime(matter.data["date"])
    except (UnicodeDecodeError, FrontMatterError, ValueError, KeyError, TypeError, AttributeError):
        return False  # a file the build would refuse: ./dev check names it
    data = matter.data
    if (data.get("status") or "published") != "published":
        return False
    slug = data.get("slug") or slugify(str(data.get("title") or ""))
    try:
        page = output / settings["ARTICLE_SAVE_AS"].format(date=date, slug=slug)
    except (KeyError, AttributeError, IndexError):
        return False
    return not page.exists()
