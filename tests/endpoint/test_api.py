"""Every route, on SQLite and on PostgreSQL, through real HTTP."""

import time

from endpoint.openapi import DOCUMENT
from endpoint.app import API

from endpoint_harness import ARTICLE_IDS, ORIGIN, write_manifest


def test_health(endpoint):
    answer = endpoint.get("/api/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "articles": len(ARTICLE_IDS)}


def test_openapi_describes_every_route(endpoint):
    document = endpoint.get("/api/openapi.json").json()
    assert document == DOCUMENT
    for route in API:
        path = "/api" + route.path
        assert path in document["paths"], path
        assert {m.lower() for m in route.methods} - {"head"} <= set(document["paths"][path]), path


def test_a_view_answers_the_new_total(endpoint):
    assert endpoint.post("/api/views/bai-viet-1").json() == {"id": "bai-viet-1", "views": 1}
    assert endpoint.post("/api/views/bai-viet-1").json()["views"] == 2
    assert endpoint.stats("bai-viet-1")["views"] == 2
    assert endpoint.stats("bai-viet-2")["views"] == 0


def test_stats_for_many_articles_in_one_call(endpoint):
    for article_id in ARTICLE_IDS[:3]:
        endpoint.post(f"/api/views/{article_id}")
    endpoint.post("/api/ratings/bai-viet-2", {"stars": 5})
    ids = ",".join(ARTICLE_IDS[:100])
    answer = endpoint.get(f"/api/stats?ids={ids}").json()
    assert len(answer["articles"]) == 100 and answer["unknown"] == []
    by_id = {a["id"]: a for a in answer["articles"]}
    assert by_id["bai-viet-3"]["views"] == 1 and by_id["bai-viet-50"]["views"] == 0
    assert by_id["bai-viet-2"] == {"id": "bai-viet-2", "views": 1, "rating_average": 5.0,
                                   "rating_sum": 5, "rating_count": 1, "mine": None}
    unknown = endpoint.get("/api/stats?ids=bai-viet-1,khong-co-bai-nay").json()["unknown"]
    assert unknown == ["khong-co-bai-nay"]


def test_a_browser_that_rates_again_replaces_its_rating(endpoint):
    first = endpoint.post("/api/ratings/bai-viet-1", {"stars": 4}, visitor="198.51.100.7").json()
    assert (first["rating_count"], first["rating_average"], first["mine"]) == (1, 4.0, 4)
    again = endpoint.post("/api/ratings/bai-viet-1", {"stars": 2}, visitor="198.51.100.7").json()
    assert (again["rating_count"], again["rating_sum"], again["mine"]) == (1, 2, 2)
    other = endpoint.post("/api/ratings/bai-viet-1", {"stars": 5}, visitor="198.51.100.8").json()
    assert (other["rating_count"], other["rating_sum"], other["rating_average"]) == (2, 7, 3.5)
    assert endpoint.stats("bai-viet-1", visitor="198.51.100.7")["mine"] == 2
    assert endpoint.stats("bai-viet-1", visitor="198.51.100.9")["mine"] is None


def test_a_changed_user_agent_with_the_same_cookie_is_the_same_vote(endpoint):
    for agent in ("Firefox", "Chrome", "curl"):
        endpoint.post("/api/ratings/bai-viet-4", {"stars": 1}, visitor="198.51.100.20",
                      headers={"User-Agent": agent})
    assert endpoint.stats("bai-viet-4")["rating_count"] == 1


def test_visitor_statistics(endpoint):
    empty = endpoint.get("/api/visitors").json()
    assert empty == {"online": 0, "today": 0, "week": 0, "month": 0, "year": 0, "total": 0}
    endpoint.post("/api/visitors", visitor="192.0.2.1")
    endpoint.post("/api/visitors", visitor="192.0.2.1")  # the same visit
    endpoint.post("/api/views/bai-viet-1", visitor="192.0.2.2")  # pages mark activity through /api/visitors only
    after = endpoint.post("/api/visitors", visitor="192.0.2.3").json()
    assert after == {"online": 2, "today": 2, "week": 2, "month": 2, "year": 2, "total": 2}
    assert endpoint.get("/api/visitors").json() == after


def test_cors_for_the_site_origin_only(endpoint):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    ours = endpoint.client.options("/api/ratings/bai-viet-1", headers={"Origin": "http://127.0.0.1:8000", **preflight})
    assert ours.status_code == 200
    assert ours.headers["access-control-allow-origin"] == "http://127.0.0.1:8000"
    theirs = endpoint.client.options("/api/ratings/bai-viet-1", headers={"Origin": "https://evil.example", **preflight})
    assert theirs.status_code == 403 and theirs.json()["error"]["code"] == "forbidden_origin"
    assert "access-control-allow-origin" not in theirs.headers


def test_a_rebuilt_manifest_is_picked_up_without_restart(endpoint):
    assert endpoint.post("/api/views/bai-moi").status_code == 404
    write_manifest(endpoint.manifest.with_suffix(".new"), ARTICLE_IDS + ["bai-moi"]).replace(endpoint.manifest)
    deadline = time.monotonic() + 5
    while endpoint.post("/api/views/bai-moi").status_code == 404:
        assert time.monotonic() < deadline, "the new manifest was not picked up"
        time.sleep(0.2)
    assert endpoint.stats("bai-moi")["views"] >= 1


def test_a_view_answers_cors_headers_to_another_allowed_origin_only(endpoint):
    # The site's own page, as nginx passes it on: the Host it asked for is the page's origin.
    own = endpoint.post("/api/views/bai-viet-1", headers={"Origin": ORIGIN, "Host": ORIGIN.split("//")[1]})
    assert own.status_code == 200 and "access-control-allow-origin" not in own.headers
    other = endpoint.post("/api/views/bai-viet-1", headers={"Origin": ORIGIN})  # allowed, but another port
    assert other.status_code == 200
    assert other.headers["access-control-allow-origin"] == ORIGIN and other.headers["vary"] == "Origin"
    refused = endpoint.post("/api/views/bai-viet-2", headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers
    assert endpoint.stats("bai-viet-1")["views"] == 2 and endpoint.stats("bai-viet-2")["views"] == 0


def test_a_manifest_id_that_is_not_a_slug_is_refused(endpoint):
    tricky = 'bai"viet'
    write_manifest(endpoint.manifest.with_suffix(".new"), ARTICLE_IDS + [tricky, "bai-moi"]).replace(endpoint.manifest)
    deadline = time.monotonic() + 5
    while endpoint.post("/api/views/bai-moi").status_code == 404:
        assert time.monotonic() < deadline, "the new manifest was not picked up"
    assert endpoint.post('/api/views/bai"viet').status_code == 404
    assert endpoint.post("/api/views/bai-viet-1").status_code == 200
