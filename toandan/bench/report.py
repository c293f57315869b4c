"""docs/benchmarks.md: the figures between markers, rewritten each run; the analysis around them kept."""

from datetime import datetime
from pathlib import Path

from toandan.search import WARM_DF

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
HEADER = """# Benchmarks

Figures below the line are written by `./dev bench` (full mode); `./dev bench --quick` writes the same
tables to `var/benchmarks-quick.md` for development. The analysis after the figures is written by hand.

"""


def _s(value) -> str:
    return "–" if value is None else f"{value:.2f} s"


def _ms(value) -> str:
    return "–" if value is None else f"{value:.1f} ms"


def _mb(value) -> str:
    return "–" if value is None else f"{value:.0f} MB"


def targets(figures: dict, sizes: list[int]) -> list[tuple[str, str, bool]]:
    big = figures[max(sizes)]
    builds, search, endpoint = big["builds"], big["search"]["all"], figures["endpoint"]
    ratio = builds["build_ratio"]
    return [
        (f"full build of {max(sizes)} articles no slower than plain Pelican (ratio ≤ 1,0)", f"{ratio:.2f}", ratio <= 1.0),
        (f"warm rebuild after one article's text of {max(sizes)} under 3 s, in ./dev livereload",
         _s(builds["live_article_seconds"]), builds["live_article_seconds"] < 3),
        (f"warm rebuild after one article of {max(sizes)} under 3 s, one-shot ./dev build",
         _s(builds["rebuild_article_seconds"]), builds["rebuild_article_seconds"] < 3),
        (f"peak memory of a {max(sizes)}-article build under 1 GB", _mb(builds["ours_peak_mb"]),
         builds["ours_peak_mb"] < 1024),
        (f"full search index of {max(sizes)} articles under 60 s", _s(builds["index_seconds_full"]),
         builds["index_seconds_full"] < 60),
        ("search p95 under 25 ms (one- to three-word queries)", _ms(search["p95"]), search["p95"] < 25),
        ("view hits ≥ 50% of hello-world throughput (bare ASGI app)", f"{endpoint['views_ratio'] * 100:.0f}%",
         endpoint["views_ratio"] >= 0.5),
        ("view hits p99 under 50 ms at 50 clients", _ms(endpoint["views"]["p99_ms"]),
         endpoint["views"]["p99_ms"] is not None and endpoint["views"]["p99_ms"] < 50),
        ("GET /api/stats for 20 ids under 5 ms median", _ms(endpoint["stats_single_p50_ms"]),
         endpoint["stats_single_p50_ms"] < 5),
    ]


