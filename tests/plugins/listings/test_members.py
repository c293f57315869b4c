"""Tag, category and author listings answer membership as the plain lists did, only at once."""

from collections import defaultdict
from types import SimpleNamespace

from listings.members import Members, index_listings


class Article:  # like Pelican's Content: no __eq__, so membership is identity
    def __init__(self, title: str):
        self.title = title


def test_listings_keep_their_articles_and_order_and_answer_membership_by_identity():
    first, second, third = Article("a"), Article("b"), Article("c")
    lookalike = Article("a")
    tags = defaultdict(list, {"camera": [third, first], "biên giới": [second]})
    categories = [("Tin hoạt động", [first, second]), ("An ninh trật tự", [third])]
    authors = [("Trần Đức Mậu", [second, third])]
    context = {"categories": categories, "authors": authors}
    generator = SimpleNamespace(tags=tags, categories=categories, authors=authors, context=context)

    index_listings(generator)

    assert generator.tags["camera"] == [third, first] and isinstance(generator.tags["camera"], Members)
    assert context["categories"] is generator.categories  # the context sees the same listings
    assert [(name, list(members)) for name, members in context["categories"]] == \
        [("Tin hoạt động", [first, second]), ("An ninh trật tự", [third])]
    assert all(isinstance(members, Members) for _, members in categories + authors)
    dates = [first, second, third, lookalike]
    assert [a for a in dates if a in generator.tags["camera"]] == [first, third]
    assert [a for a in dates if a in authors[0][1]] == [second, third]
    assert lookalike not in categories[0][1] and first in categories[0][1]
