"""./dev suggest-stats on throwaway sites: what it writes, what it leaves alone, what it refuses."""

import sys

import pytest
from invoke import Context, Exit

import tasks
from content_model.frontmatter import split
from sitekit import GOOD_FRONT, tasks_on

BODY = """\
Đến nay, toàn tỉnh đã thành lập 1.691 tổ tự quản với gần 47.000 thành viên.

Ngày 26/12/2021, Ủy ban MTTQ tỉnh trao 1.200 phần quà trị giá 3.678.000.000đ theo Chỉ thị số 09-CT/TW.
"""


@pytest.fixture
def project(site, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["invoke", "suggest-stats"])
    return tasks_on(site, monkeypatch)


def article(site, name: str, extra: str = "", body: str = BODY):
    title = f"title: Bài {name}"
    return site.article(name, GOOD_FRONT.replace("title: Ra mắt tổ tự quản", title) + extra, body)


def test_writes_the_figures_of_the_prose_and_leaves_the_rest_of_the_file_as_it_was(project, capsys):
    path = article(project, "a", "stats:\n  period: 2021\n  figures:\n    phan-qua: 1.200  # đã duyệt\n")
    before = path.read_text(encoding="utf-8")
    tasks.suggest_stats(Context(), str(path))
    after = path.read_text(encoding="utf-8")
    assert split(after).data["stats_suggested"] == [
        {"value": "1.691 tổ", "indicator": "to-tu-quan",
         "sentence": "Đến nay, toàn tỉnh đã thành lập 1.691 tổ tự quản với gần 47.000 thành viên."},
        {"value": "3.678.000.000đ", "indicator": "gia-tri-qua",
         "sentence": "Ngày 26/12/2021, Ủy ban MTTQ tỉnh trao 1.200 phần quà trị giá 3.678.000.000đ theo Chỉ thị số "
                     "09-CT/TW."},
    ]  # 1.200 phần quà is in stats already; the sitekit registry has no indicator of thành viên
    head, field = after.split("stats_suggested:", 1)
    assert head + "---\n" + field.split("\n---\n", 1)[1] == before
    assert capsys.readouterr().out.splitlines() == [
        "content/articles/a.md: 2 số liệu gợi ý",
        "Đã ghi gợi ý vào 1 bài, 0 bài không đổi; 2 số liệu đang chờ duyệt (stats_suggested).",
    ]
    assert project.check() == []

    tasks.suggest_stats(Context(), str(path))
    assert path.read_text(encoding="utf-8") == after
    assert "0 bài, 1 bài không đổi" in capsys.readouterr().out


def test_a_folder_and_the_files_after_two_dashes(project, monkeypatch, capsys):
    first, second = article(project, "a"), article(project, "b")
    third = article(project, "nam-2020/c")
    monkeypatch.setattr(sys, "argv", ["invoke", "suggest-stats", str(first), "--", str(second)])
    tasks.suggest_stats(Context(), str(first))
    assert "Đã ghi gợi ý vào 2 bài" in capsys.readouterr().out
    assert "stats_suggested" not in third.read_text(encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["invoke", "suggest-stats", str(project.content / "articles")])
    tasks.suggest_stats(Context(), str(project.content / "articles"))
    assert "Đã ghi gợi ý vào 1 bài, 2 bài không đổi" in capsys.readouterr().out
    assert "stats_suggested" in third.read_text(encoding="utf-8")


def test_pages_missing_files_and_articles_with_problems_are_left_alone(project, capsys):
    page = project.write("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\n\n" + BODY)
    broken = article(project, "loi", "unit: Công an tinh\n")
    good = article(project, "tot")
    before = page.read_bytes(), broken.read_bytes()
    with pytest.raises(Exit) as failure:
        tasks.suggest_stats(Context(), str(project.content))
    assert failure.value.code == 2
    assert (page.read_bytes(), broken.read_bytes()) == before and "stats_suggested" in good.read_text("utf-8")
    printed = capsys.readouterr()
    assert "Đã ghi gợi ý vào 1 bài" in printed.out
    assert "gioi-thieu.md: không phải bài viết" in printed.err and "content/articles/loi.md:" in printed.err
    with pytest.raises(Exit):
        tasks.suggest_stats(Context(), str(project.content / "articles" / "khong-co.md"))
    assert "khong-co.md: không có tệp hay thư mục này" in capsys.readouterr().err


def test_a_body_without_figures_gets_no_field_and_a_stale_one_is_removed(project):
    path = article(project, "a", body="Bài viết không có số liệu nào.")
    before = path.read_bytes()
    tasks.suggest_stats(Context(), str(path))
    assert path.read_bytes() == before
    stale = article(project, "b", 'stats_suggested:\n  - value: "12 tổ"\n    indicator: to-tu-quan\n'
                                  '    sentence: "Có 12 tổ."\n', body="Không còn số liệu.")
    tasks.suggest_stats(Context(), str(stale))
    assert "stats_suggested" not in stale.read_text(encoding="utf-8")
