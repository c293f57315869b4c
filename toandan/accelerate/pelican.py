"""Pelican, the one place that reaches into its internals: translations and period archives found
group by group, the writer's file opening (pages linked from the previous build), and the caches
a build kept in memory must forget when content changes in place.

Checked against Pelican 4.11 and 4.12 (the range in pyproject.toml). Where a check fails, Pelican's
own path runs: its process_translations and _build_period_archives, its own Writer (every page
rendered), and a full build for every change (no update in place, no build taken up from disk).
"""

import calendar
import inspect
import types
from collections import defaultdict
from itertools import groupby
from operator import attrgetter

from pelican import generators, utils
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, Generator
from pelican.writers import Writer

from toandan import accelerate

CHECKED = ("4.11", "4.13")  # Pelican releases this was checked against: from, below
PELICANS = utils.process_translations


def _ready(name: str, needs, settings: dict | None) -> bool:
    return accelerate.ready(name, "pelican", CHECKED, needs, settings)


# Translations. Pelican's process_translations ends by keeping the articles that are `not in` the
# list of originals: a scan of that list (Content has no __eq__) for each article, growing with the
# square of their number. Given one group of articles with the same translation id at a time, it
# answers the same lists, in the same order, with the same warnings.

def process_translations(content_list, translation_id=None):
    """What Pelican's process_translations answers, for the same arguments."""
    if not translation_id:
        return PELICANS(content_list, translation_id)
    key = attrgetter(*([translation_id] if isinstance(translation_id, str) else translation_id))
    try:
        content_list.sort(key=key)  # in place, as Pelican's does
    except (TypeError, AttributeError):
        return PELICANS(content_list, translation_id)  # which raises its own explanation
    index, translations = [], []
    for _, group in groupby(content_list, key):
        originals, others = PELICANS(list(group), translation_id)
        index += originals
        translations += others
    return index, translations


def _translations_needs() -> str | None:
    if problem := accelerate.missing_attribute(generators, "process_translations"):
        return problem
    pelicans = PELICANS if generators.process_translations is process_translations else generators.process_translations
    return accelerate.signature_problem(pelicans, ("content_list", "translation_id"))


def find_translations_by_group(settings: dict) -> None:
    """Pelican's generators call process_translations by the name they imported: ours, or (the
    accelerator off) Pelican's again."""
    if _ready("pelican.translations", _translations_needs, settings):
        generators.process_translations = process_translations
    elif getattr(generators, "process_translations", None) is process_translations:
        generators.process_translations = PELICANS


# Period archives. Pelican gives each period the site's articles that are in it by asking
# `article in dates` of every article, for every period. These are the same dictionaries, with the
# same lists in the same order; only membership is answered from identities.

GRANULARITIES = {
    "year": attrgetter("date.year"),
    "month": attrgetter("date.year", "date.month"),
    "day": attrgetter("date.year", "date.month", "date.day"),
}


def period_archives(generator, sorted_articles, articles, settings) -> defaultdict:
    """What ArticlesGenerator._build_period_archives answers, for the same arguments."""
    archives = defaultdict(list)
    for granularity, key in GRANULARITIES.items():
        save_as = settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"]
        url = settings[f"{granularity.upper()}_ARCHIVE_URL"]
        if not save_as:
            continue  # these archives are not wanted
        for period, group in groupby(sorted_articles, key=key):
            dates = list(group)
            members = frozenset(map(id, dates))
            first = dates[0].date  # any date of the period gives its address
            archive = {"dates": dates, "articles": [a for a in articles if id(a) in members],
                       "save_as": save_as.format(date=first), "url": url.format(date=first)}
            if granularity == "year":
                archive["period"] = archive["period_num"] = (period,)
            else:
                archive["period"] = (period[0], calendar.month_name[period[1]], *period[2:])
                archive["period_num"] = tuple(period)
            archives[granularity].append(archive)
    return archives


def _periods_needs() -> str | None:
    return (accelerate.missing_attribute(ArticlesGenerator, "_build_period_archives")
            or accelerate.signature_problem(ArticlesGenerator._build_period_archives,
                                            ("self", "sorted_articles", "articles", "settings")))


def group_periods_at_once(generator) -> None:
    """Have this generator build its period archives here (its own method, not Pelican's class)."""
    if isinstance(generator, ArticlesGenerator) and _ready("pelican.period_archives", _periods_needs,
                                                           generator.settings):
        generator._build_period_archives = types.MethodType(period_archives, generator)


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


def forget_templates(generator) -> None:
    """A generator taken up from disk loads its templates again, from its own environment."""
    generator._templates = {}


# A content's HTML as read (before Pelican replaces its links) and the context it was read in:
# Content keeps them as _content and _context, which plugins read and write as Pelican's own do;
# there is no public path to them. TEXT_ATTRIBUTES: what holds a content's text (body, summary).

TEXT_ATTRIBUTES = frozenset({"_content", "_summary"})


def html_as_read(content) -> str:
    return content._content or ""


def replace_html(content, html: str) -> None:
    content._content = html


def context_read_in(content) -> dict:
    return content._context or {}
