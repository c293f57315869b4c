"""The invoke tasks editors use, run for real against throwaway folders."""

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from invoke import Collection, Context, Executor, Exit
from whoosh import index as whoosh_index

import tasks
from sitekit import GOOD_FRONT, write_article
from toandan import dates
from toandan.search import SearchIndex

CODE = Path(__file__).resolve().parents[1]


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


def test_check_starts_and_writes_nothing_for_the_output(project):
    """Reading only, in a process of its own as ./dev check runs: no search index is written (a
    build forks one at the end of reading once cards are drawn in a process of their own, from 64
    cards on), no card is drawn, and the process ends."""
    for number in range(70):
        write_article(project, number)
    code = ("import sys; sys.path[:0] = [%r, %r]\n"
            "from toandan.build import check\n"
            "assert check(%r) == []" % (str(CODE), str(CODE / "plugins"), str(project.settings)))
    subprocess.run([sys.executable, "-c", code], cwd=project.root, check=True, timeout=120)
    assert not (project.root / "var").exists() and not (project.root / "cache" / "images" / "cards").exists()
    tasks.build(Context())  # what check left out, a build does
    assert (project.root / "var" / "search-index").is_dir() and any(project.output.glob("og/*.jpg"))


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


def test_rebuild_writes_the_search_index_afresh_where_build_updates_it(project):
    index = project.root / "var" / "search-index"

    def indexed() -> tuple[dict, int]:
        """What the last indexing did, and the segments of the index it left."""
        with whoosh_index.open_dir(str(index.resolve())).reader() as reader:
            return json.loads(index.with_name("search-index.json").read_text()), len(list(reader.leaf_readers()))

    for number in range(3):
        write_article(project, number)
    tasks.build(Context())
    write_article(project, 1, body="Tổ tự quản lắp camera ở đầu ngõ.")
    tasks.build(Context())
    report, segments = indexed()
    assert (report["updated"], report["unchanged"], segments) == (1, 2, 2)
    before = index.resolve()

    tasks.rebuild(Context())
    report, segments = indexed()
    assert (report["added"], report["unchanged"], segments) == (3, 0, 1)
    assert index.resolve() != before
    assert [hit["id"] for hit in SearchIndex(index, check_every=0).search("camera dau ngo").hits] == ["bai-1"]
    write_article(project, 2, body="Đoạn mới sau khi dựng lại.")
    tasks.build(Context())  # the rebuild is kept on disk like any build: the next one updates in place
    assert indexed()[0]["updated"] == 1


def test_a_failed_rebuild_keeps_the_published_site_and_index(project, capsys):
    project.article("tot", GOOD_FRONT)
    tasks.build(Context())
    published, index = project.output.resolve(), (project.root / "var" / "search-index").resolve()
    project.article("loi", "title: [")
    with pytest.raises(Exit):  # run as ./dev runs it, with any task it names to run before
        Executor(Collection.from_module(tasks)).execute("rebuild")
    assert "vẫn giữ nguyên" in capsys.readouterr().err
    assert project.output.resolve() == published and (published / "index.html").is_file()
    assert (project.root / "var" / "search-index").resolve() == index


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
