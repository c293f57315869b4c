"""docs/benchmarks.md: the figures between markers, rewritten each run; the analysis around them kept."""

from datetime import datetime
from pathlib import Path


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


BUILD_RATIO_TARGETS = ((1000, 1.2), (2000, 1.0), (10000, 1.0))  # articles, most times plain Pelican's


def targets(figures: dict, sizes: list[int], corpora: list[str]) -> list[tuple[str, str, bool]]:
    """Each target, as measured on every corpus: met only when met on all of them."""
    big = max(sizes)

    def each(measure, met) -> tuple[str, bool]:
        values = [measure(figures[corpus]) for corpus in corpora]
        shown = " / ".join("–" if value is None else value[0] for value in values)
        return shown, all(value is not None and met(value[1]) for value in values)

    rows = []
    for size, most in BUILD_RATIO_TARGETS:
        if size in sizes:
            shown, met = each(lambda c: (f"{c[size]['builds']['build_ratio']:.2f}", c[size]["builds"]["build_ratio"]),
                              lambda ratio, most=most: ratio <= most)
            rows.append((f"full build of {size} articles, the save included, ≤ {most:.1f}× plain Pelican at its "
                         "defaults", shown, met))
    builds = lambda c: c[big]["builds"]  # noqa: E731
    search = lambda c: c[big]["search"]["all"]  # noqa: E731
    rows += [
        (f"one article's text edited, {big} articles, `./dev build` to published and saved, under 3 s",
         *each(lambda c: (_s(builds(c)["rebuild_article_seconds"]), builds(c)["rebuild_article_seconds"]),
               lambda v: v < 3)),
        (f"peak memory of a {big}-article build under 1 GB",
         *each(lambda c: (_mb(builds(c)["ours_peak_mb"]), builds(c)["ours_peak_mb"]), lambda v: v < 1024)),
        (f"search p95 under 25 ms, whole mix, phrases included ({big} articles)",
         *each(lambda c: (_ms(search(c)["p95"]), search(c)["p95"]), lambda v: v < 25)),
        (f"search p99 under 50 ms, whole mix, phrases included ({big} articles)",
         *each(lambda c: (_ms(search(c)["p99"]), search(c)["p99"]), lambda v: v < 50)),
    ]
    endpoint = figures["endpoint"]
    rows += [
        ("view hits ≥ 50% of hello-world throughput (bare ASGI app)", f"{endpoint['views_ratio'] * 100:.0f}%",
         endpoint["views_ratio"] >= 0.5),
        ("view hits p99 under 50 ms at 50 clients", _ms(endpoint["views"]["p99_ms"]),
         endpoint["views"]["p99_ms"] is not None and endpoint["views"]["p99_ms"] < 50),
        ("GET /api/stats for 20 ids under 5 ms median", _ms(endpoint["stats_single_p50_ms"]),
         endpoint["stats_single_p50_ms"] < 5),
    ]
    return rows


def _table(figures: dict, sizes: list[int], corpora: list[str], columns: list[tuple[str, object]]) -> list[str]:
    """One row per corpus and size: columns are (heading, cell), where cell(builds, search) is the text."""
    lines = ["| corpus | articles | " + " | ".join(heading for heading, _ in columns) + " |",
             "| --- | ---: |" + " ---: |" * len(columns)]
    for corpus in corpora:
        for size in sizes:
            measured = figures[corpus][size]
            lines.append(f"| {corpus} | {size} | " + " | ".join(cell(measured["builds"], measured["search"])
                                                            for _, cell in columns) + " |")
    return lines


