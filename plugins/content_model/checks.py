"""Checks across the whole site, run once every file has been read."""

from collections import defaultdict
from pathlib import Path

from toandan.building.problems import ContentError, Problem
from toandan.building.plugin_settings import plugin_settings

from toandan.building.hooks import PROBLEMS_KEY

from .reader import SUGGESTIONS_KEY, ContentModelSettings
from .registry import load_registry


def collect_problems(generator, metadata: dict) -> None:
    """Move a file's problems from its metadata into the build's context."""
    if problems := metadata.pop(PROBLEMS_KEY, None):
        generator.context.setdefault(PROBLEMS_KEY, []).extend(problems)


def collect_suggestions(generator, metadata: dict) -> None:
    """Move an article's count of stats_suggested into the build's context, out of the article:
    nothing of the suggestions reaches a page."""
    if count := metadata.pop(SUGGESTIONS_KEY, None):
        generator.context.setdefault(SUGGESTIONS_KEY, {})[metadata["source_label"]] = count


def suggestions_waiting(generators) -> dict[str, int]:
    """Each article with suggestions from the prose waiting for review, and how many it has."""
    return dict(sorted(generators[0].context.get(SUGGESTIONS_KEY, {}).items()))


def _published(generators) -> tuple[list, list]:
    articles, pages = [], []
    for generator in generators:
        articles += getattr(generator, "articles", []) + getattr(generator, "hidden_articles", [])
        pages += getattr(generator, "pages", []) + getattr(generator, "hidden_pages", [])
    return articles, pages


def _duplicates(items, key, what: str) -> list[Problem]:
    groups = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    problems = []
    for value, group in groups.items():
        if len(group) > 1:
            labels = sorted(item.source_label for item in group)
            for label in labels:
                others = ", ".join(other for other in labels if other != label)
                problems.append(Problem(label, None, f"{what} '{value}' trùng với {others}"))
    return problems


def site_problems(generators) -> list[Problem]:
    """Every problem of this build: per file, registries, duplicates, unread files."""
    context = generators[0].context
    settings = generators[0].settings
    options = plugin_settings(ContentModelSettings, settings, "CONTENT_MODEL")
    _, problems = load_registry(Path(settings["PATH"], options.data_dir), options.data_dir)
    problems += context.get(PROBLEMS_KEY, [])
    articles, pages = _published(generators)
    problems += _duplicates(articles, lambda a: a.slug, "slug")
    problems += _duplicates(articles + pages, lambda c: c.url, "địa chỉ")
    content_label = Path(settings["PATH"]).name
    for source, result in context.get("generated_content", {}).items():
        if result is None:
            problems.append(Problem(f"{content_label}/{source}", None,
                                    "Pelican không đọc được tệp này (xem thông báo phía trên)"))
    return problems


def fail_on_problems(generators) -> None:
    """Stop the build before anything is written when the content has problems."""
    if problems := site_problems(generators):
        raise ContentError(problems)
