"""Feed entries titled with the article's title as written.

Pelican's feed writer reads a title as HTML: it strips what looks like a tag and decodes entities
(a title about "<thẻ>" loses it, "&lt;b&gt;" becomes "<b>"). Our titles are text (the content model
reads them so), so each entry gets its article's title back, which the feed writer then escapes.
"""

from urllib.parse import urlsplit


def literal_titles(context, feed) -> None:
    """feed_generated: each entry's title, the text of its article's title."""
    root = urlsplit(context.get("SITEURL", "")).path.rstrip("/") + "/"
    titles = {article.url: article.title for article in context.get("articles", ())}
    for item in feed.items:
        path = urlsplit(item["link"]).path
        if path.startswith(root) and (title := titles.get(path[len(root):])) is not None:
            item["title"] = title