BUILD_COLUMNS = [
    ("ours, save included", lambda b, s: _s(b["ours_seconds"])),
    ("ours, to published", lambda b, s: _s(b["ours_published_seconds"])),
    ("plain Pelican", lambda b, s: _s(b["plain_seconds"])),
    ("ratio", lambda b, s: f"{b['build_ratio']:.2f}"),
    ("CPU time, all processes (ours / plain)", lambda b, s: f"{_s(b.get('ours_cpu_seconds'))} / "
                                                            f"{_s(b.get('plain_cpu_seconds'))}"),
    ("peak memory, with child processes (ours / plain)", lambda b, s: f"{_mb(b['ours_peak_mb'])} / "
                                                                      f"{_mb(b['plain_peak_mb'])}"),
    ("rebuild, one article changed, save included (ours / plain)",
     lambda b, s: f"{_s(b['rebuild_article_seconds'])} / {_s(b['plain_rebuild_article_seconds'])}"),
    ("update in ./dev livereload, one article's text changed",
     lambda b, s: _s(b["live_article_seconds"]) + (" (with full builds)" if b["live_full_builds"] else "")),
    ("rebuild, one template changed", lambda b, s: _s(b["rebuild_template_seconds"])),
]
SEARCH_COLUMNS = [
    ("index, full, alone", lambda b, s: _s(b["index_seconds_full"])),
    ("index, full, within the build", lambda b, s: _s(b.get("index_seconds_in_build"))),
    ("index, one article changed",
     lambda b, s: f"{_s(b['index_seconds_incremental'])} ({b['index_updated_incremental']} re-indexed)"),
    ("index size", lambda b, s: f"{b['index_bytes'] / 1024 / 1024:.1f} MB"),
    ("first query, index just opened", lambda b, s: _ms(s["cold_ms"])),
    ("warm-up", lambda b, s: _s(s["warm_seconds"])),
    ("whole mix p50 / p95 / p99", lambda b, s: " / ".join(_ms(s["all"][p]) for p in ("p50", "p95", "p99"))),
    ("phrases p50 / p95 / p99 (max)", lambda b, s: " / ".join(_ms(s["phrases"][p]) for p in ("p50", "p95", "p99"))
     + f" ({_ms(s['phrases']['max'])})"),
    ("with diacritics p95", lambda b, s: _ms(s["accented"]["p95"])),
    ("without p95", lambda b, s: _ms(s["plain"]["p95"])),
]


def _build_pairs(figures: dict, sizes: list[int], corpora: list[str]) -> list[str]:
    lines = []
    for corpus in corpora:
        for size in sizes:
            builds = figures[corpus][size]["builds"]
            cpu = builds.get("build_cpu_pairs") or [None] * len(builds["build_pairs"])
            pairs = ", ".join(f"{ours:.2f} s / {plain:.2f} s" + (f" (CPU {c[0]:.1f} / {c[1]:.1f} s)" if c else "")
                              for (ours, plain), c in zip(builds["build_pairs"], cpu))
            lines.append(f"Full builds of the {corpus} corpus's {size} articles, each pair (ours, save included / "
                         f"plain Pelican): {pairs}.")
    return lines


def _written(figures: dict, sizes: list[int], corpora: list[str]) -> list[str]:
    """Files and bytes each cold build left, by kind (builds.written), at the largest size."""
    big = max(sizes)
    lines = ["| corpus | build | kind | files | MB |", "| --- | --- | --- | ---: | ---: |"]
    for corpus in corpora:
        builds = figures[corpus][big]["builds"]
        for name, key in (("ours", "ours_written"), ("plain Pelican", "plain_written")):
            kinds = builds.get(key) or {}
            for kind, (files, size) in sorted(kinds.items(), key=lambda item: -item[1][1]):
                lines.append(f"| {corpus} | {name} | {kind} | {files} | {size / 1e6:.1f} |")
            lines.append(f"| {corpus} | {name} | **all** | {sum(f for f, _ in kinds.values())} | "
                         f"{sum(b for _, b in kinds.values()) / 1e6:.1f} |")
    return lines


