"""Post-processes rendered article and page HTML with BeautifulSoup."""

from pathlib import Path

from pelican import signals

import toandan
from toandan.accelerate.pelican import html_as_read, replace_html
from toandan.building.diskcache import DiskCache, cache_folder, fingerprint, sources
from toandan.building.hooks import text_reread

from .transform import NEEDS_WORK, improve


def _prefix(settings: dict) -> str:
    """Root-relative, as the theme links: the same on every page that shows the HTML."""
    return settings.get("SITE_PATH", "") + "/"


def _cache(settings: dict, image_sets: dict, origin: str) -> DiskCache:
    """Improved HTML by (HTML, prefix); the folder by the code, the site's images and its origin."""
    images = repr(sorted(image_sets.items())).encode()
    code = sources(Path(__file__).parent, Path(toandan.__file__).parent)
    return DiskCache(cache_folder(settings, "article-html"),
                     fingerprint(images, origin.encode(), libraries=("beautifulsoup4",), files=code))


def improve_all(generators) -> None:
    contents = [content for generator in generators
                for content in (getattr(generator, "articles", []) + getattr(generator, "hidden_articles", [])
                                + getattr(generator, "pages", []) + getattr(generator, "hidden_pages", []))]
    improve_contents(contents, generators[0].context, generators[0].settings)


def improve_contents(contents: list, context: dict, settings: dict) -> None:
    """Improves each content's HTML in place (also for content re-read for an update in place)."""
    image_sets = context.get("image_sets", {})
    origin = settings.get("SITE_ORIGIN", "")
    cache = None
    for content in contents:
        html = html_as_read(content)
        if not NEEDS_WORK.search(html):
            continue  # nothing to improve; most articles
        if cache is None:
            cache = _cache(settings, image_sets, origin)
            cache.hold()  # written for the next build by a process of its own (write_held_behind)
        prefix = _prefix(settings)
        key = cache.key(html.encode(), prefix.encode())
        if (improved := cache.get(key)) is None:
            improved = improve(html, image_sets, prefix, origin)
            cache.put(key, improved)
        replace_html(content, improved)
    if cache is not None:
        cache.write_held_behind()


def improve_reread(generator, contents: list) -> None:
    improve_contents(contents, generator.context, generator.settings)


def register():
    signals.all_generators_finalized.connect(improve_all)
    text_reread.connect(improve_reread)
