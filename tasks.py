"""Tasks for editors and developers: ./dev <task>, or invoke <task> inside .venv."""

import gc
import glob
import os
import shlex
import shutil
import signal
import sys
import subprocess
from decimal import Decimal
from pathlib import Path

from invoke import Exit, task

from toandan.vietnamese import dates
from toandan.building.problems import ContentError
from toandan.vietnamese.text import slugify

ROOT = Path(__file__).parent
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
CONTENT = ROOT / "content"
WATCHED = [CONTENT, ROOT / "theme", ROOT / "plugins", ROOT / "toandan", SETTINGS]
CODE = [ROOT / "plugins", ROOT / "toandan"]  # imported once per process: a change needs a new process


def _build(settings: Path, from_scratch: bool = False) -> None:
    """A full build, or an update in place of the pages made from the text of the articles edited
    since the last build (toandan.building.live.build_or_update)."""
    from toandan.building.publish import quiet_logging
    from toandan.building.live import build_or_update

    quiet_logging()
    _live(build_or_update, settings, OUTPUT, from_scratch)


def _build_and_end(settings: Path, from_scratch: bool = False) -> None:
    _build(settings, from_scratch)
    # The task's process ends here: collecting the site's objects (their references to each other
    # make cycles) at its exit would take seconds, for nothing.
    gc.freeze()


def _publishing(step, *args):
    """Runs a build step; content problems are printed and end the task, with nothing published."""
    try:
        return step(*args)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        print("Chưa xuất bản gì: trang đã xuất bản trước đó vẫn giữ nguyên.", file=sys.stderr)
        raise Exit(code=error.exitcode) from None


SHOWN_WAITING = 20  # articles with suggestions waiting that check names one by one


@task
def check(c):
    """Validate all content without building; list every problem at once, and say how many figures
    suggested from the prose (stats_suggested) wait for an editor."""
    from toandan.building.publish import quiet_logging, read_site

    quiet_logging()
    try:
        generators = read_site(SETTINGS)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        raise Exit(code=error.exitcode) from None
    print("Nội dung hợp lệ.")
    from content_model.checks import suggestions_waiting  # importable once read_site loaded the plugins
    from toandan.vietnamese.numbers import format_number

    if waiting := suggestions_waiting(generators):
        print(f"{format_number(sum(waiting.values()))} số liệu gợi ý từ nội dung bài (stats_suggested) "
              f"trong {format_number(len(waiting))} bài đang chờ biên tập viên duyệt:")
        for label, count in list(waiting.items())[:SHOWN_WAITING]:
            print(f"  {label}: {count}")
        if len(waiting) > SHOWN_WAITING:
            print(f"  ... và {format_number(len(waiting) - SHOWN_WAITING)} bài khác")


@task
def build(c):
    """Build the site into output/ (atomically: a failed build changes nothing); after edits to
    articles' text only, update the pages made from it in place."""
    _build_and_end(SETTINGS)


@task
def clean(c):
    """Remove the built site and Pelican's caches."""
    from toandan.building.atomic import remove

    for path in (OUTPUT, ROOT / ".output-builds", ROOT / "cache"):
        remove(path)


@task
def rebuild(c):
    """Build from scratch, without caches, the search index written afresh; the published site
    and index stay until the new ones are swapped in, and stay if the build fails."""
    from toandan.building.atomic import TRASH, remove_behind, set_aside
    from toandan.building.lock import build_turn

    trash = ROOT / f"{TRASH}rebuild"
    with build_turn(SETTINGS):  # no other build is using the caches set aside
        set_aside(ROOT / "cache", trash)  # removed after the build: see set_aside
        try:
            _build_and_end(SETTINGS, from_scratch=True)
        finally:
            remove_behind([trash])


@task
def publish(c):
    """Build for production with publishconf.py (site address from TOANDAN_SITEURL)."""
    _build_and_end(PUBLISH_SETTINGS)


def _endpoint(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "endpoint", "--host", host, "--port", str(port), "--static", str(OUTPUT)]


def _endpoint_env(host: str, port: int) -> dict:
    """Writes are accepted from the pages this server serves, unless TOANDAN_ORIGINS says otherwise."""
    return {"TOANDAN_ORIGINS": f"http://{host}:{port}", **os.environ}