def figures_markdown(results) -> str:
    figures, sizes = results.figures, results.sizes
    machine = figures["machine"]
    lines = [START, "", f"Run on {datetime.now():%Y-%m-%d %H:%M} in {'quick' if results.quick else 'full'} mode; "
             f"every build figure is the median of {results.runs} run(s).", "",
             "## Machine", "",
             f"- {machine['cpu']}, {machine['cores']} cores, {machine['memory']}; Python {machine['python']}; "
             f"{machine['system']}",
             "- " + ", ".join(f"{name} {version}" for name, version in machine["packages"].items()), "",
             "## Commands", "",
             "- ours: what `./dev build` runs, `toandan.build.live.build_or_update()`, with `pelicanconf.py` (every "
             "plugin on: content model, listings, manifest, images, article HTML, search index, roundup, reuse; "
             "typogrify on), in a process of its own; the full build starts without caches and builds into a fresh "
             "directory; a rebuild uses the previous build's, and after one article's text changed updates in place "
             "from the build kept on disk. The kept build, and after a full build its page digests, are saved by a "
             "background process after publishing; the next measurement starts once they are saved, and the "
             "builds table gives how long after the full build that took",
             "- live: `./dev livereload`'s loop without its server (`toandan.build.live.LiveSite` under `watchfiles`), "
             "after its first full build; timed from saving a sentence added to one article to the update's "
             "report, so the file watcher's delay is included",
             "- plain: `pelican -s plain.py` on the same Markdown with Pelican's own metadata, default theme, "
             "no plugins, content cache on",
             "- full builds: ours and plain Pelican in pairs, ours first in the first run, plain Pelican first in "
             "the next, and so on; the ratio is the median of each pair's ratio, the times the medians of each",
             "- before each full build, of ours and of plain Pelican alike, the last build's output and caches "
             "are set aside in one rename and removed after the last measurement: on this machine's ext4, "
             "which has no journal, files created within about six minutes of many removed cost several times "
             "as much (see the analysis); and the largest corpus is measured first, so that its cold builds follow "
             "none of the removals that the smaller corpus's rebuilds make",
             "- endpoint: `wrk -t1 -c50 --latency` on 127.0.0.1 against `python -m endpoint` (SQLite) and against "
             "a bare ASGI hello-world app on the same server (uvicorn), all started first and the endpoint's search "
             f"warm-up done, then {figures['endpoint'].get('rounds', 1)} round(s) of each in turn; the endpoint "
             "figures are medians over the rounds, the ratio the median of each round's ratio", "",
             "## Builds", "",
             "| articles | ours | plain Pelican | ratio | ours: kept build saved, after publishing (background) | "
             "peak memory, with child processes (ours / plain) | rebuild, one article changed "
             "(ours / plain) | update in ./dev livereload, one article's text changed | rebuild, one template changed |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for size in sizes:
        b = figures[size]["builds"]
        lines.append(f"| {size} | {_s(b['ours_seconds'])} | {_s(b['plain_seconds'])} | "
                     f"{b['build_ratio']:.2f} | +{_s(b['ours_kept_seconds'])} | "
                     f"{_mb(b['ours_peak_mb'])} / {_mb(b['plain_peak_mb'])} | "
                     f"{_s(b['rebuild_article_seconds'])} / {_s(b['plain_rebuild_article_seconds'])} | "
                     f"{_s(b['live_article_seconds'])}{' (with full builds)' if b['live_full_builds'] else ''} | "
                     f"{_s(b['rebuild_template_seconds'])} |")
    lines += [""] + [f"Full builds of {size} articles, each pair (ours / plain Pelican): " + ", ".join(
        f"{ours:.2f} s / {plain:.2f} s" for ours, plain in figures[size]["builds"]["build_pairs"]) + "."
        for size in sizes]
    lines += ["", "## Search", "",
              "| articles | index, full, alone | index, full, within the build | index, one article changed | index size | "
              "first query, index just opened | warm-up | p50 / p95 / p99, all queries | with diacritics | without |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for size in sizes:
        b, s = figures[size]["builds"], figures[size]["search"]
        lines.append(f"| {size} | {_s(b['index_seconds_full'])} | {_s(b.get('index_seconds_in_build'))} | "
                     f"{_s(b['index_seconds_incremental'])} "
                     f"({b['index_updated_incremental']} re-indexed) | {b['index_bytes'] / 1024 / 1024:.1f} MB | "
                     f"{_ms(s['cold_ms'])} | {_s(s['warm_seconds'])} | {_ms(s['all']['p50'])} / {_ms(s['all']['p95'])} / {_ms(s['all']['p99'])} | "
                     f"{_ms(s['accented']['p95'])} p95 | {_ms(s['plain']['p95'])} p95 |")
    e = figures["endpoint"]
    lines += ["", "The full index is timed alone, from the site as a build reads it, into a fresh folder; within "
              "a build it runs beside the pages, in a forked process of lower priority (on a thread when the "
              "build runs other threads), so its wall time there includes waiting for the cores the pages hold."]
    lines += ["", "Queries are timed after the warm-up, which the endpoint runs when it starts: it reads the "
              f"postings of every term in more than {WARM_DF} documents into memory. After a rebuild swaps in a new "
              "index, each term is read on first use, which the first-query column shows."]
    lines += ["", f"## Endpoint ({max(sizes)}-article site, 50 concurrent clients)", "",
              "| route | requests/s | p50 | p99 | non-2xx | timeouts |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, label in (("hello", "hello world, bare ASGI (same server)"),
                        ("hello_starlette", "hello world, Starlette (same server)"), ("views", "POST /api/views/{id}"),
                        ("stats", "GET /api/stats, 20 ids"),
                        ("search", "GET /api/search, 30 queries in turn, 1 client (its 1 slot)"),
                        ("search_50", "GET /api/search, the same, 50 connections of one address (429 beyond its one)")):
        w = e[name]
        lines.append(f"| {label} | {w['rps']:.0f} | {_ms(w['p50_ms'])} | {_ms(w['p99_ms'])} | {w['non_2xx']} | "
                     f"{w.get('timeouts', 0)} |")
    lines += ["", f"View hits reach **{e['views_ratio'] * 100:.0f}%** of the bare ASGI hello world's throughput "
              f"and {e['views_ratio_starlette'] * 100:.0f}% of a Starlette hello world's. "
              f"`GET /api/stats` for 20 ids from a single client: median {_ms(e['stats_single_p50_ms'])}."]
    lines += ["", f"Searches at 50 clients: {e['search_50']['answered_rps']:.0f} a second answered, against "
              f"{e['search']['rps']:.0f} from one client; the others are refused at once (429: one search at a "
              "time per client address, and wrk's connections share one), so that searching never holds up "
              "view counting (`TOANDAN_SEARCH_SLOTS` sets how many run at a time).", "",
              "## Targets", "", "| target | measured | met |", "| --- | ---: | :---: |"]
    for name, measured, met in targets(figures, sizes):
        lines.append(f"| {name} | {measured} | {'yes' if met else '**no**'} |")
    lines += ["", END]
    return "\n".join(lines)


def write(results, path: Path) -> Path:
    generated = figures_markdown(results)
    if path.exists() and START in path.read_text(encoding="utf-8"):
        text = path.read_text(encoding="utf-8")
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1] if END in rest else ""
        text = before + generated + after
    else:
        text = HEADER + generated + "\n\n## Analysis\n\nNot written yet.\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
