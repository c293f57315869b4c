"""Builds measured: ours and plain Pelican's cold builds in pairs, rebuilds, the live loop, the
index alone; and what a build writes, by kind."""

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from toandan.building.atomic import set_aside

from .corpus import ROOT, trash_of
from .processes import Run, median, timed


def our_build(settings: Path) -> list[str]:
    """What ./dev build runs: a full build, or an update in place from the build kept on disk."""
    return [sys.executable, "-c",
            "import gc, sys; sys.path[:0] = [%r, %r]\n"
            "from toandan.building.publish import quiet_logging\n"
            "from toandan.building.live import build_or_update\n"
            "quiet_logging(); build_or_update(%r, %r); gc.freeze()" % (str(ROOT), str(ROOT / "plugins"), str(settings),
                                                                    str(settings.parent / "output"))]


def settle(settings: Path) -> float:
    """Waits for the process that saves the build for the next one (toandan.building.snapshot) to finish:
    it would otherwise run beside the next measurement. Answers the seconds waited."""
    from toandan.building import snapshot
    from toandan.building.publish import load_settings

    started = time.perf_counter()
    with snapshot.locked(snapshot.path_of(load_settings(settings))):
        return time.perf_counter() - started


def index_alone(settings: Path, into: Path) -> list[str]:
    """The full index on its own, from the site as a build reads it, into a fresh folder in into.
    Within a build it runs beside page rendering, sharing the cores, so its time there is not its own."""
    return [sys.executable, "-c",
            "import json, sys, tempfile, time; sys.path[:0] = [%r, %r]\n"
            "from pathlib import Path\n"
            "from search_index import SearchSettings, site_candidates\n"
            "from toandan.building.publish import quiet_logging, read_site\n"
            "from toandan.search import update_index\n"
            "from toandan.building.plugin_settings import plugin_settings\n"
            "quiet_logging(); generators = read_site(%r); context, settings = generators[0].context, generators[0].settings\n"
            "candidates = site_candidates(context, settings)\n"
            "processes = plugin_settings(SearchSettings, settings, 'SEARCH').processes\n"
            "started = time.perf_counter()\n"
            "update_index(Path(tempfile.mkdtemp(prefix='index-alone-', dir=%r)) / 'index', candidates, processes=processes)\n"
            "print(json.dumps({'seconds': time.perf_counter() - started}))\n"
            % (str(ROOT), str(ROOT / "plugins"), str(settings), str(into))]


def live_loop(settings: Path) -> list[str]:
    """./dev livereload's loop without its server: a full build, then an update per saved change."""
    return [sys.executable, "-c",
            "import json, sys; sys.path[:0] = [%r, %r]\n"
            "from watchfiles import watch\n"
            "from toandan.building.publish import quiet_logging\n"
            "from toandan.building.live import LiveSite\n"
            "quiet_logging(); site = LiveSite(%r, %r); site.build()\n"
            "for changes in watch(%r, yield_on_timeout=True, rust_timeout=200):\n"
            "    if not changes:\n"
            "        print('ready', flush=True)  # watching now\n"
            "        continue\n"
            "    update = site.update([path for _, path in changes])\n"
            "    print(json.dumps({'full': update.full, 'seconds': update.seconds}), flush=True)\n"
            % (str(ROOT), str(ROOT / "plugins"), str(settings), str(settings.parent / "output"),
               str(settings.parent / "content"))]


