"""Open Graph card images (1200 x 630): the Vietnamese title drawn with the theme's font."""

import functools
import hashlib
import io
import re
import textwrap
import threading
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from toandan.accelerate.pillow import GlyphDrawer, glyphs_ready
from toandan.vietnamese.text import nfc

WIDTH, HEIGHT = 1200, 630
BLOCK_ROW = 16  # pixels in one row of JPEG blocks, with colour at half resolution (Pillow's default)
RESTART = re.compile(rb"\xff[\xd0-\xd7]")  # 0xFF in coded data is always followed by 0x00
QUALITY = 85
BRAND, INK, PAPER, TITLE = (139, 26, 26), (255, 255, 255), (247, 243, 238), (40, 20, 20)
CARD_VERSION = "1"  # change when the drawing changes, so cached cards are redrawn


def card_key(title: str, site: str, font_size: int) -> str:
    """A card's name in the cache; font_size: the size of the font file, which a new font changes."""
    text = f"{CARD_VERSION}\n{title}\n{site}\n{font_size}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@functools.lru_cache(maxsize=64)
def _font(path: str, size: int, thread: int) -> ImageFont.FreeTypeFont:
    """A loaded font, once per size and drawing thread (a FreeType face is not shared between threads)."""
    return ImageFont.truetype(path, size)


@functools.lru_cache(maxsize=64)
def _glyphs(path: str, size: int, thread: int) -> GlyphDrawer:
    return GlyphDrawer(_font(path, size, thread))


def _jpeg(image: Image.Image) -> bytes:
    """Baseline JPEG with a restart marker after every row of blocks, so that each row is coded on
    its own. No second pass to optimise the Huffman tables: quicker encoding, for somewhat larger
    files that only crawlers fetch; and with the standard tables, rows coded apart splice."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=QUALITY, restart_marker_rows=1)
    return out.getvalue()


def _coded_rows(jpeg: bytes) -> tuple[bytes, list[bytes]]:
    """A JPEG from _jpeg as its headers, up to the scan's data, and each block row's coded data."""
    scan = jpeg.index(b"\xff\xda")
    start = scan + 2 + int.from_bytes(jpeg[scan + 2:scan + 4], "big")
    return jpeg[:start], RESTART.split(jpeg[start:-2])  # the file ends with its end marker


class _Background:
    """What every card of a site shares: the paper, the bands and the site's name, drawn and coded once.

    Encoding is the largest part of a card's cost, and most of a card is this background. With a
    restart marker after every row of blocks, a card is coded as the background's rows with the rows
    that hold its title coded again: the same bytes as the whole card coded in one go (tested).
    """

    def __init__(self, site: str, font_path: str):
        image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
        draw = ImageDraw.Draw(image)
        draw.rectangle([0, 0, WIDTH, 120], fill=BRAND)
        draw.rectangle([0, HEIGHT - 24, WIDTH, HEIGHT], fill=BRAND)
        draw.text((60, 60), nfc(site).upper(), font=_font(font_path, 38, threading.get_ident()), fill=INK, anchor="lm")
        self.image = image
        self.head, self.rows = _coded_rows(_jpeg(image))

    def strip(self, top: int, bottom: int) -> tuple[int, Image.Image]:
        """The first block row and a copy of the rows that hold pixel rows [top, bottom), to draw on."""
        first = max(top, 0) // BLOCK_ROW
        end = min(-(-bottom // BLOCK_ROW) * BLOCK_ROW, HEIGHT)
        return first, self.image.crop((0, first * BLOCK_ROW, WIDTH, max(end, (first + 1) * BLOCK_ROW)))

    def card(self, first: int, strip: Image.Image) -> bytes:
        """The card whose block rows from `first` on are the strip's."""
        rows = _coded_rows(_jpeg(strip))[1]
        rows = self.rows[:first] + rows + self.rows[first + len(rows):]
        out = [self.head]
        for number, row in enumerate(rows):
            if number:  # markers count 0 to 7 again and again through the scan
                out.append(bytes((0xFF, 0xD0 + (number - 1) % 8)))
            out.append(row)
        out.append(b"\xff\xd9")
        return b"".join(out)


@functools.lru_cache(maxsize=4)
def _background(site: str, font_path: str) -> _Background:
    return _Background(site, font_path)


def layout(title: str) -> tuple[int, list[tuple[float, str]]]:
    """The font size, as large as lets the title fit on four lines, and each line's top."""
    for size, columns in ((64, 30), (56, 34), (48, 40)):
        lines = textwrap.wrap(nfc(title), columns)
        if len(lines) <= 4:
            break
    lines = lines[:4]
    top = 120 + (HEIGHT - 144 - len(lines) * size * 1.3) / 2
    return size, [(top + number * size * 1.3, line) for number, line in enumerate(lines)]


def draw_card(title: str, site: str, font_path: Path, target: Path, settings: dict | None = None) -> None:
    """Write a JPEG card: a band with the site name, then the title, large, on up to four lines."""
    size, lines = layout(title)
    background = _background(site, str(font_path))
    if glyphs_ready(settings):
        glyphs = _glyphs(str(font_path), size, threading.get_ident())
        extents = [glyphs.rows(y, line) for y, line in lines] or [(HEIGHT // 2, HEIGHT // 2)]  # no title
        first, strip = background.strip(min(top for top, _ in extents), max(bottom for _, bottom in extents))
        glyphs.draw(strip, [((60, y - first * BLOCK_ROW), line) for y, line in lines], fill=TITLE, paper=PAPER)
    else:  # Pillow's own drawing, on the whole card: the same bytes, coded in full
        first, strip = background.strip(0, HEIGHT)
        draw = ImageDraw.Draw(strip)
        for y, line in lines:
            draw.text((60, y), line, font=_font(str(font_path), size, threading.get_ident()), fill=TITLE)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".tmp")
    partial.write_bytes(background.card(first, strip))
    partial.replace(target)
