"""The benchmark task's smoke test on tiny corpora: it runs and writes figures. No time is asserted."""

from bench import report
from bench.queries import is_phrase, query_mix
from bench.run import run


def test_bench_runs_and_writes_figures_for_both_corpora(tmp_path):
    results = run(tmp_path / "bench", [12], runs=1, endpoint_seconds=1, quick=True)
    written = report.write(results, tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    assert results.corpora == ["news", "figures"]
    for corpus in results.corpora:
        builds, search = results.figures[corpus][12]["builds"], results.figures[corpus][12]["search"]
        assert builds["ours_seconds"] > builds["ours_published_seconds"] > 0 and builds["plain_seconds"] > 0
        assert builds["index_documents"] == 14 and builds["index_updated_incremental"] == 1
        assert len(builds["build_pairs"]) == 1 and builds["build_ratio"] > 0
        assert builds["ours_cpu_seconds"] > 0 and builds["plain_cpu_seconds"] > 0 and builds["build_cpu_ratio"] > 0
        assert builds["ours_written"]["article pages"][0] == 12 and builds["plain_written"]["pages in the root/"][0] > 12
        assert any(kind.startswith("var/") for kind in builds["ours_written"])  # the search index, beside the build
        assert builds["live_article_seconds"] > 0 and builds["live_full_builds"] == 0  # text edits, in place
        assert search["queries"] >= 300 and search["phrase_share"] >= 0.15
        assert search["phrases"]["n"] == round(search["all"]["n"] * search["phrase_share"])
        assert f"| {corpus} | 12 |" in written
    assert "each pair (ours, save included / plain Pelican)" in written and "(CPU " in written
    assert "| news | ours | article pages | 12 |" in written
    assert results.figures["endpoint"]["views"]["rps"] > 0
    assert results.figures["endpoint"]["views"]["non_2xx"] == 0
    assert results.figures["endpoint"]["search"]["non_2xx"] == 0
    assert results.figures["endpoint"]["search_50"]["answered_rps"] > 0  # the rest refused while busy
    # What measurements replace is set aside while they run, and removed after the last: nothing left.
    assert sorted(p.name for p in (tmp_path / "bench").iterdir()) == ["figures", "news"]
    assert all(sorted(p.name for p in (tmp_path / "bench" / corpus).iterdir()) == ["12"] for corpus in results.corpora)
    for heading in ("## Corpora", "## Builds", "## Search", "## Endpoint", "## Targets", "## Analysis"):
        assert heading in written
    (tmp_path / "benchmarks.md").write_text(written.replace("Not written yet.", "Kept by hand."))
    assert "Kept by hand." in report.write(results, tmp_path / "benchmarks.md").read_text()


def test_the_figures_corpus_is_written_otherwise_and_builds_its_statistics(tmp_path):
    """The second corpus: no headings or links, few tags, statistics in most articles, some as blocks."""
    import yaml

    from bench.corpus import generate

    settings = generate(tmp_path / "c", 60, corpus="figures")
    fronts, bodies = [], []
    for path in sorted((settings["site"].parent / "content" / "articles").rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        fronts.append(yaml.safe_load(front))
        bodies.append(body)
    assert not any("\n#" in body or "](" in body for body in bodies)
    assert all(len(front["tags"]) <= 1 for front in fronts)
    with_stats = [front["stats"] for front in fronts if "stats" in front]
    assert len(with_stats) > 45 and any(isinstance(stats, list) for stats in with_stats)
    written = [value for stats in with_stats for block in (stats if isinstance(stats, list) else [stats])
               for value in block["figures"].values()]
    assert any("tỷ" in v for v in written) and any(v.endswith("%") for v in written)
    assert any(v.endswith("đ") for v in written) and any("nghìn" in v for v in written)
    assert all(max(map(len, paragraph.split(". "))) == len(paragraph) for body in bodies
               for paragraph in body.strip().split("\n\n"))  # one sentence a paragraph


def test_the_query_mix_holds_phrases_words_and_numbers(tmp_path):
    from bench.corpus import generate
    from toandan.vietnamese.text import fold

    site = generate(tmp_path / "c", 40)["site"].parent
    mix = query_mix(site)
    assert mix == query_mix(site) and len(mix) >= 300  # the same mix for the same corpus
    phrases = [query for query in mix if is_phrase(query)]
    assert len(phrases) >= 0.15 * len(mix) and all(2 <= len(p.strip('"').split()) <= 4 for p in phrases)
    words = [query for query in mix if not is_phrase(query) and not query[0].isdigit()]
    assert any(fold(query) == query for query in words) and any(fold(query) != query for query in words)
    assert any(query[0].isdigit() for query in mix)  # numbers as written


def test_the_accelerators_table_has_a_row_for_each_turned_off_and_keeps_the_text_around_it(tmp_path):
    from bench import accelerators

    results = accelerators.measure(tmp_path / "gains", [12], runs=1, accelerators=("markdown.inline",))
    figures = results["figures"][12]
    assert set(figures) == {accelerators.ALL_ON, "markdown.inline", accelerators.ALL_OFF}
    assert all(f["cold"] > 0 and f["cold_wall"] > 0 and f["rebuild"] > 0 and f["search_p95"] > 0 for f in figures.values())
    document = tmp_path / "benchmarks.md"
    document.write_text("# Benchmarks\n\nKept by hand.\n", encoding="utf-8")
    for _ in range(2):  # the second run replaces the table, once
        written = accelerators.write(results, document).read_text(encoding="utf-8")
    assert written.startswith("# Benchmarks\n\nKept by hand.\n")
    assert written.count(accelerators.START) == 1
    rows = [line for line in written.splitlines() if line.startswith("| `") or line.startswith("| none")
            or line.startswith("| all")]
    assert [row.split(" |")[0] for row in rows] == ["| none (all on)", "| `markdown.inline`", "| all (stock paths)"]