@task(help={"host": "address to listen on", "port": "port to listen on"})
def serve(c, host="127.0.0.1", port=8000):
    """Build the site, then serve it and the reader endpoint (SQLite) on http://127.0.0.1:8000."""
    _build(SETTINGS)
    _interrupt_on_terminate()
    print(f"Đang phục vụ trang và dịch vụ bạn đọc tại http://{host}:{port}/ (Ctrl+C để dừng)")
    try:
        subprocess.run(_endpoint(host, int(port)), env=_endpoint_env(host, int(port)), check=False)
    except KeyboardInterrupt:
        pass


@task(help={"host": "address to listen on", "port": "port to listen on"})
def livereload(c, host="127.0.0.1", port=8000):
    """Serve the site and endpoint, and rebuild whenever content, theme or code changes."""
    from watchfiles import DefaultFilter, watch

    from toandan.building.publish import quiet_logging
    from toandan.building.live import LiveSite

    quiet_logging()
    _interrupt_on_terminate()
    site = LiveSite(SETTINGS, OUTPUT)
    _live(site.build)
    server = subprocess.Popen(_endpoint(host, int(port)), env=_endpoint_env(host, int(port)))
    print(f"Đang phục vụ tại http://{host}:{port}/ và theo dõi thay đổi (Ctrl+C để dừng)")
    # The files outside content/ and theme/ that pages are made from (the readership snapshot) are
    # watched too, but not the rest of their folders (var/ also holds the search index each build writes).
    outside = {Path(name).resolve() for name in site.outside}
    for folder in {path.parent for path in outside}:
        folder.mkdir(parents=True, exist_ok=True)
    places, usual = [place.resolve() for place in WATCHED], DefaultFilter()

    def watched(change, name: str) -> bool:
        path = Path(name).resolve()
        return usual(change, name) and (path in outside or any(
            path == place or place in path.parents for place in places))

    try:
        for changes in watch(*WATCHED, *{path.parent for path in outside}, watch_filter=watched):
            paths = [Path(path) for _, path in changes]
            if any(path.suffix == ".py" and any(code in path.parents for code in CODE) for path in paths):
                print("Mã nguồn đã thay đổi: khởi động lại để dùng mã mới...", flush=True)
                server.terminate()
                server.wait()
                os.execv(sys.executable, sys.orig_argv)  # Python does not reload what it has imported
            try:
                _live(site.update, paths)
            except Exit:
                pass  # problems are printed; keep serving the last good build
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()


