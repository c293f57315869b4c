"""A save over a file changed since it was opened: a three-way merge of the opened version, the
file's and the editor's, shown to resolve; nothing written until the resolved text is saved."""

import pytest
from bs4 import BeautifulSoup

from desk.merging import git_merge, merge, merge_lines
from desk_harness import browser_fields

URL = "/bai/2021/ho-tro.md"
DRAFT = """\
---
title: Hỗ trợ hộ nghèo xây nhà
date: 2021-09-20 10:00
category: Tin hoạt động
unit: Công an tỉnh
status: draft
---

Đoàn công tác đến thăm ấp Bàu Tre.

Mỗi hộ được hỗ trợ tiền và ngày công.

Buổi lễ kết thúc lúc trưa.
"""


@pytest.fixture
def draft(desk_site):
    site, _ = desk_site
    file = site.content / "articles/2021/ho-tro.md"
    file.write_text(DRAFT, encoding="utf-8")
    return file


def merge_form(html: str) -> tuple[dict[str, str], str]:
    """The merge form's fields, and its text as the browser shows it."""
    form = BeautifulSoup(html, "html.parser").select_one("form.merge")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[type=hidden]")}
    text = form.select_one("textarea[name=merged]").get_text()
    return fields, text[1:] if text.startswith("\n") else text


def edit(client, change: tuple[str, str]) -> dict:
    fields = browser_fields(client.http.get(URL).text, "luu")
    fields["body"] = [fields["body"][0].replace(*change)]
    return fields


def opened_before_their_save(editor, approver, mine: tuple[str, str], theirs: tuple[str, str]) -> dict:
    """The editor's form with their change, opened before the approver saved another one."""
    fields = edit(editor, mine)
    assert approver.post(URL, edit(approver, theirs)).status_code == 303
    return fields


def test_changes_to_different_paragraphs_merge_without_markers(editor, approver, draft, desk_site):
    _, config = desk_site
    mine = opened_before_their_save(editor, approver, ("ấp Bàu Tre", "ấp Bàu Tre, xã Lộc Thành"),
                                    ("kết thúc lúc trưa", "kết thúc lúc 11 giờ"))
    on_disk = draft.read_bytes()

    refused = editor.post(URL, mine)
    assert refused.status_code == 409
    assert draft.read_bytes() == on_disk  # nothing written until the editor saves the merge
    assert "không có chỗ nào trùng" in BeautifulSoup(refused.text, "html.parser").select_one("#tom-tat-hop-nhat").text
    fields, merged = merge_form(refused.text)
    assert merged == DRAFT.replace("ấp Bàu Tre", "ấp Bàu Tre, xã Lộc Thành").replace(
        "kết thúc lúc trưa", "kết thúc lúc 11 giờ")
    [kept] = (config.audit.parent / "desk-conflicts").iterdir()
    assert "xã Lộc Thành" in kept.read_text(encoding="utf-8")

    saved = editor.post(URL, {**fields, "merged": merged.replace("\n", "\r\n"), "action": "hop-nhat"})
    assert saved.status_code == 303, saved.text
    assert draft.read_text(encoding="utf-8") == merged


def test_the_same_line_changed_twice_is_marked_and_saved_only_once_resolved(editor, approver, draft):
    mine = opened_before_their_save(editor, approver, ("tiền và ngày công", "10 triệu đồng và 20 ngày công"),
                                    ("tiền và ngày công", "tiền, vật liệu và ngày công"))
    on_disk = draft.read_bytes()

    refused = editor.post(URL, mine)
    assert refused.status_code == 409
    fields, merged = merge_form(refused.text)
    assert ("<<<<<<< Bản của bạn\nMỗi hộ được hỗ trợ 10 triệu đồng và 20 ngày công.\n=======\n"
            "Mỗi hộ được hỗ trợ tiền, vật liệu và ngày công.\n>>>>>>> Bản trên máy chủ\n") in merged
    assert "Buổi lễ kết thúc lúc trưa." in merged and "ấp Bàu Tre" in merged
    assert "xóa ba dòng đánh dấu" in refused.text

    still_marked = editor.post(URL, {**fields, "merged": merged, "action": "hop-nhat"})
    assert still_marked.status_code == 422
    assert "còn chỗ đánh dấu" in BeautifulSoup(still_marked.text, "html.parser").select_one("#loi-hop-nhat").text
    assert merge_form(still_marked.text)[1] == merged  # the editor's text comes back to go on with
    broken = editor.post(URL, {**fields, "merged": "---\ntitle: [\n---\n", "action": "hop-nhat"})
    assert broken.status_code == 422
    assert editor.post(URL, {**fields, "merged": merged, "action": "hop-nhat", "csrf": ""}).status_code == 403
    assert draft.read_bytes() == on_disk

    resolved = DRAFT.replace("tiền và ngày công", "10 triệu đồng, vật liệu và 20 ngày công")
    assert editor.post(URL, {**fields, "merged": resolved, "action": "hop-nhat"}).status_code == 303
    assert draft.read_text(encoding="utf-8") == resolved


