"""Writing on the desk over HTTP: statistics read back, problems beside fields, the workflow, safe
paths, and saves that never lose anything."""

import json
import time

import pytest

from content_model.reader import document_reader
from desk_harness import ARTICLE, article_fields, browser_fields, hidden
from toandan.building.publish import load_settings

NEW = "articles/2021/ra-mat-to-tu-quan-o-ap-tan-lap.md"


def texts(html: str, css_class: str) -> list[str]:
    from bs4 import BeautifulSoup

    return [node.get_text(" ", strip=True) for node in BeautifulSoup(html, "html.parser").select(css_class)]


def test_a_value_typed_wrong_is_explained_beside_its_row_and_nothing_is_submitted(editor, desk_site):
    site, _ = desk_site
    fields = {**article_fields(stat_value=["1,000", "12", ""], action="gui-duyet"), **editor.form("/bai-moi")}
    response = editor.post("/bai-moi", fields)
    assert response.status_code == 422
    row = texts(response.text, "#so-lieu-0 .error")
    assert row == ["'1,000' có hai cách hiểu: viết 1.000 nếu là số nguyên, hoặc 1 nếu là số thập phân"]
    assert texts(response.text, "#loi-so-lieu-0 li") == [f'chỉ tiêu "phan-qua": {row[0]}']
    assert texts(response.text, "#so-lieu-1 .reading") == ["đọc là: 12 tổ", "01/07/2021 – 30/09/2021"]
    assert not (site.content / NEW).exists()


def test_corrected_it_is_submitted_and_written_as_a_person_would(editor, desk_site):
    site, config = desk_site
    fields = {**article_fields(action="gui-duyet"), **editor.form("/bai-moi")}
    response = editor.post("/bai-moi", fields)
    assert response.status_code == 303
    assert response.headers["location"] == "/bai/2021/ra-mat-to-tu-quan-o-ap-tan-lap.md?da=gui-duyet"
    assert (site.content / NEW).read_text(encoding="utf-8") == """\
---
title: Ra mắt tổ tự quản ở ấp Tân Lập
date: 2021-11-02 08:00
category: Tin hoạt động
tags: [tổ tự quản]
unit: Công an tỉnh
status: pending
stats:
  period: quý 3/2021
  figures:
    phan-qua: 8.230
    to-tu-quan: 12
---

Tổ tự quản ra mắt với 12 thành viên.
"""
    page = editor.http.get(response.headers["location"])
    assert texts(page.text, "#so-lieu-0 .reading") == ["đọc là: 8.230 phần quà", "01/07/2021 – 30/09/2021"]
    assert texts(page.text, "#trang-thai") == ["Chờ duyệt"]
    entry = json.loads(config.audit.read_text().splitlines()[-1])
    assert (entry["account"], entry["action"], entry["target"]) == ("lan", "gui-duyet", NEW[len("articles/"):])


def test_every_problem_is_shown_at_once_beside_its_field_as_the_check_finds_it(editor, desk_site):
    site, config = desk_site
    fields = {**article_fields(category="Chuyên mục lạ", image="images/khong-co.jpg", date="31/02/2021 08:00",
                               stat_period=["quý 5/2021", "quý 3/2021", ""], action="kiem-tra"),
              **editor.form("/bai-moi")}
    response = editor.post("/bai-moi", fields)
    assert response.status_code == 200
    shown = {name: texts(response.text, f"#loi-{name} li") for name in ("category", "image", "date")}
    shown["row"] = texts(response.text, "#loi-so-lieu-0 li")
    # The content model's own reader, on the text the desk would write, finds exactly these.
    written = site.root / "expected.md"
    written.write_text(_text_of(fields), encoding="utf-8")
    _, problems = document_reader(load_settings(config.settings)).read(written, is_article=True)
    assert sorted(sum(shown.values(), [])) == sorted(p.reason for p in problems)
    assert all(shown.values())
    assert not (site.content / NEW).exists()


def _text_of(fields: dict) -> str:
    from desk.model import from_fields
    from desk.writing import write

    posted = {name: value if isinstance(value, list) else [value] for name, value in fields.items()}
    form = from_fields(posted)
    form.status = "draft"
    return write(None, form)


