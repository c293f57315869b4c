"""Related articles (same tags, then same category) and newer/older in the same category."""

from collections import defaultdict

RELATED = 5


def link_articles(generator) -> None:
    """Set article.related, article.newer_in_category and article.older_in_category."""
    articles = sorted(generator.articles, key=lambda a: a.date, reverse=True)
    by_tag = defaultdict(list)
    by_category = defaultdict(list)
    for article in articles:
        for tag in getattr(article, "tags", []):
            by_tag[tag].append(article)
        by_category[article.category].append(article)
    for siblings in by_category.values():
        for index, article in enumerate(siblings):
            article.newer_in_category = siblings[index - 1] if index > 0 else None
            article.older_in_category = siblings[index + 1] if index + 1 < len(siblings) else None
    rank = {id(article): position for position, article in enumerate(articles)}
    for article in articles:
        shared: dict[int, int] = defaultdict(int)
        for tag in getattr(article, "tags", []):
            for other in by_tag[tag]:
                if other is not article:
                    shared[id(other)] += 1
        by_id = {id(a): a for tag in getattr(article, "tags", []) for a in by_tag[tag]}
        chosen = sorted(shared, key=lambda key: (-shared[key], rank[key]))[:RELATED]
        related = [by_id[key] for key in chosen]
        for other in by_category[article.category]:
            if len(related) >= RELATED:
                break
            if other is not article and other not in related:
                related.append(other)
        article.related = related
