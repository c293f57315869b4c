import re

import pytest

from toandan.vietnamese.text import fold, fold_by_decomposition, nfc, slugify


@pytest.mark.parametrize("title, slug", [
    ("Đảng", "dang"),
    ("Đảng ủy Công an tỉnh", "dang-uy-cong-an-tinh"),
    ("Toàn dân bảo vệ an ninh Tổ quốc", "toan-dan-bao-ve-an-ninh-to-quoc"),
    ("Đường biên, mốc giới", "duong-bien-moc-gioi"),
    ("  Tổ tự quản – 2021!  ", "to-tu-quan-2021"),
    ("Phòng chống tội phạm & tệ nạn xã hội", "phong-chong-toi-pham-te-nan-xa-hoi"),
    ("Quý III/2021", "quy-iii-2021"),
    ("Huyện Bù Đốp", "huyen-bu-dop"),
    ("Người Ê Đê", "nguoi-e-de"),
])
def test_slugs_are_readable_ascii_and_keep_d(title, slug):
    assert slugify(title) == slug


def test_slug_of_decomposed_text_is_the_same():
    decomposed = "Tổ quốc".encode().decode()
    import unicodedata
    assert slugify(unicodedata.normalize("NFD", decomposed)) == "to-quoc"


def test_fold_strips_every_vietnamese_mark_and_d():
    assert fold("Đảng bảo vệ an ninh Tổ quốc đường") == "Dang bao ve an ninh To quoc duong"
    assert fold("ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳýỷỹỵ") == (
        "aaaaa aaaaa eeeee ooooo ooooo uuuuu yyyyy")


def test_fold_of_decomposed_and_mixed_text_is_the_fold_of_its_composed_form():
    import unicodedata
    long = "Đảng bảo vệ “an ninh” Tổ quốc… " * 4  # long texts take the table, short ones the plain way
    for text in ("Đảng bảo vệ", long, "ἄλφα Ωμέγα " * 8, "한국어 ña " * 10, "གྷ 𝒜 bảo " * 10):
        assert fold(unicodedata.normalize("NFD", text)) == fold(text)
        assert fold(text) == "".join(fold(word) for word in re.split(r"(\s)", text))
    assert fold("ἄλφα Ωμέγα ña") == "αλφα Ωμεγα na"
    assert fold(long).startswith("Dang bao ve “an ninh” To quoc… ")


def test_nfc_composes():
    import unicodedata
    assert nfc(unicodedata.normalize("NFD", "bảo")) == "bảo"


def test_a_long_text_folds_every_character_as_unicode_decomposition_does():
    """A long text (64 characters or more today) is folded through a table of every character of the
    Basic Multilingual Plane: each one must fold as decomposing and dropping the marks does."""
    padding = "x" * 255
    for code in range(0x80, 0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        assert fold(padding + chr(code)) == padding + fold_by_decomposition(chr(code)), hex(code)
