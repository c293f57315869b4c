"""Open Graph card images (1200 x 630): the Vietnamese title drawn with the theme's font."""

import functools
import hashlib
import math
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


class _Glyphs:
    """Draws text from glyphs rasterized once: FreeType takes about 2.5 ms to draw a 64 px title
    line, two thirds of a card, and a portal's titles use a few hundred distinct letters.
    Advances and pair kerning come from the font's own layout, so lines read as draw.text sets them."""

    def __init__(self, font: ImageFont.FreeTypeFont):
        self.font = font
        self._glyphs: dict[str, tuple[Image.Image | None, int, int]] = {}
        self._advances: dict[str, float] = {}
        self._kerning: dict[tuple[str, str], float] = {}

    def _glyph(self, char: str) -> tuple[Image.Image | None, int, int]:
        if (glyph := self._glyphs.get(char)) is None:
            left, top, right, bottom = self.font.getbbox(char)
            mask = None
            if right > left and bottom > top:
                mask = Image.new("L", (right - left, bottom - top))
                ImageDraw.Draw(mask).text((-left, -top), char, font=self.font, fill=255)
            glyph = self._glyphs[char] = (mask, left, top)
        return glyph

    def _advance(self, char: str) -> float:
        if (advance := self._advances.get(char)) is None:
            advance = self._advances[char] = self.font.getlength(char)
        return advance

    def _kern(self, pair: tuple[str, str]) -> float:
        if (kerning := self._kerning.get(pair)) is None:
            kerning = self.font.getlength("".join(pair)) - self._advance(pair[0]) - self._advance(pair[1])
            self._kerning[pair] = kerning
        return kerning

    def draw(self, image: Image.Image, xy: tuple[float, float], text: str, fill: tuple[int, int, int]) -> None:
        """text on image with its top left (ascender line) at xy, as draw.text(xy, text) would."""
        x, y = xy
        previous = None
        for char in text:
            if previous is not None:
                x += self._kern((previous, char))
            mask, left, top = self._glyph(char)
            if mask is not None:
                image.paste(fill, (math.floor(x + 0.5) + left, math.ceil(y - 0.5) + top), mask)  # as Pillow rounds
            x += self._advance(char)
            previous = char


@functools.lru_cache(maxsize=64)
def _glyphs(path: str, size: int, thread: int) -> _Glyphs:
    return _Glyphs(_font(path, size, thread))


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
    title = nfc(title)
    for size, columns in ((64, 30), (56, 34), (48, 40)):
        lines = textwrap.wrap(title, columns)
        if len(lines) <= 4:
            break
    lines = lines[:4]
    glyphs = _glyphs(str(font_path), size, threading.get_ident())
    top = 120 + (HEIGHT - 144 - len(lines) * size * 1.3) / 2
    for number, line in enumerate(lines):
        glyphs.draw(image, (60, top + number * size * 1.3), line, fill=(40, 20, 20))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".tmp")
    # No second pass to optimise the Huffman tables: it halves the encoding time, the largest part of
    # a card's cost (10,000 cards on a cold build), for files about 14% larger that only crawlers fetch.
    image.save(partial, "JPEG", quality=85)
    partial.replace(target)
