"""Which system made a page, by its structure: the layout whose marks the page bears most, if enough."""

from bs4 import BeautifulSoup

from . import nukeviet, plone
from .page import LegacyPage

LAYOUTS = (nukeviet, plone)
ENOUGH = 2  # marks of one system; one class name alone is not a layout


class UnknownLayout(ValueError):
    """A page that is neither a NukeViet news page nor a Plone news item or document."""


def parse(html: bytes | str) -> BeautifulSoup:
    """The page parsed once (its encoding from its bytes and meta tags), for every step that reads it."""
    return BeautifulSoup(html, "html.parser")


def read_page(html: bytes | str | BeautifulSoup, address: str) -> LegacyPage:
    """The page's fields. Raises UnknownLayout, or page.UnreadablePage for a broken page of a known layout."""
    soup = html if isinstance(html, BeautifulSoup) else parse(html)
    scores = sorted(((layout.score(soup, address), index) for index, layout in enumerate(LAYOUTS)), reverse=True)
    best, index = scores[0]
    if best < ENOUGH:
        raise UnknownLayout("bố cục trang không phải trang tin NukeViet hay Plone")
    return LAYOUTS[index].read(soup, address)
