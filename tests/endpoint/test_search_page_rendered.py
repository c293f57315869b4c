"""GET /tim-kiem/?q=... over HTTP: the built search page with its results rendered by the endpoint."""

import json
from datetime import datetime

import pytest

from endpoint_harness import Endpoint
from toandan.vietnamese.dates import TIMEZONE
from toandan.search import Candidate, SearchDocument, update_index

HOSTILE = '<img src=x onerror="alert(1)">'
DOCS = [("bao-ve", "Bảo vệ an ninh khu phố", "Tổ tự quản bảo vệ an ninh khu phố suốt đêm giao thừa.", 2021),
        ("canh-giac", f"Cảnh giác {HOSTILE} trên mạng", "Người dân cảnh giác <script>alert(2)</script> an ninh mạng.", 2022),
        ("tuan-tra", "Tuần tra an ninh dịp Tết", "Đội tuần tra giữ an ninh cho người dân vui Tết.", 2022)]
FILTERS = {"category": ["Tin hoạt động", 'Chuyên mục "lạ" <b>'], "unit": ["Công an phường"], "year": ["2022", "2021"]}
# A built search page of our own: what the theme writes around the region, and what the region needs.
BUILT = ("<!doctype html><html lang=\"vi\"><head><title>Tìm kiếm thử</title></head><body data-root=\"/\">"
         "<header>Đầu trang thử</header><main><h1>Tìm kiếm</h1>"
         f"<script type=\"application/json\" id=\"search-page\">{json.dumps({'action': '/tim-kiem/', 'root': '/', 'filters': FILTERS})}</script>"
         "<!-- search-region --><p>Ô tìm kiếm khi dựng trang</p><!-- /search-region -->"
         "</main><footer>Chân trang thử</footer></body></html>")


def region(page: str) -> str:
    return page[page.index("<!-- search-region -->"):page.index("<!-- /search-region -->")]


def _index(link):
    update_index(link, [Candidate(i, t, (lambda i=i, t=t, b=b, y=y: SearchDocument(
        i, "article", f"{y}/01/{i}/", t, b, "Tin hoạt động", "Tin hoạt động", "Công an phường",
        datetime(y, 1, 5, tzinfo=TIMEZONE), t))) for i, t, b, y in DOCS])


@pytest.fixture(scope="module")
def searching(tmp_path_factory):
    folder = tmp_path_factory.mktemp("search-page")
    _index(folder / "index")
    (folder / "page.html").write_text(BUILT, encoding="utf-8")
    server = Endpoint(f"sqlite:///{folder / 's.sqlite3'}", folder, TOANDAN_SEARCH_INDEX=str(folder / "index"),
                      TOANDAN_SEARCH_PAGE=str(folder / "page.html"))
    yield server
    server.stop()


def test_results_are_rendered_into_the_built_page(searching):
    answer = searching.get("/tim-kiem/?q=an+ninh+khu+pho")  # typed without diacritics
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert page.startswith("<!doctype html>") and "<header>Đầu trang thử</header>" in page
    assert page.endswith("<footer>Chân trang thử</footer></body></html>")
    assert "Ô tìm kiếm khi dựng trang" not in page  # the build's region is replaced
    assert 'value="an ninh khu pho"' in page and "data-search-rendered" in page
    assert '<a href="/2021/01/bao-ve/"><mark>Bảo</mark> <mark>vệ</mark> <mark>an</mark>' not in page  # only query words
    assert '<a href="/2021/01/bao-ve/">Bảo vệ <mark>an</mark> <mark>ninh</mark> <mark>khu</mark> <mark>phố</mark></a>' in page
    assert '<p class="meta">05/01/2021 · Tin hoạt động</p>' in page
    assert "Tìm thấy" in page


def test_filters_facets_pages_and_suggestions_are_links(searching):
    page = searching.get("/tim-kiem/?q=an+ninh&per_page=1&year=2022&sort=newest").text
    assert '<option value="2022" selected>' in page and '<option value="newest" selected>' in page
    assert 'href="?q=an+ninh&amp;year=2022&amp;sort=newest&amp;page=2" rel="next"' in page
    assert "Trang 1/2" in page
    assert 'href="?q=an+ninh&amp;category=Tin+ho%E1%BA%A1t+%C4%91%E1%BB%99ng&amp;year=2022&amp;sort=newest"' in page
    assert 'aria-current="true">2022 (2)</a>' in page
    second = searching.get("/tim-kiem/?q=an+ninh&per_page=1&year=2022&sort=newest&page=2").text
    assert 'rel="prev"' in second and "Trang 2/2" in second and 'start="2"' in second
    suggested = searching.get("/tim-kiem/?q=tuann+tra").text
    assert 'Có phải bạn muốn tìm: <a href="?q=tu' in suggested


def test_every_field_is_escaped(searching):
    page = region(searching.get("/tim-kiem/", params={"q": 'canh giac "><script>alert(3)</script>',
                                                    "category": 'Chuyên mục "lạ" <b>'}).text)
    assert "<script>alert" not in page and "<img" not in page and "<b>" not in page
    assert 'value="canh giac &#34;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"' in page
    assert '<option value="Chuyên mục &#34;lạ&#34; &lt;b&gt;" selected>' in page
    found = region(searching.get("/tim-kiem/?q=canh+giac").text)
    assert "<script>alert" not in found and "<img" not in found
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in found  # the title's text, shown as text
    assert "<mark>Cảnh</mark> <mark>giác</mark>" in found


def test_a_bad_parameter_is_said_on_the_page(searching):
    answer = searching.get("/tim-kiem/?q=an+ninh&page=abc")
    assert answer.status_code == 400 and "Tham số truy vấn không hợp lệ." in answer.text
    assert 'value="an ninh"' in answer.text  # the reader's words stay in the box


def test_without_a_query_the_page_asks_for_one(searching):
    answer = searching.get("/tim-kiem/?year=2022")
    assert answer.status_code == 200 and "Gõ từ khóa" in answer.text and "<noscript>" not in answer.text


@pytest.mark.slow  # a real endpoint started for this test alone
def test_without_an_index_the_page_says_search_is_unavailable(tmp_path):
    (tmp_path / "page.html").write_text(BUILT, encoding="utf-8")
    server = Endpoint(f"sqlite:///{tmp_path / 's.sqlite3'}", tmp_path, TOANDAN_SEARCH_PAGE=str(tmp_path / "page.html"))
    try:
        answer = server.get("/tim-kiem/?q=an+ninh")
        assert answer.status_code == 503 and "Dịch vụ tìm kiếm tạm thời không dùng được." in answer.text
        assert 'value="an ninh"' in answer.text
        (tmp_path / "page.html").unlink()
        missing = server.get("/tim-kiem/?q=an+ninh")
        assert missing.status_code == 503 and missing.json()["error"]["code"] == "search_unavailable"
    finally:
        server.stop()
