"""The benchmark task's smoke test on a tiny corpus: it runs and writes figures. No time is asserted."""

from toandan.bench import report
from toandan.bench.run import run


def test_bench_runs_and_writes_figures(tmp_path):
    results = run(tmp_path / "bench", [12], runs=1, endpoint_seconds=1, quick=True)
    written = report.write(results, tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    builds = results.figures[12]["builds"]
    assert builds["ours_seconds"] > 0 and builds["plain_seconds"] > 0 and builds["index_documents"] == 14
    assert builds["index_updated_incremental"] == 1  # one article edited, one re-indexed
    assert len(builds["build_pairs"]) == 1 and builds["build_ratio"] > 0
    assert "each pair (ours / plain Pelican)" in written
    assert builds["live_article_seconds"] > 0 and builds["live_full_builds"] == 0  # text edits, in place
    assert results.figures["endpoint"]["views"]["rps"] > 0
    assert results.figures["endpoint"]["views"]["non_2xx"] == 0
    assert results.figures["endpoint"]["search"]["non_2xx"] == 0
    assert results.figures["endpoint"]["search_50"]["answered_rps"] > 0  # the rest refused while busy
    # What measurements replace is set aside while they run, and removed after the last: nothing left.
    assert sorted(p.name for p in (tmp_path / "bench").iterdir()) == ["12"]
    for heading in ("## Builds", "## Search", "## Endpoint", "## Targets", "## Analysis"):
        assert heading in written
    (tmp_path / "benchmarks.md").write_text(written.replace("Not written yet.", "Kept by hand."))
    assert "Kept by hand." in report.write(results, tmp_path / "benchmarks.md").read_text()


def test_peak_memory_counts_child_processes(tmp_path):
    """A build's index writers are child processes: their memory is the build's memory too."""
    import sys

    from toandan.bench.run import timed

    hold = "import os, time\npid = os.fork()\nheld = b'x' * (100 << 20)\ntime.sleep(2.5)\n" \
           "os._exit(0) if pid == 0 else os.waitpid(pid, 0)\n"
    run = timed([sys.executable, "-c", hold], tmp_path)
    assert run.peak_mb > 190  # 100 MB in each process; the larger of the two alone would be about 110
