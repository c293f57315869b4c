"""Measurements: builds against plain Pelican, rebuilds, search, and the endpoint under wrk."""

import json
import os
import platform
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

from toandan.build.atomic import remove, set_aside

from .corpus import CORPORA, ROOT, generate, trash_of
from .queries import is_phrase, query_mix

HELLO = "async def app(scope, receive, send):\n    if scope['type'] != 'http':\n        return\n" \
        "    await send({'type': 'http.response.start', 'status': 200, 'headers': [(b'content-type', b'text/plain')]})\n" \
        "    await send({'type': 'http.response.body', 'body': b'Hello, world'})\n"
STARLETTE_HELLO = ("from starlette.applications import Starlette\nfrom starlette.responses import PlainTextResponse\n"
                   "from starlette.routing import Route\n\nasync def hello(request):\n"
                   "    return PlainTextResponse('Hello, world')\n\napp = Starlette(routes=[Route('/', hello)])\n")
WRK_POST = ('wrk.method = "POST"\nwrk.body = "{{}}"\nwrk.headers["Content-Type"] = "application/json"\n'
            'wrk.headers["Origin"] = "{origin}"\n')
WRK_SEARCH = ("local q = {{{queries}}}\nlocal i = 0\nrequest = function()\n  i = i + 1\n"
              "  return wrk.format('GET', '/api/search?q=' .. q[(i % #q) + 1])\nend\n")


# Seconds between readings of the measured processes' memory: the kernel walks every page of a
# process to answer, about 2 CPU-seconds of a 10,000-article build's 70 when read every 0.25 s.
MEMORY_SAMPLED_EVERY = 1.0


@dataclass
class Run:
    seconds: float
    peak_mb: float


@dataclass
class Results:
    quick: bool
    runs: int
    sizes: list[int]
    figures: dict = field(default_factory=dict)
    corpora: list[str] = field(default_factory=lambda: list(CORPORA))


