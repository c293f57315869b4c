"""stats_suggested: its shape is checked, ./dev check counts what waits for review, and a real
build shows nothing of it, neither on pages nor in the roundup."""

import json

import pytest
from invoke import Context

import tasks
from sitekit import GOOD_FRONT, files, tasks_on

SUGGESTED = """\
stats_suggested:
  - value: "777 phần quà"
    indicator: phan-qua
    sentence: "Câu gợi ý riêng Zyxwq: Ủy ban trao 777 phần quà cho hộ nghèo."
  - value: "gần 9.999 tổ"
    indicator: to-tu-quan
    sentence: "Câu gợi ý riêng Zyxwq có gần 9.999 tổ tự quản."
"""


def front(title: str) -> str:
    return GOOD_FRONT.replace("title: Ra mắt tổ tự quản", f"title: {title}")


def only_problem(site):
    problems = site.check()
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_a_well_formed_field_passes_the_check(site):
    site.article("goi-y", GOOD_FRONT + SUGGESTED)
    site.article("trong", front("Bài trống") + "stats_suggested:\n")
    assert site.check() == []


@pytest.mark.parametrize("field, line, reason", [
    ("stats_suggested: 777 phần quà", 6, "'stats_suggested' phải là danh sách"),
    ("stats_suggested:\n  - value: 777 phần quà\n    indicator: phan-qua", 7, "cần đủ value, indicator và sentence"),
    ("stats_suggested:\n  - [777 phần quà]", 7, "cần đủ value, indicator và sentence"),
    (SUGGESTED.replace("    indicator: to-tu-quan", "    indicator: to-tu-quan\n    score: 2"), 12,
     "không có trường 'score'"),
    (SUGGESTED.replace("indicator: phan-qua", "indicator: phan-qau"), 8, 'Có phải ý bạn là "phan-qua"?'),
    (SUGGESTED.replace('"777 phần quà"', '"777.7 phần quà"').replace("trao 777", "trao 777.7"), 7, "dấu chấm"),
    (SUGGESTED.replace("trao 777 phần quà", "trao 778 phần quà"), 9, "câu kèm theo không có số liệu"),
])
def test_a_malformed_field_is_a_problem_with_its_line(site, field, line, reason):
    site.article("loi", GOOD_FRONT + field)
    problem = only_problem(site)
    assert (problem.path, problem.line) == ("content/articles/loi.md", line)
    assert reason in problem.reason


def test_pages_take_no_suggestions(site):
    site.write("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n" + SUGGESTED + "---\n\nTrang.\n")
    assert "trường 'stats_suggested' không được hỗ trợ" in only_problem(site).reason


@pytest.fixture
def project(site, monkeypatch):
    return tasks_on(site, monkeypatch)


def test_check_says_how_many_suggestions_wait_and_passes(project, capsys):
    project.article("a", GOOD_FRONT + SUGGESTED)
    project.article("b", front("Bài hai") + SUGGESTED.split("  - value: \"gần")[0])
    project.article("c", front("Bài ba"))
    tasks.check(Context())
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Nội dung hợp lệ.",
        "3 số liệu gợi ý từ nội dung bài (stats_suggested) trong 2 bài đang chờ biên tập viên duyệt:",
        "  content/articles/a.md: 2",
        "  content/articles/b.md: 1",
    ]


def test_check_says_nothing_of_suggestions_when_none_wait(project, capsys):
    project.article("c", GOOD_FRONT)
    tasks.check(Context())
    assert capsys.readouterr().out == "Nội dung hợp lệ.\n"


@pytest.mark.slow
def test_a_real_build_shows_nothing_of_the_suggestions(site):
    site.article("goi-y", GOOD_FRONT + "stats:\n  period: 2021\n  figures:\n    phan-qua: 1.200\n" + SUGGESTED,
                 "Ủy ban trao 1.200 phần quà cho hộ nghèo ở ấp Qwzyx.")
    site.article("khac", front("Bài khác") + SUGGESTED)
    output = site.build()
    built = {**files(output), **{f"var/{name}": data for name, data in files(site.root / "var").items()}}
    assert "thong-ke/2021/so-lieu.json" in built and any(name.startswith("var/.search-index-builds/") for name in built)
    assert any(b"Qwzyx" in data for name, data in built.items() if name.endswith(".html"))  # the body is there
    for name, data in built.items():
        for trace in ("Zyxwq", "stats_suggested", "777 phần quà", "9.999"):
            assert trace.encode() not in data, (name, trace)
    figures = {row["chi_tieu"]: row for row in json.loads(built["thong-ke/2021/so-lieu.json"])["chi_tieu"]}
    assert set(figures) == {"phan-qua"} and "1200" in json.dumps(figures["phan-qua"])
