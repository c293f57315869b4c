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
    # The .venv's editable install maps `toandan` and `endpoint` to ROOT, behind the path: invoke puts
    # the folder of tasks.py first on it, and `python -m endpoint` the working folder, so the copy's
    # own code is what runs. Checked as invoke loads it:
    where = subprocess.run([str(root / ".venv" / "bin" / "python"), "-c",
                            f"import sys; sys.path.insert(0, {str(root)!r}); import toandan, endpoint;"
                            "print(toandan.__file__); print(endpoint.__file__)"],
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


CHECKS = {
    "build": check_build, "rebuild": check_rebuild, "serve": check_serve, "livereload": check_livereload,
    "import-legacy": check_import_legacy, "roundup": check_roundup, "export-readership": check_export_readership,
    "publish": check_publish, "check": check_check, "new-article": check_new_article, "clean": check_clean,
    "bench": check_bench, "test": check_test, "upgrade": check_upgrade,
}


def test_the_readme_lists_tasks():
    assert len(readme_tasks()) >= 10 and "build" in readme_tasks()


@pytest.mark.slow
@pytest.mark.parametrize("task", readme_tasks())
def test_a_readme_task_runs_from_a_fresh_copy(project, task):
    assert task in CHECKS, f"the README's task {task} has no check here"
    CHECKS[task](project)
