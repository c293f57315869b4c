"""The invoke tasks editors use, run for real against throwaway folders."""

from datetime import timedelta

import pytest
from invoke import Context, Exit

import tasks
from sitekit import GOOD_FRONT
from toandan import dates


@pytest.fixture
def project(site, monkeypatch):
    monkeypatch.setattr(tasks, "ROOT", site.root)
    monkeypatch.setattr(tasks, "CONTENT", site.content)
    monkeypatch.setattr(tasks, "SETTINGS", site.settings)
    monkeypatch.setattr(tasks, "OUTPUT", site.output)
    monkeypatch.setattr(tasks.gc, "freeze", lambda: None)  # the build tasks freeze what the test process holds
    return site


def test_new_article_writes_a_skeleton_that_passes_check(project, capsys):
    before = dates.now()
    tasks.new_article(Context(), "Ra mắt Tổ tự quản đường Đồng Khởi")
    written = capsys.readouterr().out.strip()
    path = project.root / written
    assert path.name == "ra-mat-to-tu-quan-duong-dong-khoi.md"
    assert path.parent.name == f"{before:%Y}"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Ra mắt Tổ tự quản đường Đồng Khởi"' in text
    stamp = dates.parse_datetime(text.split("date: ")[1].split("\n")[0])
    assert before - timedelta(minutes=1) <= stamp <= dates.now()
    assert project.check() == []


def test_new_article_refuses_to_overwrite(project):
    tasks.new_article(Context(), "Bài trùng")
    with pytest.raises(Exit):
        tasks.new_article(Context(), "Bài trùng")


def test_check_lists_problems_and_fails(project, capsys):
    project.article("loi", GOOD_FRONT.replace("Công an tỉnh", "Công an tinh"))
    with pytest.raises(Exit) as failure:
        tasks.check(Context())
    assert failure.value.code == 2
    assert "content/articles/loi.md:5" in capsys.readouterr().err


def test_build_failure_exits_non_zero_and_says_the_site_is_kept(project, capsys):
    project.article("tot", GOOD_FRONT)
    tasks.build(Context())
    published = project.output.resolve()
    project.article("loi", "title: [")
    with pytest.raises(Exit) as failure:
        tasks.build(Context())
    assert failure.value.code == 2
    assert "vẫn giữ nguyên" in capsys.readouterr().err
    assert project.output.resolve() == published


def test_roundup_writes_a_draft_that_passes_check(project, capsys):
    project.article("so-lieu", GOOD_FRONT + "stats:\n  period: 2021\n  figures:\n    phan-qua: 8.230\n")
    tasks.roundup(Context(), "2021")
    path = project.root / capsys.readouterr().out.strip()
    text = path.read_text(encoding="utf-8")
    assert "status: draft" in text and "| Phần quà trao tặng | 8.230 phần quà |" in text
    assert "(/thong-ke/2021/)" in text
    assert project.check() == []
    with pytest.raises(Exit):
        tasks.roundup(Context(), "2021")
