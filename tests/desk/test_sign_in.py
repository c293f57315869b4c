"""Sign-in, sessions, CSRF and roles, over HTTP against a real uvicorn."""

import json

from desk.sessions import LoginLimiter, Sessions
from desk_harness import DeskClient, article_fields, hidden


def test_sign_in_sets_a_strict_http_only_cookie_and_the_list_needs_it(client):
    assert client.http.get("/").headers["location"] == "/dang-nhap"
    response = client.login("lan")
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" not in cookie
    page = client.http.get("/")
    assert page.status_code == 200 and "Trao quà cho hộ nghèo biên giới" in page.text
    assert page.headers["content-security-policy"].startswith("default-src 'self'")


def test_cookie_is_secure_behind_tls(desk_site, tmp_path):
    from dataclasses import replace

    from desk_harness import DeskServer

    server = DeskServer(replace(desk_site[1], behind_proxy=True))
    try:
        client = DeskClient(server)
        page = client.http.get("/dang-nhap", headers={"X-Forwarded-Proto": "https"})
        assert "secure" in page.headers["set-cookie"].lower()
    finally:
        server.stop()


def test_a_forged_or_missing_cookie_is_no_session(client):
    client.login("lan")
    session = client.http.cookies["desk_session"]
    client.http.cookies.clear()
    client.http.cookies.set("desk_session", session[:-2] + "xx")
    assert client.http.get("/").status_code == 303


def test_login_without_its_csrf_token_is_refused(client, desk_site):
    client.http.get("/dang-nhap")
    response = client.http.post("/dang-nhap", data={"name": "lan", "password": "mat-khau-cua-lan"})
    assert response.status_code == 403 and "desk_session" not in response.headers.get("set-cookie", "")


def test_a_form_without_its_csrf_token_writes_nothing(editor, desk_site):
    site, config = desk_site
    before = sorted(site.content.rglob("*"))
    fields = article_fields(opened="")
    response = editor.post("/bai-moi", fields)
    assert response.status_code == 403
    response = editor.post("/bai-moi", {**fields, "csrf": "doan-bua"})
    assert response.status_code == 403
    assert sorted(site.content.rglob("*")) == before
    assert [e["action"] for e in map(json.loads, config.audit.read_text().splitlines())][-1] == "tu-choi-csrf"


def test_a_session_of_another_browser_has_another_token(editor, desk_server):
    other = DeskClient(desk_server)
    other.login("lan")
    token = editor.form("/bai-moi")["csrf"]
    response = other.post("/bai-moi", {**article_fields(opened=""), "csrf": token})
    assert response.status_code == 403


def test_tenth_wrong_password_in_a_row_locks_the_account(client, desk_site):
    for attempt in range(9):
        assert client.login("lan", "sai-mat-khau").status_code == 401
    locked = client.login("lan", "sai-mat-khau")
    assert locked.status_code == 429 and "tạm khóa" in locked.text
    # Even the right password is refused while locked, and no session is made.
    right = client.login("lan")
    assert right.status_code == 429 and "desk_session" not in right.headers.get("set-cookie", "")
    assert client.http.get("/").status_code == 303
    # Another account is not locked by it.
    assert fresh_login(client, "hung").status_code == 303
    actions = [e["action"] for e in map(json.loads, desk_site[1].audit.read_text().splitlines())]
    assert actions.count("dang-nhap-sai") == 10 and "dang-nhap-khi-khoa" in actions


def fresh_login(client, name):
    client.http.cookies.clear()
    return client.login(name)


def test_nine_wrong_then_right_resets_the_count(client):
    for attempt in range(9):
        client.login("lan", "sai-mat-khau")
    assert client.login("lan").status_code == 303
    for attempt in range(9):
        assert client.login("lan", "sai-mat-khau").status_code == 401


def test_a_lock_ends_after_a_while_and_addresses_have_their_own_limit():
    now = [0.0]
    limiter = LoginLimiter(lock_seconds=900, per_account=10, per_address=15, clock=lambda: now[0])
    for _ in range(10):
        limiter.failed("lan", "10.0.0.1")
    assert limiter.locked("lan", "10.0.0.2") > 0
    now[0] += 901
    assert limiter.locked("lan", "10.0.0.2") == 0
    for name in [f"ten-{n}" for n in range(5)]:  # five more names from the same address: the fifteenth failure
        limiter.failed(name, "10.0.0.1")
    assert limiter.locked("hung", "10.0.0.1") > 0 and limiter.locked("hung", "10.0.0.3") == 0


def test_an_idle_session_ends():
    now = [0.0]
    sessions = Sessions(idle_seconds=1800, clock=lambda: now[0])
    session_id = sessions.start("lan")
    now[0] += 1700
    assert sessions.get(session_id) is not None  # a request restarts the idle clock
    now[0] += 1700
    assert sessions.get(session_id) is not None
    now[0] += 1801
    assert sessions.get(session_id) is None


