"""Pillow, the one place that reaches into its core images: the glyphs of card titles rasterized once
and pasted straight through Pillow's core image (Image.im).

Checked against Pillow 10 to 13 (the range in pyproject.toml). Where a check fails, cards are drawn
with ImageDraw.text, Pillow's public path, to the same pixels.
"""

import math

from PIL import Image, ImageDraw, ImageFont

from toandan import accelerate

NAME = "pillow.glyphs"
CHECKED = ("10", "14")  # Pillow releases this was checked against: from, below


def _needs() -> str | None:
    image = Image.new("RGB", (2, 2))
    image.load()
    core = getattr(image, "im", None)
    if core is None:
        return "Image không còn im (ảnh lõi)"
    if not callable(getattr(core, "paste", None)):
        return "ảnh lõi không còn paste"
    mask = Image.new("L", (1, 1), 255).im
    try:
        core.paste((1, 2, 3), (0, 0, 1, 1), mask)
        core.paste(Image.new("RGB", (1, 1), (4, 5, 6)).im, (1, 1, 2, 2))
    except (TypeError, ValueError, AttributeError) as error:
        return f"paste của ảnh lõi nhận đối số khác ({error})"
    if image.getpixel((0, 0)) != (1, 2, 3) or image.getpixel((1, 1)) != (4, 5, 6):
        return "paste của ảnh lõi vẽ khác"
    return None


def glyphs_ready(settings: dict | None = None) -> bool:
    return accelerate.ready(NAME, "pillow", CHECKED, _needs, settings)


class GlyphDrawer:
    """Draws text from glyphs rasterized once: FreeType rasterizes every glyph of a line each time it
    draws one, and a portal's titles use a few hundred distinct letters.
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

        A glyph whose box meets none drawn before it is copied in as drawn on paper once, much
        faster than blending it in through its mask: most of a title's glyphs. Those
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