def _interrupt_on_terminate() -> None:
    """SIGTERM (kill, a process manager) stops the task as Ctrl+C does: the endpoint it started is
    stopped too, instead of being left running."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _live(step, *args) -> None:
    """One rebuild of ./dev livereload, said in one line; content problems are printed."""
    from toandan.vietnamese.numbers import format_number

    update = _publishing(step, *args)
    seconds = format_number(Decimal(update.seconds).quantize(Decimal("0.01")))
    if update.full:
        print(f"Đã dựng lại toàn bộ trang trong {seconds} giây: {_in_words(update.published)}.", flush=True)
    elif update.written:
        print(f"Đã cập nhật tại chỗ {update.written} tệp trong {seconds} giây.", flush=True)
    elif update.restored:
        print("Trang không có gì thay đổi; chỉ mục tìm kiếm bị xóa hoặc không đọc được nên đã được viết lại.",
              flush=True)
    else:
        print("Không có gì thay đổi từ lần dựng trước: trang đã xuất bản vẫn giữ nguyên.", flush=True)


# What Pelican's own summary ("Done: Processed 42 articles, 0 drafts, ...") counts, in Vietnamese.
KINDS = {"articles": "bài viết", "drafts": "bài nháp", "hidden_articles": "bài ẩn",
         "pages": "trang", "hidden_pages": "trang ẩn", "draft_pages": "trang nháp"}


def _in_words(counts: dict[str, int]) -> str:
    """'42 bài viết, 2 trang': articles and pages always, drafts and hidden content when there are any."""
    from toandan.vietnamese.numbers import format_number

    return ", ".join(f"{format_number(counts.get(kind, 0))} {label}" for kind, label in KINDS.items()
                     if counts.get(kind) or kind in ("articles", "pages"))


@task(help={"title": "tiêu đề bài viết, ví dụ \"Ra mắt tổ tự quản\""})
def new_article(c, title):
    """Write a new article skeleton dated now (Asia/Ho_Chi_Minh) under content/articles/."""
    now = dates.now()
    path = CONTENT / "articles" / f"{now:%Y}" / f"{slugify(title)}.md"
    if path.exists():
        raise Exit(f"Đã có bài {path.relative_to(ROOT)}; chọn tiêu đề khác.", code=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = title.replace('"', '\\"')
    path.write_text(
        f'''---
title: "{quoted}"
date: {now:%Y-%m-%d %H:%M}
category: Tin hoạt động        # một chuyên mục trong content/data/categories.yaml
unit: Công an tỉnh             # đơn vị báo cáo trong content/data/units.yaml
tags: []
author:
source:
summary:
# image: images/ten-anh.jpg
# image_caption: Chú thích ảnh
# stats:
#   period: {now:%Y}                  # hoặc quý 3/{now:%Y}, tháng 6/{now:%Y}, 9 tháng đầu năm {now:%Y}
#   figures:
#     phan-qua: 1.250            # chỉ tiêu trong content/data/indicators.yaml
#     gia-tri-qua: 3,2 tỷ đồng
---

Nội dung bài viết.
''',
        encoding="utf-8",
    )
    print(path.relative_to(ROOT))


@task(help={"host": "address to listen on (keep 127.0.0.1 behind nginx)", "port": "port to listen on",
            "root_path": "the path nginx serves the desk under, e.g. /ban-bien-tap"})
def desk(c, host="127.0.0.1", port=8001, root_path=""):
    """Run the editors' desk (write, check, review, publish in a browser) on http://127.0.0.1:8001."""
    print(f"Bàn biên tập đang chạy tại http://{host}:{port}{root_path}/ (Ctrl+C để dừng)", flush=True)
    _interrupt_on_terminate()
    try:
        subprocess.run([sys.executable, "-m", "desk", "--host", host, "--port", str(port), "--root-path", root_path],
                       check=False)
    except KeyboardInterrupt:
        pass


@task(help={"action": "add, passwd, enable or disable", "name": "the account's name (a-z, 0-9, - and _)",
            "role": "bien-tap (biên tập viên) or duyet-bai (duyệt bài); for add, or to change it with passwd"})
def desk_user(c, action, name, role=""):
    """Manage the desk's accounts: add NAME --role bien-tap|duyet-bai, passwd NAME, disable NAME, enable NAME."""
    from desk.accounts import AccountError, Accounts
    from desk.config import DeskConfig

    accounts = Accounts(DeskConfig.from_env().users)
    try:
        if action == "add":
            if not role:
                raise AccountError("cần --role bien-tap hoặc --role duyet-bai")
            account = accounts.add(name, role, _new_password())
        elif action == "passwd":
            account = accounts.change(name, password=_new_password(), role=role or None)
        elif action in ("disable", "enable"):
            account = accounts.change(name, disabled=action == "disable")
        else:
            raise AccountError("thao tác là add, passwd, disable hoặc enable")
    except AccountError as error:
        raise Exit(f"Không thực hiện được: {error}", code=1) from None
    state = "đã khóa" if account.disabled else account.role_label
    print(f"Tài khoản {account.name}: {state} ({accounts.path})")


def _new_password() -> str:
    """Asked twice at a terminal; one line of standard input otherwise (for scripts)."""
    import getpass

    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    password = getpass.getpass("Mật khẩu mới: ")
    if getpass.getpass("Nhập lại: ") != password:
        raise Exit("Hai lần nhập không khớp; chưa đổi gì.", code=1)
    return password


