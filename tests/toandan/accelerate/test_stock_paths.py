"""Every accelerator has the library's own path as its fallback: the sample site and a generated
corpus build to the same files and search index with all of them off as with all of them on, and
a build whose accelerator finds its library changed (a moved attribute) takes the stock path,
says so in one line, and still builds the same site."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh.index import open_dir

from sitekit import ROOT, files, write_article, Site
from bench.corpus import generate
from toandan.search import SearchIndex

pytestmark = pytest.mark.slow

BUILD = """\
import sys
sys.path[:0] = [{root!r}, {plugins!r}]
{before}
from toandan.building.live import build_or_update
from toandan.building.publish import quiet_logging
quiet_logging()
build_or_update({settings!r}, {output!r})
"""
QUERIES = ["công an", "an ninh trật tự", "phong trào toàn dân", '"bảo vệ"', "tổ tự quản 2021"]


def build_in_process(settings: Path, before: str = "", accelerate: bool = True) -> subprocess.CompletedProcess:
    """A build of settings in a process of its own, after `before` (code run first); accelerate:
    False sets the environment variable that turns every accelerator off."""
    env = {k: v for k, v in os.environ.items() if k != "TOANDAN_ACCELERATE"}
    if not accelerate:
        env["TOANDAN_ACCELERATE"] = "0"
    code = BUILD.format(root=str(ROOT), plugins=str(ROOT / "plugins"), before=before, settings=str(settings),
                        output=str(settings.parent / "output"))
    done = subprocess.run([sys.executable, "-c", code], cwd=settings.parent, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done


def index_of(project: Path) -> tuple[list, dict]:
    """The search index's stored documents, and each fixed query's hits and scores."""
    folder = project / "var" / "search-index"
    index = open_dir(str(folder.resolve()))
    with index.searcher() as searcher:
        documents = sorted(searcher.documents(), key=lambda fields: fields["id"])
    index.close()
    answers = {}
    for query in QUERIES:
        result = SearchIndex(folder, check_every=0).search(query, per_page=50)
        answers[query] = (result.total, result.hits, [round(score, 9) for score in result.scores])
    return documents, answers


def sample_project(root: Path) -> Path:
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, root / name)
    (root / "site.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nTHEME = 'theme'\n", encoding="utf-8")
    return root / "site.py"


def corpus_project(root: Path) -> Path:
    return generate(root, 200, words_per_article=200)["site"]


@pytest.mark.parametrize("project", [sample_project, corpus_project], ids=["sample site", "200-article corpus"])
def test_all_accelerators_off_build_the_same_site_and_index(tmp_path, project):
    on = project(tmp_path / "on")
    off = project(tmp_path / "off")
    build_in_process(on)
    quiet = build_in_process(off, accelerate=False)
    assert "Tăng tốc" not in quiet.stderr  # turned off on purpose: nothing to report
    # Off, Pelican's own writer rendered every page (no page records), and no build was kept for
    # an update in place.
    assert not any((off.parent / "cache" / name).exists() for name in ("pages.pickle", "live.pickle"))
    built_on, built_off = files(on.parent / "output"), files(off.parent / "output")
    assert built_on.keys() == built_off.keys() and len(built_on) > 50
    assert [name for name in built_on if built_on[name] != built_off[name]] == []
    documents_on, answers_on = index_of(on.parent)
    documents_off, answers_off = index_of(off.parent)
    assert documents_on == documents_off and documents_on
    assert answers_on == answers_off and any(total for total, _, _ in answers_on.values())


# For each accelerator, a change to its library as a release could make it: the name it reaches
# for is gone or takes other arguments.
MOVED = {
    "markdown.inline": "import markdown.treeprocessors as t\n"
                       "handle = t.InlineProcessor._InlineProcessor__handleInline\n"
                       "t.InlineProcessor._InlineProcessor__handleInline = "
                       "lambda self, data, patternIndex=0, depth=0: handle(self, data, patternIndex)",
    "pelican.writer": "import pelican.writers as w\nopen_w = w.Writer._open_w\n"
                      "w.Writer._open_w = lambda self, filename, encoding, override=False, mode='w': "
                      "open_w(self, filename, encoding, override)",
    "pelican.in_place": "import pelican.contents as c\nc.Content.get_content = vars(c.Content)['get_content'].func",
    "pillow.glyphs": "import importlib.metadata as m\nversion = m.version\n"
                     "m.version = lambda name: '99.0' if name.lower() == 'pillow' else version(name)",
    "gc.freeze": "import gc\ndel gc.callbacks",
    "whoosh": "from whoosh.codec import whoosh3\ninit = whoosh3.W3Codec.__init__\n"
              "whoosh3.W3Codec.__init__ = lambda self, blocklimit=128, compression=3, inlinelimit=1, level=0: "
              "init(self, blocklimit, compression, inlinelimit)",
}


@pytest.fixture(scope="module")
def stock(tmp_path_factory):
    """A small site, and what it builds to with every accelerator off."""
    site = Site(tmp_path_factory.mktemp("stock") / "site")
    for number in range(6):
        write_article(site, number, body=f'Mô hình "Khu dân cư an toàn" số {number} -- *mới*...\n\nĐoạn hai.')
    site.write("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\n---\n\nTrang giới thiệu.\n")
    build_in_process(site.settings, accelerate=False)
    return site, files(site.output)


@pytest.mark.parametrize("accelerator", list(MOVED))
def test_a_library_that_moved_gets_the_stock_path_and_one_line(stock, tmp_path, accelerator):
    site, expected = stock
    ours = Site(tmp_path / "site")
    shutil.rmtree(ours.content)
    shutil.copytree(site.content, ours.content)
    done = build_in_process(ours.settings, before=MOVED[accelerator])
    notices = [line for line in done.stderr.splitlines() if line.startswith("Tăng tốc")]
    assert len(notices) == 1 and notices[0].startswith(f"Tăng tốc {accelerator} tắt: "), done.stderr
    built = files(ours.output)
    assert built.keys() == expected.keys()
    assert [name for name in built if built[name] != expected[name]] == []