def test_a_draft_with_problems_is_saved(editor, desk_site):
    site, _ = desk_site
    fields = {**article_fields(stat_value=["1,000", "12", ""]), **editor.form("/bai-moi")}
    assert editor.post("/bai-moi", fields).status_code == 303
    text = (site.content / NEW).read_text(encoding="utf-8")
    assert "status: draft" in text and "phan-qua: 1,000" in text


def test_an_editors_save_of_a_submitted_article_makes_it_a_draft_again(editor, desk_site):
    site, _ = desk_site
    editor.post("/bai-moi", {**article_fields(action="gui-duyet"), **editor.form("/bai-moi")})
    url = "/bai/2021/ra-mat-to-tu-quan-o-ap-tan-lap.md"
    page = editor.http.get(url)
    fields = browser_fields(page.text, "luu")
    fields["summary"] = ["Tổ tự quản thứ 13 của xã."]
    assert editor.post(url, fields).status_code == 303
    text = (site.content / NEW).read_text(encoding="utf-8")
    assert "status: draft" in text and "summary: Tổ tự quản thứ 13 của xã.\n" in text


def test_the_list_filters_and_finds_titles_without_diacritics(editor, desk_site):
    editor.post("/bai-moi", {**article_fields(), **editor.form("/bai-moi")})
    page = editor.http.get("/", params={"q": "TRAO QUA ho ngheo"})
    titles = texts(page.text, ".articles tbody td a")
    assert titles == ["Trao quà cho hộ nghèo biên giới"]
    assert texts(editor.http.get("/", params={"trang-thai": "draft"}).text, ".articles tbody td a") == [
        "Ra mắt tổ tự quản ở ấp Tân Lập"]
    assert len(texts(editor.http.get("/", params={"nam": "2021", "don-vi": "Công an tỉnh",
                                                  "chuyen-muc": "Tin hoạt động"}).text, ".articles tbody td a")) == 2
    assert texts(editor.http.get("/", params={"nam": "2020"}).text, ".articles tbody td a") == []


def test_paths_outside_the_articles_folder_are_refused(editor, desk_site):
    site, _ = desk_site
    (site.root / "secret.md").write_text(ARTICLE, encoding="utf-8")
    before = {p: p.read_bytes() for p in site.root.rglob("*") if p.is_file() and "var" not in p.parts}
    form = editor.form("/bai-moi")
    for path in ("../../secret.md", "..%2F..%2Fsecret.md", "%2Fetc%2Fpasswd.md", "2021/trao-qua.md%00.md",
                 "2021/../../../secret.md"):
        assert editor.http.get(f"/bai/{path}").status_code in (400, 404), path
        response = editor.post(f"/bai/{path}", {**article_fields(), **form})
        assert response.status_code in (400, 404), path
    for slug in ("../../secret", "/etc/passwd", "bai\x00viet", "a/b"):
        response = editor.post("/bai-moi", {**article_fields(slug=slug), **form})
        assert response.status_code == 400, slug
        assert "slug" in " ".join(texts(response.text, "#loi-slug li"))
    after = {p: p.read_bytes() for p in site.root.rglob("*") if p.is_file() and "var" not in p.parts}
    assert after == before


def test_a_save_over_a_file_changed_on_disk_is_refused_with_both_versions_kept(approver, desk_site):
    site, config = desk_site
    file = site.content / "articles/2021/trao-qua.md"
    page = approver.http.get("/bai/2021/trao-qua.md")
    theirs = ARTICLE.replace("1.250", "1.300")
    file.write_text(theirs, encoding="utf-8")  # another editor, in a text editor
    fields = browser_fields(page.text, "luu")
    fields["title"] = ["Trao 1.250 phần quà cho hộ nghèo biên giới"]
    response = approver.post("/bai/2021/trao-qua.md", fields)
    assert response.status_code == 409
    assert file.read_text(encoding="utf-8") == theirs
    assert "1.300" in texts(response.text, "#theirs")[0]
    assert "Trao 1.250 phần quà" in texts(response.text, "#mine")[0]
    changes = texts(response.text, "#khac-nhau")[0].splitlines()
    assert "-    phan-qua: 1.300" in changes and "+    phan-qua: 1.250" in changes
    kept = list((config.audit.parent / "desk-conflicts").iterdir())
    assert len(kept) == 1 and "title: Trao 1.250 phần quà cho hộ nghèo biên giới" in kept[0].read_text(encoding="utf-8")


