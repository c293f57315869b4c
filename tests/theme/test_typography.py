"""Typogrify is on, and harmless for Vietnamese."""

import unicodedata

import pytest

from bs4 import BeautifulSoup
from typogrify.filters import typogrify

from toandan.vietnamese.text import nfc

TEXT = ('"Toàn dân bảo vệ an ninh Tổ quốc" -- phong trào của Đảng ủy, UBMTTQ và ANTT ở '
        "xã Đăk Nên; 8.230 phần quà trị giá 3,68 tỷ đồng... Người Ê Đê, ông Điểu Lộc.")


def letters(text: str) -> str:
    return "".join(c for c in nfc(text) if unicodedata.category(c).startswith("L"))


def test_typogrify_keeps_every_vietnamese_letter():
    html = typogrify(f"<p>{TEXT}</p>")
    assert letters(BeautifulSoup(html, "html.parser").get_text()) == letters(TEXT)
    decomposed = unicodedata.normalize("NFD", TEXT)
    assert letters(BeautifulSoup(typogrify(f"<p>{decomposed}</p>"), "html.parser").get_text()) == letters(TEXT)


@pytest.mark.slow
def test_no_typographic_markup_in_titles_or_statistics(sample):
    for path in (sample / "output").rglob("index.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert "<" not in soup.title.decode_contents() and "&nbsp;" not in str(soup.title)
        for cell in soup.select(".stats td, .stats th"):
            assert not cell.select("span.caps, span.amp, span.dquo, span.quo"), path
    meta = BeautifulSoup((sample / "output/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/index.html")
                         .read_text(), "html.parser").select_one("meta[property='og:title']")["content"]
    assert "<" not in meta and "\u00a0" not in meta