@task(help={"production": "build with publishconf.py, as ./dev publish does (the systemd timer's way)"})
def publish_due(c, production=False):
    """Build when a scheduled article's time has come; nothing when none is due (run every minute)."""
    from desk.schedule import due_articles
    from toandan.building.lock import build_turn
    from toandan.building.publish import quiet_logging
    from toandan.building.live import LiveSite

    settings = PUBLISH_SETTINGS if production else SETTINGS
    if not (due := due_articles(settings, OUTPUT, dates.now())):
        return
    print("Đến giờ đăng:", *due, sep="\n  ", flush=True)
    # Not a second build in line behind a running one: the next minute's check builds if still due.
    with build_turn(settings, queue=False) as turn:
        if not turn.held:
            return
        if turn.waited and not due_articles(settings, OUTPUT, dates.now()):
            print("Lần dựng vừa xong đã đăng các bài này.", flush=True)
            return
        quiet_logging()
        # A full build: no file changed, so an update in place (./dev build) would find nothing to do.
        _live(LiveSite(settings, OUTPUT, keep_on_disk=True).build)
    gc.freeze()


@task(help={"csv": "the legacy portal's counters: kind,key,value rows (see README)"})
def import_legacy(c, csv):
    """Seed view counts, visit totals and rating totals from the legacy portal (TOANDAN_DATABASE, TOANDAN_MANIFEST)."""
    from endpoint.config import Config
    from endpoint.legacy import LegacyError, import_legacy as run_import
    from endpoint.manifest import Manifest
    from endpoint.storage import open_store

    config = Config.from_env()
    store = open_store(config.database)
    try:
        articles, days, total = run_import(Path(csv), Manifest(config.manifest), store)
    except LegacyError as error:
        print("Chưa nhập gì, tệp có lỗi:", *error.problems, sep="\n  ", file=sys.stderr)
        raise Exit(code=2) from None
    finally:
        store.close()
    print(f"Đã nhập lượt xem của {articles} bài, {days} ngày truy cập"
          + (f", tổng lượt truy cập {total}." if total is not None else "."))


def _document_reader():
    """The build's settings and its reader of articles (with the registries), without building."""
    from toandan.building.publish import load_settings

    settings = load_settings(SETTINGS)
    sys.path[:0] = [folder for folder in settings["PLUGIN_PATHS"] if folder not in sys.path]
    from content_model.reader import document_reader

    return settings, document_reader(settings)


def _articles_named(paths: list[str], settings: dict) -> tuple[list[Path], list[str]]:
    """The articles among paths, folders searched for .md files; and what is wrong with the rest."""
    roots = [Path(settings["PATH"], folder).resolve() for folder in settings["ARTICLE_PATHS"]]
    found, wrong = [], []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            candidates = sorted(path.rglob("*.md"))
        elif path.is_file():
            candidates = [path]
        else:
            wrong.append(f"{name}: không có tệp hay thư mục này")
            continue
        for candidate in candidates:
            if any(root in candidate.resolve().parents for root in roots):
                found.append(candidate)
            else:
                wrong.append(f"{candidate}: không phải bài viết (bài viết nằm trong content/articles/)")
    return list(dict.fromkeys(found)), wrong


@task(help={"path": "an article (.md) or a folder of articles; more after '--': "
                    "./dev suggest-stats a.md -- b.md c.md"})
def suggest_stats(c, path):
    """Find the figures in articles' prose and write them into their front matter as stats_suggested,
    for an editor to review; the rest of each file stays as it was."""
    from toandan.vietnamese.prose_stats import suggest_statistics
    from toandan.vietnamese.stats_suggested import write_suggestions

    settings, documents = _document_reader()
    # invoke reads further words as task names; those after '--' it leaves alone.
    more = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    articles, wrong = _articles_named([path, *more], settings)
    changed = unchanged = suggested = 0
    for article in articles:
        document, problems = documents.read(article, is_article=True)
        if document is None:
            wrong += [str(problem) for problem in problems]
            continue
        reported = {(report.indicator.key, report.value) for report in document.reports}
        suggestions = [s for s in suggest_statistics(document.body, documents.registry)
                       if (s.indicator, s.figure.value) not in reported]
        if write_suggestions(article, suggestions):
            changed += 1
            print(f"{document.path}: {len(suggestions)} số liệu gợi ý")
        else:
            unchanged += 1
        suggested += len(suggestions)
    print(f"Đã ghi gợi ý vào {changed} bài, {unchanged} bài không đổi; {suggested} số liệu đang chờ duyệt "
          "(stats_suggested).")
    if wrong:
        print("Không ghi gì vào những tệp sau:", *wrong, sep="\n  ", file=sys.stderr)
        raise Exit(code=2)