def test_a_merged_save_is_a_save_the_role_and_the_file_are_checked_again(editor, approver, draft):
    mine = opened_before_their_save(editor, approver, ("ấp Bàu Tre", "ấp Bàu Sen"),
                                    ("kết thúc lúc trưa", "kết thúc lúc chiều"))
    fields, merged = merge_form(editor.post(URL, mine).text)
    # An editor's merge may not publish: the state is the save's, not the text's.
    published = merged.replace("status: draft\n", "")
    assert editor.post(URL, {**fields, "merged": published, "action": "hop-nhat"}).status_code == 303
    assert "status: draft\n" in draft.read_text(encoding="utf-8")
    # A third change meanwhile: refused again, merged again from the version this merge was made on.
    draft.write_text(draft.read_text(encoding="utf-8").replace("xây nhà", "xây nhà mới"), encoding="utf-8")
    again = editor.post(URL, {**fields, "merged": merged.replace("lúc chiều", "lúc 15 giờ"), "action": "hop-nhat"})
    assert again.status_code == 409
    assert merge_form(again.text)[1] == draft.read_text(encoding="utf-8").replace("lúc chiều", "lúc 15 giờ")


def test_without_the_opened_version_no_merge_is_offered_and_nothing_is_lost(editor, approver, draft):
    mine = opened_before_their_save(editor, approver, ("ấp Bàu Tre", "ấp Bàu Sen"),
                                    ("kết thúc lúc trưa", "kết thúc lúc chiều"))
    for forged in ("", "bm90IHRoZSBvcGVuZWQgdGV4dA==", "%%%"):
        refused = editor.post(URL, {**mine, "opened_text": [forged]})
        assert refused.status_code == 409
        page = BeautifulSoup(refused.text, "html.parser")
        assert page.select_one("form.merge") is None and "ấp Bàu Sen" in page.select_one("#mine").text
    assert "lúc chiều" in draft.read_text(encoding="utf-8") and "Bàu Sen" not in draft.read_text(encoding="utf-8")


CASES = [
    ("a\nb\nc\n", "a\nB\nc\n", "a\nb\nC\n"),
    ("a\nb\nc\n", "a\nB\nc\n", "a\nX\nc\n"),
    ("a\nb\nc\n", "a\nb\nc\nd\n", "z\na\nb\nc\n"),
    ("một\nhai\nba\nbốn\nnăm\n", "một\nhai\nba\nbốn\nnăm\n", "một\nba\nnăm\n"),
    ("một\nhai\nba\n", "hai\nba\n", "một\nhai\n"),
    ("", "mới\n", "khác\n"),
    (DRAFT, DRAFT.replace("trưa", "chiều"), DRAFT.replace("status: draft\n", "")),
]


@pytest.mark.parametrize(("base", "mine", "theirs"), CASES)
def test_the_merge_without_git_marks_what_git_marks(base, mine, theirs):
    assert merge_lines(base, mine, theirs) == git_merge(base, mine, theirs)


def test_without_git_on_the_path_the_desk_merges_by_itself(monkeypatch, tmp_path):
    with_git = [merge(*case) for case in (*CASES, ("a\nb\nc", "a\nb\nc\nd", "a\nb\nc\ne"))]
    monkeypatch.setenv("PATH", str(tmp_path))
    without_git = [merge(*case) for case in (*CASES, ("a\nb\nc", "a\nb\nc\nd", "a\nb\nc\ne"))]
    assert without_git == with_git
    assert without_git[-1].text == "a\nb\nc\n<<<<<<< Bản của bạn\nd\n=======\ne\n>>>>>>> Bản trên máy chủ\n"