def measure_live(settings: Path, article: Path, runs: int) -> dict:
    """Seconds from saving an edit to an article's text to its update published, in the live loop."""
    process = subprocess.Popen(live_loop(settings), cwd=settings.parent, stdout=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        while lines.get(timeout=900).strip() != "ready":
            pass  # Pelican's summary of the first build
        while not lines.empty():
            lines.get()  # more of the watcher's idle answers
        seconds, full = [], 0
        for number in range(runs):
            text = article.read_text(encoding="utf-8") + f"\nSửa khi đang xem {number}.\n"
            started = time.perf_counter()
            article.write_text(text, encoding="utf-8")
            update = _next_update(lines)
            seconds.append(time.perf_counter() - started)
            full += update["full"]
            time.sleep(1)  # a second batch of events for the same save would show up here
            while not lines.empty():  # 'ready' again while idle, or a second update
                if (line := lines.get()).startswith("{"):
                    full += json.loads(line)["full"]
    finally:
        process.terminate()
        process.wait(timeout=60)
        process.stdout.close()
    return {"live_article_seconds": median(seconds), "live_full_builds": full}


def _next_update(lines: queue.Queue) -> dict:
    while not (line := lines.get(timeout=900)).startswith("{"):
        pass  # Pelican's summary of a full build
    return json.loads(line)


def plain_build(settings: Path) -> list[str]:
    return [sys.executable, "-m", "pelican", "-s", str(settings), "-q"]


def clean(folder: Path, *names: str) -> None:
    """Sets aside what the last build left in a corpus's site or plain folder (trash_of)."""
    for name in names:
        set_aside(folder / name, trash_of(folder.parent.parent))


def cold_pairs(settings: dict, runs: int) -> tuple[list[Run], list[Run]]:
    """runs pairs of cold builds, ours (until its background save is done) and plain Pelican's."""
    site, plain = settings["site"].parent, settings["plain"].parent
    ours, theirs = [], []
    for number in range(runs):
        # A pair of cold builds, each run's in the other order: the machine's speed drifts
        # within minutes here, and a build may follow the writing back of the one before it.
        for builder in (("ours", "plain") if number % 2 == 0 else ("plain", "ours")):
            if builder == "ours":
                clean(site, "output", ".output-builds", "cache", "var")
                ours.append(timed(our_build(settings["site"]), site, after=lambda: settle(settings["site"])))
            else:
                clean(plain, "output", "cache")
                theirs.append(timed(plain_build(settings["plain"]), plain))
    return ours, theirs


def measure_builds(settings: dict, runs: int, cold: tuple[list[Run], list[Run]]) -> dict:
    """Every build figure of a corpus's site, from its cold pairs (cold_pairs, measured before) and
    the warm rebuilds measured here."""
    site, plain = settings["site"].parent, settings["plain"].parent
    ours, theirs = cold
    ours_written, plain_written = written(site), written(plain)
    index = json.loads((site / "var" / "search-index.json").read_text())
    alone, trash = [], trash_of(site.parent.parent)
    trash.mkdir(parents=True, exist_ok=True)
    for _ in range(runs):
        output = subprocess.run(index_alone(settings["site"], trash), cwd=site, capture_output=True, text=True, check=True)
        alone.append(json.loads(output.stdout.strip().splitlines()[-1])["seconds"])
    # Warm rebuilds: after one article changes, and after one template changes.
    article = sorted((site / "content" / "articles").rglob("*.md"))[len(ours) * 7 % 10]
    template = site / "theme" / "templates" / "article.html"
    one_article, one_template, plain_article = [], [], []
    for number in range(runs):
        article.write_text(article.read_text(encoding="utf-8") + f"\nThêm một câu {number}.\n", encoding="utf-8")
        one_article.append(timed(our_build(settings["site"]), site, after=lambda: settle(settings["site"])))
        incremental = json.loads((site / "var" / "search-index.json").read_text())
        template.write_text(template.read_text(encoding="utf-8") + f"\n{{# sửa {number} #}}\n", encoding="utf-8")
        one_template.append(timed(our_build(settings["site"]), site))
        settle(settings["site"])
        plain_file = sorted((plain / "content").glob("*.md"))[3]
        plain_file.write_text(plain_file.read_text(encoding="utf-8") + f"\nThêm {number}.\n", encoding="utf-8")
        plain_article.append(timed(plain_build(settings["plain"]), plain))
    live = measure_live(settings["site"], article, runs)
    return {
        **live,
        # Ours: until the next build can start, the background save of the kept build included.
        "ours_seconds": median([r.total_seconds for r in ours]),
        "ours_published_seconds": median([r.seconds for r in ours]), "ours_peak_mb": median([r.peak_mb for r in ours]),
        "ours_kept_seconds": median([r.after_seconds for r in ours]),
        "plain_seconds": median([r.seconds for r in theirs]), "plain_peak_mb": median([r.peak_mb for r in theirs]),
        "build_ratio": median([a.total_seconds / b.seconds for a, b in zip(ours, theirs)]),
        "build_pairs": [(a.total_seconds, b.seconds) for a, b in zip(ours, theirs)],
        # CPU time of every process of a build, the save's too: what the other work on the machine disturbs least.
        "ours_cpu_seconds": median([r.cpu_seconds for r in ours]), "plain_cpu_seconds": median([r.cpu_seconds for r in theirs]),
        "build_cpu_ratio": median([a.cpu_seconds / b.cpu_seconds for a, b in zip(ours, theirs)]),
        "build_cpu_pairs": [(a.cpu_seconds, b.cpu_seconds) for a, b in zip(ours, theirs)],
        "ours_written": ours_written, "plain_written": plain_written,
        "rebuild_article_seconds": median([r.total_seconds for r in one_article]),
        "rebuild_template_seconds": median([r.seconds for r in one_template]),
        "plain_rebuild_article_seconds": median([r.seconds for r in plain_article]),
        "index_seconds_full": median(alone), "index_seconds_in_build": index["seconds"],
        "index_bytes": index["size_bytes"],
        "index_documents": index["documents"], "index_seconds_incremental": incremental["seconds"],
        "index_updated_incremental": incremental["updated"] + incremental["added"],
    }




# What a build publishes, by kind: the first pattern that a file's path under output/ matches names
# its kind; another page is named by its first folder ("pages in the/"), digits as YYYY.
KINDS = (
    ("article pages", r"\d{4}/\d{2}/[^/]+/index\.html"),
    ("listing pages after the first", r"(.*/)?trang/\d+/index\.html"),
    ("cards", r"og/.*"),
    ("content images and variants", r"images/.*"),
    ("feeds", r"feeds/.*"),
    ("theme files", r"theme/.*"),
    ("precompressed copies", r".*\.(gz|br|zst)"),
    ("JSON", r".*\.json"),
    ("CSV", r".*\.csv"),
)


def _published_kind(relative: str, patterns) -> str:
    if kind := next((kind for kind, pattern in patterns if pattern.fullmatch(relative)), None):
        return kind
    if relative.endswith(".html"):
        top = relative.split("/")[0] if "/" in relative else "the root"
        return f"pages in {'YYYY' if top.isdigit() else top}/"
    return "other published files"


def written(folder: Path) -> dict[str, tuple[int, int]]:
    """(files, bytes) by kind of what a build left in a site's folder: the published build (what
    output/ links to), and every other folder the build wrote (cache/, var/...) by its name and
    subfolder. The content and the settings are left out; a file linked twice counts its bytes once."""
    import re

    patterns = [(kind, re.compile(pattern)) for kind, pattern in KINDS]
    found: dict[str, list[int]] = {}
    seen: set[tuple[int, int]] = set()  # a file linked in twice (a card, from its cache) counts its bytes once
    output = folder / "output"
    roots = [(output.resolve(), None)] if output.exists() else []
    roots += [(path, path.name) for path in sorted(folder.iterdir())
              if path.is_dir() and path.name not in ("output", "content", "theme") and not path.name.startswith(".")]
    for root, name in roots:
        for parent, _, names in os.walk(root):
            for file in names:
                path = os.path.join(parent, file)
                relative = os.path.relpath(path, root)
                if name is None:
                    kind = _published_kind(relative, patterns)
                else:
                    kind = "/".join([name, *relative.split("/")[:-1][:1]]) + "/"
                counted = found.setdefault(kind, [0, 0])
                counted[0] += 1
                stat = os.lstat(path)
                if (stat.st_dev, stat.st_ino) not in seen:
                    seen.add((stat.st_dev, stat.st_ino))
                    counted[1] += stat.st_size
    return {kind: (files, size) for kind, (files, size) in sorted(found.items())}


def main() -> None:
    """python -m bench.builds FOLDER [RUNS]: pairs of cold builds of a corpus generated in FOLDER
    (bench.corpus.generate), printed with their CPU time, then what the last of each wrote."""
    folder, runs = Path(sys.argv[1]).absolute(), int(sys.argv[2]) if len(sys.argv) > 2 else 2
    settings = {"site": folder / "site" / "site.py", "plain": folder / "plain" / "plain.py"}
    ours, theirs = cold_pairs(settings, runs)
    for a, b in zip(ours, theirs):
        print(f"ours {a.total_seconds:.2f} s (published {a.seconds:.2f} s, {a.cpu_seconds:.2f} CPU-s, {a.peak_mb:.0f} MB)"
              f" / plain {b.seconds:.2f} s ({b.cpu_seconds:.2f} CPU-s, {b.peak_mb:.0f} MB):"
              f" wall {a.total_seconds / b.seconds:.2f}, CPU {a.cpu_seconds / b.cpu_seconds:.2f}", flush=True)
    for name, root in (("ours", settings["site"].parent), ("plain", settings["plain"].parent)):
        for kind, (files, size) in written(root).items():
            print(f"{name}\t{kind}\t{files}\t{size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
