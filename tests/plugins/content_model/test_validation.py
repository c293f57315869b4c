"""Every validation error: named file, line where known, and a plain reason."""

import pytest

from sitekit import GOOD_FRONT


def only_problem(site):
    problems = site.check()
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_good_content_has_no_problems(site):
    site.article("tot", GOOD_FRONT + "stats:\n  period: 2021\n  figures:\n    phan-qua: 8.230\n")
    assert site.check() == []


@pytest.mark.parametrize("front, line, reason", [
    ("title: [không đóng", 2, "YAML sai cú pháp"),
    ("date: 2021-06-15 08:30\ncategory: Tin hoạt động\nunit: Công an tỉnh", None, "thiếu trường bắt buộc 'title'"),
    ("title: A\ncategory: Tin hoạt động\nunit: Công an tỉnh", None, "thiếu trường bắt buộc 'date'"),
    (GOOD_FRONT.replace("2021-06-15 08:30", "15/13/2021"), 3, "không có thật trên lịch"),
    (GOOD_FRONT.replace("2021-06-15 08:30", "hôm qua"), 3, "không đúng dạng"),
    (GOOD_FRONT.replace("Tin hoạt động", "Tin hoat dong"), 4, 'Có phải ý bạn là "Tin hoạt động"?'),
    (GOOD_FRONT.replace("Tin hoạt động", "Thể thao"), 4, 'Chuyên mục "Thể thao" chưa có trong danh mục'),
    (GOOD_FRONT.replace("Công an tỉnh", "Cong an tinh"), 5, 'Có phải ý bạn là "Công an tỉnh"?'),
    (GOOD_FRONT + "catgory: x", 6, "Có phải ý bạn là 'category'?"),
    (GOOD_FRONT + "title: Hai lần", 6, "'title' được viết hai lần"),
    (GOOD_FRONT + "slug: Có Dấu", 6, "slug 'Có Dấu' chỉ được gồm"),
    (GOOD_FRONT + "status: nháp", 6, "status 'nháp' không hợp lệ"),
    (GOOD_FRONT + "featured: có lẽ", 6, "phải là true hoặc false"),
    (GOOD_FRONT + "image: images/khong-co.jpg", 6, "không tìm thấy ảnh 'images/khong-co.jpg'"),
    (GOOD_FRONT + "image: ../../etc/passwd", 6, "phải nằm trong thư mục content/"),
    (GOOD_FRONT + "tags: {a: b}", 6, "'tags' phải là danh sách"),
])
def test_front_matter_errors(site, front, line, reason):
    path = site.article("loi", front)
    problem = only_problem(site)
    assert problem.path == "content/articles/loi.md" and path.exists()
    assert problem.line == line
    assert reason in problem.reason


def test_file_without_front_matter(site):
    site.write("articles/tran.md", "# Chỉ có nội dung\n")
    problem = only_problem(site)
    assert (problem.line, problem.path) == (1, "content/articles/tran.md")
    assert "bắt đầu bằng dòng '---'" in problem.reason


def stats(figures: str, period: str = "2021") -> str:
    return GOOD_FRONT + f"stats:\n  period: {period}\n  figures:\n" + figures


@pytest.mark.parametrize("front, line, reason", [
    (stats("    phan-qau: 8.230\n"), 9, 'chỉ tiêu "phan-qau" chưa có trong danh mục chỉ tiêu. Có phải ý bạn là "phan-qua"?'),
    (stats("    phan-qua: nhiều\n"), 9, "không bắt đầu bằng một số"),
    (stats("    phan-qua: 8.23\n"), 9, "dấu phẩy"),
    (stats("    phan-qua: -5\n"), 9, "không thể âm"),
    (stats("    ty-le-ho-van-hoa: 120%\n"), 9, "không thể vượt quá 100%"),
    (stats("    phan-qua: 12,5\n"), 9, "phải là số nguyên"),
    (stats("    phan-qua: 3,2 tỷ đồng\n"), 9, 'tính bằng "phần quà" nhưng giá trị ghi "đồng"'),
    (stats("    to-tu-quan: 1.691 thành viên\n"), 9, 'tính bằng "tổ" nhưng giá trị ghi "thành viên"'),
    (stats("    gia-tri-qua: 81%\n"), 9, 'tính bằng "đồng" nhưng giá trị ghi "%"'),
    (stats("    phan-qua: 8.230\n", period="quý 5/2021"), 7, "quý 5 không tồn tại"),
    (stats("    phan-qua: 8.230\n", period="mùa xuân"), 7, "không đọc được"),
    (stats("    phan-qua: 8.230\n", period="2020 - 2021"), 7, "trải qua hai năm"),
    (stats("    phan-qua: 8.230\n", period="2022"), 7, "bắt đầu sau ngày đăng bài"),
    (stats("    phan-qua: {value: 5, period: quý 7/2021}\n"), 9, "quý 7 không tồn tại"),
    (stats("    phan-qua: {value: 5, unit: Đoàn thanh niên}\n"), 9, 'Đơn vị "Đoàn thanh niên" chưa có'),
    (stats("    phan-qua: {value: 5, note: x}\n"), 9, "không có trường 'note'"),
    (stats("    phan-qua: 5\n    phan-qua: 6\n"), 10, "'stats.figures.phan-qua' được viết hai lần"),
    (GOOD_FRONT + "stats:\n  figures:\n    phan-qua: 5\n", 8, "chưa có kỳ báo cáo"),
    (GOOD_FRONT + "stats: 5", 6, "'stats' cần có 'period' và 'figures'"),
])
def test_statistics_errors(site, front, line, reason):
    site.article("so-lieu", front)
    problem = only_problem(site)
    assert problem.line == line, str(problem)
    assert reason in problem.reason


