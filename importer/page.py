"""What an old portal's article page holds, once read: the fields and the body, before any is written."""

from dataclasses import dataclass, field
from datetime import datetime

from bs4 import Tag


class UnreadablePage(ValueError):
    """A page of a known layout that lacks what every article needs (its title or its body)."""


@dataclass
class Picture:
    """An image of the page: where it is on the old portal, and its caption."""

    src: str
    caption: str = ""
    alt: str = ""
    larger: str = ""  # a larger version the page links to (Plone's large scale), tried first


@dataclass
class LegacyPage:
    """One article page of the old portal, read."""

    layout: str  # "NukeViet 4", "Plone"
    title: str
    body: Tag
    published: datetime | None = None
    modified: datetime | None = None
    breadcrumb: list[str] = field(default_factory=list)
    lead: str = ""
    lead_image: Picture | None = None
    author: str = ""
    source: str = ""
    unit: str = ""  # the reporting unit, when the page names one
    views: int | None = None
    rating: tuple[int, int] | None = None  # (points, ratings): "X trong Y đánh giá"
    address: str = ""  # the page's address on the old portal
    warnings: list[str] = field(default_factory=list)

    @property
    def category(self) -> str:
        """The breadcrumb's innermost section: the page's category on the old portal."""
        return self.breadcrumb[-1] if self.breadcrumb else ""
