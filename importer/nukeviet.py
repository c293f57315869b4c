"""NukeViet 4's news detail page (the news module, in its default and e-Government themes).

Its structure: a headline (`h1`, `itemprop=headline` in newer themes) with the publication time
printed just under it, the lead in a `hometext` block with the lead image and its note, the body
in a `bodytext` block (`#news-bodyhtml`), author and source lines after it, then the rating form
("Tổng số điểm của bài viết là: X trong Y đánh giá"), keywords and the newer/older lists. The
breadcrumb is a schema.org BreadcrumbList. Recognised by these parts together, not by one class.
"""

import re

from bs4 import BeautifulSoup, Tag

from .chrome import numbers_in
from .closing import closing_lines
from .legacy_dates import UPDATED, find_moment, iso_moment
from .page import LegacyPage, Picture, UnreadablePage

LAYOUT = "NukeViet 4"
_BODY = [{"id": "news-bodyhtml"}, {"itemprop": "articleBody"}, {"class_": "bodytext"}]
_LEAD = [{"class_": "hometext"}, {"id": "hometext"}, {"itemprop": "description"}]
HOME = {"trang nhất", "trang chủ", "home"}


def score(soup: BeautifulSoup, address: str) -> int:
    """How many of NukeViet's marks the page bears."""
    generator = soup.find("meta", attrs={"name": "generator"})
    marks = [
        bool(generator and "nukeviet" in generator.get("content", "").lower()),
        _first(soup, _BODY) is not None,
        _first(soup, _LEAD) is not None,
        soup.find(id="stringrating") is not None or "Tổng số điểm của bài viết" in soup.get_text(),
        bool(re.search(r"[?&]nv=news|/news/|-\d+\.html?$", address)),
        soup.find(class_="news_column") is not None,
    ]
    return sum(marks)


def _first(soup: Tag, options: list[dict]) -> Tag | None:
    for where in options:
        if (found := soup.find(attrs=where) if "class_" not in where else soup.find(class_=where["class_"])):
            return found
    return None


def _breadcrumb(soup: BeautifulSoup, title: str) -> list[str]:
    trail = soup.find(attrs={"itemtype": re.compile("BreadcrumbList")}) or soup.find(class_="breadcrumbs")
    if trail is None:
        return []
    names = []
    for item in trail.find_all("li"):
        named = item.find(attrs={"itemprop": "name"}) or item
        name = " ".join(named.get_text(" ", strip=True).split())
        if name and name.lower() not in HOME and name != title:
            names.append(name)
    return names


def read(soup: BeautifulSoup, address: str) -> LegacyPage:
    body = _first(soup, _BODY)
    if body is None:
        raise UnreadablePage("không thấy phần thân bài (bodytext)")
    column = soup.find(class_="news_column") or body.find_parent(["article", "div"]) or soup
    heading = column.find(attrs={"itemprop": "headline"}) or column.find("h1") or soup.find("h1")
    title = " ".join(heading.get_text(" ", strip=True).split()) if heading else ""
    if not title:
        raise UnreadablePage("không thấy tiêu đề bài (h1)")
    page = LegacyPage(LAYOUT, title, body, address=address, breadcrumb=_breadcrumb(soup, title))

    published_tag = column.find(attrs={"itemprop": "datePublished"})
    if published_tag is not None:
        page.published = iso_moment(published_tag.get_text(strip=True)) or find_moment(published_tag.get_text())
    for line in column.find_all(["span", "em", "p", "div", "time", "li"], limit=400):
        if body in line.parents or line is body or line.find(["p", "div"]) is not None:
            continue
        text = " ".join(line.get_text(" ", strip=True).split())
        if not text or len(text) > 120 or (moment := find_moment(text)) is None:
            continue
        if UPDATED.search(text):
            page.modified = page.modified or moment
        elif page.published is None:
            page.published = moment
    if page.published is None and page.modified is not None:
        page.published = page.modified
        page.warnings.append("trang chỉ ghi giờ cập nhật: lấy làm ngày đăng")

    lead = _first(column, _LEAD)
    if lead is not None:
        image = lead.find("img") or column.find("figure", class_="article")
        page.lead_image = _picture(image, column) if image else None
        page.lead = " ".join(lead.get_text(" ", strip=True).split())
        if page.lead_image and page.lead_image.caption and page.lead.startswith(page.lead_image.caption):
            page.lead = page.lead[len(page.lead_image.caption):].strip()

    after = [block for block in body.find_all_next(["p", "div"], limit=60)
             if column in block.parents and body not in block.parents and not block.find(["p", "div"])]
    trailing = [child for child in body.find_all(["p", "div"], recursive=False)]
    author, source, used = closing_lines(trailing[-4:])
    for block in used:
        block.decompose()
    more_author, more_source, _ = closing_lines(list(reversed(after[:4])))  # read forward from the body
    # The lines the theme prints after the body are the article's own fields: they come first.
    if more_source and source and source != more_source and not (author or more_author):
        author = source
    page.author, page.source = more_author or author, more_source or source
    # The article's own counter is by its headline; a sidebar of most-read articles has others.
    page.views, _ = numbers_in(column)
    views, page.rating = numbers_in(soup)
    page.views = next((count for count in (page.views, _eye_count(column), views) if count is not None), None)
    return page


_EYE = re.compile(r"fa-eye|icon-eye|hitstotal|luot-xem")


def _eye_count(column: Tag) -> int | None:
    """The e-Government theme prints the view count after an eye icon, with no words: '👁 297'."""
    icon = column.find(class_=_EYE) or column.find(attrs={"title": re.compile(r"^(Lượt xem|Xem)$", re.I)})
    if icon is None:
        return None
    # The number right after the icon (the icon may share its line with the date), or in the icon.
    after = icon.next_sibling
    text = str(after) if after is not None and not getattr(after, "name", None) else icon.get_text(" ")
    if match := re.match(r"\s*(\d[\d.]*)", text):
        return int(match.group(1).replace(".", ""))
    return None


def _picture(image: Tag, column: Tag) -> Picture | None:
    """The lead image with its note: a figcaption, or a line just after it in the same block."""
    img = image if image.name == "img" else image.find("img")
    if img is None or not img.get("src"):
        return None
    caption = ""
    if (figure := img.find_parent("figure")) is not None and (figcaption := figure.find("figcaption")):
        caption = figcaption.get_text(" ", strip=True)
    elif img.parent is not None and img.parent.name != "p":
        note = img.find_next_sibling(["p", "em", "div"])
        if note is not None and len(note.get_text(strip=True)) < 300:
            caption = note.get_text(" ", strip=True)
    return Picture(img["src"], " ".join(caption.split()), img.get("alt", ""))
