"""The index is written in a forked process when the build runs no other thread, on a thread otherwise:
the same index either way, and a failure in either fails the build."""

import json
import subprocess
import sys
import threading

import pytest

from sitekit import GOOD_FRONT, ROOT, Site
from toandan.search import SearchIndex

# A build in a process of its own, so that no other thread runs when the site is final.
BUILD = """\
import json, os, signal, sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/plugins"]
from pelican import signals
import search_index
from toandan.building.publish import build, quiet_logging

generators = []
signals.all_generators_finalized.connect(generators.extend, weak=False)
if sys.argv[4] == "fails":
    def broken(*args, **kwargs):
        raise OSError("đĩa đầy")
    search_index.update_index = broken
if sys.argv[4] == "killed":
    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    search_index.update_index = killed
quiet_logging()
failed = None
try:
    build(sys.argv[2], sys.argv[3])
except (OSError, RuntimeError) as error:
    failed = str(error)
indexer = next(g for g in generators if isinstance(g, search_index.SearchIndexGenerator))
fingerprinted = []
if sys.argv[4] == "live":  # an article's text changed in place, as ./dev livereload does
    made = search_index.candidate
    def counted(content, siteurl):
        fingerprinted.append(os.path.basename(content.source_path))
        return made(content, siteurl)
    search_index.candidate = counted
    [article] = [a for a in indexer.context["articles"] if a.source_path.endswith("hai.md")]
    from toandan.accelerate.pelican import replace_html
    from toandan.building.live import forget_made_from
    replace_html(article, "<p>Lắp đèn đường cho tổ tự quản.</p>")
    forget_made_from([article])
    indexer.text_changed([article])
print(json.dumps({"forked": indexer._indexing.forked, "failed": failed, "fingerprinted": fingerprinted}))
"""


def _site(tmp_path) -> Site:
    site = Site(tmp_path)
    site.settings.write_text(site.settings.read_text() + "IMAGES = {'cards': False}\n")  # no drawing thread
    site.article("mot", GOOD_FRONT)
    site.article("hai", GOOD_FRONT.replace("Ra mắt tổ tự quản", "Lắp camera an ninh").replace("2021-06-15", "2021-06-16"))
    return site


def _build_alone(site: Site, mode: str) -> dict:
    script = site.root / "build.py"
    script.write_text(BUILD)
    run = subprocess.run([sys.executable, str(script), str(ROOT), str(site.settings), str(site.output), mode],
                         capture_output=True, text=True, timeout=300, cwd=site.root)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def _found(site: Site) -> dict:
    index = SearchIndex(site.root / "var" / "search-index", check_every=0)
    return {q: [hit["id"] for hit in index.search(q).hits] for q in ("camera", "to tu quan", "ra mat")}


@pytest.mark.slow  # two whole builds, one in a process of its own
def test_a_build_without_other_threads_indexes_in_a_forked_process(tmp_path):
    forked, threaded = _site(tmp_path / "forked"), _site(tmp_path / "threaded")
    assert _build_alone(forked, "index") == {"forked": True, "failed": None, "fingerprinted": []}
    from pelican import signals

    generators = []
    signals.all_generators_finalized.connect(generators.extend, weak=False)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # another thread: no fork
    other.start()
    try:
        threaded.build()
    finally:
        stop.set()
        other.join()
        signals.all_generators_finalized.disconnect(generators.extend)
    indexer = next(g for g in generators if hasattr(g, "text_changed"))
    assert not indexer._indexing.forked  # indexed on a thread
    assert _found(forked) == _found(threaded) and _found(forked)["camera"]


@pytest.mark.slow  # three whole builds, each in a process of its own
def test_a_failure_or_death_of_the_forked_process_fails_the_build(tmp_path):
    site = _site(tmp_path)
    assert _build_alone(site, "index")["forked"]
    published = site.output.resolve()
    site.article("ba", GOOD_FRONT.replace("Ra mắt tổ tự quản", "Bài ba").replace("2021-06-15", "2021-06-17"))
    assert _build_alone(site, "fails") == {"forked": True, "failed": "đĩa đầy", "fingerprinted": []}
    assert site.output.resolve() == published
    killed = _build_alone(site, "killed")
    assert killed["forked"] and "without an answer (exit code -9)" in killed["failed"]
    assert site.output.resolve() == published


def test_text_changed_after_a_forked_build_fingerprints_only_the_changed_content(tmp_path):
    """The forked process sends each document's fingerprint back; ./dev livereload's first update
    then works out the changed article's alone, where it used to work out every document's."""
    site = _site(tmp_path)
    assert _build_alone(site, "live") == {"forked": True, "failed": None, "fingerprinted": ["hai.md"]}
    index = SearchIndex(site.root / "var" / "search-index", check_every=0)
    assert [hit["title"] for hit in index.search("den duong").hits] == ["Lắp camera an ninh"]
    # The changed article's old text is gone; the other article keeps the same text.
    assert [hit["title"] for hit in index.search("noi dung bai viet").hits] == ["Ra mắt tổ tự quản"]

