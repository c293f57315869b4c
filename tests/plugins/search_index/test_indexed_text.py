"""The indexed text of an article is what BeautifulSoup would extract from its HTML."""

import re

import pytest
from bs4 import BeautifulSoup

from search_index import _text

CASES = [
    "<p>Tổ tự quản &amp; camera, 1.691 hộ&nbsp;dân</p><p>Đoạn hai</p>",
    '<figure><picture><img alt="a > b" src="x.jpg"></picture><figcaption>Chú thích</figcaption></figure>',
    "<h2 id=\"ket-qua\">Kết quả<a class=\"anchor\" href=\"#ket-qua\">#</a></h2>",
    "<p>Trước<!-- ghi chú <b>ẩn</b> -->sau</p><script>var x = '<p>';</script><style>p{}</style>",
    "<p><span class=\"caps\">UBMTTQ</span> &#8220;Toàn dân&#8221; &#8212; a&#160;b</p>",
    "<table><tr><td>Xã</td><td>12</td></tr></table><ul><li>một</li><li>hai</li></ul>",
    "",
]


def soup_text(html: str) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text(" ")).strip()


@pytest.mark.parametrize("html", CASES)
def test_text_matches_beautifulsoup(html):
    assert _text(html) == soup_text(html)


def test_text_of_every_sample_page_matches_beautifulsoup(sample):
    pages = [BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
             for p in sorted((sample / "output").glob("20*/*/*/index.html"))]
    bodies = [page.select_one("article .body") for page in pages if page.select_one("article .body")]
    assert len(bodies) >= 40
    for body in bodies:
        html = body.decode_contents()
        assert _text(html) == soup_text(html)
