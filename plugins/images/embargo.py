"""Images under embargo: the build publishes only the content images that published content uses.

A photo uploaded for an article still in draft, waiting for review, scheduled or hidden would
otherwise be public, original and variants, from the next build. Once every generator has read
(all_generators_finalized), the images that published articles and pages name (the front matter's
image, an <img> or a link in their text) are kept; every other image under the images folder is
left out of the static files and of the variants published. An image nothing names is left out
too: the desk stores an upload before the article that uses it is written.

Publishing the article (or its time coming) is a change to its front matter or a full build, which
publishes its images. An update in place (toandan.building.live) of a published article's text that
names a withheld image publishes that image into the build beside the pages (publish_named).
"""

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from toandan.accelerate.pelican import html_as_read

from .variants import ImageSet, image_set, publish

WITHHELD = "toandan_withheld_images"  # in the context: a Withheld, for an update in place
# What ends an address written in HTML or Markdown.
_ADDRESS_END = re.compile(r"""[^"'<>()\s]*""")
_ADDRESS_STOPS = frozenset("\"'<>()= \t\r\n")
_LEADING = re.compile(r"^(?:\.\./|\./|/)+")
_PREFIX = re.compile(r"^(?:\{static\}|\|static\||\{filename\}|\|filename\||\{attach\}|\|attach\|)")


@dataclass
class Withheld:
    """The images a build left out, and what publishing one later takes."""

    static: dict[str, tuple[Path, str]]  # by image key: the file and where the build would have copied it
    variants: dict[str, tuple[Path, ImageSet]]  # by image key: the source and its variants, maybe not made yet
    folder: str = "images"
    widths: tuple[int, ...] = ()  # of the variants


def image_key(address: str) -> str:
    """'{static}/images/a.jpg', '/images/a.jpg', '../../images/a.jpg', an address on the site -> 'images/a.jpg'."""
    path = _PREFIX.sub("", address.strip()) if ("{" in address or "|" in address) else address
    if any(mark in path for mark in ":?#%"):  # a scheme and host, a query, a fragment, an escape
        path = unquote(urlsplit(path).path)
    return _LEADING.sub("", path)


def _addresses(text: str, folder: str):
    """Each address in text that goes through the folder ('/images/a.jpg', '{static}/images/a.jpg'):
    found by the folder's name, which most texts do not hold, then widened to the whole address
    (a regular expression over every text would take a second at 10,000 articles)."""
    marker = f"{folder}/"
    start = text.find(marker)
    while start != -1:
        left = start
        while left > 0 and text[left - 1] not in _ADDRESS_STOPS:
            left -= 1
        right = _ADDRESS_END.match(text, start).end()
        yield text[left:right]
        start = text.find(marker, right)


def named_images(content, folder: str, variant_sources: dict[str, str]) -> set[str]:
    """The keys of the images one article or page names: its image and what its text shows or
    links to (a variant counts as its source)."""
    named = set()
    if isinstance(image := content.metadata.get("image"), str) and image:
        named.add(image_key(image))
    for text in (html_as_read(content), content.metadata.get("summary")):
        if isinstance(text, str):
            for address in _addresses(text, folder):
                key = image_key(address)
                named.add(variant_sources.get(key, key))
    return named


def _published(generators: list) -> list:
    """The articles and pages the build writes, translations included."""
    return [content for generator in generators for kind in ("articles", "translations", "pages")
            for content in getattr(generator, kind, None) or [] if hasattr(content, "metadata")]


def _variant_sources(context: dict) -> dict[str, str]:
    return {variant.path: image.source for image in context.get("image_sets", {}).values()
            for variant in image.variants}


def withhold_unpublished_images(generators: list) -> None:
    """Leaves out of the build the images under the images folder that no published article or
    page names. The context's image_sets keep them (article_html's cache is keyed by them)."""
    from . import ImagesGenerator  # noqa: PLC0415 - the package imports this module

    if not generators:
        return
    context = generators[0].context
    images = next((g for g in generators if isinstance(g, ImagesGenerator)), None)
    folder = images.options.folder if images is not None else "images"
    variant_sources = _variant_sources(context)
    used = set().union(*(named_images(content, folder, variant_sources) for content in _published(generators)))
    withheld = Withheld({}, {}, folder, tuple(images.options.widths) if images is not None else ())
    for generator in generators:
        if isinstance(files := getattr(generator, "staticfiles", None), list):
            kept = []
            for static in files:
                key = Path(static.relative_source_path).as_posix()
                if key.startswith(f"{folder}/") and key not in used:
                    withheld.static[key] = (Path(static.source_path), static.save_as)
                else:
                    kept.append(static)
            files[:] = kept  # the list the context holds too, which the static generator copies from
    if images is not None:
        for key in [key for key in images.sets if key not in used]:
            withheld.variants[key] = images.sets.pop(key)
        if getattr(images, "maker", None) is not None:  # variants of the images withheld are not made now
            images.maker.narrow({path for path, _ in images.sets.values()})
    context[WITHHELD] = withheld


def publish_named(generator, contents: list) -> None:
    """Publishes into the kept build the withheld images that re-read published text names
    (toandan.building.live's text_reread): written before the pages that show them."""
    withheld: Withheld | None = generator.context.get(WITHHELD)
    if not withheld:
        return
    variant_sources = _variant_sources(generator.context)
    named = set().union(*(named_images(content, withheld.folder, variant_sources) for content in contents))
    output = Path(generator.output_path)
    for key in sorted(named & (withheld.static.keys() | withheld.variants.keys())):
        if key in withheld.static:
            source, target = withheld.static.pop(key)
            _link(source, output / target)
        if key in withheld.variants:
            source, planned = withheld.variants.pop(key)
            cached = Path(planned.cached)  # its variants are made now if the build did not make them
            publish(image_set(source, planned.source, cached.parent, withheld.widths, cached), output)


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except FileExistsError:
        pass
    except OSError:
        shutil.copy2(source, target)
