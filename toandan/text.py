"""Vietnamese text: normalisation, diacritic folding and slugs."""

import re
import unicodedata

from unidecode import unidecode

# Unicode decomposition leaves đ/Đ alone (it is a letter, not d plus a mark).
_STROKED = str.maketrans({"đ": "d", "Đ": "D"})
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Compose text to NFC, the form every comparison in the project uses."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Strip Vietnamese diacritics, đ included: 'Đảng bảo vệ' -> 'Dang bao ve'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKED))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def slugify(text: str) -> str:
    """A readable ASCII slug: 'Đảng ủy Công an tỉnh' -> 'dang-uy-cong-an-tinh'."""
    ascii_text = unidecode(fold(nfc(text)))
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
