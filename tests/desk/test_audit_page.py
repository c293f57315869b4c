"""The audit log's page: approvers only, newest first, filtered by account and action, paginated,
every field shown as text."""

import json

from bs4 import BeautifulSoup

from desk_harness import browser_fields


def rows(html: str) -> list[list[str]]:
    table = BeautifulSoup(html, "html.parser").select("#nhat-ky tbody tr")
    return [[cell.get_text() for cell in row.find_all("td")] for row in table]


def test_an_editor_is_refused_and_the_link_is_for_approvers_only(editor, approver):
    assert editor.http.get("/nhat-ky").status_code == 403
    assert "/nhat-ky" not in editor.http.get("/").text
    assert approver.http.get("/nhat-ky").status_code == 200
    assert 'href="/nhat-ky"' in approver.http.get("/").text


def test_newest_first_filtered_and_every_field_is_text(client, approver, desk_site):
    _, config = desk_site
    hostile = "<script>alert(1)</script>"
    client.login(hostile, "sai-mat-khau")  # a name typed at sign-in is logged as typed
    with config.audit.open("a", encoding="utf-8") as log:
        log.write('{"time": "2021-10-05T09:15:00+07:00", "account": "hung", "action": "luu", "target": '
                  + json.dumps(f"2021/{hostile}.md") + ', "detail": "<b>đậm</b>"}\n')
        log.write("{cut short by a full disk\n")
    url = "/bai/2021/trao-qua.md"
    assert approver.post(url, browser_fields(approver.http.get(url).text, "luu")).status_code == 303

    page = approver.http.get("/nhat-ky")
    assert "<script>alert" not in page.text and "<b>đậm" not in page.text
    shown = rows(page.text)
    assert [row[2] for row in shown] == ["Lưu bài", "Dòng nhật ký không đọc được", "Lưu bài",
                                         "Đăng nhập sai mật khẩu", "Đăng nhập"]
    assert shown[0][1:4] == ["hung", "Lưu bài", "2021/trao-qua.md"]
    assert shown[1][5] == "{cut short by a full disk"
    assert shown[2][3:6] == [f"2021/{hostile}.md", "", "<b>đậm</b>"]
    assert shown[0][4] == "127.0.0.1"
    assert shown[3][1] == hostile

    assert [row[1] for row in rows(approver.http.get("/nhat-ky", params={"tai-khoan": hostile}).text)] == [hostile]
    only_saves = rows(approver.http.get("/nhat-ky", params={"thao-tac": "luu", "tai-khoan": "hung"}).text)
    assert [row[3] for row in only_saves] == ["2021/trao-qua.md", f"2021/{hostile}.md"]


def test_a_long_log_is_paginated_and_a_bad_page_number_is_refused(approver, desk_site):
    _, config = desk_site
    with config.audit.open("a", encoding="utf-8") as log:
        for n in range(120):
            log.write(json.dumps({"time": f"2021-10-05T09:{n // 60:02d}:{n % 60:02d}+07:00", "account": "lan",
                                  "action": "luu", "target": f"2021/bai-{n}.md"}) + "\n")
    first = approver.http.get("/nhat-ky", params={"tai-khoan": "lan"})
    assert [row[3] for row in rows(first.text)][:2] == ["2021/bai-119.md", "2021/bai-118.md"]
    assert len(rows(first.text)) == 50
    soup = BeautifulSoup(first.text, "html.parser")
    assert soup.select_one("a[rel=next]")["href"] == "?tai-khoan=lan&trang=2"
    last = approver.http.get("/nhat-ky", params={"tai-khoan": "lan", "trang": "3"})
    assert [row[3] for row in rows(last.text)] == [f"2021/bai-{n}.md" for n in range(19, -1, -1)]
    assert BeautifulSoup(last.text, "html.parser").select_one("a[rel=next]") is None
    for wrong in ("0", "-1", "hai", "9" * 30):
        assert approver.http.get("/nhat-ky", params={"trang": wrong}).status_code == 400, wrong
