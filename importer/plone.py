"""Plone 5 and 6 (classic UI) news item and document views.

Their structure: `#portal-breadcrumbs` (home, sections, the current item), the title in
`h1.documentFirstHeading`, the description (the lead) in `.documentDescription`, for a news item
the lead image in `.newsImageContainer` with its caption, the text in `#parent-fieldname-text`
inside `#content-core`, and the byline (`.documentByLine`: author, published, last modified) with
ISO dates, which Dublin Core meta tags (`DC.date.created`, `DC.date.modified`) also carry.
"""

import re

from bs4 import BeautifulSoup, Tag

from .chrome import numbers_in
from .closing import closing_lines
from .legacy_dates import find_moment, iso_moment
from .page import LegacyPage, Picture, UnreadablePage

LAYOUT = "Plone"
HOME = {"trang chủ", "trang chu", "home", "trang nhất"}


def score(soup: BeautifulSoup, address: str) -> int:
    """How many of Plone's marks the page bears."""
    generator = soup.find("meta", attrs={"name": "generator"})
    body = soup.find("body")
    classes = " ".join(body.get("class", [])) if body else ""
    marks = [
        bool(generator and "plone" in generator.get("content", "").lower()),
        soup.find(id="parent-fieldname-text") is not None,
        soup.find(class_="documentFirstHeading") is not None,
        soup.find(id="portal-breadcrumbs") is not None,
        bool(re.search(r"portaltype-(news-item|document)", classes)),
        soup.find("meta", attrs={"name": re.compile(r"^DC\.")}) is not None,
    ]
    return sum(marks)


def _meta(soup: BeautifulSoup, *names: str) -> str:
    for name in names:
        if (tag := soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})):
            return tag.get("content", "").strip()
    return ""


def _moment(element: Tag | None):
    if element is None:
        return None
    for tagged in [element, *element.find_all(True)]:
        for attribute in ("datetime", "data-date", "content"):
            if tagged.get(attribute) and (moment := iso_moment(tagged[attribute])):
                return moment
    text = element.get_text(" ", strip=True)
    return iso_moment(text) or find_moment(text)


def _breadcrumb(soup: BeautifulSoup, title: str) -> list[str]:
    trail = soup.find(id="portal-breadcrumbs")
    if trail is None:
        return []
    names = []
    for item in trail.find_all("li"):
        if item.get("id") in ("breadcrumbs-home", "breadcrumbs-current"):
            continue
        name = " ".join(item.get_text(" ", strip=True).split())
        if name and name.lower() not in HOME and name != title:
            names.append(name)
    return names


def read(soup: BeautifulSoup, address: str) -> LegacyPage:
    heading = soup.find(class_="documentFirstHeading") or soup.find("h1")
    title = " ".join(heading.get_text(" ", strip=True).split()) if heading else ""
    if not title:
        raise UnreadablePage("không thấy tiêu đề bài (h1.documentFirstHeading)")
    body = soup.find(id="parent-fieldname-text") or soup.find(id="content-core")
    if body is None:
        raise UnreadablePage("không thấy phần thân bài (#parent-fieldname-text)")
    page = LegacyPage(LAYOUT, title, body, address=address, breadcrumb=_breadcrumb(soup, title))
    byline = soup.find(class_="documentByLine") or soup.find(id="plone-document-byline")
    page.published = (_moment(byline.find(class_="documentPublished")) if byline else None) or iso_moment(
        _meta(soup, "DC.date.effective", "DC.date.created", "article:published_time") or "-")
    page.modified = (_moment(byline.find(class_="documentModified")) if byline else None) or iso_moment(
        _meta(soup, "DC.date.modified", "article:modified_time") or "-")
    if page.modified is not None and page.published is not None and page.modified <= page.published:
        page.modified = None
    description = soup.find(class_="documentDescription")
    page.lead = " ".join(description.get_text(" ", strip=True).split()) if description else ""
    container = soup.find(class_="newsImageContainer")
    if container is not None and (img := container.find("img")) is not None and img.get("src"):
        holder = container.find("figcaption") or container.find(class_=re.compile("discreet|caption"))
        caption = holder.get_text(" ", strip=True) if holder else ""
        if not caption:
            caption = " ".join(text.strip() for text in container.find_all(string=True) if text.strip())
        page.lead_image = Picture(img["src"], " ".join(caption.split()), img.get("alt", ""), _larger(img))
    trailing = [child for child in body.find_all(["p", "div"], recursive=False)]
    page.author, page.source, used = closing_lines(trailing[-4:])
    for block in used:
        block.decompose()
    if not page.author and byline is not None and (author := byline.find(class_="documentAuthor")):
        named = author.find("a") or author
        page.author = " ".join(named.get_text(" ", strip=True).split())
    page.unit = _meta(soup, "DC.publisher") if _meta(soup, "DC.publisher") else ""
    page.views, page.rating = numbers_in(soup)
    return page


def _larger(img: Tag) -> str:
    """Plone shows a small scale linked to the large one ('.../@@images/image/large')."""
    link = img.find_parent("a")
    if link is not None and "@@images" in link.get("href", ""):
        return link["href"]
    return ""
