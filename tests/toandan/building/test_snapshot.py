"""A one-shot build (./dev build) takes up the last build from disk: after an edit to articles'
text it updates in place, and the site equals a full build of it; anything else builds in full."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitekit import ROOT, Site, files, fresh_build, write_article
from toandan.building import snapshot
from toandan.building.publish import load_settings
from toandan.building.live import build_or_update
from toandan.building.problems import ContentError
from toandan.search import SearchIndex

pytestmark = pytest.mark.slow  # every test builds a site, most of them several times


@pytest.fixture
def built(site):
    shutil.copytree(ROOT / "theme", site.root / "theme")  # its own, to edit
    site.settings.write_text(site.settings.read_text(encoding="utf-8") + f"\nTHEME = {str(site.root / 'theme')!r}\n",
                             encoding="utf-8")
    for number in range(12):
        write_article(site, number, summary=number % 4 != 0)
    assert build_or_update(site.settings, site.output).full
    return site


def in_new_process(site) -> dict:
    """./dev build's step in a process of its own, as an editor runs it."""
    code = ("import json, sys; sys.path[:0] = [%r, %r]\n"
            "from toandan.building.live import build_or_update\n"
            "update = build_or_update(%r, %r)\n"
            "print(json.dumps({'full': update.full, 'written': update.written}))"
            % (str(ROOT), str(ROOT / "plugins"), str(site.settings), str(site.output)))
    done = subprocess.run([sys.executable, "-c", code], cwd=site.root, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def snapshot_of(site) -> Path:
    return snapshot.path_of(load_settings(site.settings))


def found(site, words: str) -> list[str]:
    return [hit["id"] for hit in SearchIndex(site.root / "var" / "search-index", check_every=0).search(words).hits]


def test_a_text_edit_is_published_in_place_by_the_next_process(built, tmp_path):
    site = built
    published = site.output.resolve()
    write_article(site, 3, body="Đoạn mở đầu đã sửa, nói về plugh.\n\nĐoạn thứ hai.")
    write_article(site, 4, body="Bài không có tóm tắt riêng, nay nói về xyzzy.", summary=False)

    update = in_new_process(site)

    assert not update["full"] and update["written"] > 0
    assert site.output.resolve() == published
    assert files(site.output) == fresh_build(site, tmp_path)
    assert found(site, "plugh") == ["bai-3"] and found(site, "xyzzy") == ["bai-4"]
    # Kept again after the update: the next edit is in place too.
    write_article(site, 3, body="Sửa lần nữa, về thud.")
    assert not in_new_process(site)["full"]
    assert files(site.output) == fresh_build(site, tmp_path)
    assert found(site, "thud") == ["bai-3"]


def test_nothing_changed_writes_nothing(built):
    before = files(built.output)
    update = build_or_update(built.settings, built.output)
    assert not update.full and update.written == 0
    assert files(built.output) == before


@pytest.mark.parametrize("change", ["title", "new file", "template", "settings", "another build published"])
def test_any_other_change_gets_a_full_build(built, tmp_path, change):
    site = built
    if change == "title":
        write_article(site, 6, title="Tiêu đề mới của bài sáu")
    elif change == "new file":
        write_article(site, 30)
    elif change == "template":
        template = site.root / "theme" / "templates" / "article.html"
        template.write_text(template.read_text(encoding="utf-8").replace("</article>", "</article><p>mẫu mới</p>"),
                            encoding="utf-8")
    elif change == "settings":
        site.settings.write_text(site.settings.read_text(encoding="utf-8") + "\nDEFAULT_PAGINATION = 3\n",
                                 encoding="utf-8")
    else:
        site.build()  # a build that keeps nothing: the snapshot describes a folder no longer published
        write_article(site, 2, body="Chỉ sửa chữ.")
    assert build_or_update(site.settings, site.output).full
    if change == "template":
        assert "mẫu mới" in next(site.output.glob("2021/*/bai-2/index.html")).read_text(encoding="utf-8")
    elif change == "settings":
        assert (site.output / "trang" / "4" / "index.html").is_file()
    else:
        assert files(site.output) == fresh_build(site, tmp_path)


def test_a_damaged_snapshot_gets_a_full_build(built, tmp_path):
    site = built
    path = snapshot_of(site)
    with snapshot.locked(path):
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    write_article(site, 5, body="Sửa khi bản lưu đã hỏng.")
    assert build_or_update(site.settings, site.output).full
    assert files(site.output) == fresh_build(site, tmp_path)


def test_a_broken_edit_fails_with_its_file_and_keeps_the_published_site(built):
    site = built
    published = files(site.output)
    path = site.article("bai-3", "title: Bài ba\ndate: ngày mai\ncategory: Tin hoạt động\nunit: Công an tỉnh",
                        "Nội dung mới.")
    with pytest.raises(ContentError) as error:
        build_or_update(site.settings, site.output)
    assert "bai-3.md" in error.value.report() and "date" in error.value.report()
    assert files(site.output) == published
    write_article(site, 3, body="Đã sửa lại cho đúng.")
    assert not build_or_update(site.settings, site.output).full  # the kept build outlived the failed one
    assert "Đã sửa lại cho đúng." in next(site.output.glob("2021/*/bai-3/index.html")).read_text(encoding="utf-8")


def test_what_was_taken_up_can_be_collected_after(built):
    """A kept build taken up from disk is left out of collections while it is used, not after."""
    import gc

    write_article(built, 7, body="Sửa chữ để cập nhật tại chỗ.")
    assert not build_or_update(built.settings, built.output).full
    assert gc.get_freeze_count() == 0


def _linked(output: Path, previous: Path) -> set[str]:
    """The pages of the published build that are links to the same files of the previous one."""
    current = output.resolve()
    return {str(page.relative_to(current)) for page in current.rglob("*.html")
            if (previous / page.relative_to(current)).is_file()
            and page.samefile(previous / page.relative_to(current))}


def test_page_records_made_after_publishing_link_what_records_made_while_rendering_link(built, tmp_path):
    # The kept build's page digests are made by the process that keeps it, after publishing;
    # a build that had a build to link from made its own while rendering. The next full build
    # (a new file) links the same pages after either.
    site = built
    previous = site.output.resolve()
    write_article(site, 30)
    assert build_or_update(site.settings, site.output).full
    after_keeper = _linked(site.output, previous)

    other = Site(tmp_path / "other")
    for number in range(12):
        write_article(other, number, summary=number % 4 != 0)
    shutil.copytree(ROOT / "theme", other.root / "theme")
    other.settings.write_text(other.settings.read_text(encoding="utf-8") +
                              f"\nTHEME = {str(other.root / 'theme')!r}\n", encoding="utf-8")
    other.build()
    other_previous = other.build().resolve()  # described while rendering: it had a build to link from
    write_article(other, 30)
    other.build()
    assert after_keeper == _linked(other.output, other_previous)
    assert len(after_keeper) >= 8 and any(name.endswith("bai-2/index.html") for name in after_keeper)


def test_updates_keep_the_templates_they_compile_for_the_next_update(built, tmp_path):
    """Each one-shot update is a process of its own: the templates the first compiled, the next loads,
    from a folder of the build digest's, so none compiled under other settings or code is loaded."""
    site = built
    write_article(site, 3, body="Sửa lần một.")
    assert not in_new_process(site)["full"]
    folders = list((site.root / "cache" / snapshot.TEMPLATES).iterdir())
    assert len(folders) == 1
    compiled = {path.name: path.stat().st_mtime_ns for path in folders[0].iterdir()}
    assert compiled  # base.html, article.html, the macros...
    write_article(site, 3, body="Sửa lần hai.")
    assert not in_new_process(site)["full"]
    assert {path.name: path.stat().st_mtime_ns for path in folders[0].iterdir()} == compiled  # loaded, not written
    assert files(site.output) == fresh_build(site, tmp_path)
    site.settings.write_text(site.settings.read_text(encoding="utf-8") + "\nSITESUBTITLE = 'Khác'\n", encoding="utf-8")
    assert in_new_process(site)["full"]
    write_article(site, 3, body="Sửa lần ba.")
    assert not in_new_process(site)["full"]
    assert [path.name for path in (site.root / "cache" / snapshot.TEMPLATES).iterdir()] != [folders[0].name]


def _stat(path: Path) -> tuple[int, int]:
    return path.stat().st_ino, path.stat().st_mtime_ns


def test_an_update_saves_its_edits_beside_the_snapshot_and_the_next_process_applies_them(built, tmp_path):
    """The snapshot is written by the full build alone; each update in place writes the edits file,
    and a later process applies every edit since, one taking an earlier text back included."""
    site = built
    path = snapshot_of(site)
    with snapshot.locked(path):
        saved = _stat(path)
    first = "Bản đầu tiên của bài năm, nói về waldo."
    write_article(site, 5, body=first)
    assert not in_new_process(site)["full"]
    write_article(site, 7, body="Bài bảy nói về garply.", summary=False)
    assert not in_new_process(site)["full"]
    write_article(site, 5, body="Bản thứ hai của bài năm, nói về fred.")
    assert not in_new_process(site)["full"]
    write_article(site, 5, body=first)  # back to a text an earlier update published
    assert not in_new_process(site)["full"]
    with snapshot.locked(path):
        assert _stat(path) == saved
    assert files(site.output) == fresh_build(site, tmp_path)
    assert found(site, "waldo") == ["bai-5"] and found(site, "fred") == [] and found(site, "garply") == ["bai-7"]


def test_a_snapshot_without_its_edits_file_gets_a_full_build(built, tmp_path):
    """An update removes the edits file before it changes a published file: killed after that, the
    snapshot alone describes an older site, and the next build is a full one."""
    site = built
    write_article(site, 5, body="Sửa lần một.")
    assert not in_new_process(site)["full"]
    with snapshot.locked(snapshot_of(site)):
        snapshot.edits_of(snapshot_of(site)).unlink()
    write_article(site, 6, body="Sửa lần hai.")
    assert in_new_process(site)["full"]
    assert files(site.output) == fresh_build(site, tmp_path)


def test_edits_of_more_contents_than_the_edits_file_holds_save_the_snapshot_again(built, tmp_path, monkeypatch):
    site = built
    path = snapshot_of(site)
    monkeypatch.setattr(snapshot, "MOST_EDITED", 1)
    with snapshot.locked(path):
        saved = _stat(path)
    write_article(site, 5, body="Sửa bài năm.")
    assert not build_or_update(site.settings, site.output).full
    with snapshot.locked(path):
        assert _stat(path) == saved
    write_article(site, 6, body="Sửa bài sáu.")
    assert not build_or_update(site.settings, site.output).full
    with snapshot.locked(path):
        assert _stat(path) != saved
        assert snapshot.read_edits(path)[1] == snapshot.Edits()
    write_article(site, 7, body="Sửa bài bảy.")
    assert not in_new_process(site)["full"]
    assert files(site.output) == fresh_build(site, tmp_path)


def test_the_page_records_kept_refer_to_the_content_and_context_loaded_with_them(built):
    # The page records are pickled after the content, by another process than the one that
    # pickles the content: taken back, they name the very objects loaded, not copies of them.
    path = snapshot_of(built)
    with snapshot.locked(path):
        state = snapshot.load(path)
    articles = {id(article) for _, attributes in state["generators"] for article in attributes.get("articles", [])}
    context = state["generators"][0][1]["context"]
    remembered = state["reuse"]["digests"]["remembered"]
    references = [value for kind, value, _, _ in remembered if kind == "reference"]
    assert len(references) >= 12 and all(id(value) in articles for value in references)
    site_wide = [(kind, value) for kind, value, _, _ in remembered if kind == "shared:articles"]
    assert site_wide and all(value is context["articles"] for _, value in site_wide)
    recipes = state["recipes"]
    assert any(recipe[2] is context for recipe in recipes.values())


def test_a_build_that_cannot_fork_keeps_itself_on_disk_alike(site, tmp_path, monkeypatch):
    # With another thread running, the build saves itself, pickling what it had ready after the
    # pages are described instead of beside them: the next process takes it up all the same.
    from toandan.building import forking

    for number in range(6):
        write_article(site, number)
    monkeypatch.setattr(forking, "can_fork", lambda: False)
    assert build_or_update(site.settings, site.output).full
    monkeypatch.undo()
    write_article(site, 2, body="Đoạn đã sửa khi không thể tách tiến trình, về frobozz.")
    assert not in_new_process(site)["full"]
    assert files(site.output) == fresh_build(site, tmp_path)
    assert found(site, "frobozz") == ["bai-2"]
