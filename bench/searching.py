"""Search measured: the corpus's query mix against the index a build wrote."""

import time
from pathlib import Path

from .processes import percentile
from .queries import is_phrase, query_mix


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
    # "cpu": each query's CPU time, which other work on the machine disturbs far less than wall time.
    timings: dict[str, list[float]] = {"all": [], "phrases": [], "accented": [], "plain": [], "cpu": []}
    for _ in range(rounds):
        for query in mix:
            started, cpu_started = time.perf_counter(), time.process_time()
            index.search(query)
            took = (time.perf_counter() - started) * 1000
            timings["cpu"].append((time.process_time() - cpu_started) * 1000)
            timings["all"].append(took)
            timings["plain" if fold(query) == query else "accented"].append(took)
            if is_phrase(query):
                timings["phrases"].append(took)
    figures = {name: {"p50": percentile(v, 0.5), "p95": percentile(v, 0.95), "p99": percentile(v, 0.99),
                      "max": max(v), "n": len(v)} for name, v in timings.items()}
    return {**figures, "cold_ms": cold_ms, "warm_seconds": warm_seconds, "queries": len(mix),
            "phrase_share": sum(map(is_phrase, mix)) / len(mix)}
