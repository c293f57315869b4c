"""Each save a commit with the editor as author; an article's versions listed and one restored."""

import subprocess
from datetime import datetime

import pytest

from desk_harness import browser_fields
from toandan.vietnamese.dates import dateline

URL = "/bai/2021/trao-qua.md"


def git(root, *args) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, encoding="utf-8", check=True).stdout


@pytest.fixture
def repository(desk_site):
    """The site's folder as a git repository, its content committed by hand."""
    site, _ = desk_site
    git(site.root, "init", "--quiet")
    git(site.root, "add", "content")
    git(site.root, "-c", "user.name=Người viết tay", "-c", "user.email=tay@example.org", "commit", "--quiet",
        "-m", "Nội dung ban đầu")
    return site.root


def test_saves_are_commits_by_the_editor_and_a_version_can_be_restored(repository, desk_site, desk_server):
    from desk_harness import DeskClient

    site, _ = desk_site
    approver = DeskClient(desk_server)
    approver.login("hung")
    file = site.content / "articles/2021/trao-qua.md"
    original = file.read_bytes()
    (site.root / "ghi-chu.txt").write_text("chưa commit", encoding="utf-8")
    git(repository, "add", "ghi-chu.txt")  # staged by someone else: not swept into the desk's commit

    fields = browser_fields(approver.http.get(URL).text, "luu")
    fields["title"] = ["Trao 1.250 phần quà cho hộ nghèo biên giới"]
    assert approver.post(URL, fields).status_code == 303
    log = git(repository, "log", "--format=%an|%cn|%s", "--name-only", "-1")
    assert log.splitlines()[0] == "hung|Bàn biên tập|Lưu bài: Trao 1.250 phần quà cho hộ nghèo biên giới"
    assert log.split("\n", 1)[1].split() == ["content/articles/2021/trao-qua.md"]
    assert "A  ghi-chu.txt" in git(repository, "status", "--short")

    page = approver.http.get("/lich-su/2021/trao-qua.md")
    assert page.status_code == 200
    assert "hung" in page.text and "Người viết tay" in page.text
    first = git(repository, "log", "--format=%H", "--", "content/articles/2021/trao-qua.md").split()[-1]
    restoring = approver.http.get(f"{URL}?phien-ban={first}")
    assert 'value="Trao quà cho hộ nghèo biên giới"' in restoring.text
    assert approver.post(URL, browser_fields(restoring.text, "luu")).status_code == 303
    assert file.read_bytes() == original
    assert len(git(repository, "log", "--format=%H", "--", "content/articles/2021/trao-qua.md").split()) == 3


def test_an_unknown_version_is_not_found(repository, approver):
    assert approver.http.get(f"{URL}?phien-ban={'0' * 40}").status_code == 404
    assert approver.http.get(f"{URL}?phien-ban=HEAD").status_code == 404
    assert approver.http.get("/lich-su/../../etc/passwd.md").status_code in (400, 404)


def test_an_earlier_version_opened_shows_the_state_the_article_is_in_now(repository, desk_site, approver):
    site, _ = desk_site
    first = git(repository, "log", "--format=%H", "--", "content/articles/2021/trao-qua.md").split()[-1]
    file = site.content / "articles/2021/trao-qua.md"
    file.write_text(file.read_text(encoding="utf-8").replace("unit:", "status: draft\nunit:"), encoding="utf-8")
    git(repository, "-c", "user.name=Người viết tay", "-c", "user.email=tay@example.org", "commit", "--quiet",
        "-am", "Đưa về bản nháp")
    restoring = approver.http.get(f"{URL}?phien-ban={first}")  # the version on the site, before
    assert restoring.status_code == 200
    assert '<strong id="trang-thai">Nháp</strong>' in restoring.text
    assert 'value="go-bai"' not in restoring.text  # a draft has nothing to take down
    listed = approver.http.get("/lich-su/2021/trao-qua.md").text
    commit_time = git(repository, "log", "-1", "--format=%aI").strip()
    assert f'<time datetime="{commit_time}">{dateline(datetime.fromisoformat(commit_time))}</time>' in listed
