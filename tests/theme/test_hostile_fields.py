"""Hostile text in every field of an article, built for real: no page, feed, search answer or card
holds an executable form of it, and the plain-text fields still show it literally."""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from content_model.reader import text_typography
from images.cards import card_key
from pelicanconf import SITENAME
from sitekit import ROOT, Site

HOSTILE = [
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "<img src=x onerror=alert(1)>",
    "[bấm vào](javascript:alert(1))",
    "[BẤM](JAVASCRIPT:alert(1))",
    '<a href="JaVaScRiPt:alert(1)">liên kết</a>',
    '<a href="java\tscript:alert(1)">tab</a>',
    '<a href=" &#106;avascript:alert(1)">thực thể</a>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "</title><script>alert(1)</script>",
    "{{ 7*7 }} {% raw %} {# chú thích #}",
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example/"><input name=p></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "' onmouseover='alert(1)",
    "`onfocus=alert(1) autofocus x=`",
    "\u202eRTL\u200b zero\u200dwidth\ufeff",
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">dữ liệu</a>',
    '![ảnh" onerror="alert(1)](x.jpg)',
    '<div onclick="alert(1)">bấm</div>',
    "<!--<script>alert(1)</script>-->",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<details open ontoggle=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<![CDATA[<script>alert(1)</script>]]>",
]
CATEGORY = 'Tin "><svg onload=alert(1)>'
UNIT = "Đơn vị <img src=x onerror=alert(2)>"

THEME_SCRIPTS = {"/theme/js/site.js", "/theme/js/reader.js", "/theme/js/search.js"}
THEME_INLINE_SCRIPT = 'try{var s=localStorage.getItem("co-chu")'  # the font size, set before paint
THEME_FORMS = {"search-box", "search-page", "rating-form"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "xlink:href", "background", "cite"}
NEVER = {"iframe", "object", "embed", "frame", "frameset", "applet", "base", "style", "math"}


def is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def executable(soup: BeautifulSoup) -> list[str]:
    """Every executable form in a parsed document that the theme does not put there itself."""
    found = []
    for element in soup.find_all(True):
        name = element.name.lower()
        for attribute, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if attribute.lower().startswith("on"):
                found.append(f"<{name} {attribute}=...>")
            urls = [part.split()[0] for part in value.split(",") if part.split()] if attribute == "srcset" else [value]
            if attribute.lower() in URL_ATTRIBUTES | {"srcset"}:
                for url in urls:
                    # As a browser's URL parser reads it: C0 controls and spaces around it trimmed,
                    # tabs and line breaks inside it removed.
                    bare = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21))))).lower()
                    if bare.startswith(("javascript:", "vbscript:", "data:")):
                        found.append(f"<{name} {attribute}={url!r}>")
        if name == "script":
            ours = element.get("src") in THEME_SCRIPTS or (
                not element.get("src") and element.get_text().startswith(THEME_INLINE_SCRIPT)) or (
                element.get("type") == "application/json" and is_json(element.get_text()))  # data, not run
            if not ours:
                found.append(f"<script>{element.get_text()[:40]}")
        elif name in NEVER:
            found.append(f"<{name}>")
        elif name == "form" and not set(element.get("class", [])) & THEME_FORMS:
            found.append("<form> not the theme's")
        elif name == "svg" and "chart" not in element.get("class", []):
            found.append("<svg> not a chart")
        elif name == "meta" and element.get("http-equiv"):
            found.append("<meta http-equiv>")
    return found


def literal(title: str) -> str:
    """A title as the reader shows it: typography's quotes and dashes, nothing else changed."""
    return text_typography({"TYPOGRIFY_DASHES": "default"}, True)(title)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("hostile") / "site")
    site.write("data/categories.yaml", f"Tin hoạt động: Hoạt động.\n{json.dumps(CATEGORY)}: {json.dumps(HOSTILE[2])}\n")
    site.write("data/units.yaml", f"Công an tỉnh: Nòng cốt.\n{json.dumps(UNIT)}: {json.dumps(HOSTILE[0])}\n")
    Image.new("RGB", (320, 200), (120, 60, 30)).save(site.content / "images" / "anh.jpg", quality=80)
    for number, text in enumerate(HOSTILE):
        front = {
            "title": f"Tin {number}: {text}", "date": f"2021-03-{1 + number % 28:02d} 08:{number:02d}",
            "slug": f"bai-{number}", "category": (CATEGORY, "Tin hoạt động")[number % 2],
            "unit": (UNIT, "Công an tỉnh")[number % 2], "tags": [f"thẻ {number} {text}"],
            "author": f"Tác giả {text}", "source": f"Nguồn {text}", "summary": f"Tóm tắt {text}",
            "image": "images/anh.jpg", "image_caption": f"Chú thích {text}", "image_alt": f"Ảnh {text}",
        }
        lines = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items())
        if number in (0, 1, 2, 3):  # figures, so the roundup prints the unit and the source's title too
            lines += f"\nstats:\n  period: 2021\n  figures:\n    phan-qua: {100 + number}"
        site.article(f"bai-{number}", lines, f"Đoạn đầu {text}\n\n{text}\n\n* mục {text}\n\n> trích {text}\n")
    site.build()
    return site


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


@pytest.mark.slow
def test_no_page_holds_an_executable_form(hostile_site):
    pages = html_files(hostile_site.output)
    assert len(pages) > len(HOSTILE)
    found = {str(p.relative_to(hostile_site.output)): executable(BeautifulSoup(p.read_text("utf-8"), "html.parser"))
             for p in pages}
    assert {page: forms for page, forms in found.items() if forms} == {}


