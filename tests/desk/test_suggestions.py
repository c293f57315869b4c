"""Figures suggested from the prose on the edit form: shown with their sentence, accepted into the
statistics table with one button, found again in a typed body; nothing is written until Lưu."""

import json

from bs4 import BeautifulSoup

from desk_harness import article_fields, browser_fields
from toandan.vietnamese.stats_suggested import HINT

URL = "/bai/2021/cho-duyet.md"
FILE = "articles/2021/cho-duyet.md"
FRONT = """\
---
title: Ra mắt tổ tự quản và trao quà ở xã biên giới
date: 2021-10-05 09:15
category: Tin hoạt động
unit: Công an tỉnh
status: draft
stats:
  period: quý 3/2021
  figures:
    phan-qua: 1.250
"""
SUGGESTED = f"""\
stats_suggested:  # {HINT}
  - value: "12 tổ"
    indicator: to-tu-quan
    sentence: "Xã đã thành lập 12 tổ tự quản."
  - value: "90 triệu đồng"
    indicator: gia-tri-qua
    sentence: "Đoàn trao 1.250 phần quà trị giá 90 triệu đồng."
"""
BODY = """\
---

Xã đã thành lập 12 tổ tự quản. Đoàn trao 1.250 phần quà trị giá 90 triệu đồng.
"""


def suggestions(html: str) -> list[tuple[str, str, str]]:
    """Each suggestion shown: its value, its indicator as labelled, its sentence."""
    items = BeautifulSoup(html, "html.parser").select("#goi-y > ol > li")
    return [tuple(item.select_one(css).get_text().strip() for css in (".value", ".indicator", ".sentence"))
            for item in items]


def stat_rows(html: str) -> list[tuple[str, str]]:
    fields = browser_fields(html, "luu")
    return [(indicator, value) for indicator, value in zip(fields["stat_indicator"], fields["stat_value"])
            if indicator or value]


def test_suggestions_are_shown_with_their_sentence_and_one_is_accepted_into_the_table(editor, desk_site):
    site, config = desk_site
    file = site.write(FILE, FRONT + SUGGESTED + BODY)
    page = editor.http.get(URL)
    assert suggestions(page.text) == [
        ("12 tổ", "Tổ tự quản (tổ)", "Xã đã thành lập 12 tổ tự quản."),
        ("90 triệu đồng", "Giá trị quà tặng (đồng)", "Đoàn trao 1.250 phần quà trị giá 90 triệu đồng.")]
    accepted = editor.post(URL, browser_fields(page.text, "nhan-goi-y-0"))
    assert accepted.status_code == 200
    assert stat_rows(accepted.text) == [("phan-qua", "1.250"), ("to-tu-quan", "12 tổ")]
    assert [entry[0] for entry in suggestions(accepted.text)] == ["90 triệu đồng"]
    assert file.read_text(encoding="utf-8") == FRONT + SUGGESTED + BODY  # accepting alone writes nothing

    fields = browser_fields(accepted.text, "luu")
    fields["stat_period"][1] = "quý 3/2021"  # the period is the editor's to give
    assert editor.post(URL, fields).status_code == 303
    assert file.read_text(encoding="utf-8") == FRONT + f"""\
    to-tu-quan: 12 tổ
stats_suggested:  # {HINT}
  - value: "90 triệu đồng"
    indicator: gia-tri-qua
    sentence: "Đoàn trao 1.250 phần quà trị giá 90 triệu đồng."
""" + BODY
    assert json.loads(config.audit.read_text().splitlines()[-1])["action"] == "luu"

    # The last one accepted, the field goes: nothing waits any more.
    page = editor.http.get(URL)
    fields = browser_fields(editor.post(URL, browser_fields(page.text, "nhan-goi-y-0")).text, "luu")
    fields["stat_period"][2] = "quý 3/2021"
    assert editor.post(URL, fields).status_code == 303
    text = file.read_text(encoding="utf-8")
    assert "stats_suggested" not in text and "    gia-tri-qua: 90 triệu đồng\n" in text


def test_an_article_with_suggestions_saved_untouched_keeps_every_byte(editor, desk_site):
    site, _ = desk_site
    file = site.write(FILE, FRONT + SUGGESTED + BODY)
    assert editor.post(URL, browser_fields(editor.http.get(URL).text, "luu")).status_code == 303
    assert file.read_text(encoding="utf-8") == FRONT + SUGGESTED + BODY


