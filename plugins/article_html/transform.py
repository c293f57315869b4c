"""Rendered article HTML, improved: figures with captions, responsive images, safe links, anchors."""

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from toandan.vietnamese.text import slugify

NEEDS_WORK = re.compile(r"<(?:img|a|h[2-4])[\s>]")
SIZES = "(max-width: 48rem) 100vw, 48rem"


def image_key(src: str) -> str:
    """'{static}/images/a.jpg', '/images/a.jpg', '../../images/a.jpg' -> 'images/a.jpg'."""
    path = re.sub(r"^\{static\}|^\|static\|", "", urlsplit(src).path)
    return re.sub(r"^(?:\.\./|\./|/)+", "", path)


def picture(soup: BeautifulSoup, image_set, prefix: str, alt: str, eager: bool = False):
    """A <picture> with a WebP source and the original format as fallback."""
    element = soup.new_tag("picture")
    for mime in image_set.mimes:
        if mime != image_set.fallback.mime:
            element.append(soup.new_tag("source", attrs={
                "type": mime, "srcset": image_set.srcset(mime, prefix.rstrip("/")), "sizes": SIZES}))
    fallback = image_set.fallback
    element.append(soup.new_tag("img", attrs={
        "src": f"{prefix}{fallback.path}", "srcset": image_set.srcset(fallback.mime, prefix.rstrip("/")),
        "sizes": SIZES, "width": str(fallback.width), "height": str(fallback.height), "alt": alt,
        "loading": "eager" if eager else "lazy", "decoding": "async"}))
    return element


def improve(html: str, image_sets: dict, prefix: str, site_origin: str) -> str:
    """prefix: how this page reaches the site root ('../../' or 'https://site/')."""
    if not NEEDS_WORK.search(html):
        return html
    soup = BeautifulSoup(html, "html.parser")
    for img in soup.find_all("img"):
        caption = img.get("title") or img.get("alt") or ""
        image_set = image_sets.get(image_key(img.get("src", "")))
        replacement = picture(soup, image_set, prefix, img.get("alt", "")) if image_set else img
        if image_set is None:
            img["loading"] = "lazy"
            img["alt"] = img.get("alt", "")
        holder = img.parent
        figure = soup.new_tag("figure")
        if holder.name == "p" and len([c for c in holder.contents if str(c).strip()]) == 1:
            holder.replace_with(figure)
        else:
            img.replace_with(figure)
        figure.append(replacement)
        if caption:
            figcaption = soup.new_tag("figcaption")
            figcaption.string = caption
            figure.append(figcaption)
    for link in soup.find_all("a", href=True):
        target = urlsplit(link["href"])
        if target.scheme in ("http", "https") and not link["href"].startswith(site_origin or "\0"):
            link["rel"] = sorted(set(link.get("rel", [])) | {"noopener", "external"})
    used: set[str] = set()
    for heading in soup.find_all(["h2", "h3", "h4"]):
        base = heading.get("id") or slugify(heading.get_text()) or "muc"
        anchor, number = base, 2
        while anchor in used:
            anchor, number = f"{base}-{number}", number + 1
        used.add(anchor)
        heading["id"] = anchor
        link = soup.new_tag("a", attrs={"class": "anchor", "href": f"#{anchor}",
                                        "aria-label": f"Liên kết tới mục: {heading.get_text(strip=True)}"})
        link.string = "#"
        heading.append(link)
    return str(soup)