def test_the_checker_finds_what_it_looks_for():
    """The same check on unescaped HTML: it would have caught each kind of field."""
    for text, kind in [(HOSTILE[0], "<script>"), (HOSTILE[1], "onload"), (HOSTILE[5], "JaVaScRiPt"),
                       (HOSTILE[12], "<iframe>"), (HOSTILE[14], "<form>"), (HOSTILE[22], "data:")]:
        found = executable(BeautifulSoup(f"<h1>{text}</h1>", "html.parser"))
        assert any(kind.lower() in form.lower() for form in found), text


@pytest.mark.slow
@pytest.mark.parametrize("number", range(len(HOSTILE)))
def test_plain_text_fields_are_shown_literally(hostile_site, number):
    text = HOSTILE[number]
    page = hostile_site.output / f"2021/03/bai-{number}/index.html"
    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    title = literal(f"Tin {number}: {text}")
    assert soup.select_one("h1.article-title").get_text() == title
    assert soup.title.get_text() == f"{title} – {SITENAME}"
    assert soup.select_one("meta[property='og:title']")["content"] == title
    assert soup.select_one(".byline .author").get_text() == f"Tác giả {text}"
    assert soup.select_one(".byline .source").get_text() == f"Nguồn tin: Nguồn {text}"
    assert [a.get_text() for a in soup.select(".tags a")] == [f"thẻ {number} {text}"]
    assert soup.select_one(".lead-image figcaption").get_text() == f"Chú thích {text}"
    assert soup.select_one(".lead-image img")["alt"] == f"Ảnh {text}"
    unit = (UNIT, "Công an tỉnh")[number % 2]
    assert soup.select_one(".byline .unit a").get_text() == unit
    assert soup.select_one(".breadcrumb").get_text(" ", strip=True).endswith((CATEGORY, "Tin hoạt động")[number % 2])
    listings = [hostile_site.output / "2021/03/index.html", *(hostile_site.output / "2021/03/trang").glob("*/index.html")]
    items = [a.get_text() for listing in listings
             for a in BeautifulSoup(listing.read_text("utf-8"), "html.parser").select(".item-title a")]
    assert title in items


def test_the_roundup_shows_units_and_sources_literally(hostile_site):
    soup = BeautifulSoup((hostile_site.output / "thong-ke/2021/phan-qua/index.html").read_text("utf-8"), "html.parser")
    sources = {a.get_text() for a in soup.select("#phan-qua .provenance a")}
    assert sources == {literal(f"Tin {number}: {HOSTILE[number]}") for number in (2, 3)}  # the newest of each unit
    assert {row.th.get_text() for row in soup.select("#theo-don-vi ~ table.data")[0].select("tbody tr")} == {
        UNIT, "Công an tỉnh"}
    assert UNIT in {text.get_text() for text in soup.select("#phan-qua svg.chart text")}


def test_feeds_carry_titles_as_text_and_only_clean_html(hostile_site):
    feeds = sorted((hostile_site.output / "feeds").glob("*.xml"))
    assert feeds
    atom, found, titles = "{http://www.w3.org/2005/Atom}", {}, set()
    for feed in feeds:
        root = ET.parse(feed).getroot()
        entries = list(root.iter(f"{atom}entry")) or list(root.iter("item"))
        assert entries, feed.name
        for entry in entries:
            title = entry.find(f"{atom}title") if entry.find(f"{atom}title") is not None else entry.find("title")
            assert title.get("type", "text") == "text" and len(title) == 0  # text, no child elements
            titles.add(title.text)
            for part in [*entry.iter(f"{atom}content"), *entry.iter(f"{atom}summary"), *entry.iter("description")]:
                if forms := executable(BeautifulSoup(part.text or "", "html.parser")):
                    found[f"{feed.name}: {title.text}"] = forms
    assert found == {}
    assert titles == {literal(f"Tin {number}: {text}") for number, text in enumerate(HOSTILE)}  # as written


def test_the_sitemap_is_well_formed(hostile_site):
    root = ET.parse(hostile_site.output / "sitemap.xml").getroot()
    addresses = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(addresses) > len(HOSTILE)
    assert all(re.fullmatch(r"http://127\.0\.0\.1:8000/[a-z0-9/-]*", address) for address in addresses)


@pytest.mark.slow
def test_search_answers_mark_matches_and_nothing_else(hostile_site, tmp_path):
    from browser_harness import SiteServer  # noqa: PLC0415 - the endpoint as ./dev serve runs it

    server = SiteServer(hostile_site.output, tmp_path)
    try:
        hits, page = [], 1
        while True:
            answer = httpx.get(f"{server.base}/api/search", params={"q": "tin", "page": page, "per_page": 20}).json()
            hits += answer["hits"]
            if page >= answer["pages"]:
                break
            page += 1
    finally:
        server.stop()
    titles = {hit["title"] for hit in hits}
    assert titles >= {literal(f"Tin {number}: {text}") for number, text in enumerate(HOSTILE)}
    for hit in hits:
        for html in (hit["title_html"], hit["snippet"]):
            soup = BeautifulSoup(html, "html.parser")
            assert {element.name for element in soup.find_all(True)} <= {"mark"}, html
        assert BeautifulSoup(hit["title_html"], "html.parser").get_text() == hit["title"]


def test_cards_draw_the_literal_title(hostile_site):
    font = (ROOT / "theme" / "fonts" / "NotoSans-Bold.ttf").stat().st_size
    cards = hostile_site.root / "cache" / "images" / "cards"
    for number, text in enumerate(HOSTILE):
        card = hostile_site.output / "og" / f"bai-{number}.jpg"
        drawn = cards / f"{card_key(literal(f'Tin {number}: {text}'), SITENAME, font)}.jpg"
        assert card.read_bytes() == drawn.read_bytes(), text
        with Image.open(card) as image:
            assert image.format == "JPEG" and image.size == (1200, 630)
