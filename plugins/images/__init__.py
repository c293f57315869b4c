"""Images: responsive variants of content images, and Open Graph cards per article."""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from toandan.settings import plugin_settings

from .cards import card_key, draw_card
from .variants import cache_dir_of, image_set, publish

SUFFIXES = {".jpg", ".jpeg", ".png"}
SITE_CARD = "og/trang-chu.jpg"  # the card of the home page and of articles without their own


@dataclass(frozen=True)
class ImagesSettings:
    """IMAGES = {...} in pelicanconf.py."""

    widths: tuple[int, ...] = (480, 960, 1600)
    cache_dir: str = "cache/images"  # relative to the folder that holds PATH
    folder: str = "images"  # under PATH
    cards: bool = True
    cards_days: int = 0  # 0: a card for every article; N: only for articles at most N days older than the newest
    font: str = "fonts/NotoSans-Bold.ttf"  # relative to THEME


class ImagesGenerator(Generator):
    """Makes variants in generate_context (templates need their sizes) and publishes them in output."""

    def generate_context(self):
        self.options = plugin_settings(ImagesSettings, self.settings, "IMAGES")
        root = Path(self.settings["PATH"])
        self.cache = root.parent / self.options.cache_dir
        widths = tuple(self.options.widths)
        sources = sorted(p for p in (root / self.options.folder).rglob("*")
                         if p.suffix.lower() in SUFFIXES and "_v" not in p.parts)
        with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
            sets = pool.map(lambda p: (p, image_set(p, p.relative_to(root).as_posix(), self.cache, widths)), sources)
            self.sets = {image.source: (path, image) for path, image in sets}
        self.context["image_sets"] = {source: image for source, (_, image) in self.sets.items()}
        self.carded = self._choose_cards() if self.options.cards else []

    def _choose_cards(self) -> list:
        """Recent articles get their own card (they are the ones shared); older ones share the site's."""
        articles = self.context.get("articles", [])
        if self.options.cards_days and articles:
            newest = max(article.date for article in articles)
            articles = [a for a in articles if (newest - a.date).days <= self.options.cards_days]
        for article in articles:
            article.og_card = f"og/{article.slug}.jpg"
        return articles

    def generate_output(self, writer):
        output = Path(self.output_path)
        widths = tuple(self.options.widths)
        for path, image in self.sets.values():
            publish(image, cache_dir_of(path, self.cache, widths), output)
        if self.options.cards:
            self._cards(output)

    def _cards(self, output: Path) -> None:
        font = Path(self.theme) / self.options.font
        site = self.settings["SITENAME"]
        jobs = [(self.settings.get("SITESUBTITLE") or site, self.cache / "cards" / f"{card_key(site, site, font)}.jpg",
                 output / SITE_CARD)]
        for article in self.carded:
            title = Markup(article.title).striptags()
            cached = self.cache / "cards" / f"{card_key(title, site, font)}.jpg"
            jobs.append((title, cached, output / article.og_card))
        missing = [(title, cached) for title, cached, _ in jobs if not cached.exists()]
        with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
            list(pool.map(lambda job: draw_card(job[0], site, font, job[1]), missing))
        for _, cached, target in jobs:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(cached, target)
            except OSError:
                shutil.copy2(cached, target)


def get_generators(pelican):
    return ImagesGenerator


def register():
    signals.get_generators.connect(get_generators)