def test_logout_ends_the_session_for_a_copied_cookie_too(editor, desk_server):
    copied = DeskClient(desk_server)
    copied.http.cookies.set("desk_session", editor.http.cookies["desk_session"])
    assert copied.http.get("/").status_code == 200
    csrf = editor.form("/")["csrf"]
    assert editor.post("/dang-xuat", {"csrf": csrf}).status_code == 303
    assert copied.http.get("/").status_code == 303


def test_a_disabled_account_loses_its_session(editor, desk_site):
    from desk.accounts import Accounts

    Accounts(desk_site[1].users).change("lan", disabled=True)
    assert editor.http.get("/").status_code == 303
    assert fresh_login(editor, "lan").status_code == 401


def test_an_editor_cannot_publish(editor, desk_site):
    site, config = desk_site
    path = "/bai/2021/trao-qua.md"
    text = (site.content / "articles/2021/trao-qua.md").read_bytes()
    form = editor.form(path)
    response = editor.post(path, {**article_fields(), **form, "action": "xuat-ban"})
    assert response.status_code == 403
    assert (site.content / "articles/2021/trao-qua.md").read_bytes() == text
    assert not site.output.exists()


def test_an_editor_cannot_change_a_published_article(editor, desk_site):
    site, _ = desk_site
    path = "/bai/2021/trao-qua.md"
    text = (site.content / "articles/2021/trao-qua.md").read_bytes()
    page = editor.http.get(path)
    assert 'value="luu"' not in page.text  # no save button is offered
    response = editor.post(path, {**article_fields(title="Đổi tiêu đề"), **hidden(page.text), "action": "luu"})
    assert response.status_code == 403
    assert (site.content / "articles/2021/trao-qua.md").read_bytes() == text


def test_the_counts_of_wrong_passwords_are_bounded(monkeypatch):
    import desk.sessions

    monkeypatch.setattr(desk.sessions, "TRACKED", 50)
    limiter = LoginLimiter(lock_seconds=900)
    for n in range(500):
        limiter.failed(f"ten-{n}", f"10.0.{n // 256}.{n % 256}")
    assert limiter.counted <= 50


def test_a_csrf_token_with_non_ascii_letters_is_refused_not_an_error(client, desk_site):
    site, _ = desk_site
    before = sorted(site.content.rglob("*"))
    client.http.get("/dang-nhap")
    response = client.http.post("/dang-nhap", data={"csrf": "mã-giả", "name": "lan", "password": "mat-khau-cua-lan"})
    assert response.status_code == 403 and "desk_session" not in response.headers.get("set-cookie", "")
    assert client.login("lan").status_code == 303
    assert client.post("/bai-moi", article_fields(opened="", csrf="mã-giả")).status_code == 403
    upload = client.http.post("/anh", data={"csrf": "mã-giả"}, files={"anh": ("a.png", b"\x89PNG", "image/png")})
    assert upload.status_code == 403
    assert client.post("/dang-xuat", {"csrf": "mã-giả"}).status_code == 303
    assert sorted(site.content.rglob("*")) == before


def test_a_session_cookie_with_non_ascii_letters_is_no_session_not_an_error(client):
    cookie = "desk_session=phiên.chữ-ký".encode("utf-8")  # as a browser may send it: bytes, not ASCII
    assert client.http.get("/", headers={"Cookie": cookie}).status_code == 303


def test_a_huge_name_at_sign_in_does_not_grow_the_audit_log_by_its_size(client, desk_site):
    _, config = desk_site
    before = config.audit.stat().st_size if config.audit.exists() else 0
    for _ in range(3):
        page = client.http.get("/dang-nhap")
        response = client.http.post("/dang-nhap", data={"csrf": hidden(page.text)["csrf"], "name": "lan" * 200_000,
                                                        "password": "sai-mat-khau-roi"})
        assert response.status_code == 401
    assert config.audit.stat().st_size - before < 3 * 1000
    assert client.login("lan").status_code == 303


def test_a_wrong_password_keeps_the_name_typed_as_text(client):
    wrong = client.login("lan", "sai-mat-khau")
    assert wrong.status_code == 401
    assert '<input id="name" name="name" value="lan"' in wrong.text
    page = client.http.get("/dang-nhap")
    hostile = client.http.post("/dang-nhap", data={"csrf": hidden(page.text)["csrf"], "name": '"><script>x</script>',
                                                   "password": "sai-mat-khau"})
    assert 'value="&#34;&gt;&lt;script&gt;x&lt;/script&gt;"' in hostile.text