def median(values):
    return statistics.median(values) if values else None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def process_tree(root: int) -> list[int]:
    """root and every process descended from it, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def tree_memory_mb(root: int) -> float:
    """Memory a process and all its descendants hold together (proportional set size: pages shared
    between them, such as a forked index writer's, counted once)."""
    total = 0
    for pid in process_tree(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total / 1024


def own_peak_mb(pid: int) -> float:
    """The most memory a process has held itself since it started its program (VmHWM): between two
    samples it may have held more than either saw."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


def timed(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Wall time of a fresh child process, and the peak memory of it and its children together."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, done = [0.0], threading.Event()

    def sample() -> None:  # the largest single process (ru_maxrss) would miss the index writers
        wait = MEMORY_SAMPLED_EVERY / 4  # a first look early: a small corpus builds in a few seconds
        while not done.wait(wait):
            peak[0] = max(peak[0], tree_memory_mb(process.pid), own_peak_mb(process.pid))
            wait = MEMORY_SAMPLED_EVERY

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, _ = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    # Not the child's ru_maxrss: exec folds the high-water mark of the memory it replaces into it,
    # and a child of this process starts as a copy of it. Measured after the largest corpus's search,
    # plain Pelican on 1,000 articles showed 308 MB that way, where its samples show 61 MB.
    return Run(elapsed, peak[0])


def our_build(settings: Path) -> list[str]:
    """What ./dev build runs: a full build, or an update in place from the build kept on disk."""
    return [sys.executable, "-c",
            "import gc, sys; sys.path[:0] = [%r, %r]\n"
            "from toandan.build.publish import quiet_logging\n"
            "from toandan.build.live import build_or_update\n"
            "quiet_logging(); build_or_update(%r, %r); gc.freeze()" % (str(ROOT), str(ROOT / "plugins"), str(settings),
                                                                    str(settings.parent / "output"))]


def settle(settings: Path) -> float:
    """Waits for the process that saves the build for the next one (toandan.build.snapshot) to finish:
    it would otherwise run beside the next measurement. Answers the seconds waited."""
    from toandan.build import snapshot
    from toandan.build.publish import load_settings

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
            "from toandan.build.publish import quiet_logging, read_site\n"
            "from toandan.search import update_index\n"
            "from toandan.build.plugin_settings import plugin_settings\n"
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
            "from toandan.build.publish import quiet_logging\n"
            "from toandan.build.live import LiveSite\n"
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


def measure_builds(settings: dict, runs: int) -> dict:
    site, plain = settings["site"].parent, settings["plain"].parent
    ours, kept, theirs = [], [], []
    for number in range(runs):
        # A pair of cold builds, each run's in the other order: the machine's speed drifts by a tenth
        # within minutes here, and a build may follow the writing back of the one before it.
        for builder in (("ours", "plain") if number % 2 == 0 else ("plain", "ours")):
            if builder == "ours":
                clean(site, "output", ".output-builds", "cache", "var")
                ours.append(timed(our_build(settings["site"]), site))
                kept.append(settle(settings["site"]))
            else:
                clean(plain, "output", "cache")
                theirs.append(timed(plain_build(settings["plain"]), plain))
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
        edited = timed(our_build(settings["site"]), site)
        one_article.append(Run(edited.seconds + settle(settings["site"]), edited.peak_mb))  # the save included
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
        "ours_seconds": median([r.seconds + k for r, k in zip(ours, kept)]),
        "ours_published_seconds": median([r.seconds for r in ours]), "ours_peak_mb": median([r.peak_mb for r in ours]),
        "ours_kept_seconds": median(kept),
        "plain_seconds": median([r.seconds for r in theirs]), "plain_peak_mb": median([r.peak_mb for r in theirs]),
        "build_ratio": median([(a.seconds + k) / b.seconds for a, k, b in zip(ours, kept, theirs)]),
        "build_pairs": [(a.seconds + k, b.seconds) for a, k, b in zip(ours, kept, theirs)],
        "rebuild_article_seconds": median([r.seconds for r in one_article]),
        "rebuild_template_seconds": median([r.seconds for r in one_template]),
        "plain_rebuild_article_seconds": median([r.seconds for r in plain_article]),
        "index_seconds_full": median(alone), "index_seconds_in_build": index["seconds"],
        "index_bytes": index["size_bytes"],
        "index_documents": index["documents"], "index_seconds_incremental": incremental["seconds"],
        "index_updated_incremental": incremental["updated"] + incremental["added"],
    }


def measure_search(site: Path, rounds: int) -> dict:
    """Each query of the corpus's mix (queries.query_mix) timed rounds times, after the warm-up."""
    from toandan.search import SearchIndex
    from toandan.vietnamese.text import fold

    mix = query_mix(site)
    index = SearchIndex(site / "var" / "search-index")
    started = time.perf_counter()
    index.search(mix[0])  # opens the index and reads the postings of its words only
    cold_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    index.warm()  # what the endpoint does when it starts: the postings of every common term
    warm_seconds = time.perf_counter() - started
    timings: dict[str, list[float]] = {"all": [], "phrases": [], "accented": [], "plain": []}
    for _ in range(rounds):
        for query in mix:
            started = time.perf_counter()
            index.search(query)
            took = (time.perf_counter() - started) * 1000
            timings["all"].append(took)
            timings["plain" if fold(query) == query else "accented"].append(took)
            if is_phrase(query):
                timings["phrases"].append(took)
    figures = {name: {"p50": percentile(v, 0.5), "p95": percentile(v, 0.95), "p99": percentile(v, 0.99),
                      "max": max(v), "n": len(v)} for name, v in timings.items()}
    return {**figures, "cold_ms": cold_ms, "warm_seconds": warm_seconds, "queries": len(mix),
            "phrase_share": sum(map(is_phrase, mix)) / len(mix)}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(command: list[str], env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the server did not start")


def wrk(url: str, seconds: int, script: str | None = None, connections: int = 50) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command[1:1] = ["-s", lua.name]
        output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)

    def latency(label: str) -> float | None:
        found = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", output)
        if not found or float(found.group(1)) == 0:
            return None  # wrk reports no latency when every request timed out
        return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]

    non_2xx = int(errors.group(1)) if errors else 0
    return {"rps": rps, "p50_ms": latency("50"), "p99_ms": latency("99"), "non_2xx": non_2xx,
            "answered_rps": rps * (requests - non_2xx) / requests if requests else 0.0,
            "timeouts": int(timeouts.group(1)) if timeouts else 0}


def _median_run(runs: list[dict]) -> dict:
    """The median of each figure over wrk runs of one route."""
    def middle(name):
        values = [r[name] for r in runs if r[name] is not None]
        return median(values)

    return {"rps": middle("rps"), "p50_ms": middle("p50_ms"), "p99_ms": middle("p99_ms"),
            "non_2xx": sum(r["non_2xx"] for r in runs), "timeouts": sum(r["timeouts"] for r in runs),
            "runs": len(runs)}


def measure_endpoint(site: Path, seconds: int, rounds: int = 1) -> dict:
    queries = query_mix(site)
    """Hello worlds and the endpoint on the same server (uvicorn), all started first; then rounds of
    wrk against each in turn, so a drift of the machine touches each alike. Figures are medians over
    the rounds, the ratio the median of each round's ratio."""
    folder = Path(tempfile.mkdtemp(prefix="bench-endpoint-"))
    manifest = site / "output" / "articles.json"
    ids = [a["id"] for a in json.loads(manifest.read_text(encoding="utf-8"))["articles"]]
    servers: list[subprocess.Popen] = []
    try:
        (folder / "hello.py").write_text(HELLO)
        (folder / "starlette_hello.py").write_text(STARLETTE_HELLO)
        urls = {}
        for name, module in (("hello", "hello:app"), ("hello_starlette", "starlette_hello:app")):
            port = _free_port()
            servers.append(_serve([sys.executable, "-m", "uvicorn", "--app-dir", str(folder), module,
                                   "--port", str(port), "--no-access-log", "--log-level", "warning"], {}, port))
            urls[name] = f"http://127.0.0.1:{port}/"
        port = _free_port()
        origin = f"http://127.0.0.1:{port}"
        env = {"TOANDAN_DATABASE": f"sqlite:///{folder / 'bench.sqlite3'}", "TOANDAN_MANIFEST": str(manifest),
               "TOANDAN_SEARCH_INDEX": str(site / "var" / "search-index"), "TOANDAN_ORIGINS": origin,
               "TOANDAN_WRITE_RATE": "100000000", "TOANDAN_READ_RATE": "100000000"}
        servers.append(_serve([sys.executable, "-m", "endpoint", "--port", str(port)], env, port))
        import httpx
        with httpx.Client(timeout=300) as client:
            # The search worker reads the index's common postings when the endpoint starts; a first
            # search is answered after that, so no measurement shares the cores with the warm-up.
            client.get(f"{origin}/api/search", params={"q": queries[0]}).raise_for_status()
        scripts = {"hello": None, "hello_starlette": None, "views": WRK_POST.format(origin=origin)}
        urls["views"] = f"{origin}/api/views/{ids[0]}"
        measured: dict[str, list[dict]] = {name: [] for name in scripts}
        for _ in range(rounds):
            for name, script in scripts.items():
                measured[name].append(wrk(urls[name], seconds, script))
        results = {name: _median_run(runs) for name, runs in measured.items()}
        results["views_ratio"] = median([v["rps"] / h["rps"] for v, h in zip(measured["views"], measured["hello"])])
        results["views_ratio_starlette"] = median(
            [v["rps"] / h["rps"] for v, h in zip(measured["views"], measured["hello_starlette"])])
        stats_url = f"{origin}/api/stats?ids={','.join(ids[:20])}"
        results["stats"] = wrk(stats_url, seconds)
        quoted = ", ".join(json.dumps(quote_plus(q)) for q in queries)
        # One search at a time by default (TOANDAN_SEARCH_SLOTS): measured with one client, and with 50
        # connections of one address, whose searches beyond the first running are refused at once (429).
        search = WRK_SEARCH.format(queries=quoted)
        results["search"] = wrk(f"{origin}/api/search", seconds, search, connections=1)
        results["search_50"] = wrk(f"{origin}/api/search", seconds, search)
        single = []
        with httpx.Client() as client:
            for _ in range(200):
                started = time.perf_counter()
                client.get(stats_url)
                single.append((time.perf_counter() - started) * 1000)
        results["stats_single_p50_ms"] = percentile(single, 0.5)
        results["rounds"] = rounds
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait()
        shutil.rmtree(folder, ignore_errors=True)
    return results


def machine() -> dict:
    cpu = "unknown"
    if Path("/proc/cpuinfo").exists():
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = "unknown"
    if Path("/proc/meminfo").exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kb / 1024 / 1024:.1f} GiB"
    from importlib.metadata import version
    packages = {name: version(name) for name in ("pelican", "markdown", "whoosh-reloaded", "numpy", "typogrify",
                                                 "starlette", "uvicorn", "pillow", "beautifulsoup4")}
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": memory, "python": platform.python_version(),
            "system": platform.platform(), "packages": packages}


def run(folder: Path, sizes: list[int], runs: int, endpoint_seconds: int, quick: bool,
        endpoint_rounds: int = 1, corpora: tuple[str, ...] = tuple(CORPORA)) -> Results:
    """Every figure for each corpus and size (figures[corpus][size]); the endpoint on the first
    corpus's largest site."""
    results = Results(quick, runs, sizes, corpora=list(corpora))
    results.figures["machine"] = machine()
    try:
        for corpus in corpora:
            # The largest corpus first: the rebuilds measured on a corpus remove the build before last
            # (toandan.build.atomic.prune), and the cold builds of the headline would follow those removals.
            for size in sorted(sizes, reverse=True):
                settings = generate(folder / corpus / str(size), size, corpus=corpus)
                builds = measure_builds(settings, runs)
                search = measure_search(settings["site"].parent, rounds=3 if quick else 5)
                results.figures.setdefault(corpus, {})[size] = {"builds": builds, "search": search}
        largest = folder / corpora[0] / str(max(sizes)) / "site"
        results.figures["endpoint"] = measure_endpoint(largest, endpoint_seconds, endpoint_rounds)
    finally:
        for corpus in corpora:  # what the measurements set aside, once none is left to disturb
            remove(trash_of(folder / corpus))
    return results
