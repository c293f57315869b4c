"""Every task in the README's Tasks table, run as an editor runs it: `./dev <task>` in a fresh copy
of the project, as a process of its own, with no path set for it (pytest's `pythonpath` puts
plugins/ on the path of the tests themselves, which hid a task that could not import a plugin).
Each row's check looks at what the README promises: a file written, a page served, a count stored.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup

from sitekit import ROOT, free_port, wait_for

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECONDS = 600  # one task at most, on a machine shared with other work
LEGACY_SLUG_VIEWS = 297


def readme_tasks() -> list[str]:
    """The task of each row of the README's Tasks table, in its order."""
    table = README.split("\n## Tasks\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `\./dev ([a-z][a-z-]*)", table, flags=re.M)


class Project:
    """A fresh copy of the project's files, run through its own ./dev."""

    def __init__(self, root: Path):
        self.root = root
        # No path but what ./dev sets up, and the endpoint's defaults (files under the copy).
        self.env = {name: value for name, value in os.environ.items()
                    if name != "PYTHONPATH" and not name.startswith("TOANDAN_")}

    def dev(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        finished = subprocess.run([str(self.root / "dev"), *args], cwd=self.root, env={**self.env, **(env or {})},
                                  capture_output=True, text=True, timeout=SECONDS)
        assert finished.returncode == 0, f"./dev {' '.join(args)}:\n{finished.stdout}\n{finished.stderr}"
        return finished

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([str(self.root / "dev"), *args], cwd=self.root, env=self.env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)

    @staticmethod
    def stop(process: subprocess.Popen) -> str:
        """Stops a serving task as `kill` does, and answers what it printed."""
        process.send_signal(signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=60)
        finally:
            process.kill()
        assert process.returncode == 0, output
        return output

    @property
    def output(self) -> Path:
        return self.root / "output"

    def built(self) -> Path:
        if not (self.output / "index.html").is_file():
            self.dev("build")
        return self.output

    def manifest(self) -> list[dict]:
        return json.loads((self.built() / "articles.json").read_text(encoding="utf-8"))["articles"]

    def article_with_roundup(self) -> dict:
        """A published article of a year that has a roundup page."""
        return next(a for a in self.manifest() if (self.output / "thong-ke" / a["date"][:4] / "index.html").is_file())

    def import_views(self, slug: str, views: int) -> str:
        (self.root / "legacy.csv").write_text(f"kind,key,value\nview,{slug},{views}\nvisits,total,1.398.431\n",
                                              encoding="utf-8")
        return self.dev("import-legacy", "legacy.csv").stdout


def tracked_files() -> list[str]:
    """The project's files as a fresh clone has them (with the working tree's edits and new files)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode()
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    installed = ROOT / ".venv" / ".installed"
    if not installed.is_file():
        pytest.skip("needs the .venv that ./dev sets up (this test must not install from the network)")
    root = tmp_path_factory.mktemp("project")
    for name in tracked_files():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, root / name)
    # The copy uses the installed .venv; ./dev reinstalls when pyproject.toml is newer than its stamp.
    (root / ".venv").symlink_to(ROOT / ".venv")
    stamp = installed.stat().st_mtime
    os.utime(root / "pyproject.toml", (stamp - 1, stamp - 1))
    # And the npm packages ./dev installed (axe-core): nothing is fetched from the npm registry either.
    if (npm_stamp := ROOT / "node_modules" / ".installed").is_file():
        (root / "node_modules").symlink_to(ROOT / "node_modules")
        npm_time = npm_stamp.stat().st_mtime
        os.utime(root / "package-lock.json", (npm_time - 1, npm_time - 1))
    # The .venv's editable install maps `toandan` and `endpoint` to ROOT, behind the path: tasks/
    # puts its checkout first on it, and `python -m endpoint` the working folder, so the copy's own
    # code is what runs. Checked as invoke loads the tasks:
    where = subprocess.run([str(root / ".venv" / "bin" / "python"), "-c",
                            f"from invoke.loader import FilesystemLoader; FilesystemLoader(start={str(root)!r}).load();"
                            "import toandan, endpoint; print(toandan.__file__); print(endpoint.__file__)"],
                           cwd="/", env=Project(root).env, capture_output=True, text=True, check=True).stdout
    assert all(Path(line).is_relative_to(root) for line in where.split()), where
    return Project(root)


def check_build(project: Project) -> None:
    finished = project.dev("build")
    assert (project.output / "index.html").is_file() and project.output.is_symlink()
    assert (project.root / "var" / "search-index").is_dir()
    # One language on the console: the project's summary, not Pelican's English one.
    assert "Processed" not in finished.stdout + finished.stderr
    assert re.fullmatch(r"Đã dựng lại toàn bộ trang trong [\d,]+ giây: \d+ bài viết, \d+ trang\.\n", finished.stdout)
    again = project.dev("build")
    assert again.stdout == "Không có gì thay đổi từ lần dựng trước: trang đã xuất bản vẫn giữ nguyên.\n"


def check_rebuild(project: Project) -> None:
    before = project.built().resolve()
    project.dev("rebuild")
    assert project.output.resolve() != before and (project.output / "index.html").is_file()
    indexed = json.loads((project.root / "var" / "search-index.json").read_text())
    assert indexed["added"] == indexed["documents"] > 0  # written afresh


def check_serve(project: Project) -> None:
    port = free_port()
    server = project.start("serve", "--port", str(port))
    try:
        wait_for(f"http://127.0.0.1:{port}/api/health", server, seconds=SECONDS)
        home = httpx.get(f"http://127.0.0.1:{port}/")
        assert home.status_code == 200 and "<html" in home.text
        article = project.manifest()[0]
        assert httpx.get(f"http://127.0.0.1:{port}/{article['url']}").status_code == 200
        assert httpx.get(f"http://127.0.0.1:{port}/api/health").json()["articles"] == len(project.manifest())
    finally:
        printed = project.stop(server)
    assert f"Đang phục vụ trang và dịch vụ bạn đọc tại http://127.0.0.1:{port}/" in printed
    assert "đọc giả" not in printed and "Processed" not in printed


def served(url: str, text: str) -> None:
    """Waits until the page at url shows text."""
    deadline = time.monotonic() + SECONDS
    while text not in httpx.get(url).text:
        assert time.monotonic() < deadline, f"{text!r} was never served at {url}"
        time.sleep(0.5)


def check_livereload(project: Project) -> None:
    port = free_port()
    server = project.start("livereload", "--port", str(port))
    try:
        wait_for(f"http://127.0.0.1:{port}/api/health", server, seconds=SECONDS)
        source = next(path for path in sorted((project.root / "content" / "articles").rglob("*.md"))
                      if re.search(r"^slug: ", path.read_text(encoding="utf-8"), flags=re.M))
        slug = re.search(r"^slug: (\S+)", source.read_text(encoding="utf-8"), flags=re.M).group(1)
        url = next(a["url"] for a in project.manifest() if a["id"] == slug)
        with source.open("a", encoding="utf-8") as body:
            body.write("\nCâu viết thêm khi trang đang được phục vụ.\n")
        served(f"http://127.0.0.1:{port}/{url}", "Câu viết thêm khi trang đang được phục vụ.")
        # A new readership snapshot, outside content/, is watched too.
        article = project.article_with_roundup()
        (project.root / "var" / "readership.json").write_text(json.dumps({"generated": "05/12/2026 09:30", "articles": {
            article["id"]: {"views": 2468, "rating_sum": 0, "rating_count": 0}}}), encoding="utf-8")
        served(f"http://127.0.0.1:{port}/thong-ke/{article['date'][:4]}/", "2.468 lượt xem")
    finally:
        printed = project.stop(server)
    assert "Đã cập nhật tại chỗ" in printed and "Processed" not in printed


def check_import_legacy(project: Project) -> None:
    from endpoint.storage import open_store

    slug = project.manifest()[0]["id"]
    printed = project.import_views(slug, LEGACY_SLUG_VIEWS)
    assert printed.startswith("Đã nhập lượt xem của 1 bài")
    store = open_store(f"sqlite:///{project.root / 'var' / 'toandan.sqlite3'}")
    try:
        assert store.readership()[slug].views == LEGACY_SLUG_VIEWS
    finally:
        store.close()


def check_import_pages(project: Project) -> None:
    # A folder of saved pages, and more sources after '--' (a page of an unknown layout, a saved page).
    # A NukeViet page whose prose reports figures, saved beside the others.
    saved = project.root / "var" / "trang-luu" / "tan-hoa.html"
    saved.parent.mkdir(parents=True)
    page = (project.root / "tests/importer/pages/nukeviet/tan-hoa-trao-qua.html").read_text(encoding="utf-8")
    saved.write_text(page.replace("<p>Mỗi phần quà gồm", "<p>Năm nay xã trao 120 phần quà trị giá 60 triệu đồng "
                                  "cho các tổ tự quản.</p>\n<p>Mỗi phần quà gồm"), encoding="utf-8")
    printed = project.dev("import-pages", "tests/importer/pages/plone", "--", "tests/importer/pages/other",
                          str(saved)).stdout
    assert "Tổng: 3 đã nhập, 0 đã cập nhật, 0 không đổi, 2 bỏ qua." in printed
    written = [project.root / "content/articles/2021/mo-hinh-camera-an-ninh-o-khu-pho-3.md",
               project.root / "content/articles/2022/quy-che-phoi-hop-giua-cong-an-va-mat-tran.md"]
    assert all(path.is_file() for path in written)
    # The figures in an imported article's prose wait for an editor as stats_suggested.
    with_figures = [path for path in (project.root / "content/articles").rglob("*.md")
                    if "legacy_url" in (text := path.read_text(encoding="utf-8")) and "stats_suggested:" in text]
    assert len(with_figures) == 1 and with_figures[0] not in written
    written += with_figures
    assert (project.root / "content/data/legacy-categories.yaml").is_file()
    again = project.dev("import-pages", "tests/importer/pages/plone", "--", str(saved)).stdout
    assert "Tổng: 0 đã nhập, 0 đã cập nhật, 3 không đổi, 1 bỏ qua." in again
    # The copy goes back to the sample site for the tasks checked after this one.
    for path in written + [project.root / "content/data/legacy-categories.yaml", project.root / "var/legacy-counters.csv"]:
        path.unlink()
    shutil.rmtree(project.root / "var" / "import-cache", ignore_errors=True)
    shutil.rmtree(saved.parent)
    shutil.rmtree(project.root / "content" / "images" / "legacy", ignore_errors=True)


def check_roundup(project: Project) -> None:
    year = project.article_with_roundup()["date"][:4]
    draft = project.root / project.dev("roundup", "--year", year).stdout.strip()
    text = draft.read_text(encoding="utf-8")
    assert draft.is_relative_to(project.root / "content" / "articles")
    assert "status: draft" in text and f"(/thong-ke/{year}/)" in text
    project.dev("check")  # the draft is valid content


def check_export_readership(project: Project) -> None:
    article = project.article_with_roundup()
    project.import_views(article["id"], 4321)
    assert project.dev("export-readership").stdout.startswith("var/readership.json: ")
    snapshot = json.loads((project.root / "var" / "readership.json").read_text(encoding="utf-8"))
    assert snapshot["articles"][article["id"]]["views"] == 4321
    # The next build shows the new snapshot on the year's roundup page.
    project.dev("build")
    page = BeautifulSoup((project.output / "thong-ke" / article["date"][:4] / "index.html").read_text(), "html.parser")
    shown = page.find(class_="readership").get_text(" ", strip=True)
    assert "4.321 lượt xem" in shown and article["title"] in shown


def check_publish(project: Project) -> None:
    project.dev("publish", env={"TOANDAN_SITEURL": "https://toandan.example.test"})
    home = (project.output / "index.html").read_text(encoding="utf-8")
    assert 'href="https://toandan.example.test/' in home
    assert (project.output / "feeds" / "all.atom.xml").is_file()


def check_check(project: Project) -> None:
    assert project.dev("check").stdout == "Nội dung hợp lệ.\n"


def check_new_article(project: Project) -> None:
    written = project.root / project.dev("new-article", "Bài thử từ bảng lệnh").stdout.strip()
    assert written.name == "bai-thu-tu-bang-lenh.md" and written.is_relative_to(project.root / "content" / "articles")
    assert 'title: "Bài thử từ bảng lệnh"' in written.read_text(encoding="utf-8")
    project.dev("check")


def check_suggest_stats(project: Project) -> None:
    folder = project.root / "content" / "articles" / "goi-y-so-lieu"
    folder.mkdir()
    try:
        for name, figure in (("a", "37 tổ tự quản"), ("b", "412 camera an ninh")):
            (folder / f"{name}.md").write_text(
                f"---\ntitle: Gợi ý số liệu {name}\ndate: 2021-06-15 08:30\ncategory: Tin hoạt động\n"
                f"unit: Công an tỉnh\n---\n\nToàn xã hiện có {figure} được duy trì.\n", encoding="utf-8")
        printed = project.dev("suggest-stats", "content/articles/goi-y-so-lieu/a.md", "--",
                              "content/articles/goi-y-so-lieu/b.md").stdout
        assert "Đã ghi gợi ý vào 2 bài" in printed
        assert 'value: "37 tổ"\n    indicator: to-tu-quan' in (folder / "a.md").read_text(encoding="utf-8")
        assert "2 số liệu gợi ý từ nội dung bài (stats_suggested) trong 2 bài" in project.dev("check").stdout
    finally:
        shutil.rmtree(folder)


def check_clean(project: Project) -> None:
    project.built()
    project.dev("clean")
    for name in ("output", ".output-builds", "cache"):
        assert not (project.root / name).exists(), name


def check_bench(project: Project) -> None:
    # The smallest run there is: one tiny corpus, one run of each figure.
    project.dev("bench", "--quick", "--sizes", "12", "--runs", "1")
    written = (project.root / "var" / "benchmarks-quick.md").read_text(encoding="utf-8")
    assert "## Builds" in written and "## Endpoint" in written


def check_test(project: Project) -> None:
    pytest.skip("./dev test runs this test: it cannot run inside itself")


def check_upgrade(project: Project) -> None:
    # tests/test_lock.py checks the lock it writes against pyproject.toml and the installed .venv.
    pytest.skip("./dev upgrade asks the package registry, and tests reach nothing beyond 127.0.0.1")


def check_desk_user(project: Project) -> None:
    users = project.root / "var" / "desk-users.toml"
    if "lan" in (users.read_text() if users.exists() else ""):
        return  # added by check_desk already
    finished = subprocess.run([str(project.root / "dev"), "desk-user", "add", "lan", "--role", "bien-tap"],
                              cwd=project.root, env=project.env, input="mat-khau-cua-lan\n", capture_output=True,
                              text=True, timeout=SECONDS)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.startswith("Tài khoản lan: Biên tập viên")
    assert 'role = "bien-tap"' in users.read_text() and "scrypt$" in users.read_text()
    assert users.stat().st_mode & 0o777 == 0o600


def check_desk(project: Project) -> None:
    check_desk_user(project)
    port = free_port()
    server = project.start("desk", "--port", str(port))
    try:
        wait_for(f"http://127.0.0.1:{port}/dang-nhap", server, seconds=SECONDS)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            form = client.get("/dang-nhap").text
            csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
            client.post("/dang-nhap", data={"csrf": csrf, "name": "lan", "password": "mat-khau-cua-lan"})
            listed = client.get("/")
        assert listed.status_code == 200 and "Danh sách bài" in listed.text
    finally:
        printed = project.stop(server)
    assert f"Bàn biên tập đang chạy tại http://127.0.0.1:{port}/" in printed


def check_publish_due(project: Project) -> None:
    project.dev("build")  # the site as the content now is (tasks checked before may have added articles)
    assert project.dev("publish-due").stdout == ""  # nothing due: nothing built
    article = project.root / "content" / "articles" / "2021" / "bai-den-gio-dang.md"
    article.write_text("---\ntitle: Bài đến giờ đăng\ndate: 2021-12-30 07:00\ncategory: Tin hoạt động\n"
                       "unit: Công an tỉnh\n---\n\nNội dung.\n", encoding="utf-8")
    printed = project.dev("publish-due").stdout
    assert "content/articles/2021/bai-den-gio-dang.md" in printed
    assert (project.output / "2021" / "12" / "bai-den-gio-dang" / "index.html").is_file()


CHECKS = {
    "build": check_build, "rebuild": check_rebuild, "serve": check_serve, "livereload": check_livereload,
    "import-legacy": check_import_legacy, "import-pages": check_import_pages, "roundup": check_roundup, "export-readership": check_export_readership,
    "publish": check_publish, "check": check_check, "new-article": check_new_article, "clean": check_clean,
    "bench": check_bench, "test": check_test, "upgrade": check_upgrade,
    "suggest-stats": check_suggest_stats,
    "desk": check_desk, "desk-user": check_desk_user, "publish-due": check_publish_due,
}


def test_the_readme_lists_tasks():
    assert len(readme_tasks()) >= 10 and "build" in readme_tasks()


@pytest.mark.slow
@pytest.mark.parametrize("task", readme_tasks())
def test_a_readme_task_runs_from_a_fresh_copy(project, task):
    assert task in CHECKS, f"the README's task {task} has no check here"
    CHECKS[task](project)
