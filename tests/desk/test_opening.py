"""Opening an article's file for its form, its history and its save: one answer for an unsafe path,
a missing file and a file the desk cannot read as text; and the indicators grouped in the form."""

from bs4 import BeautifulSoup

from desk_harness import article_fields, browser_fields

URL = "/bai/2021/trao-qua.md"


def test_a_file_that_is_not_utf8_is_explained_not_an_error_and_stays_as_it_was(approver, desk_site):
    site, _ = desk_site
    file = site.content / "articles/2021/trao-qua.md"
    fields = browser_fields(approver.http.get(URL).text, "luu")
    broken = file.read_bytes().replace("Trao quà".encode(), "Trao qu\xe0".encode("latin-1"))
    file.write_bytes(broken)  # saved by a text editor in another encoding
    for response in (approver.http.get(URL), approver.http.get(f"/lich-su/{URL[5:]}"), approver.post(URL, fields)):
        assert response.status_code == 422, response.text
        assert "UTF-8" in BeautifulSoup(response.text, "html.parser").select_one("[role=alert]").get_text()
    assert file.read_bytes() == broken


def test_unsafe_and_missing_paths_get_the_same_answers_everywhere(approver):
    form = approver.form("/bai-moi")
    for path, status in (("2021/.an.md", 400), ("2021/trao-qua.txt", 400), ("2021", 400),
                         ("2021/khong-co.md", 404), ("2021/trao-qua.md/con.md", 404)):
        assert approver.http.get(f"/bai/{path}").status_code == status, path
        assert approver.http.get(f"/lich-su/{path}").status_code == status, path
        assert approver.post(f"/bai/{path}", {**article_fields(), **form}).status_code == status, path


def test_the_indicators_are_grouped_as_the_registry_groups_them(editor, desk_site):
    site, _ = desk_site
    registry = site.content / "data" / "indicators.yaml"
    registry.write_text(
        "phan-qua:\n  label: Phần quà\n  measure: phần quà\n  aggregate: sum\n  group: Hỗ trợ <người> nghèo\n"
        "to-tu-quan:\n  label: Tổ tự quản\n  measure: tổ\n  aggregate: latest\n  group: Lực lượng\n"
        "gia-tri-qua:\n  label: Giá trị quà\n  measure: đồng\n  aggregate: sum\n  group: Hỗ trợ <người> nghèo\n"
        "ty-le:\n  label: Tỷ lệ hộ được thăm\n  measure: \"%\"\n  aggregate: average\n",
        encoding="utf-8")
    page = BeautifulSoup(editor.http.get("/bai-moi").text, "html.parser")
    select = page.select_one("#so-lieu-0 select[name=stat_indicator]")
    groups = [(group["label"], [option["value"] for option in group.find_all("option")])
              for group in select.find_all("optgroup")]
    assert groups == [("Hỗ trợ <người> nghèo", ["phan-qua", "gia-tri-qua"]), ("Lực lượng", ["to-tu-quan"]),
                      ("Tỷ lệ", ["ty-le"])]
