"""Markdown's HTML through the allow-list: what news text needs survives, nothing executable does."""

import pytest
from bs4 import BeautifulSoup
from markdown import Markdown

from content_model.sanitise import Sanitiser

MARKDOWN = Markdown(extensions=["markdown.extensions.extra"], output_format="html5")


def cleaned(markdown_text: str, iframe_hosts: tuple[str, ...] = ()) -> BeautifulSoup:
    MARKDOWN.reset()
    return BeautifulSoup(Sanitiser(iframe_hosts).clean(MARKDOWN.convert(markdown_text)), "html.parser")


def test_what_news_text_needs_survives():
    soup = cleaned(
        "## Kết quả\n\nĐoạn *nghiêng*, **đậm**, `mã`, chú thích[^1].\n\n"
        "| Đơn vị | Số |\n| :--- | ---: |\n| Công an tỉnh | 12 |\n\n"
        "> Trích lời\n\n1. một\n2. hai\n\n"
        "[bài](/2021/12/bai/) [ngoài](https://congan.vn/) [thư](mailto:a@b.vn) [tệp]({filename}/pages/a.md)\n\n"
        "![Ảnh tuần tra]({static}/images/a.jpg)\n\n"
        "<figure><img src=\"/images/b.jpg\" alt=\"b\"><figcaption>Chú thích</figcaption></figure>\n\n"
        "[^1]: Ghi chú.\n")
    assert soup.h2.get_text() == "Kết quả" and soup.em and soup.strong and soup.code and soup.blockquote
    assert [td["style"] for td in soup.select("tbody td")] == ["text-align:left", "text-align:right"]
    assert [a["href"] for a in soup.select("p a:not(.footnote-ref)")][:4] == [
        "/2021/12/bai/", "https://congan.vn/", "mailto:a@b.vn", "{filename}/pages/a.md"]
    assert soup.select_one("img[alt='Ảnh tuần tra']")["src"] == "{static}/images/a.jpg"
    assert soup.figure.figcaption.get_text() == "Chú thích" and len(soup.select("ol li")) == 3
    assert soup.select_one("sup a.footnote-ref")["href"].startswith("#fn")


@pytest.mark.parametrize("hostile, gone", [
    ("<script>alert(1)</script>", "script"),
    ("<style>p{}</style>", "style"),
    ('<p onclick="alert(1)">x</p>', "[onclick]"),
    ("[x](javascript:alert(1))", "a[href]"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "a[href]"),
    ('<a href="data:text/html,x">x</a>', "a[href]"),
    ('<img src="data:image/svg+xml,x">', "img[src]"),
    ('<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>', "iframe"),
    ('<form action="/"><input></form>', "form, input"),
    ("<object data=x></object><embed src=x>", "object, embed"),
    ("<svg onload=alert(1)></svg>", "svg"),
    ('<td style="background:url(x)">x</td>', "[style]"),
    ("<p>a{: onclick=alert(1) }</p>", "[onclick]"),
])
def test_executable_forms_are_removed(hostile, gone):
    assert cleaned(f"Đoạn đầu.\n\n{hostile}\n").select(gone) == []


def test_iframes_only_from_named_hosts_over_https():
    body = ('<iframe src="https://www.youtube-nocookie.com/embed/x" title="Phim"></iframe>\n'
            '<iframe src="http://www.youtube-nocookie.com/embed/y"></iframe>\n'
            '<iframe src="https://evil.example/"></iframe>\n')
    frames = cleaned(body, ("www.youtube-nocookie.com",)).select("iframe")
    assert [frame.get("src") for frame in frames] == ["https://www.youtube-nocookie.com/embed/x", None, None]
    assert cleaned(body).select("iframe") == []
