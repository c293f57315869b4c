"""The article files under content/: listing, safe paths, reading and saving without losing anything."""

import hashlib
import os
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from content_model.frontmatter import FrontMatterError, split
from toandan.vietnamese import dates
from toandan.search.analysis import EXACT, FOLDED
from toandan.vietnamese.text import slugify

from .model import PUBLISHED


class UnsafePath(ValueError):
    """A path or slug that would leave the articles folder, or is not an article file."""


class Conflict(Exception):
    """The file changed on disk since the editor opened it."""

    def __init__(self, on_disk: str | None, kept: Path):
        super().__init__("changed on disk")
        self.on_disk = on_disk
        self.kept = kept  # where the editor's version was saved aside


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Entry:
    """One article in the list."""

    path: str  # relative to the articles folder, with '/'
    title: str
    date: datetime | None
    category: str
    unit: str
    status: str
    slug: str
    broken: str = ""  # why the front matter cannot be read at all
    tags: tuple[str, ...] = ()

    def matches(self, query: str, exactly: bool = False) -> bool:
        """Every word of query is a word of the title, both read by the site's search analyzer: folded
        (typed with or without diacritics, in any case), or as typed when exactly."""
        analyzer = EXACT if exactly else FOLDED
        title = set(analyzer.words(self.title))
        return all(word in title for word in analyzer.words(query))


def digest(text: str | None) -> str:
    return "" if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


class Articles:
    def __init__(self, folder: Path, conflicts: Path):
        self.folder = folder
        self.conflicts = conflicts
        self._saving = threading.Lock()  # the check against the opened version and the write, as one
        self._entries: dict[str, tuple[tuple[int, int], Entry]] = {}  # by path: its stamp, and what it said

    def resolve(self, relative: str) -> Path:
        """An article file from its path in the folder; refuses '..', absolute paths, NUL and non-.md names."""
        if not relative or "\x00" in relative or "\\" in relative or relative.startswith("/"):
            raise UnsafePath(relative)
        parts = relative.split("/")
        if any(part in ("", ".", "..") or part.startswith(".") for part in parts) or not relative.endswith(".md"):
            raise UnsafePath(relative)
        path = self.folder.joinpath(*parts)
        root = self.folder.resolve()
        if root not in path.resolve().parents:
            raise UnsafePath(relative)
        return path

    def new_path(self, slug: str, moment: datetime) -> str:
        """Where a new article goes: <year>/<slug>.md; the slug must be a plain slug."""
        if not _SLUG.fullmatch(slug):
            raise UnsafePath(slug)
        return f"{moment:%Y}/{slug}.md"

    def read(self, relative: str) -> str | None:
        path = self.resolve(relative)
        try:
            return path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            return None

    def save(self, relative: str, text: str, opened_digest: str, account: str) -> None:
        """Writes text atomically, unless the file is no longer what the editor opened (opened_digest;
        '' for a new file): then the editor's text is kept aside and Conflict raised."""
        path = self.resolve(relative)
        with self._saving:
            try:
                current = path.read_bytes().decode("utf-8", errors="replace")
            except FileNotFoundError:
                current = None
            if digest(current) != opened_digest:
                raise Conflict(current, self.keep_aside(relative, text, account))
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.desk-{os.getpid()}")
            temporary.write_text(text, encoding="utf-8", newline="")
            os.replace(temporary, path)

    def delete(self, relative: str, opened_digest: str, account: str) -> Path:
        """Removes the file, unless it changed since it was opened (Conflict); its text is kept aside first."""
        path = self.resolve(relative)
        with self._saving:
            current = path.read_bytes().decode("utf-8", errors="replace")
            if digest(current) != opened_digest:
                raise Conflict(current, self.keep_aside(relative, current, account))
            kept = self.keep_aside(relative, current, account, "xoa")
            path.unlink()
        return kept

    def keep_aside(self, relative: str, text: str, account: str, why: str = "") -> Path:
        """The editor's version of a refused save, under var/, so that nothing typed is lost."""
        self.conflicts.mkdir(parents=True, exist_ok=True)
        name = f"{dates.now():%Y%m%d-%H%M%S}-{account}-{why + '-' if why else ''}{relative.replace('/', '-')}"
        target = self.conflicts / name
        target.write_text(text, encoding="utf-8", newline="")
        return target

    def entries(self) -> list[Entry]:
        """Every article, newest first; a file's front matter is read again only when the file changed."""
        found, seen = [], {}
        for path in self.folder.rglob("*.md"):
            relative = path.relative_to(self.folder).as_posix()
            if any(part.startswith(".") for part in relative.split("/")):
                continue
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            stamp = (stat.st_mtime_ns, stat.st_size)
            cached = self._entries.get(relative)
            entry = cached[1] if cached and cached[0] == stamp else _entry(relative, path)
            seen[relative] = (stamp, entry)
            found.append(entry)
        self._entries = seen
        return sorted(found, key=lambda e: (e.date is not None, e.date or datetime.min, e.path), reverse=True)


def _entry(relative: str, path: Path) -> Entry:
    try:
        matter = split(path.read_text(encoding="utf-8"))
    except (FrontMatterError, UnicodeDecodeError) as error:
        return Entry(relative, relative, None, "", "", "", "", broken=getattr(error, "reason", str(error)))
    data = matter.data

    def text(name: str) -> str:
        value = data.get(name)
        return value.strip() if isinstance(value, str) else ""

    try:
        moment = dates.parse_datetime(text("date")) if text("date") else None
    except ValueError:
        moment = None
    title = text("title") or relative
    tags = data.get("tags")
    tags = tags.split(",") if isinstance(tags, str) else tags if isinstance(tags, list) else []
    return Entry(relative, title, moment, text("category"), text("unit"), text("status") or PUBLISHED,
                 text("slug") or slugify(title), tags=tuple(t.strip() for t in tags if isinstance(t, str) and t.strip()))
