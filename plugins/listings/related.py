"""Related articles (same tags, then same category) and newer/older in the same category."""

import heapq
from collections import Counter, defaultdict
from itertools import chain, combinations

RELATED = 5


def link_articles(generator) -> None:
    """Set article.related, article.newer_in_category and article.older_in_category."""
    articles = sorted(generator.articles, key=lambda a: a.date, reverse=True)
    by_tag = defaultdict(list)
    by_category = defaultdict(list)
    for article in articles:
        for tag in dict.fromkeys(getattr(article, "tags", [])):
            by_tag[tag].append(article)
        by_category[article.category].append(article)
    for siblings in by_category.values():
        for index, article in enumerate(siblings):
            article.newer_in_category = siblings[index - 1] if index > 0 else None
            article.older_in_category = siblings[index + 1] if index + 1 < len(siblings) else None
    ranking = _SharedTags(articles, by_tag)
    for article in articles:
        related = ranking.most_shared(article)
        for other in by_category[article.category]:
            if len(related) >= RELATED:
                break
            if other is not article and other not in related:
                related.append(other)
        article.related = related


class _SharedTags:
    """Ranks other articles by tags shared with one article (most first), then by date (newest first).

    Articles sharing two or more tags are found by intersecting the members of each pair of its
    tags, worked out once per pair; those sharing one come from merging its tags' lists, which are
    already newest first, only as far as needed. Counting every article of every tag instead costs
    the sum of its tags' sizes per article: minutes on a site with ten thousand articles.
    """

    def __init__(self, articles: list, by_tag: dict):
        self.rank = {id(article): position for position, article in enumerate(articles)}
        self.by_id = {id(article): article for article in articles}
        self.by_tag = by_tag
        self.members = {tag: {id(article) for article in listed} for tag, listed in by_tag.items()}
        self.pairs: dict[tuple, set] = {}

    def _both(self, first, second) -> set:
        key = tuple(sorted((first.slug, second.slug)))
        if key not in self.pairs:
            self.pairs[key] = self.members[first] & self.members[second]
        return self.pairs[key]

    def most_shared(self, article) -> list:
        tags = list(dict.fromkeys(getattr(article, "tags", [])))
        # An article sharing k tags is in k(k-1)/2 of the pairs: more pairs, more tags shared.
        pairs = Counter(chain.from_iterable(self._both(a, b) for a, b in combinations(tags, 2)))
        pairs.pop(id(article), None)
        ranked = heapq.nsmallest(RELATED, pairs, key=lambda key: (-pairs[key], self.rank[key]))
        chosen = [self.by_id[key] for key in ranked]
        if len(chosen) < RELATED:
            taken = {id(article)} | {id(other) for other in chosen}
            newest_first = heapq.merge(*(self.by_tag[tag] for tag in tags), key=lambda a: self.rank[id(a)])
            for other in newest_first:
                if id(other) not in taken:
                    taken.add(id(other))
                    chosen.append(other)
                    if len(chosen) >= RELATED:
                        break
        return chosen
