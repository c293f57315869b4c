"""Every measurement of ./dev bench, for each corpus and size: builds against plain Pelican
(builds), search (searching), and the endpoint under wrk (endpoint)."""

import os
import platform
import re
from dataclasses import dataclass, field
from pathlib import Path

from toandan.building.atomic import remove

from .builds import cold_pairs, measure_builds
from .corpus import CORPORA, generate, trash_of
from .endpoint import measure_endpoint
from .searching import measure_search


@dataclass
class Results:
    quick: bool
    runs: int
    sizes: list[int]
    figures: dict = field(default_factory=dict)
    corpora: list[str] = field(default_factory=lambda: list(CORPORA))


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
        # Every cold pair first, the largest sites first: the warm rebuilds measured next remove the
        # build before last (toandan.building.atomic.prune), and on some file systems files created
        # within a minute or so of many removals cost several times the system time, the more the
        # more files a build writes (docs/benchmarks.md). Nothing is removed before the cold pairs.
        sites = [(corpus, size) for corpus in corpora for size in sorted(sizes, reverse=True)]
        cold = {}
        for corpus, size in sites:
            settings = generate(folder / corpus / str(size), size, corpus=corpus)
            cold[corpus, size] = settings, cold_pairs(settings, runs)
        for corpus, size in sites:
            settings, pairs = cold[corpus, size]
            builds = measure_builds(settings, runs, pairs)
            search = measure_search(settings["site"].parent, rounds=3 if quick else 5)
            results.figures.setdefault(corpus, {})[size] = {"builds": builds, "search": search}
        largest = folder / corpora[0] / str(max(sizes)) / "site"
        results.figures["endpoint"] = measure_endpoint(largest, endpoint_seconds, endpoint_rounds)
    finally:
        for corpus in corpora:  # what the measurements set aside, once none is left to disturb
            remove(trash_of(folder / corpus))
    return results
