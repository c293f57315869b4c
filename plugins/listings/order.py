"""Articles of the same date in one order on every machine: by slug, as Pelican leaves them when it
pairs translations. The site has one language, so the settings turn that pairing off
(ARTICLE_TRANSLATION_ID = None: it compares every article with every other), and without it
Pelican keeps the order in which the file system listed the files."""

from operator import attrgetter

from pelican.utils import order_content


def same_date_by_slug(generator) -> None:
    """Pelican's order (ARTICLE_ORDER_BY) with ties broken by slug, before the articles are grouped."""
    if generator.settings.get("ARTICLE_TRANSLATION_ID"):
        return  # Pelican has ordered them by slug already
    order_by = generator.settings["ARTICLE_ORDER_BY"]
    for name in ("articles", "hidden_articles", "drafts"):
        contents = getattr(generator, name)
        contents.sort(key=attrgetter("slug"))
        setattr(generator, name, order_content(contents, order_by))
