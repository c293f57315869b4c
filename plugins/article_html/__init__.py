"""Post-processes rendered article and page HTML with BeautifulSoup."""

from pelican import signals
from pelican.utils import get_relative_path

from .transform import improve


def _prefix(content, settings) -> str:
    if settings.get("RELATIVE_URLS"):
        return get_relative_path(content.url or "index.html")
    return settings["SITEURL"].rstrip("/") + "/"


def improve_all(generators) -> None:
    context = generators[0].context
    settings = generators[0].settings
    image_sets = context.get("image_sets", {})
    origin = settings.get("SITE_ORIGIN", "")
    for generator in generators:
        for content in (getattr(generator, "articles", []) + getattr(generator, "hidden_articles", [])
                        + getattr(generator, "pages", []) + getattr(generator, "hidden_pages", [])):
            content._content = improve(content._content, image_sets, _prefix(content, settings), origin)


def register():
    signals.all_generators_finalized.connect(improve_all)