@task(positional=["source"], help={
    "source": "a saved HTML page, a folder of them (recursively), or a text file of http(s):// addresses; "
              "more sources after --",
    "force": "overwrite articles an editor has changed since they were imported",
    "concurrency": "pages fetched at once (default 4)",
    "delay": "seconds between the starts of two requests to the old portal (default 0.5)"})
def import_pages(c, source, force=False, concurrency=4, delay=0.5):
    """Import the old portal's article pages (NukeViet 4, Plone 5/6) as articles, keeping their old addresses."""
    from importer.fetch import FetchSettings
    from importer.mapping import MappingError
    from importer.run import ImportSettings, import_pages as run_import
    from importer.sources import SourceError

    # invoke reads further words as task names; those after '--' it leaves alone.
    more = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    from toandan.vietnamese.prose_stats import suggest_statistics
    from toandan.vietnamese.stats_suggested import with_suggestions

    registry = _document_reader()[1].registry
    from content_model.frontmatter import split

    def suggest(text: str) -> str:  # the prose's figures, for an editor to review (stats_suggested)
        return with_suggestions(text, suggest_statistics(split(text).body, registry))

    settings = ImportSettings(ROOT, force=bool(force), suggest=suggest,
                              fetch=FetchSettings(concurrency=int(concurrency), delay=float(delay)))
    try:
        report = run_import([source, *more], settings)
    except (SourceError, MappingError) as error:
        raise Exit(f"Chưa nhập gì: {error}", code=2) from None
    print("\n".join(report.lines()))
    if not report.anything_imported:
        raise Exit("Không nhập được trang nào.", code=1)


