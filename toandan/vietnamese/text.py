"""Vietnamese text: normalisation, diacritic folding and slugs."""

import functools
import re
import unicodedata

import numpy as np
from unidecode import unidecode

# Unicode decomposition leaves đ/Đ alone (it is a letter, not d plus a mark).
_STROKED = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Compose text to NFC, the form every comparison in the project uses."""
    return unicodedata.normalize("NFC", text)


def fold_by_decomposition(text: str) -> str:
    """Diacritics (and the stroke of đ) stripped the plain way: decomposed, marks dropped, composed
    again. fold() takes quicker paths to the same text."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKED))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


@functools.cache
def _fold_table() -> np.ndarray:
    """Each Basic Multilingual Plane character's fold; 0 where it folds to nothing, _ELSEWHERE where to two."""
    table = np.arange(0x10000, dtype=np.uint32)
    stroked = {ord(c) for c in "đĐ"}
    for code in range(0x80, 0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        character = chr(code)
        # Without a canonical decomposition, a mark or a stroke, a character folds to itself; the
        # few thousand others take the slow way.
        if code in stroked or unicodedata.combining(character) or unicodedata.decomposition(character)[:1] not in ("", "<"):
            folded = fold_by_decomposition(character)
            table[code] = ord(folded) if len(folded) == 1 else 0 if not folded else _ELSEWHERE
    return table


# Short texts are mostly the same few hundred (units, indicators, measures, words of a number),
# folded again for every figure and every page that names them.
_fold_short = functools.lru_cache(maxsize=1 << 14)(fold_by_decomposition)
_ELSEWHERE = 0x110000  # beyond Unicode: this text takes the slow way
_SHORT = 64  # below this many characters the slow way is the quicker one


def fold(text: str) -> str:
    """Strip Vietnamese diacritics, đ included: 'Đảng bảo vệ' -> 'Dang bao ve'."""
    if text.isascii():
        return text
    if len(text) < _SHORT:
        return _fold_short(text)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if codes.max() > 0xFFFF:
        return fold_by_decomposition(text)
    folded = _fold_table()[codes]  # one table lookup per character, in C: ten times the slow way
    if folded.max() > 0xFFFF:
        return fold_by_decomposition(text)
    return unicodedata.normalize("NFC", folded[folded != 0].tobytes().decode("utf-32-le"))


@functools.lru_cache(maxsize=1 << 14)  # the same categories, units and tags, once for every article that names them
def slugify(text: str) -> str:
    """A readable ASCII slug: 'Đảng ủy Công an tỉnh' -> 'dang-uy-cong-an-tinh'."""
    ascii_text = unidecode(fold(nfc(text)))
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
