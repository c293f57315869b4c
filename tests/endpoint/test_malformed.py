"""Hostile and malformed requests: a 4xx JSON error in both languages, and nothing stored."""

import json
import socket

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


def raw_exchange(endpoint, request: bytes) -> tuple[int, dict, bytes]:
    """Send request bytes as they are and read the answer until the server closes: (status, headers, body)."""
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=10) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in header_lines)
    return int(status_line.split()[1]), headers, body


def assert_raw_error(status: int, headers: dict, body: bytes, expected: int) -> None:
    assert status == expected, body
    assert headers["content-type"].startswith("application/json"), (headers, body)
    error = json.loads(body)["error"]
    assert error["code"] and error["message"] and error["message_en"]


@pytest.mark.parametrize("method, path", [
    ("POST", "/api/ratings/bai-viet-1/"),
    ("GET", "/api/stats/?ids=bai-viet-1"),
    ("POST", "/api/visitors/"),
    ("GET", "/api/search/?q=an+ninh"),
    ("GET", "/api/health/"),
    ("GET", "/api"),
])
def test_no_redirect_from_the_api_whatever_the_host(endpoint, method, path):
    body = b'{"stars": 5}'
    request = (f"{method} {path} HTTP/1.1\r\nHost: evil.example\r\nOrigin: http://127.0.0.1:8000\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
               ).encode() + body
    status, headers, answer = raw_exchange(endpoint, request)
    assert "location" not in headers
    assert_raw_error(status, headers, answer, 404)
    nothing_stored(endpoint)


@pytest.mark.parametrize("request_bytes", [
    b"FOO /api/stats?ids=bai-viet-1 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GARBAGE\r\n\r\n",
    b"GET /api/stats?ids=bai-viet-1 HTTP/9.9\r\nHost: x\r\n\r\n",
    b"CONNECT evil.example:443 HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /api/\xff HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /api/stats?ids=bai-viet-1 HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
    b"GET /api/stats?ids=bai-viet-1 HTTP/1.1\r\nHost: x\r\nX-Note: a\x00b\r\n\r\n",
    b"POST /api/views/bai-viet-1 HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
    b"POST /api/views/bai-viet-1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n{}",
])
def test_requests_the_http_parser_refuses_get_a_json_error(endpoint, request_bytes):
    assert_raw_error(*raw_exchange(endpoint, request_bytes), 400)
    nothing_stored(endpoint)


@pytest.mark.parametrize("origin, method, status, code", [
    ("https://evil.example", "POST", 403, "forbidden_origin"),
    ("http://127.0.0.1:8000", "PUT", 400, "bad_preflight"),
])
def test_a_refused_cors_preflight_is_a_json_error(endpoint, origin, method, status, code):
    answer = endpoint.client.options("/api/ratings/bai-viet-1", headers={
        "Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": "content-type"})
    assert_error(answer, status)
    assert answer.json()["error"]["code"] == code