@task(help={"year": "the year to sum up, e.g. 2021"})
def roundup(c, year):
    """Write a draft article with the year's headline figures, linking to /thong-ke/<year>/."""
    from toandan.building.publish import quiet_logging, read_site

    quiet_logging()
    try:
        generators = read_site(SETTINGS)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        raise Exit(code=error.exitcode) from None
    # plugins/ is not on sys.path: Pelican loads the plugins by their PLUGIN_PATHS (read_site
    # above), and only then are they importable.
    from roundup.draft import draft_article
    path, text = draft_article(generators, int(year), dates.now(), CONTENT)
    if path.exists():
        raise Exit(f"Đã có {path.relative_to(ROOT)}; sửa bài đó hoặc xóa đi rồi chạy lại.", code=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(path.relative_to(ROOT))


@task(help={"to": "where to write the snapshot (default var/readership.json)"})
def export_readership(c, to="var/readership.json"):
    """Snapshot views and ratings from the endpoint's database for the roundup's readership section."""
    import json

    from endpoint.config import Config
    from endpoint.storage import open_store

    store = open_store(Config.from_env().database)
    try:
        numbers = store.readership()
    finally:
        store.close()
    snapshot = {"generated": dates.now().strftime("%d/%m/%Y %H:%M"), "articles": {
        article_id: {"views": n.views, "rating_sum": n.rating_sum, "rating_count": n.rating_count}
        for article_id, n in sorted(numbers.items())}}
    target = ROOT / to
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{target.relative_to(ROOT)}: {len(numbers)} bài")


@task(help={"quick": "small corpora, one run each: for development (writes var/benchmarks-quick.md)",
            "sizes": "corpus sizes, comma-separated (default 1000,2000,10000; quick: 200,1000; "
                     "accelerators: 2000,10000)",
            "runs": "runs per build figure (default 3; quick: 1; accelerators: 2)",
            "accelerators": "what each accelerator gains: builds and search with each one off "
                            "(writes its table in docs/benchmarks.md)"})
def bench(c, quick=False, sizes="", runs=0, accelerators=False):
    """Measure builds against plain Pelican, search and the endpoint; write docs/benchmarks.md."""
    from toandan.bench import report
    from toandan.bench.run import run

    if accelerators:
        from toandan.bench import accelerators as gains

        chosen = [int(s) for s in sizes.split(",") if s] or [2000, 10000]
        results = gains.measure(ROOT / "var" / "bench" / "accelerators", chosen, int(runs) or 2)
        print(gains.write(results, ROOT / "docs" / "benchmarks.md").relative_to(ROOT))
        return
    _ensure_system_packages(c, {"wrk": SYSTEM_PACKAGES["wrk"]})
    chosen = [int(s) for s in sizes.split(",") if s] or ([200, 1000] if quick else [1000, 2000, 10000])
    results = run(ROOT / "var" / "bench", chosen, int(runs) or (1 if quick else 3), 5 if quick else 10, quick,
                  endpoint_rounds=1 if quick else 3)
    target = ROOT / ("var/benchmarks-quick.md" if quick else "docs/benchmarks.md")
    print(report.write(results, target).relative_to(ROOT))
    for name, measured, met in report.targets(results.figures, chosen, results.corpora):
        print(f"{'đạt ' if met else 'CHƯA'}  {name}: {measured}")


SYSTEM_PACKAGES = {
    # Debian package: how to tell it is there
    "postgresql": lambda: bool(glob.glob("/usr/lib/postgresql/*/bin/initdb")),
    "chromium": lambda: bool(shutil.which("chromium")),
    "nginx": lambda: bool(shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")),
    "wrk": lambda: bool(shutil.which("wrk")),
}


def _ensure_system_packages(c, packages: dict | None = None) -> None:
    """The tests use real PostgreSQL, Chromium, nginx and wrk: install them from Debian if missing."""
    missing = [name for name, present in (packages or SYSTEM_PACKAGES).items() if not present()]
    if not missing:
        return
    command = f"apt-get install -y -q --no-install-recommends {' '.join(missing)}"
    if os.geteuid() != 0:
        raise Exit(f"Tests need Debian packages {', '.join(missing)}: sudo apt-get update && sudo {command}", code=1)
    print(f"Installing {', '.join(missing)} for the tests...")
    c.run("apt-get update -q", hide="out")
    c.run(f"DEBIAN_FRONTEND=noninteractive {command}", hide="out")


LOCK = ROOT / "requirements.lock"
LOCK_TOOL = "pip-tools==7.7.0"  # pip-compile, in a venv of its own under cache/ so .venv stays exactly the lock


@task
def upgrade(c):
    """Re-resolve requirements.lock to the newest releases pyproject.toml allows, with hashes, and install it."""
    tool = ROOT / "cache" / "lock-tool"
    if not (tool / "bin" / "pip-compile").exists():
        c.run(shlex.join([sys.executable, "-m", "venv", "--clear", str(tool)]))
        c.run(shlex.join([str(tool / "bin" / "pip"), "install", "--quiet", LOCK_TOOL]))
    compile_lock = [str(tool / "bin" / "pip-compile"), "--quiet", "--upgrade", "--generate-hashes", "--allow-unsafe",
                    "--extra", "test", "--strip-extras", "--no-emit-index-url", "--no-emit-find-links",
                    "--output-file", LOCK.name, "pyproject.toml"]
    with c.cd(str(ROOT)):
        c.run(shlex.join(compile_lock), env={"CUSTOM_COMPILE_COMMAND": "./dev upgrade"})
    c.run(shlex.join([sys.executable, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", str(LOCK)]))
    print(f"Đã cập nhật {LOCK.name}. Chạy ./dev test trước khi commit.")


FAST_TESTS = "not (browser or postgres or nginx or bench or slow)"  # markers in pyproject.toml


@task(help={"k": "only tests matching this expression", "x": "stop at the first failure",
            "fast": "leave out the tests that need Chromium, PostgreSQL, nginx or the benchmark, and the slow ones"})
def test(c, k="", x=False, fast=False):
    """Run every test (installs PostgreSQL, Chromium, nginx and wrk from Debian first if missing)."""
    args = [sys.executable, "-m", "pytest"]
    if fast:
        args += ["-m", FAST_TESTS]
    else:
        _ensure_system_packages(c)
    if k:
        args += ["-k", k]
    if x:
        args.append("-x")
    c.run(shlex.join(args), pty=False)