def figures_markdown(results) -> str:
    figures, sizes, corpora = results.figures, results.sizes, results.corpora
    machine = figures["machine"]
    some = figures[corpora[0]][sizes[0]]["search"]
    lines = [START, "", f"Run on {datetime.now():%Y-%m-%d %H:%M} in {'quick' if results.quick else 'full'} mode; "
             f"every build figure is the median of {results.runs} run(s).", "",
             "## Machine", "",
             f"- {machine['cpu']}, {machine['cores']} cores, {machine['memory']}; Python {machine['python']}; "
             f"{machine['system']}",
             "- " + ", ".join(f"{name} {version}" for name, version in machine["packages"].items()), "",
             "## Corpora", "",
             "- news: syllables drawn by their use in the sample articles, paragraphs of three to five sentences, "
             "two to four tags of sixty, some headings, links and images, statistics in six articles of ten",
             "- figures: syllables drawn as they follow each other in the sample articles, one long sentence a "
             "paragraph, at most one tag of six, no headings, links or images, statistics in nine articles of ten "
             "in every written form the content model reads (a share as a list of blocks), and in the text", "",
             "## Commands", "",
             "- ours: what `./dev build` runs, `toandan.building.live.build_or_update()`, with `pelicanconf.py` (every "
             "plugin on), in a process of its own; the full build starts without caches and builds into a fresh "
             "directory. The kept build (and after a full build its page digests) is saved by a background process "
             "after publishing; our times include waiting for it, since the next build cannot start before, and "
             "the builds table also gives the time to published alone",
             "- live: `./dev livereload`'s loop without its server (`toandan.building.live.LiveSite` under `watchfiles`), "
             "after its first full build; timed from saving a sentence added to one article to the update's report",
             "- plain: `pelican -s plain.py` on the same Markdown with Pelican's own metadata, default theme, "
             "no plugins, every setting at Pelican's default (no content cache, its feeds as it ships them)",
             "- full builds: ours and plain Pelican in pairs, ours first in the first run, plain Pelican first in "
             "the next, and so on; the ratio is the median of each pair's ratio, the times the medians of each",
             "- before each full build, of ours and of plain Pelican alike, the last build's output and caches "
             "are set aside in one rename and removed after the last measurement; every site's cold pairs, "
             "the largest first, are measured before any other build",
             f"- search: a fixed mix of {some['queries']} queries drawn from each corpus's own articles "
             "(`bench.queries`): common and rare words alone and by two or three, typed with and without "
             f"diacritics, numbers as written, and {some['phrase_share'] * 100:.0f}% quoted phrases of two to four "
             "syllables, most from the text's commonest pairs; each timed in every round, after the warm-up",
             "- endpoint: `wrk -t1 -c50 --latency` on 127.0.0.1 against `python -m endpoint` (SQLite) and against "
             "a bare ASGI hello-world app on the same server (uvicorn), on the first corpus's largest site, "
             f"{figures['endpoint'].get('rounds', 1)} round(s) of each in turn; the ratio the median of each "
             "round's ratio", "",
             "## Builds", "", *_table(figures, sizes, corpora, BUILD_COLUMNS), "",
             *_build_pairs(figures, sizes, corpora), "",
             f"What one cold build of {max(sizes)} articles leaves, by kind (a file linked twice counts its bytes "
             "once; ours beside the published build: the caches, the search index, the kept build):", "",
             *_written(figures, sizes, corpora), "",
             "## Search", "", *_table(figures, sizes, corpora, SEARCH_COLUMNS)]
    e = figures["endpoint"]
    lines += ["", f"## Endpoint ({max(sizes)}-article site, 50 concurrent clients)", "",
              "| route | requests/s | p50 | p99 | non-2xx | timeouts |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, label in (("hello", "hello world, bare ASGI (same server)"),
                        ("hello_starlette", "hello world, Starlette (same server)"), ("views", "POST /api/views/{id}"),
                        ("stats", "GET /api/stats, 20 ids"),
                        ("search", "GET /api/search, the query mix in turn, 1 client (its 1 slot)"),
                        ("search_50", "GET /api/search, the same, 50 connections of one address (429 beyond its one)")):
        w = e[name]
        lines.append(f"| {label} | {w['rps']:.0f} | {_ms(w['p50_ms'])} | {_ms(w['p99_ms'])} | {w['non_2xx']} | "
                     f"{w.get('timeouts', 0)} |")
    lines += ["", f"View hits reach **{e['views_ratio'] * 100:.0f}%** of the bare ASGI hello world's throughput "
              f"and {e['views_ratio_starlette'] * 100:.0f}% of a Starlette hello world's. "
              f"`GET /api/stats` for 20 ids from a single client: median {_ms(e['stats_single_p50_ms'])}.",
              "", "## Targets", "", f"Measured on each corpus ({' / '.join(corpora)}); met only when met on all.", "",
              "| target | measured | met |", "| --- | ---: | :---: |"]
    for name, measured, met in targets(figures, sizes, corpora):
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
