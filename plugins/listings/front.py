"""What the home page and the menus show, as short lists in the context.

Templates that read these instead of `articles` or `categories` (which hold every article) make
their pages depend on the few articles they show: a rebuild after one article changes renders the
pages that show it, not all of them (see plugins/reuse).
"""

FEATURED = 3
LATEST_PER_CATEGORY = 3


def front_page(generator) -> None:
    """Set menu_categories, featured_articles, category_latest and article_years in the context."""
    newest_first = sorted(generator.articles, key=lambda a: a.date, reverse=True)
    categories = [category for category, _ in generator.categories]
    context = generator.context
    context["menu_categories"] = categories
    context["featured_articles"] = [a for a in newest_first if getattr(a, "featured", False)][:FEATURED]
    latest = {category: [] for category in categories}
    for article in newest_first:
        if len(latest[article.category]) < LATEST_PER_CATEGORY:
            latest[article.category].append(article)
    context["category_latest"] = list(latest.items())
    context["article_years"] = sorted({a.date.year for a in newest_first}, reverse=True)
