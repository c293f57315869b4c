"""Images: responsive variants of content images, and Open Graph cards per article."""

import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator

from toandan.building import forking
from toandan.building.hooks import read_ahead, reading_only, text_reread
from toandan.building.plugin_settings import plugin_settings
from toandan.building.problems import ContentError, Problem

from .cards import card_key, draw_card
from .early import VariantMaker
from .embargo import publish_named, withhold_unpublished_images
from .variants import image_set, planned_set, publish

SUFFIXES = {".jpg", ".jpeg", ".png"}
SITE_CARD = "og/trang-chu.jpg"  # the card of the home page and of articles without their own


@dataclass(frozen=True)
class ImagesSettings:
    """IMAGES = {...} in pelicanconf.py."""

    widths: tuple[int, ...] = (480, 960, 1600)
    cache_dir: str = "cache/images"  # relative to the folder that holds PATH
    folder: str = "images"  # under PATH
    cards: bool = True
    # 0: a card for every article; N: only for articles at most N days older than the newest. A year:
    # what is shared is recent news, and an older article's link shows the site's card.
    cards_days: int = 365
    font: str = "fonts/NotoSans-Bold.ttf"  # relative to THEME


EARLY_CARDS = "_toandan_early_cards"  # in the context: the drawer started on what was read ahead


class ImagesGenerator(Generator):
    """Works out the variants' sizes in generate_context (templates need them), without waiting for
    their files: they are made beside the build (VariantMaker) while the pages are written, and
    published in generate_output."""

    # Of one build, not kept with it (toandan.building.snapshot): the card drawing and the variants' making.
    TRANSIENT = ("drawers", "maker")

    def generate_context(self):
        self.options = plugin_settings(ImagesSettings, self.settings, "IMAGES")
        root = Path(self.settings["PATH"])
        self.cache = root.parent / self.options.cache_dir
        widths = tuple(self.options.widths)
        sources = [(path, path.relative_to(root).as_posix()) for path in _sources(root, self.options)]
        self.maker = VariantMaker(sources, self.cache, widths)  # started by narrow(), once the build knows
        planned = [(path, planned_set(path, relative, self.cache, widths, self.maker.folders.get(path)))
                   for path, relative in sources]
        self.sets = {image.source: (path, image) for path, image in planned}
        self.context["image_sets"] = {source: image for source, (_, image) in self.sets.items()}
        self.carded = self._choose_cards() if self.options.cards else []
        early = self.context.pop(EARLY_CARDS, None)
        self.card_jobs, self.drawers = [], []
        if self.options.cards and not reading_only(self.settings):
            self._draw_cards(early)

    def _choose_cards(self) -> list:
        """Recent articles get their own card (they are the ones shared); older ones share the site's."""
        articles = _recent(self.context.get("articles", []), self.options.cards_days, lambda a: a.date)
        for article in articles:
            article.og_card = f"og/{article.slug}.jpg"
        return articles

    def _draw_cards(self, early: "CardDrawer | None") -> None:
        """Start drawing the site's card and every carded article's, but those an early drawer has taken."""
        cards = _Cards(self.settings, self.theme, self.options)
        self.card_jobs = [(*cards.site, SITE_CARD)]
        self.card_jobs += [(*cards.of(a.title), a.og_card) for a in self.carded]
        taken = early.taken if early else set()
        missing = missing_cards((title, cached) for title, cached, _ in self.card_jobs if cached not in taken)
        self.drawers = [early] if early else []
        if missing or not early:
            self.drawers.append(CardDrawer(missing, cards.site_name, cards.font, self.settings))

    def generate_output(self, writer):
        output = Path(self.output_path)
        maker, self.maker = getattr(self, "maker", None), None
        if maker is not None:
            maker.narrow({path for path, _ in self.sets.values()})  # the others' when published (embargo)
            maker.finish()
        for path, planned in self.sets.values():
            made = image_set(path, planned.source, self.cache, tuple(self.options.widths), Path(planned.cached))
            if made != planned or made.cached != planned.cached:
                where = path.relative_to(Path(self.settings["PATH"]).parent).as_posix()
                raise ContentError([Problem(where, None, "ảnh được lưu lại trong khi dựng trang; hãy dựng lại")])
            publish(made, output)
        for drawer in self.drawers:
            drawer.finish()
        for _, cached, target in self.card_jobs:
            (output / target).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(cached, output / target)
            except OSError:
                shutil.copy2(cached, output / target)


def _sources(root: Path, options: ImagesSettings) -> list[Path]:
    """The content images: what the folder holds in the formats variants are made of."""
    return sorted(p for p in (root / options.folder).rglob("*")
                  if p.suffix.lower() in SUFFIXES and "_v" not in p.parts)


