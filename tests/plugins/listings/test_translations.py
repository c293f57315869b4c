"""Translations found group by group are Pelican's own: the same lists, in the same order."""

import logging
from collections import defaultdict
from datetime import datetime

import pytest

import pelican.generators
from pelican.contents import Article
from pelican.log import LimitFilter
from pelican.settings import DEFAULT_CONFIG

from toandan.accelerate.pelican import PELICANS, process_translations
from sitekit import Site, write_article


def _articles() -> list[Article]:
    settings = {**DEFAULT_CONFIG, "DEFAULT_LANG": "vi"}
    specs = [(f"bai-{n % 40:02d}", "vi", None) for n in range(40)]  # one article a slug, mostly
    specs += [("bai-03", "en", None), ("bai-07", "en", "true"), ("bai-09", "vi", None),  # a translation, two in vi
              ("chi-dich", "en", "true"), ("chi-dich", "fr", "true"),  # every one of the group a translation
              ("khong-vi", "en", None), ("khong-vi", "fr", None)]  # none in the default language
    articles = []
    for number, (slug, lang, translation) in enumerate(specs[::-1]):  # not in slug order
        metadata = {"title": f"Bài {number}", "slug": slug, "lang": lang, "date": datetime(2021, 1, 1 + number % 28)}
        if translation:
            metadata["translation"] = translation
        articles.append(Article(f"<p>{number}</p>", metadata=metadata, settings=settings,
                                source_path=f"/site/content/{number}.md"))
    return articles


def test_translations_are_pelicans_own(caplog, monkeypatch):
    answers = []
    for find in (PELICANS, process_translations):
        # Pelican's log says a message once per process: each run starts from none said.
        monkeypatch.setattr(LimitFilter, "_raised_messages", set())
        monkeypatch.setattr(LimitFilter, "_group_count", defaultdict(int))
        articles = _articles()
        with caplog.at_level(logging.WARNING):
            caplog.clear()
            index, translations = find(articles, "slug")
            warnings = [record.getMessage().split(":")[0] for record in caplog.records]
        titles = {id(a): a.title for a in articles}
        answers.append(([a.title for a in articles], [a.title for a in index], [a.title for a in translations],
                        {a.title: [titles[id(t)] for t in a.translations] for a in articles}, warnings))
    pelicans, ours = answers
    assert ours == pelicans
    assert pelicans[2] and any(pelicans[3].values()) and pelicans[4]  # translations found, and warned of


@pytest.mark.slow
def test_a_build_finds_translations_group_by_group(tmp_path):
    site = Site(tmp_path)
    for number in range(3):
        write_article(site, number)
    site.build()
    assert pelican.generators.process_translations is process_translations
