"""Pelican, the one place that reaches into its internals: the writer's file opening (pages linked
from the previous build), the caches a build kept in memory must forget when content changes in
place, a content's HTML as read, and the generator classes a build makes (reading without writing).

Checked against Pelican 4.11 and 4.12 (the range in pyproject.toml). Where a check fails, Pelican's
own path runs: its own Writer (every page rendered), and a full build for every change (no update
in place, no build taken up from disk).
"""

import inspect

from pelican.contents import Content
from pelican.generators import Generator
from pelican.writers import Writer

from toandan import accelerate

CHECKED = ("4.11", "4.13")  # Pelican releases this was checked against: from, below


def _ready(name: str, needs, settings: dict | None) -> bool:
    return accelerate.ready(name, "pelican", CHECKED, needs, settings)


# The writer. Pelican's Writer opens each file it writes through _open_w, and records it in
# _written_files (to warn of a file written twice).

def _writer_needs() -> str | None:
    if problem := (accelerate.missing_attribute(Writer, "_open_w")
                   or accelerate.signature_problem(Writer._open_w, ("self", "filename", "encoding", "override"))):
        return problem
    if not isinstance(getattr(Writer("", settings={}), "_written_files", None), set):
        return "Writer không còn tập _written_files"
    return None


def writer_ready(settings: dict) -> bool:
    return _ready("pelican.writer", _writer_needs, settings)


class OpeningWriter(Writer):
    """Pelican's Writer, with each file it opens first offered to open_instead: an object to write
    into in its place (recorded as written, as Pelican records a file), or a path to open instead."""

    def open_instead(self, filename: str) -> tuple[object | None, str]:
        return None, filename

    def _open_w(self, filename, encoding, override=False):
        stand_in, opened = self.open_instead(filename)
        if stand_in is not None:
            self._written_files.add(filename)
            return stand_in
        return super()._open_w(opened, encoding, override=override)


# What a build kept in memory forgets when content changes in place: Pelican memoises get_content
# and get_summary for the whole process, by object; each generator caches its loaded templates.

MEMOISED = ("get_content", "get_summary")


def _memo_needs() -> str | None:
    for method in MEMOISED:
        if not isinstance(getattr(Content.__dict__.get(method), "cache", None), dict):
            return f"Content.{method} không còn bộ nhớ cache"
    if "self._templates" not in inspect.getsource(Generator.get_template):
        return "Generator.get_template không còn dùng _templates"
    return None


def in_place_ready(settings: dict | None = None) -> bool:
    """Whether a build kept in memory or on disk can be updated in place; otherwise every change
    gets a full build."""
    return _ready("pelican.in_place", _memo_needs, settings)


def forget_memoised(contents=None) -> None:
    """Forget the given contents' memoised text (changed in place), or everything (a new build)."""
    for method in MEMOISED:
        cache = getattr(Content.__dict__.get(method), "cache", None)
        if not isinstance(cache, dict):
            continue
        if contents is None:
            cache.clear()
        else:
            ids = {id(content) for content in contents}
            for key in [key for key in cache if id(key[0]) in ids]:
                del cache[key]


# Where a generator caches the templates it loaded (Generator.get_template): not kept with a build
# on disk (toandan.building.snapshot), made again empty.
TEMPLATES_ATTRIBUTE = "_templates"


def forget_templates(generator) -> None:
    """A generator taken up from disk loads its templates again, from its own environment."""
    generator._templates = {}


# A content's HTML as read (before Pelican replaces its links) and the context it was read in:
# Content keeps them as _content and _context, which plugins read and write as Pelican's own do;
# there is no public path to them. TEXT_ATTRIBUTES: what holds a content's text (body, summary);
# BODY_ATTRIBUTE its body as read, CONTEXT_ATTRIBUTE the build context it was read in.

BODY_ATTRIBUTE = "_content"
CONTEXT_ATTRIBUTE = "_context"
TEXT_ATTRIBUTES = frozenset({BODY_ATTRIBUTE, "_summary"})


def html_as_read(content) -> str:
    return content._content or ""


def replace_html(content, html: str) -> None:
    content._content = html


def context_read_in(content) -> dict:
    return content._context or {}


# The generator classes a build makes, in Pelican's order (its own, then the plugins', static
# last): Pelican.run makes and runs them at once, and reading without writing (toandan.building.publish
# read_site) needs them made alone; Pelican keeps that list behind _get_generator_classes.

def generator_classes(pelican) -> list:
    return list(pelican._get_generator_classes())
