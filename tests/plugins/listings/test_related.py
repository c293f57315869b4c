"""Related articles: most shared tags first, then newest; then the same category."""

import random
from collections import defaultdict
from datetime import datetime, timedelta
from types import SimpleNamespace

from pelican.urlwrappers import Category, Tag

from listings.related import RELATED, link_articles

SETTINGS = {"TAG_URL": "the/{slug}/", "TAG_SAVE_AS": "", "CATEGORY_URL": "c/{slug}/", "CATEGORY_SAVE_AS": "",
            "SLUGIFY_SOURCE": "title", "SLUG_REGEX_SUBSTITUTIONS": [], "TAG_REGEX_SUBSTITUTIONS": [],
            "CATEGORY_REGEX_SUBSTITUTIONS": []}


def by_counting(articles: list) -> dict:
    """Every article of every tag counted: slow, and plainly right."""
    ordered = sorted(articles, key=lambda a: a.date, reverse=True)
    rank = {id(a): i for i, a in enumerate(ordered)}
    expected = {}
    for article in ordered:
        shared = defaultdict(int)
        for tag in article.tags:
            for other in ordered:
                if other is not article and tag in other.tags:
                    shared[id(other)] += 1
        chosen = sorted(shared, key=lambda key: (-shared[key], rank[key]))[:RELATED]
        related = [next(a for a in ordered if id(a) == key) for key in chosen]
        for other in ordered:
            if len(related) >= RELATED:
                break
            if other.category == article.category and other is not article and other not in related:
                related.append(other)
        expected[article.slug] = [a.slug for a in related]
    return expected


def test_related_articles_match_counting_every_shared_tag():
    rng = random.Random(3)
    tags = [Tag(f"the {n}", SETTINGS) for n in range(12)]
    categories = [Category(f"muc {n}", SETTINGS) for n in range(3)]
    start = datetime(2020, 1, 1)
    articles = [SimpleNamespace(slug=f"bai-{n}", date=start + timedelta(hours=rng.randint(0, 5000)),
                                tags=rng.sample(tags, rng.randint(0, 4)), category=rng.choice(categories))
                for n in range(300)]
    expected = by_counting(articles)
    link_articles(SimpleNamespace(articles=articles))
    assert {a.slug: [r.slug for r in a.related] for a in articles} == expected
    assert sum(len(v) for v in expected.values()) > 1000  # the case is not empty