def _recent(articles: list, days: int, date_of) -> list:
    """The articles at most `days` days older than the newest; all of them when days is 0."""
    if not days or not articles:
        return list(articles)
    newest = max(date_of(article) for article in articles)
    return [article for article in articles if (newest - date_of(article)).days <= days]


class _Cards:
    """Where a site's cards are cached: by what they show (card_key)."""

    def __init__(self, settings: dict, theme: str, options: ImagesSettings):
        self.site_name = settings["SITENAME"]
        self.font = Path(theme) / options.font
        self.folder = Path(settings["PATH"]).parent / options.cache_dir / "cards"
        self._font_size = self.font.stat().st_size  # once: a key is made for each of thousands of titles
        self.site = self.of(settings.get("SITESUBTITLE") or self.site_name)

    def of(self, title: str) -> tuple[str, Path]:
        """(title, its cached card)."""
        return title, self.folder / f"{card_key(title, self.site_name, self._font_size)}.jpg"


def missing_cards(cards) -> list[tuple[str, Path]]:
    """Those of the (title, cached card) pairs whose card is not cached, each once."""
    return list({cached: (title, cached) for title, cached in cards if not cached.exists()}.values())


def draw_cards_early(generator, read_metadata: dict) -> None:
    """Start drawing the cards of the articles just read ahead, on the core that Pelican's pass over
    the reads leaves idle; ImagesGenerator takes the drawer over.
    Articles are carded as _choose_cards will card them, from their metadata read ahead."""
    settings = generator.settings
    options = plugin_settings(ImagesSettings, settings, "IMAGES")
    if not isinstance(generator, ArticlesGenerator) or not options.cards or reading_only(settings):
        return
    published = [metadata for metadata in read_metadata.values()
                 if metadata.status == "published" and metadata.title and metadata.date]
    cards = _Cards(settings, generator.theme, options)
    titles = [metadata.title for metadata in _recent(published, options.cards_days, lambda b: b.date)]
    missing = missing_cards([cards.site, *(cards.of(title) for title in titles)])
    if len(missing) >= CardDrawer.MIN_FORKED and forking.can_fork():
        generator.context[EARLY_CARDS] = CardDrawer(missing, cards.site_name, cards.font, settings)


class CardDrawer:
    """Draws cards not in the cache while Pelican reads and writes the pages, then finish() draws
    what is left on every core.

    A card holds the interpreter lock for part of its drawing (its glyphs are placed from
    Python), and the page-rendering thread needs that lock. So a forked process draws beside the
    build (forking.beside; the gain is in docs/benchmarks.md), or, when the build cannot fork, a
    thread of this process. Either, and
    finish()'s helpers, take cards from one list through a shared counter. A card the process leaves
    undrawn (it failed, or was killed) is drawn by finish(), which raises its error."""

    MIN_FORKED = 64  # cards at the least for a process of their own: fewer are drawn sooner than it forks

    def __init__(self, missing: list[tuple[str, Path]], site: str, font: Path, settings: dict | None = None):
        """missing: (title, cached card) of each card to draw; settings: the build's."""
        self.site, self.font, self.settings = site, font, settings
        self._missing = missing
        self.taken = {cached for _, cached in missing}
        self._work_list = forking.WorkList(missing)
        self._errors: list[BaseException] = []
        # In a forked process the errors _draw keeps stay there: finish() draws what it left, and raises.
        self._beside = forking.beside(self._draw, worth_forking=len(missing) >= self.MIN_FORKED,
                                      name="toandan-cards") if missing else None

    @property
    def forked(self) -> bool:
        """Whether a forked process draws beside the build (otherwise a thread does)."""
        return self._beside is not None and self._beside.forked

    def _claim(self) -> tuple[str, Path] | None:
        return next(iter(self._work_list.take()), None)

    def _draw(self) -> None:
        while not self._errors and (job := self._claim()) is not None:
            try:
                self._draw_one(*job)
            except BaseException as error:  # noqa: BLE001 - raised by finish()
                self._errors.append(error)

    def finish(self) -> None:
        helpers = [threading.Thread(target=self._draw) for _ in range((os.cpu_count() or 2) - 1)]
        for helper in helpers:
            helper.start()
        self._draw()
        for helper in helpers:
            helper.join()
        if self._beside is not None:
            self._beside.join()
        if self._errors:
            raise self._errors[0]
        for title, cached in self._missing:
            if not cached.exists():
                self._draw_one(title, cached)

    def _draw_one(self, title: str, cached: Path) -> None:
        draw_card(title, self.site, self.font, cached, self.settings)


def get_generators(pelican):
    return ImagesGenerator


def register():
    signals.get_generators.connect(get_generators)
    read_ahead.connect(draw_cards_early)
    signals.all_generators_finalized.connect(withhold_unpublished_images)
    text_reread.connect(publish_named)