def test_a_new_article_does_not_overwrite_a_file_of_the_same_name(editor, desk_site):
    site, _ = desk_site
    form = editor.form("/bai-moi")
    assert editor.post("/bai-moi", {**article_fields(), **form}).status_code == 303
    first = (site.content / NEW).read_bytes()
    response = editor.post("/bai-moi", {**article_fields(summary="Bài khác cùng tên."), **form})
    assert response.status_code == 409
    assert (site.content / NEW).read_bytes() == first


@pytest.mark.slow  # builds the site
def test_an_article_approved_for_later_is_scheduled_not_shown(approver, desk_site):
    site, _ = desk_site
    from datetime import timedelta

    from toandan.vietnamese import dates

    later = dates.now() + timedelta(days=3)
    fields = {**article_fields(date=f"{later:%Y-%m-%d %H:%M}", action="xuat-ban"), **approver.form("/bai-moi")}
    response = approver.post("/bai-moi", fields)
    assert response.status_code == 303
    for _ in range(1200):  # the build runs in the background; its status page says when it is done
        page = approver.http.get(response.headers["location"])
        if 'data-state="done"' in page.text:
            break
        time.sleep(0.5)
    assert "sẽ tự lên trang lúc" in texts(page.text, "#thong-bao")[0]
    assert not list(site.output.glob(f"{later:%Y}/*/ra-mat-to-tu-quan-o-ap-tan-lap/index.html"))


def test_preview_is_made_by_the_sites_reader_and_writes_nothing(editor, desk_site):
    site, _ = desk_site
    before = sorted(site.content.rglob("*"))
    body = 'Trao **1.250** phần quà -- "đúng hẹn".\n\n<script>alert(1)</script><img src=x onerror=alert(2)>'
    fields = {**article_fields(body=body, summary="Tóm *tắt*", action="xem-truoc"), **editor.form("/bai-moi")}
    response = editor.post("/bai-moi", fields)
    assert response.status_code == 200
    body_html = texts(response.text, ".body")[0]
    assert "Trao 1.250 phần quà" in body_html and "“đúng hẹn”" in body_html  # typography, as the build does
    assert "<strong>1.250</strong>" in response.text and "<em>tắt</em>" in response.text
    assert "<script>alert" not in response.text and "onerror" not in response.text
    assert "8.230 phần quà" in texts(response.text, ".stats")[0]  # the theme's statistics box
    assert editor.http.get("/xem-truoc/theme/css/site.css").status_code == 200
    assert sorted(site.content.rglob("*")) == before


def test_a_registry_edited_while_the_desk_runs_is_used_at_once(editor, desk_site):
    site, _ = desk_site
    units = site.content / "data" / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "Công an huyện Lộc Ninh: Mới thêm.\n", encoding="utf-8")
    page = editor.http.get("/bai-moi")
    assert "<option>Công an huyện Lộc Ninh</option>" in page.text
    fields = {**article_fields(unit="Công an huyện Lộc Ninh", action="kiem-tra"), **hidden(page.text)}
    assert texts(editor.post("/bai-moi", fields).text, "#loi-unit li") == []


def test_the_live_check_reads_a_row_as_the_form_does(editor, desk_server):
    import httpx

    signed_out = httpx.get(desk_server.url + "/doc-so", params={"gia-tri": "1"})
    assert signed_out.status_code == 401 and signed_out.json()["error"]["code"] == "signed_out"
    reading = editor.http.get("/doc-so", params={"chi-tieu": "gia-tri-qua", "gia-tri": "3,2 tỷ đồng",
                                                 "ky": "9 tháng đầu năm 2021"}).json()
    assert reading == {"value": {"text": "đọc là: 3.200.000.000 đồng", "error": ""},
                       "period": {"text": "01/01/2021 – 30/09/2021", "error": ""}}
    wrong = editor.http.get("/doc-so", params={"chi-tieu": "phan-qua", "gia-tri": "1,000", "ky": "quý 5/2021"}).json()
    assert "hai cách hiểu" in wrong["value"]["error"] and "quý 5 không tồn tại" in wrong["period"]["error"]


def test_a_published_article_keeps_its_address_when_its_title_is_corrected(approver, desk_site):
    site, _ = desk_site
    url = "/bai/2021/trao-qua.md"
    fields = browser_fields(approver.http.get(url).text, "luu")
    fields["title"] = ["Trao quà cho các hộ nghèo vùng biên giới"]
    assert approver.post(url, fields).status_code == 303
    text = (site.content / "articles/2021/trao-qua.md").read_text(encoding="utf-8")
    assert "title: Trao quà cho các hộ nghèo vùng biên giới\n" in text
    assert "slug: trao-qua-cho-ho-ngheo-bien-gioi\n" in text


