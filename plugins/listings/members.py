"""Tag, category and author listings that answer `article in listing` at once.

For the page of each tag, category and author, Pelican keeps the site's articles that are in its
listing, asking `article in articles` of every article of the site; Content has no __eq__, so each
question scans the list for that very object. With thousands of articles and tags this was a
large part of a rebuild. The listings are the same lists, in the same order; only membership is
answered from the identities they hold.
"""


class Members(list):
    """A final listing of articles: filled once, never changed after, asked membership often."""

    def __init__(self, articles):
        super().__init__(articles)
        self._ids = frozenset(map(id, self))

    def __contains__(self, article) -> bool:
        return id(article) in self._ids


def index_listings(generator) -> None:
    """Turn the generator's tag, category and author listings into Members, in place, so the
    context, which holds the same dictionary and lists, sees them too."""
    for tag, articles in generator.tags.items():
        generator.tags[tag] = Members(articles)
    for groups in (generator.categories, generator.authors):
        groups[:] = [(group, Members(articles)) for group, articles in groups]
