"""GET /api/search over HTTP: answers, validation and hostile queries."""

from datetime import datetime

import pytest

from endpoint_harness import Endpoint
from toandan.dates import TIMEZONE
from toandan.search import Candidate, SearchDocument, update_index

DOCS = [("bao-ve", "Bảo vệ an ninh Tổ quốc", "Toàn dân bảo vệ an ninh Tổ quốc <b>ở</b> khu dân cư.", 2021),
        ("dang-uy", "Đảng ủy lãnh đạo", "Đảng ủy Công an tỉnh & nhân dân.", 2022)]


@pytest.fixture
def searching(tmp_path):
    link = tmp_path / "index"
    update_index(link, [Candidate(i, t, (lambda i=i, t=t, b=b, y=y: SearchDocument(
        i, "article", f"{y}/01/{i}/", t, b, "Tin hoạt động", "Tin hoạt động", "Công an tỉnh",
        datetime(y, 1, 5, tzinfo=TIMEZONE), t))) for i, t, b, y in DOCS])
    server = Endpoint(f"sqlite:///{tmp_path / 's.sqlite3'}", tmp_path, TOANDAN_SEARCH_INDEX=str(link))
    yield server
    server.stop()


def test_search_answers(searching):
    answer = searching.get("/api/search?q=bao+ve+an+ninh").json()
    assert answer["total"] == 1 and answer["pages"] == 1 and answer["page"] == 1
    hit = answer["hits"][0]
    assert (hit["id"], hit["url"], hit["category"]) == ("bao-ve", "2021/01/bao-ve/", "Tin hoạt động")
    assert "<mark" in hit["snippet"] and "&lt;b&gt;" in hit["snippet"] and "<b>" not in hit["snippet"]
    assert answer["facets"] == {"category": {"Tin hoạt động": 1}, "year": {"2021": 1}}
    assert searching.get("/api/search?q=dang").json()["hits"][0]["id"] == "dang-uy"
    assert searching.get("/api/search?q=dang&year=2021").json()["total"] == 0
    assert searching.get("/api/search?q=").json()["total"] == 0


@pytest.mark.parametrize("query", [
    "%22unbalanced", "*", "a*", "OR+OR", "title%3A", "title%3Ab%E1%BA%A3o", "x" * 5000, "%00%01%1F%7F",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%E2%80%AE", "((((", "%5B%5D%7B%7D",
])
def test_hostile_queries_never_fail(searching, query):
    answer = searching.get(f"/api/search?q={query}")
    assert answer.status_code == 200
    assert "<script" not in answer.text


@pytest.mark.parametrize("params", [
    "q=a&page=0", "q=a&page=-1", "q=a&page=abc", "q=a&page=100000", "q=a&per_page=1000", "q=a&sort=oldest",
    "q=a&year=21", "q=a&year=2021;drop", "q=a&category=" + "x" * 300,
])
def test_bad_parameters_are_400(searching, params):
    answer = searching.get(f"/api/search?{params}")
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "bad_query"


def test_search_without_an_index_is_503(endpoint):
    answer = endpoint.get("/api/search?q=bao")
    assert answer.status_code == 503 and answer.json()["error"]["code"] == "search_unavailable"


def test_a_search_beyond_the_free_slots_is_refused_at_once(tmp_path):
    server = Endpoint(f"sqlite:///{tmp_path / 'b.sqlite3'}", tmp_path, TOANDAN_SEARCH_SLOTS="0")
    try:
        busy = server.get("/api/search?q=bao")
        assert busy.status_code == 503 and busy.json()["error"]["code"] == "search_busy"
        assert busy.headers["retry-after"] == "2"
        assert server.post("/api/views/bai-viet-1").status_code == 200  # the counters are not affected
    finally:
        server.stop()
