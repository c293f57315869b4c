"""Each article's and page's address, fixed once the whole site is read."""

# The generators' lists of content, published or not (Pelican's names).
CONTENT_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations", "drafts",
                 "drafts_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")


def fix_addresses(generators) -> None:
    """Pelican works content.url out from the settings on every use (a copy of the metadata and a
    format); listings, related articles and page digests ask about ten times per article, 9 s of a
    10,000-article build. Its inputs (slug, date, category, status) are final once every file is
    read, so the address is kept in Pelican's own override_url, which url answers first."""
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, []):
                content.override_url = content.url
