"""Open Graph card images (1200 x 630): the Vietnamese title drawn with the theme's font."""

import functools
import hashlib
import io
import math
import re
import textwrap
import threading
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

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


class _Glyphs:
    """Draws text from glyphs rasterized once: FreeType takes about 2.5 ms to draw a 64 px title
    line, two thirds of a card, and a portal's titles use a few hundred distinct letters.
    Advances and pair kerning come from the font's own layout, so lines read as draw.text sets them."""

    def __init__(self, font: ImageFont.FreeTypeFont):
        self.font = font
        # Each glyph's mask (Pillow's core image, pasted through directly), width, height and offset.
        self._glyphs: dict[str, tuple[object, int, int, int, int]] = {}
        self._advances: dict[str, float] = {}
        self._kerning: dict[tuple[str, str], float] = {}
        self._tiles: dict[tuple, object] = {}  # by (glyph, fill, paper)

    def _glyph(self, char: str) -> tuple[object, int, int, int, int]:
        if (glyph := self._glyphs.get(char)) is None:
            left, top, right, bottom = self.font.getbbox(char)
            mask = None
            if right > left and bottom > top:
                mask = Image.new("L", (right - left, bottom - top))
                ImageDraw.Draw(mask).text((-left, -top), char, font=self.font, fill=255)
                mask = mask.im
            glyph = self._glyphs[char] = (mask, right - left, bottom - top, left, top)
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

    def _tile(self, char: str, fill: tuple, paper: tuple) -> object:
        """The glyph drawn in fill on a box of paper (Pillow's core image), as its masked paste draws it."""
        if (tile := self._tiles.get((char, fill, paper))) is None:
            mask, width, height, _, _ = self._glyph(char)
            tile = Image.new("RGB", (width, height), paper).im
            tile.paste(fill, (0, 0, width, height), mask)
            self._tiles[char, fill, paper] = tile
        return tile

    def rows(self, y: float, text: str) -> tuple[int, int]:
        """The pixel rows that draw(image, [((x, y), text)], ...) may cover: [top, bottom)."""
        glyphs = [self._glyph(char) for char in text]
        extents = [(top, top + height) for mask, _, height, _, top in glyphs if mask is not None] or [(0, 0)]
        row = math.ceil(y - 0.5)
        return row + min(top for top, _ in extents), row + max(bottom for _, bottom in extents)

    def draw(self, image: Image.Image, lines: list[tuple[tuple[float, float], str]], fill: tuple[int, int, int],
             paper: tuple[int, int, int]) -> None:
        """Each line's text on image, its top left (ascender line) at xy, as draw.text(xy, text) would
        draw it; image is paper wherever the lines fall, and the lines go down the image.

        A glyph whose box meets none drawn before it is copied in as drawn on paper once, in a
        twentieth of the time of blending it in through its mask: most of a title's glyphs. Those
        that meet another (a kerned pair, a mark stacked above a capital reaching a descender of
        the line above) are blended in, as draw.text does."""
        image.load()
        # Straight to Pillow's core: Image.paste checks and converts its arguments on every call,
        # as long again as the pasting itself for a glyph.
        paste = image.im.paste
        inked_to = -math.inf  # the lowest row that the glyphs of the lines above reach
        for (x, y), text in lines:
            row = math.ceil(y - 0.5)  # as Pillow rounds
            right = bottom = -math.inf  # of this line's glyphs so far
            previous = None
            for char in text:
                if previous is not None:
                    x += self._kern((previous, char))
                mask, width, height, left, top = self._glyph(char)
                if mask is not None:
                    column = math.floor(x + 0.5) + left  # as Pillow rounds
                    box = (column, row + top, column + width, row + top + height)
                    if column >= right and box[1] >= inked_to:
                        paste(self._tile(char, fill, paper), box)
                    else:
                        paste(fill, box, mask)
                    right, bottom = max(right, box[2]), max(bottom, box[3])
                x += self._advance(char)
                previous = char
            inked_to = max(inked_to, bottom)


@functools.lru_cache(maxsize=64)
def _glyphs(path: str, size: int, thread: int) -> _Glyphs:
    return _Glyphs(_font(path, size, thread))


def _jpeg(image: Image.Image) -> bytes:
    """Baseline JPEG with a restart marker after every row of blocks, so that each row is coded on
    its own. No second pass to optimise the Huffman tables: it halves the encoding time, for files
    about 14% larger that only crawlers fetch; and with the standard tables, rows coded apart splice."""
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


def draw_card(title: str, site: str, font_path: Path, target: Path) -> None:
    """Write a JPEG card: a band with the site name, then the title, large, on up to four lines."""
    size, lines = layout(title)
    glyphs = _glyphs(str(font_path), size, threading.get_ident())
    extents = [glyphs.rows(y, line) for y, line in lines] or [(HEIGHT // 2, HEIGHT // 2)]  # no title
    background = _background(site, str(font_path))
    first, strip = background.strip(min(top for top, _ in extents), max(bottom for _, bottom in extents))
    glyphs.draw(strip, [((60, y - first * BLOCK_ROW), line) for y, line in lines], fill=TITLE, paper=PAPER)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".tmp")
    partial.write_bytes(background.card(first, strip))
    partial.replace(target)
