from bs4 import BeautifulSoup

from article_html.transform import improve, image_key
from images.variants import ImageSet, Variant

SETS = {"images/anh.jpg": ImageSet("images/anh.jpg", 2000, 1000, (
    Variant("images/_v/anh-480.webp", 480, 240, "image/webp"),
    Variant("images/_v/anh-480.jpg", 480, 240, "image/jpeg"),
    Variant("images/_v/anh-960.jpg", 960, 480, "image/jpeg")))}


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(improve(html, SETS, "../../", "https://toandan.example"), "html.parser")


def test_an_image_on_its_own_line_becomes_a_figure_with_a_caption():
    out = soup('<p><img src="{static}/images/anh.jpg" alt="Trao quà" title="Trao quà cho hộ nghèo"></p>')
    figure = out.select_one("figure")
    assert figure.select_one("figcaption").get_text() == "Trao quà cho hộ nghèo"
    img = figure.select_one("picture img")
    assert img["src"] == "../../images/_v/anh-960.jpg" and img["width"] == "960" and img["loading"] == "lazy"
    assert figure.select_one("source")["srcset"] == "../../images/_v/anh-480.webp 480w"
    assert out.select_one("p") is None


def test_alt_text_is_the_caption_when_there_is_no_title():
    out = soup('<p>Chữ <img src="khac.png" alt="Ảnh khác"> chữ</p>')
    assert out.select_one("figcaption").get_text() == "Ảnh khác"
    assert out.select_one("p figure img")["loading"] == "lazy"


def test_external_links_get_noopener_and_ours_do_not():
    out = soup('<p><a href="https://moj.gov.vn/">Bộ Tư pháp</a> <a href="https://toandan.example/x/">x</a>'
               ' <a href="../y/">y</a></p>')
    links = out.select("a")
    assert links[0]["rel"] == ["external", "noopener"]
    assert "rel" not in links[1].attrs and "rel" not in links[2].attrs


def test_headings_get_unique_anchors():
    out = soup("<h2>Kết quả</h2><h3>Kết quả</h3><h2>Đề xuất</h2>")
    assert [h["id"] for h in out.select("h2, h3")] == ["ket-qua", "ket-qua-2", "de-xuat"]
    assert out.select_one("h2 a.anchor")["href"] == "#ket-qua"


def test_html_with_nothing_to_do_is_returned_untouched():
    html = "<p>Chỉ có chữ &amp; số 8.230</p>"
    assert improve(html, SETS, "", "") is html


def test_image_keys():
    assert image_key("{static}/images/a.jpg") == image_key("../../images/a.jpg") == "images/a.jpg"