def test_tags_already_used_are_suggested(editor):
    page = editor.http.get("/bai-moi")
    assert texts(page.text, ".tag-hints li") == ["quà tặng", "biên giới"]


def test_an_article_with_a_lead_image_needs_its_alternative_text_to_be_submitted(editor, desk_site):
    site, _ = desk_site
    (site.content / "images" / "trao-qua.jpg").write_bytes(b"")  # exists: the build's own check passes
    fields = {**article_fields(image="images/trao-qua.jpg", action="gui-duyet"), **editor.form("/bai-moi")}
    response = editor.post("/bai-moi", fields)
    assert response.status_code == 422 and not (site.content / NEW).exists()
    assert "cần mô tả ảnh" in texts(response.text, "#loi-image_alt li")[0]
    fields["image_alt"] = "Trao quà"
    assert editor.post("/bai-moi", fields).status_code == 303


def test_deleting_asks_to_confirm_keeps_the_text_and_spares_published_articles(editor, approver, desk_site):
    site, config = desk_site
    editor.post("/bai-moi", {**article_fields(), **editor.form("/bai-moi")})
    url = "/bai/2021/ra-mat-to-tu-quan-o-ap-tan-lap.md"
    fields = browser_fields(editor.http.get(url).text, "xoa")
    assert editor.post(url, fields).status_code == 400 and (site.content / NEW).exists()
    text = (site.content / NEW).read_text(encoding="utf-8")
    response = editor.post(url, {**fields, "xac-nhan-xoa": "1"})
    assert response.status_code == 303 and not (site.content / NEW).exists()
    [kept] = (config.audit.parent / "desk-conflicts").iterdir()
    assert kept.read_text(encoding="utf-8") == text
    assert json.loads(config.audit.read_text().splitlines()[-1])["action"] == "xoa"
    published = "/bai/2021/trao-qua.md"
    fields = {**browser_fields(approver.http.get(published).text, "xoa"), "xac-nhan-xoa": "1"}
    assert approver.post(published, fields).status_code == 409
    assert (site.content / "articles/2021/trao-qua.md").exists()


def test_the_list_follows_files_changed_on_disk(editor, desk_site):
    site, _ = desk_site
    assert texts(editor.http.get("/").text, ".articles tbody td a") == ["Trao quà cho hộ nghèo biên giới"]
    file = site.content / "articles/2021/trao-qua.md"
    file.write_text(ARTICLE.replace("Trao quà cho hộ nghèo", "Tặng quà hộ nghèo"), encoding="utf-8")
    assert texts(editor.http.get("/").text, ".articles tbody td a") == ["Tặng quà hộ nghèo biên giới"]
    file.unlink()
    assert texts(editor.http.get("/").text, ".articles tbody td a") == []


def test_the_title_search_takes_whole_words_and_puts_those_typed_exactly_first(editor, desk_site):
    site, _ = desk_site
    for name, title in (("phong-trao.md", "Hiệu quả của phong trào ở biên giới"),
                        ("quang-tri.md", "Đoàn Quảng Trị thăm hộ nghèo")):
        (site.content / "articles/2021" / name).write_text(
            f"---\ntitle: {title}\ndate: 2021-12-0{len(name) % 7 + 1} 08:00\ncategory: Tin hoạt động\n"
            "unit: Công an tỉnh\n---\n\nNội dung.\n", encoding="utf-8")
    found = texts(editor.http.get("/", params={"q": "trao quà"}).text, ".articles tbody td a")
    # 'trào … quả' folds to the same words, as on the site's search, after the title typed exactly.
    assert found == ["Trao quà cho hộ nghèo biên giới", "Hiệu quả của phong trào ở biên giới"]
    # 'qua' is a word, not a piece of 'Quảng'; 'ngheo' finds 'nghèo' in both titles holding it.
    assert texts(editor.http.get("/", params={"q": "qua"}).text, ".articles tbody td a") == [
        "Hiệu quả của phong trào ở biên giới", "Trao quà cho hộ nghèo biên giới"]
    assert len(texts(editor.http.get("/", params={"q": "NGHEO"}).text, ".articles tbody td a")) == 2
