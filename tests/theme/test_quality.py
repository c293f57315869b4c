"""An accessibility and link audit over every page of the built sample site."""

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from sitekit import ROOT

RESOURCE_ATTRIBUTES = (("script", "src"), ("link[rel~=stylesheet]", "href"), ("link[rel~=icon]", "href"),
                       ("link[rel~=preload]", "href"), ("img", "src"), ("source", "srcset"),
                       ("img", "srcset"), ("iframe", "src"), ("video", "src"), ("audio", "src"))


def pages(sample) -> list[Path]:
    return sorted((sample / "output").rglob("*.html"))


def resolve(output: Path, page: Path, href: str) -> Path | None:
    """The file an internal link points to, or None for external and special links."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith(("//", "#", "mailto:")):
        return None
    base = output if parts.path.startswith("/") else page.parent  # root-relative, as the theme links
    target = Path(os.path.normpath(base / unquote(parts.path).lstrip("/"))) if parts.path else page
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target


@pytest.mark.slow
def test_every_page_has_the_landmarks_and_language(sample):
    for page in pages(sample):
        text = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        assert text.startswith("<!DOCTYPE html>"), page
        assert soup.html["lang"] == "vi", page
        assert len(soup.select("h1")) == 1, page
        assert soup.select_one("main#noi-dung") and soup.select_one("a.skip-link[href='#noi-dung']"), page
        assert soup.select_one("header") and soup.select_one("footer") and soup.select_one("nav"), page
        ids = [element["id"] for element in soup.select("[id]")]
        assert len(ids) == len(set(ids)), (page, sorted(i for i in ids if ids.count(i) > 1))
        for label in soup.select("label[for]"):
            assert soup.find(id=label["for"]), (page, label)


@pytest.mark.slow
def test_every_image_has_alternative_text(sample):
    for page in pages(sample):
        for img in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("img"):
            assert img.has_attr("alt"), (page, img)
            decorative = img.find_parent(attrs={"aria-hidden": "true"})
            assert img["alt"].strip() or decorative, (page, img)


@pytest.mark.slow
def test_nothing_is_loaded_from_outside_the_site(sample):
    for page in pages(sample):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attribute in RESOURCE_ATTRIBUTES:
            for element in soup.select(f"{tag}" if "[" in tag else f"{tag}[{attribute}]"):
                for url in re.split(r",\s*", element[attribute]):
                    assert not re.match(r"^(https?:)?//", url.strip()), (page, element)
    for css in (sample / "output" / "theme").rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", css.read_text()), css


@pytest.mark.slow
def test_no_broken_internal_links(sample):
    output = sample / "output"
    broken = []
    for page in pages(sample):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select("a[href]")] + [l["href"] for l in soup.select("link[href]")]
        links += [s["src"] for s in soup.select("script[src], img[src]")]
        links += [u.split()[0] for s in soup.select("[srcset]") for u in s["srcset"].split(",")]
        links += [f["action"] for f in soup.select("form[action]")]
        for href in links:
            target = resolve(output, page, href)
            if target is not None and not target.is_file():
                broken.append((str(page.relative_to(output)), href))
            fragment = urlsplit(href).fragment
            if href.startswith("#") and fragment and not soup.find(id=fragment):
                broken.append((str(page.relative_to(output)), href))
    assert broken == []


def luminance(hex_colour: str) -> float:
    if len(hex_colour) == 4:
        hex_colour = "#" + "".join(c * 2 for c in hex_colour[1:])
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("text, background", [
    ("ink", "paper"), ("ink", "tint"), ("muted", "paper"), ("muted", "tint"), ("brand", "paper"),
    ("brand", "tint"), ("brand-dark", "paper"), ("#ffffff", "brand"), ("#ffffff", "brand-dark"),
])
def test_colour_contrast_meets_wcag_aa(text, background):
    css = (ROOT / "theme" / "static" / "css" / "site.css").read_text()
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", css))
    first, second = colours.get(text, text), colours.get(background, background)
    assert contrast(first, second) >= 4.5, (text, background, round(contrast(first, second), 2))


LANDMARK_ROLES = {"banner", "main", "contentinfo", "navigation", "complementary", "region", "search", "form"}


def in_landmark(element) -> bool:
    """Whether element or an ancestor is a landmark (a section or form counts when it is named)."""
    for tag in [element, *element.parents]:
        named = tag.get("aria-label") or tag.get("aria-labelledby") if tag.name else None
        if tag.name in ("header", "main", "footer", "nav", "aside") or tag.get("role") in LANDMARK_ROLES \
                or (tag.name in ("section", "form") and named):
            return True
    return False


@pytest.mark.slow
def test_every_page_keeps_its_tools_in_landmarks_and_its_headings_in_order(sample):
    """axe best practice: the font-size tools sit in a landmark, headings never skip a level going
    down (h1 to h3), and each search landmark has its own name."""
    for page in pages(sample):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        outside = [button["aria-label"] for button in soup.select("[data-font-step]") if not in_landmark(button)]
        assert outside == [], page
        levels = [int(heading.name[1]) for heading in soup.select("h1, h2, h3, h4, h5, h6")]
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert skips == [], (page, skips)
        names = [search.get("aria-label") for search in soup.select("[role=search], search")]
        assert all(names) and len(names) == len(set(names)), (page, names)
