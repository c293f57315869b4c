"""Articles of the same date keep one order, by slug, though translations are not paired."""

from datetime import datetime
from types import SimpleNamespace

from listings.order import same_date_by_slug


def article(slug: str, day: int):
    return SimpleNamespace(slug=slug, date=datetime(2021, 12, day, 21, 42))


def test_articles_of_the_same_date_are_ordered_by_slug_newest_first_as_before():
    listed = [article("c-tin", 26), article("a-tin", 26), article("d-cu", 25), article("b-tin", 26)]
    drafts = [article("y", 1), article("x", 1)]
    generator = SimpleNamespace(settings={"ARTICLE_TRANSLATION_ID": None, "ARTICLE_ORDER_BY": "reversed-date"},
                                articles=listed, hidden_articles=[], drafts=drafts)

    same_date_by_slug(generator)

    assert [a.slug for a in generator.articles] == ["a-tin", "b-tin", "c-tin", "d-cu"]
    assert [a.slug for a in generator.drafts] == ["x", "y"]


def test_with_translations_paired_pelicans_order_is_left_alone():
    listed = [article("b", 26), article("a", 26)]
    generator = SimpleNamespace(settings={"ARTICLE_TRANSLATION_ID": "slug", "ARTICLE_ORDER_BY": "reversed-date"},
                                articles=listed, hidden_articles=[], drafts=[])

    same_date_by_slug(generator)

    assert [a.slug for a in generator.articles] == ["b", "a"]
