"""What each accelerator gains: the same builds and searches with it turned off by name
(TOANDAN_ACCELERATE_OFF), with all on and with all off (TOANDAN_ACCELERATE=0), in alternated rounds.

Each figure is CPU time, which another program running on the machine disturbs far less than wall
time: every process of the build's, its background save included, and each query's in this
process. A gain is the share of the figure with the accelerator off that it saves:
(off - on) / off. The builds' wall time is kept beside, the background save included.
"""

import os
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from toandan.accelerate import ENVIRONMENT, ENVIRONMENT_OFF
from toandan.building.atomic import remove

from .builds import clean, our_build, settle
from .corpus import generate, trash_of
from .processes import median, timed
from .run import machine
from .searching import measure_search

# Every accelerator by the name its check and TOANDAN_ACCELERATE_OFF know it by.
ACCELERATORS = ("gc.freeze", "markdown.inline", "pelican.writer", "pelican.in_place",
                "pillow.glyphs", "whoosh")
ALL_ON, ALL_OFF = "", "*"
START, END = "<!-- accelerators:start -->", "<!-- accelerators:end -->"


def _switches(off: str) -> dict:
    """The environment that turns off what `off` names: one accelerator, all of them, or none."""
    if off == ALL_OFF:
        return {ENVIRONMENT: "0"}
    return {ENVIRONMENT_OFF: off} if off else {}


def _build(settings: Path, site: Path) -> tuple[float, float]:
    """CPU seconds of one build (every process it started, its background save included) and its
    wall seconds until that save is done."""
    run = timed(our_build(settings), site, after=lambda: settle(settings))
    return run.cpu_seconds, run.total_seconds


@contextmanager
def _environment(off: str):
    """This process's environment as _switches(off) sets it (the search is measured in-process)."""
    saved = {name: os.environ.pop(name, None) for name in (ENVIRONMENT, ENVIRONMENT_OFF)}
    os.environ.update(_switches(off))
    try:
        yield
    finally:
        for name, value in saved.items():
            os.environ.pop(name, None)
            if value is not None:
                os.environ[name] = value


def measure(folder: Path, sizes: list[int], runs: int, corpus: str = "news",
            accelerators: tuple[str, ...] = ACCELERATORS) -> dict:
    """figures[size][off] = medians of the cold build, the one-article rebuild (each the save
    included in its wall time) and the search mix's p95, with `off` turned off."""
    configurations = (ALL_ON, *accelerators, ALL_OFF)
    figures: dict = {}
    try:
        for size in sorted(sizes, reverse=True):
            settings = generate(folder / corpus / str(size), size, corpus=corpus)
            site = settings["site"].parent
            article = sorted((site / "content" / "articles").rglob("*.md"))[3]
            samples = {off: {"cold": [], "cold_wall": [], "rebuild": [], "search_p95": []} for off in configurations}
            for number in range(runs):
                # Each round in the other order: the machine's speed drifts within minutes.
                for off in configurations if number % 2 == 0 else configurations[::-1]:
                    with _environment(off):
                        clean(site, "output", ".output-builds", "cache", "var")
                        cpu, wall = _build(settings["site"], site)
                        samples[off]["cold"].append(cpu)
                        samples[off]["cold_wall"].append(wall)
                        text = article.read_text(encoding="utf-8")
                        article.write_text(text + f"\nThêm một câu {number}.\n", encoding="utf-8")
                        samples[off]["rebuild"].append(_build(settings["site"], site)[0])
                        samples[off]["search_p95"].append(measure_search(site, rounds=2)["cpu"]["p95"])
            figures[size] = {off: {name: median(values) for name, values in measured.items()}
                             for off, measured in samples.items()}
    finally:
        remove(trash_of(folder / corpus))
    return {"corpus": corpus, "runs": runs, "sizes": sorted(sizes), "accelerators": accelerators,
            "figures": figures, "machine": machine()}


def _gain(on: float, off: float) -> str:
    return f"{(off - on) / off * 100:+.1f}%" if off else "–"


def markdown(results: dict) -> str:
    """The table for docs/benchmarks.md, between its markers."""
    m = results["machine"]
    lines = [START, "", f"Run on {datetime.now():%Y-%m-%d %H:%M} by `./dev bench --accelerators`, {m['cores']} cores, "
             f"{m['cpu']}; corpus `{results['corpus']}`, each figure the median of {results['runs']} run(s), the "
             "configurations in alternated order. CPU time (every process of a build, its background save "
             "included; each query's in the measuring process); the cold build's wall time beside it. "
             "Gain: the share of the figure with the accelerator off that it saves.", ""]
    header = "| accelerator turned off |"
    rule = "| --- |"
    for size in results["sizes"]:
        header += (f" {size}: cold build, CPU | gain | (wall) | rebuild, one article, CPU | gain |"
                   f" search p95, CPU | gain |")
        rule += " ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    lines += [header, rule]
    for off in (ALL_ON, *results["accelerators"], ALL_OFF):
        row = f"| {'none (all on)' if off == ALL_ON else 'all (stock paths)' if off == ALL_OFF else f'`{off}`'} |"
        for size in results["sizes"]:
            on, this = results["figures"][size][ALL_ON], results["figures"][size][off]
            row += (f" {this['cold']:.2f} s | {_gain(on['cold'], this['cold'])} | {this['cold_wall']:.1f} s |"
                    f" {this['rebuild']:.2f} s | {_gain(on['rebuild'], this['rebuild'])} |"
                    f" {this['search_p95']:.1f} ms | {_gain(on['search_p95'], this['search_p95'])} |")
        lines.append(row)
    return "\n".join(lines + ["", END])


def write(results: dict, path: Path) -> Path:
    """Replaces the table between the markers in path, or adds it at the end with its heading."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    table = markdown(results)
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + table + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## What each accelerator gains\n\n" + table + "\n"
    path.write_text(text, encoding="utf-8")
    return path
