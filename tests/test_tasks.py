"""The invoke tasks editors use, run for real against throwaway folders."""

import gc
import json
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from invoke import Collection, Context, Executor, Exit
from whoosh import index as whoosh_index

import tasks
from sitekit import GOOD_FRONT, Site, files, tasks_on, write_article
from toandan.vietnamese import dates
from toandan.search import SearchIndex

CODE = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(site, monkeypatch):
    monkeypatch.setattr(gc, "freeze", lambda: None)  # the build tasks freeze what the test process holds
    return tasks_on(site, monkeypatch)


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


@pytest.mark.slow
def test_check_starts_and_writes_nothing_for_the_output(project):
    """Reading only, in a process of its own as ./dev check runs: no search index is written (a
    build forks one at the end of reading once cards are drawn in a process of their own, from 64
    cards on), no card is drawn, and the process ends."""
    for number in range(70):
        write_article(project, number)
    code = ("import sys; sys.path[:0] = [%r, %r]\n"
            "from toandan.building.publish import check\n"
            "assert check(%r) == []" % (str(CODE), str(CODE / "plugins"), str(project.settings)))
    subprocess.run([sys.executable, "-c", code], cwd=project.root, check=True, timeout=120)
    assert not (project.root / "var").exists() and not (project.root / "cache" / "images" / "cards").exists()
    tasks.build(Context())  # what check left out, a build does
    assert (project.root / "var" / "search-index").is_dir() and any(project.output.glob("og/*.jpg"))


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


def found(project, words: str) -> list[str]:
    return [hit["id"] for hit in SearchIndex(project.root / "var" / "search-index", check_every=0).search(words).hits]


@pytest.mark.slow
def test_a_build_says_what_it_did_in_vietnamese_only(project, capsys):
    for number in range(3):
        write_article(project, number)
    tasks.build(Context())
    printed = capsys.readouterr()
    # Pelican's own English summary ("Done: Processed 3 articles, ...") is said in the project's line.
    assert "Processed" not in printed.out + printed.err
    assert re.fullmatch(r"Đã dựng lại toàn bộ trang trong [\d,]+ giây: 3 bài viết, 0 trang\.\n", printed.out)
    tasks.build(Context())
    assert capsys.readouterr().out == "Không có gì thay đổi từ lần dựng trước: trang đã xuất bản vẫn giữ nguyên.\n"
    write_article(project, 1, body="Một câu đã sửa.")
    tasks.build(Context())
    assert re.fullmatch(r"Đã cập nhật tại chỗ [1-9]\d* tệp trong [\d,]+ giây\.\n", capsys.readouterr().out)


def _damage(index: Path) -> None:
    """Removes the files of the index's segments, leaving its folder, link and table of contents."""
    folder = index.resolve()
    removed = [path for path in folder.iterdir() if path.suffix not in (".toc", ".json") and path.name != "VERSION"]
    assert removed
    for path in removed:
        path.unlink()


WORDS = ("quyzzle", "blorft", "zymurgy", "vortalix")  # one made-up word in each article


@pytest.mark.slow
def test_a_build_writes_the_search_index_again_when_it_is_gone_or_unreadable(project, capsys):
    for number in range(3):
        write_article(project, number, body=f"Nội dung riêng của bài {number}, từ khóa {WORDS[number]}.")
    tasks.build(Context())
    index = project.root / "var" / "search-index"
    index.unlink()  # the link deleted, no content changed
    capsys.readouterr()
    tasks.build(Context())
    assert "chỉ mục tìm kiếm bị xóa hoặc không đọc được" in capsys.readouterr().out
    assert found(project, WORDS[1]) == ["bai-1"]

    _damage(index)  # still linked, no longer readable
    tasks.build(Context())
    assert "chỉ mục tìm kiếm bị xóa hoặc không đọc được" in capsys.readouterr().out
    assert found(project, WORDS[2]) == ["bai-2"]

    _damage(index)  # and a change that needs a full build
    write_article(project, 3, body=f"Bài mới, từ khóa {WORDS[3]}.")
    tasks.build(Context())
    assert [found(project, word) for word in WORDS] == [[f"bai-{number}"] for number in range(4)]


def _snapshot(views: int) -> str:
    return json.dumps({"generated": "05/12/2026 08:00", "articles": {
        "bai-0": {"views": views, "rating_sum": 9, "rating_count": 2},
        "bai-4": {"views": 3, "rating_sum": 0, "rating_count": 0}}}, ensure_ascii=False)


def _from_scratch(project, folder: Path) -> dict[str, bytes]:
    """The project's content and readership snapshot, built where nothing was built before."""
    clean = Site(folder)
    shutil.rmtree(clean.content)
    shutil.copytree(project.content, clean.content)
    if (project.root / "var" / "readership.json").exists():
        (folder / "var").mkdir()
        shutil.copy(project.root / "var" / "readership.json", folder / "var" / "readership.json")
    return files(clean.build())


@pytest.mark.slow
def test_a_new_readership_snapshot_is_built_into_the_roundup_pages(project, tmp_path):
    """The snapshot lies outside content/: ./dev export-readership then ./dev build must show it."""
    for number in range(6):
        write_article(project, number)
    tasks.build(Context())
    snapshot = project.root / "var" / "readership.json"
    roundup = project.output / "thong-ke" / "2021" / "index.html"
    for views in (1234, 56789):
        snapshot.write_text(_snapshot(views), encoding="utf-8")
        tasks.build(Context())
        assert f"{views:,} lượt xem".replace(",", ".") in roundup.read_text(encoding="utf-8")
        assert files(project.output) == _from_scratch(project, tmp_path / f"clean-{views}")
    snapshot.unlink()
    tasks.build(Context())
    page = roundup.read_text(encoding="utf-8")
    assert "56.789 lượt xem" not in page and "Chưa có số liệu lượt đọc và đánh giá của bạn đọc." in page
    assert files(project.output) == _from_scratch(project, tmp_path / "clean-none")


@pytest.mark.slow
def test_a_new_version_of_a_library_that_reads_the_text_gets_a_full_build(project, capsys, monkeypatch):
    """Markdown makes the pages' HTML: after an upgrade, no page may stay as the old version made it."""
    from toandan.building import diskcache

    for number in range(2):
        write_article(project, number)
    tasks.build(Context())
    installed = diskcache.version
    monkeypatch.setattr(diskcache, "version", lambda name: "99.0" if name == "markdown" else installed(name))
    capsys.readouterr()
    tasks.build(Context())
    assert capsys.readouterr().out.startswith("Đã dựng lại toàn bộ trang")