def test_same_figure_twice_in_one_article(site):
    front = GOOD_FRONT + (
        "stats:\n  - period: 2021\n    figures:\n      phan-qua: 5\n"
        "  - period: năm 2021\n    figures:\n      phan-qua: 6\n")
    site.article("hai-lan", front)
    problem = only_problem(site)
    assert "đã được báo cáo ở dòng 9" in problem.reason and problem.line == 12


def test_all_problems_are_reported_at_once(site):
    site.article("mot", GOOD_FRONT.replace("Tin hoạt động", "Sai"))
    site.article("hai", stats("    phan-qau: 1\n    to-tu-quan: -1\n"))
    site.write("articles/ba.md", "không có phần đầu")
    problems = site.check()
    assert [(p.path, p.line) for p in problems] == [
        ("content/articles/ba.md", 1),
        ("content/articles/hai.md", 9),
        ("content/articles/hai.md", 10),
        ("content/articles/mot.md", 4),
    ]


def test_duplicate_slug_across_articles(site):
    site.article("a", GOOD_FRONT + "slug: trung")
    site.article("b", GOOD_FRONT.replace("2021-06-15", "2022-01-02") + "slug: trung")
    problems = site.check()
    assert {p.path for p in problems} == {"content/articles/a.md", "content/articles/b.md"}
    assert all("slug 'trung' trùng với" in p.reason for p in problems)


def test_duplicate_url_between_article_titles(site):
    site.article("a", GOOD_FRONT)
    site.article("b", GOOD_FRONT.replace("08:30", "10:00"))
    reasons = {p.reason for p in site.check()}
    assert any("địa chỉ '2021/06/ra-mat-to-tu-quan/' trùng với" in r for r in reasons)


def test_registry_errors_name_the_registry(site):
    site.write("data/indicators.yaml", "ty-le:\n  label: Tỷ lệ\n  measure: '%'\n  aggregate: sum\n"
               "dem:\n  label: Đếm\n  measure: lần\n  aggregate: median\n")
    problems = {(p.path, p.line): p.reason for p in site.check()}
    assert "không được cộng dồn" in problems[("data/indicators.yaml", 4)]
    assert "aggregate \"median\" không hợp lệ" in problems[("data/indicators.yaml", 8)]


def test_pages_need_only_a_title(site):
    site.write("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\n\nTrang giới thiệu.\n")
    assert site.check() == []
    site.write("pages/lien-he.md", "---\ntitle: Liên hệ\nstats: {}\n---\n")
    assert "trường 'stats' không được hỗ trợ" in only_problem(site).reason


def test_indicator_group_is_a_short_name_or_defaulted(site):
    from content_model.registry import load_registry

    site.write("data/indicators.yaml", "ty-le:\n  label: Tỷ lệ\n  measure: '%'\n  aggregate: average\n"
               "dem:\n  label: Đếm\n  measure: lần\n  aggregate: sum\n"
               "qua:\n  label: Quà\n  measure: phần quà\n  aggregate: sum\n  group: An sinh\n"
               "lech:\n  label: Lệch\n  measure: lần\n  aggregate: sum\n  group: [a, b]\n"
               "trong:\n  label: Trống\n  measure: lần\n  aggregate: sum\n  group: ''\n")
    registry, problems = load_registry(site.content / "data", "data")
    assert {key: i.group for key, i in registry.indicators.items()} == {
        "ty-le": "Tỷ lệ", "dem": "Chỉ tiêu khác", "qua": "An sinh", "lech": "Chỉ tiêu khác", "trong": "Chỉ tiêu khác"}
    assert [(p.line, "nhóm (group)" in p.reason) for p in problems] == [(18, True), (23, True)]


def test_every_indicator_of_the_project_names_its_group():
    from pathlib import Path

    from content_model.registry import load_registry

    registry, problems = load_registry(Path(__file__).parents[3] / "content" / "data", "data")
    assert problems == []
    assert {i.group for i in registry.indicators.values()} == {
        "Lực lượng và mô hình", "Tuyên truyền", "Tội phạm và tố giác", "An sinh", "Tỷ lệ"}