def test_the_find_button_reads_the_typed_body_and_skips_figures_already_in_the_table(editor, desk_site):
    site, _ = desk_site
    body = "Xã ra mắt 12 tổ tự quản. Đoàn trao 8.230 phần quà trị giá 90 triệu đồng cho các hộ nghèo."
    fields = {**article_fields(body=body, action="tim-so-lieu"), **editor.form("/bai-moi")}
    found = editor.post("/bai-moi", fields)
    assert found.status_code == 200
    # 12 tổ and 8.230 phần quà are in the table already (to-tu-quan 12, phan-qua 8.230).
    assert suggestions(found.text) == [("90 triệu đồng", "Giá trị quà tặng (đồng)", body.split(". ")[1])]
    assert not list((site.content / "articles").rglob("ra-mat-*.md"))  # finding writes nothing
    again = editor.post("/bai-moi", browser_fields(found.text, "tim-so-lieu"))
    assert len(suggestions(again.text)) == 1  # what is already suggested is not suggested twice
    accepted = editor.post("/bai-moi", browser_fields(again.text, "nhan-goi-y-0"))
    assert stat_rows(accepted.text)[-1] == ("gia-tri-qua", "90 triệu đồng") and not suggestions(accepted.text)
    fields = browser_fields(editor.post("/bai-moi", fields | {"body": "Không có con số nào."}).text, "luu")
    assert suggestions(editor.post("/bai-moi", fields | {"action": ["tim-so-lieu"]}).text) == []


def test_a_suggestion_skipped_leaves_the_list_and_the_table_as_they_were(editor, desk_site):
    site, _ = desk_site
    file = site.write(FILE, FRONT + SUGGESTED + BODY)
    skipped = editor.post(URL, browser_fields(editor.http.get(URL).text, "bo-goi-y-1"))
    assert [entry[0] for entry in suggestions(skipped.text)] == ["12 tổ"]
    assert stat_rows(skipped.text) == [("phan-qua", "1.250")]
    assert editor.post(URL, browser_fields(skipped.text, "luu")).status_code == 303
    assert file.read_text(encoding="utf-8") == FRONT + SUGGESTED.split("  - value: \"90")[0] + BODY


def test_suggestion_actions_need_the_token_the_role_and_a_real_suggestion(editor, approver, desk_site):
    site, config = desk_site
    file = site.write(FILE, FRONT + SUGGESTED + BODY)
    fields = browser_fields(editor.http.get(URL).text, "nhan-goi-y-0")
    for action in ("nhan-goi-y-0", "tim-so-lieu"):
        response = editor.post(URL, {**fields, "action": [action], "csrf": ["sai"]})
        assert response.status_code == 403 and "mã xác nhận" in response.text
    assert editor.post(URL, {**fields, "action": ["nhan-goi-y-7"]}).status_code == 400
    assert editor.post(URL, {**fields, "action": ["nhan-goi-y-x"]}).status_code == 400
    # A published article: only an approver may change it, suggestions included.
    published = (FRONT + SUGGESTED + BODY).replace("status: draft\n", "")
    file.write_text(published, encoding="utf-8")
    fields = browser_fields(approver.http.get(URL).text, "nhan-goi-y-0")
    for action in ("nhan-goi-y-0", "tim-so-lieu"):
        assert editor.post(URL, {**fields, "action": [action], "csrf": editor.form(URL)["csrf"]}).status_code == 403
    assert json.loads(config.audit.read_text().splitlines()[-1])["action"] == "tu-choi-tim-so-lieu"
    assert "Thêm vào bảng số liệu" not in editor.http.get(URL).text
    assert approver.post(URL, fields).status_code == 200
    assert file.read_text(encoding="utf-8") == published


def test_a_suggestion_the_check_refuses_is_shown_with_its_problem(editor, desk_site):
    site, _ = desk_site
    site.write(FILE, FRONT + SUGGESTED.replace("indicator: to-tu-quan", "indicator: to-tu-quan-cu") + BODY)
    page = editor.http.get(URL)
    assert suggestions(page.text)[0][1] == "to-tu-quan-cu (không có trong danh mục chỉ tiêu)"
    problems = BeautifulSoup(page.text, "html.parser").select("#goi-y #loi-stats_suggested li")
    assert [p.get_text() for p in problems] == [
        'chỉ tiêu "to-tu-quan-cu" chưa có trong danh mục chỉ tiêu. Có phải ý bạn là "to-tu-quan"?']
