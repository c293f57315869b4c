"""Improved article HTML is cached, and follows the site's images."""

from bs4 import BeautifulSoup
import pytest

from sitekit import GOOD_FRONT, ROOT

BODY = "Toàn cảnh buổi ra mắt.\n\n![Ra mắt tổ tự quản](../images/ra-mat.jpg)\n\n## Kết quả\n\nĐã có 12 tổ.\n"


def body(output) -> BeautifulSoup:
    html = (output / "2021/06/ra-mat/index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one(".body")


@pytest.mark.slow
def test_an_image_added_later_gets_its_variants_on_the_next_build(site):
    site.article("ra-mat", GOOD_FRONT + "slug: ra-mat\n", BODY)
    first = body(site.build())
    assert not first.select("picture") and first.select_one("figure img")["loading"] == "lazy"
    assert first.select_one("h2#ket-qua a.anchor")
    (site.content / "images" / "ra-mat.jpg").write_bytes((ROOT / "content/images/hop-dan.jpg").read_bytes())
    second = body(site.build())
    assert second.select_one("figure picture source[type='image/webp']")
    assert second.select_one("h2#ket-qua a.anchor")
    stores = list((site.root / "cache" / "article-html").rglob("entries.sqlite"))
    assert len(stores) == 1  # the first folder, for the site without the image, was removed
