"""Each page type of the built sample site, as a reader would check it."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

KNOWN = "2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/index.html"
ATOM = "{http://www.w3.org/2005/Atom}"


def page(sample, relative: str) -> BeautifulSoup:
    return BeautifulSoup((sample / "output" / relative).read_text(encoding="utf-8"), "html.parser")


def test_home_page(sample):
    soup = page(sample, "index.html")
    featured = soup.select(".featured-item")
    assert 1 <= len(featured) <= 3
    assert featured[0].select_one("picture source[type='image/webp']")
    blocks = soup.select(".category-block")
    assert len(blocks) == 6
    for block in blocks:
        assert 1 <= len(block.select(".item")) <= 3
    assert soup.select_one(".pagination a[rel=next]")["href"].endswith("trang/2/")


@pytest.mark.parametrize("listing", [
    "chuyen-muc/tin-hoat-dong/index.html", "chuyen-muc/tin-hoat-dong/trang/2/index.html",
    "the/bien-gioi/index.html", "don-vi/cong-an-tinh/index.html", "don-vi/cong-an-tinh/trang/2/index.html",
    "2021/index.html", "2021/12/index.html", "trang/2/index.html",
])
def test_listing_items_have_date_summary_and_thumbnail(sample, listing):
    items = page(sample, listing).select("ul.items > li.item")
    assert items
    for item in items:
        assert item.select_one("time[datetime]") and item.select_one(".summary")
        assert item.select_one("[data-views]")
    assert any(item.select_one(".thumb img[width][height]") for item in page(sample, "index.html").select(".item"))


def test_year_archive_is_paginated(sample):
    soup = page(sample, "2021/index.html")
    assert soup.select_one(".pagination a[rel=next]")["href"].endswith("2021/trang/2/")
    assert (sample / "output/2021/trang/2/index.html").is_file()


def test_article_page(sample):
    soup = page(sample, KNOWN)
    assert soup.select_one(".breadcrumb").get_text(" ", strip=True) == "Trang chủ › Tin hoạt động"
    assert soup.select_one(".dateline time").get_text() == "Chủ nhật - 26/12/2021 21:42"
    assert soup.select_one(".byline .author").get_text() == "Trần Đức Mậu"
    assert soup.select_one(".byline .source").get_text() == "Nguồn tin: Ban Dân vận Tỉnh ủy"
    lead = soup.select_one("figure.lead-image")
    img = lead.select_one("img")
    assert img["width"] == "1600" and img["height"] == "900" and img["alt"]
    assert "480w" in lead.select_one("source[type='image/webp']")["srcset"]
    assert lead.select_one("figcaption").get_text().startswith("Cán bộ Công an tỉnh")
    assert [a.get_text() for a in soup.select(".tags a")] == ["dân vận", "biên giới", "quà tặng"]
    related = soup.select(".related li a")
    assert 1 <= len(related) <= 5
    neighbours = soup.select(".neighbours a")
    assert neighbours and all(a["href"].startswith("/20") for a in neighbours)
    assert [b.get_text() for b in soup.select("[data-font-step]")] == ["A-", "A", "A+"]
    assert soup.select_one("[data-print]").get_text() == "In bài viết"
    share = [a["href"] for a in soup.select(".share a")]
    assert any("facebook.com/sharer" in href for href in share)
    assert soup.select_one("link[rel=canonical]")["href"] == "http://127.0.0.1:8000/" + KNOWN.replace("index.html", "")
    og = {m["property"]: m["content"] for m in soup.select("meta[property^='og:']")}
    # Over a year older than the newest sample article: it shares the site's card (IMAGES["cards_days"]).
    assert og["og:type"] == "article" and og["og:image"] == "http://127.0.0.1:8000/og/trang-chu.jpg"
    assert og["og:title"].startswith("Công an tỉnh tăng cường") and og["og:locale"] == "vi_VN"


def test_every_article_of_the_last_year_has_its_own_card(sample):
    """A card for each article at most a year older than the newest; the older ones show the site's."""
    cards = {p.stem for p in (sample / "output" / "og").glob("*.jpg")}
    pages = {p.parent.name: p for p in (sample / "output").glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")}
    images = {slug: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
              .select_one("meta[property='og:image']")["content"] for slug, p in pages.items()}
    own = {slug for slug, image in images.items() if image.endswith(f"/og/{slug}.jpg")}
    assert cards == own | {"trang-chu"} and own and own != set(pages)
    assert all(image.endswith("/og/trang-chu.jpg") for slug, image in images.items() if slug not in own)


def test_related_articles_prefer_shared_tags(sample):
    soup = page(sample, KNOWN)
    first = soup.select_one(".related li a")["href"]
    assert first.startswith("/20")  # root-relative, as every link of the theme
    target = page(sample, first.lstrip("/") + "index.html")
    shared = {a.get_text() for a in target.select(".tags a")} & {"dân vận", "biên giới", "quà tặng"}
    assert shared


@pytest.mark.parametrize("relative, title", [
    ("gioi-thieu/index.html", "Giới thiệu"), ("lien-he/index.html", "Liên hệ"),
    ("404.html", "Không tìm thấy trang này"),
])
def test_about_contact_and_404(sample, relative, title):
    assert page(sample, relative).select_one("h1").get_text() == title


@pytest.mark.parametrize("feed", ["feeds/all.atom.xml", "feeds/tin-hoat-dong.atom.xml"])
def test_atom_feeds(sample, feed):
    root = ET.parse(sample / "output" / feed).getroot()
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles and all("<" not in t and "&" not in t and "\u00a0" not in t for t in titles)


@pytest.mark.parametrize("feed", ["feeds/all.rss.xml", "feeds/mo-hinh-tieu-bieu.rss.xml"])
def test_rss_feeds(sample, feed):
    items = ET.parse(sample / "output" / feed).getroot().findall("./channel/item")
    assert items and all(item.findtext("link").startswith("http://127.0.0.1:8000/") for item in items)


def test_sitemap_and_robots(sample):
    root = ET.parse(sample / "output" / "sitemap.xml").getroot()
    urls = {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert "http://127.0.0.1:8000/" + KNOWN.replace("index.html", "") in urls
    assert "http://127.0.0.1:8000/don-vi/cong-an-tinh/" in urls
    robots = (sample / "output" / "robots.txt").read_text()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots and "Disallow: /api/" in robots
