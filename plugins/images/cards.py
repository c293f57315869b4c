"""Open Graph card images (1200 x 630): the Vietnamese title drawn with the theme's font."""

import functools
import hashlib
import textwrap
import threading
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from toandan.text import nfc

WIDTH, HEIGHT = 1200, 630
BRAND, INK, PAPER = (139, 26, 26), (255, 255, 255), (247, 243, 238)
CARD_VERSION = "1"  # change when the drawing changes, so cached cards are redrawn


def card_key(title: str, site: str, font: Path) -> str:
    text = f"{CARD_VERSION}\n{title}\n{site}\n{font.stat().st_size}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@functools.lru_cache(maxsize=64)
def _font(path: str, size: int, thread: int) -> ImageFont.FreeTypeFont:
    """A loaded font, once per size and drawing thread (a FreeType face is not shared between threads)."""
    return ImageFont.truetype(path, size)


@functools.lru_cache(maxsize=4)
def _background(site: str, font_path: str) -> Image.Image:
    """What every card of a site shares: the paper, the bands and the site's name."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 120], fill=BRAND)
    draw.rectangle([0, HEIGHT - 24, WIDTH, HEIGHT], fill=BRAND)
    draw.text((60, 60), nfc(site).upper(), font=_font(font_path, 38, threading.get_ident()), fill=INK, anchor="lm")
    return image


def draw_card(title: str, site: str, font_path: Path, target: Path) -> None:
    """Write a JPEG card: a band with the site name, then the title, large, on up to four lines."""
    image = _background(site, str(font_path)).copy()
    draw = ImageDraw.Draw(image)
    title = nfc(title)
    for size, columns in ((64, 30), (56, 34), (48, 40)):
        lines = textwrap.wrap(title, columns)
        if len(lines) <= 4:
            break
    lines = lines[:4]
    font = _font(str(font_path), size, threading.get_ident())
    top = 120 + (HEIGHT - 144 - len(lines) * size * 1.3) / 2
    for number, line in enumerate(lines):
        draw.text((60, top + number * size * 1.3), line, font=font, fill=(40, 20, 20))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".tmp")
    image.save(partial, "JPEG", quality=85, optimize=True)
    partial.replace(target)
