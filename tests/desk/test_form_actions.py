"""What the edit form says after an action: the state the article is really in, and whether the
public site shows the change yet."""

from bs4 import BeautifulSoup

from desk_harness import article_fields, browser_fields

URL = "/bai/2021/trao-qua.md"


def shown(html: str, selector: str) -> str:
    return " ".join(node.get_text(" ", strip=True) for node in BeautifulSoup(html, "html.parser").select(selector))


def test_a_refused_submission_says_the_article_is_still_a_draft(editor):
    fields = {**article_fields(stat_value=["1,000", "12", ""], action="gui-duyet"), **editor.form("/bai-moi")}
    response = editor.post("/bai-moi", fields)
    assert response.status_code == 422
    assert shown(response.text, "#trang-thai") == "Nháp"
    assert "Chưa gửi duyệt được" in shown(response.text, "#thong-bao")


def test_checking_a_submitted_article_leaves_it_submitted_and_says_so(editor, desk_site):
    site, _ = desk_site
    file = site.content / "articles/2021/trao-qua.md"
    file.write_text(file.read_text(encoding="utf-8").replace("unit:", "status: pending\nunit:"), encoding="utf-8")
    response = editor.post(URL, browser_fields(editor.http.get(URL).text, "kiem-tra"))
    assert response.status_code == 200
    assert shown(response.text, "#trang-thai") == "Chờ duyệt"
    assert "Không thấy lỗi nào" in shown(response.text, "#thong-bao")


def test_a_check_with_problems_does_not_say_there_are_none(editor):
    fields = {**article_fields(stat_value=["1,000", "12", ""], action="kiem-tra"), **editor.form("/bai-moi")}
    response = editor.post("/bai-moi", fields)
    assert response.status_code == 200
    assert "Không thấy lỗi nào" not in response.text
    assert shown(response.text, "#so-loi").startswith("Bài còn 1 lỗi")


def test_saving_a_published_article_says_the_site_changes_at_the_next_publish(approver, desk_site):
    site, _ = desk_site
    fields = browser_fields(approver.http.get(URL).text, "luu")
    fields["summary"] = ["Đoàn công tác trao quà cho hộ nghèo."]
    response = approver.post(URL, fields)
    assert response.status_code == 303
    notice = shown(approver.http.get(response.headers["location"]).text, "#thong-bao")
    assert notice.startswith("Đã lưu. Trang công khai vẫn hiện bản trước")
    assert "Xuất bản" in notice
    assert not site.output.exists()  # nothing was built


def test_the_date_field_says_when_it_schedules_the_article(editor):
    fields = {**article_fields(date="31/12/2099 08:00", action="kiem-tra"), **editor.form("/bai-moi")}
    page = editor.post("/bai-moi", fields).text
    assert shown(page, "#ngay-doc-la") == ("Hẹn giờ: bài chỉ lên trang từ Thứ năm - 31/12/2099 08:00 (giờ Việt Nam), "
                                           "sau khi được duyệt.")
    assert shown(editor.http.get(URL).text, "#ngay-doc-la") == "đọc là: Thứ ba - 05/10/2021 09:15"


def test_history_and_audit_times_are_vietnamese_time(approver, desk_site):
    _, config = desk_site
    config.audit.write_text('{"time": "2021-10-05T02:15:00+00:00", "account": "hung", "action": "luu"}\n',
                            encoding="utf-8")
    assert shown(approver.http.get("/nhat-ky").text, "#nhat-ky time") == "Thứ ba - 05/10/2021 09:15"


def test_every_field_of_a_hostile_file_is_shown_as_text(approver, desk_site):
    site, _ = desk_site
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    (site.content / "articles/2021/doc-hai.md").write_text(f"""\
---
title: '{hostile}'
date: 2021-10-06 09:00
category: '{hostile}'
tags: ['{hostile}']
unit: '{hostile}'
summary: '{hostile}'
image: '{hostile}'
stats:
  period: '{hostile}'
  figures:
    '{hostile}': '{hostile}'
stats_suggested:
  - value: '{hostile}'
    indicator: phan-qua
    sentence: 'Câu có {hostile} trong đó.'
---

Nội dung.
""", encoding="utf-8")
    pages = [approver.http.get("/"), approver.http.get("/bai/2021/doc-hai.md"), approver.http.get("/bai-moi")]
    for page in pages:
        assert page.status_code == 200
        assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert pages[1].text.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 9
