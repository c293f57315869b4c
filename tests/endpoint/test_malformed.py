"""Hostile and malformed requests: a 4xx JSON error in both languages, and nothing stored."""

import pytest

BAD_RATINGS = [
    ('{"stars": 0}', 422), ('{"stars": 6}', 422), ('{"stars": 4.5}', 422), ('{"stars": "5"}', 422),
    ('{"stars": null}', 422), ('{"stars": true}', 422), ('{"stars": [5]}', 422), ('{"stars": -1}', 422),
    ('{"stars": 5, "extra": 1}', 422), ("{}", 422), ('{"stars": 5', 400), ("[5]", 400), ("5", 400),
    ('"stars"', 400), ("not json", 400), ('{"stars": 1e400}', 422), (b"\xff\xfe", 400),
]


def assert_error(answer, status: int) -> None:
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["code"] and error["message"] and error["message_en"]
    assert answer.headers["content-type"].startswith("application/json")


def nothing_stored(endpoint) -> None:
    stats = endpoint.stats("bai-viet-1")
    assert (stats["views"], stats["rating_count"]) == (0, 0)
    assert endpoint.get("/api/visitors").json()["total"] == 0


@pytest.mark.parametrize("body, status", BAD_RATINGS)
def test_bad_ratings(endpoint, body, status):
    assert_error(endpoint.post("/api/ratings/bai-viet-1", content=body), status)
    nothing_stored(endpoint)


@pytest.mark.parametrize("method, path, status", [
    ("POST", "/api/views/khong-co-bai-nay", 404),
    ("POST", "/api/views/Bai-Viet-1", 404),
    ("POST", "/api/views/bai_viet_1", 404),
    ("POST", "/api/views/bai-viet-1%2F..%2F..%2Fetc", 404),
    ("POST", "/api/views/..%2F..%2Fetc%2Fpasswd", 404),
    ("POST", "/api/views/" + "a" * 5000, 404),
    ("POST", "/api/views/bai-viet-1/extra", 404),
    ("POST", "/api/views/", 404),
    ("POST", "/api/ratings/khong-co-bai-nay", 404),
    ("GET", "/api/views/bai-viet-1", 405),
    ("PUT", "/api/ratings/bai-viet-1", 405),
    ("DELETE", "/api/stats", 405),
    ("PATCH", "/api/visitors", 405),
    ("GET", "/api/khong-co", 404),
    ("GET", "/api/stats", 400),
    ("GET", "/api/stats?ids=", 400),
    ("GET", "/api/stats?ids=" + ",".join(f"a{n}" for n in range(101)), 400),
    ("GET", "/api/stats?ids=bai-viet-1,%3Cscript%3E", 400),
])
def test_bad_paths_and_methods(endpoint, method, path, status):
    headers = {"Origin": "http://127.0.0.1:8000", "Content-Type": "application/json"}
    body = '{"stars": 5}' if "ratings" in path else None
    assert_error(endpoint.client.request(method, path, headers=headers, content=body), status)
    nothing_stored(endpoint)


@pytest.mark.parametrize("headers, status", [
    ({"Origin": "https://evil.example"}, 403),
    ({"Origin": None}, 403),
    ({"Origin": "http://127.0.0.1:8000.evil.example"}, 403),
    ({"Content-Type": "text/plain"}, 415),
    ({"Content-Type": None}, 415),
    ({"Content-Type": "application/x-www-form-urlencoded"}, 415),
])
def test_writes_need_our_origin_and_json(endpoint, headers, status):
    for path in ("/api/views/bai-viet-1", "/api/ratings/bai-viet-1", "/api/visitors"):
        base = {"Origin": "http://127.0.0.1:8000", "Content-Type": "application/json"}
        base.update(headers)
        sent = {k: v for k, v in base.items() if v is not None}
        assert_error(endpoint.client.post(path, headers=sent, content='{"stars": 5}'), status)
    nothing_stored(endpoint)


def test_a_ten_megabyte_body(endpoint):
    big = b'{"stars": 5, "pad": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    assert_error(endpoint.post("/api/ratings/bai-viet-1", content=big), 413)
    nothing_stored(endpoint)


def test_a_large_body_without_content_length(endpoint):
    def chunks():
        yield b'{"stars": 5, "pad": "'
        for _ in range(64):
            yield b"x" * 1024
        yield b'"}'
    assert_error(endpoint.post("/api/ratings/bai-viet-1", content=chunks()), 413)
    nothing_stored(endpoint)


def test_never_a_500(endpoint):
    oddities = ['{"stars": 5}' * 50, "\x00\x01", '{"stars": {"$gt": 0}}', '{"__proto__": {"stars": 5}}']
    for body in oddities:
        assert endpoint.post("/api/ratings/bai-viet-1", content=body).status_code < 500
    assert endpoint.get("/api/stats?ids=" + "%00" * 10).status_code == 400
    assert endpoint.get("/api/stats?ids=bai-viet-1&ids=bai-viet-2").status_code == 200
    nothing_stored(endpoint)
