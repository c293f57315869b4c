"""Reading ahead on two processes builds exactly what reading one file after another builds."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitekit import ROOT, Site, files

# Builds in a process of its own: reading ahead forks, which it does only when no other thread runs.
BUILD = """\
import os, sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/plugins"]
import content_model.readahead as readahead
from content_model.document import DocumentReader
from toandan.building.publish import build, quiet_logging
from toandan.building.problems import ContentError

readahead.MIN_SHARE = int(sys.argv[4])
original = DocumentReader.read

def read(self, path, *args):  # parsing a file: what the read cache saves
    with open(sys.argv[5], "a") as log:
        log.write(f"{os.getpid()} {os.path.basename(path)}\\n")
    return original(self, path, *args)

DocumentReader.read = read
quiet_logging()
try:
    build(sys.argv[2], sys.argv[3])
except ContentError as error:
    sys.exit(error.report())
"""


def _site(root: Path, articles: int) -> Site:
    site = Site(root)
    for number in range(articles):
        site.article(f"bai-{number}", f"title: Bài {number} về tổ tự quản\ndate: 2021-03-{1 + number % 28:02d} 08:00\n"
                     f"category: Tin hoạt động\nunit: Công an tỉnh\ntags: [the {number % 3}]\n"
                     f"stats:\n  period: 2021\n  figures:\n    phan-qua: {100 + number}\n",
                     f"Đoạn *một* của bài {number}.\n\nĐoạn hai -- với \"ngoặc kép\".")
    return site


def _build(site: Site, min_share: int, log: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BUILD, str(ROOT), str(site.settings), str(site.output),
                           str(min_share), str(log)], cwd=site.root, capture_output=True, text=True)


def _readers(log: Path) -> dict[str, list[str]]:
    """The files each process parsed, by process id."""
    read: dict[str, list[str]] = {}
    for line in log.read_text().splitlines():
        pid, name = line.split(" ", 1)
        read.setdefault(pid, []).append(name)
    return read


@pytest.mark.slow
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="reading ahead needs a second core")
def test_reading_ahead_on_two_processes_builds_what_reading_one_by_one_builds(tmp_path):
    ahead = _site(tmp_path / "ahead", 12)
    assert _build(ahead, 2, tmp_path / "ahead.log").returncode == 0
    one_by_one = _site(tmp_path / "one", 0)
    shutil.rmtree(one_by_one.content)
    shutil.copytree(ahead.content, one_by_one.content)
    assert _build(one_by_one, 10**9, tmp_path / "one.log").returncode == 0

    assert files(ahead.output) == files(one_by_one.output)
    [alone] = _readers(tmp_path / "one.log").values()
    shares = list(_readers(tmp_path / "ahead.log").values())
    assert len(shares) == 2  # the build's process and one forked reader, each taking files as it is free
    assert sorted(shares[0] + shares[1]) == sorted(alone)  # every file parsed once: Pelican found them read


@pytest.mark.slow
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="reading ahead needs a second core")
def test_a_broken_article_read_ahead_is_still_reported_with_its_line(tmp_path):
    site = _site(tmp_path / "site", 12)
    site.article("bai-loi", "title: Bài lỗi\ndate: 2021-02-30 08:00\ncategory: Tin hoạt động\nunit: Công an tỉnh\n")
    built = _build(site, 2, tmp_path / "read.log")
    assert built.returncode != 0
    assert "content/articles/bai-loi.md:3:" in built.stderr
    assert len(_readers(tmp_path / "read.log")) == 2


# The cards of the articles read ahead are drawn from then on, by one drawer the build then finishes.
CARDS = """\
import inspect, os, sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/plugins"]
import content_model.readahead as readahead
import images
from toandan.building.publish import build, quiet_logging

readahead.MIN_SHARE = int(sys.argv[4])
images.CardDrawer.MIN_FORKED = 2
made, draw = [], images.draw_card
start = images.CardDrawer.__init__

def drawer(self, missing, *args):  # each drawer made: by whom, with how many cards to draw
    made.append(f"{inspect.currentframe().f_back.f_code.co_name}:{len(missing)}")
    start(self, missing, *args)

def draw_card(title, site, font, target, *settings):
    with open(sys.argv[5], "a") as log:
        log.write(f"{target.name}\\n")
    draw(title, site, font, target, *settings)

images.CardDrawer.__init__, images.draw_card = drawer, draw_card
quiet_logging()
build(sys.argv[2], sys.argv[3])
print("made", *made)
"""


def _cards(site: Site, min_share: int, log: Path) -> tuple[list[str], list[str], dict]:
    """Builds with CARDS: the drawers made, the cards drawn, and the published cards' bytes by name."""
    log.unlink(missing_ok=True)
    built = subprocess.run([sys.executable, "-c", CARDS, str(ROOT), str(site.settings), str(site.output),
                            str(min_share), str(log)], cwd=site.root, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    [made] = [line.split()[1:] for line in built.stdout.splitlines() if line.startswith("made")]
    drawn = log.read_text().split() if log.exists() else []
    return made, drawn, {path.name: path.read_bytes() for path in (site.output / "og").iterdir()}


@pytest.mark.slow
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="reading ahead needs a second core")
def test_cards_of_the_articles_read_ahead_are_drawn_from_then_on_and_once(tmp_path):
    def site(name: str) -> Site:
        made = _site(tmp_path / name, 12)
        made.article("cung-ten", "title: Bài 3 về tổ tự quản\ndate: 2021-03-20 08:00\ncategory: Tin hoạt động\n"
                     "unit: Công an tỉnh\nslug: cung-ten\n", "Cùng tên với bài 3.")
        return made

    ahead = site("ahead")
    made, drawn, og = _cards(ahead, 2, tmp_path / "ahead.log")
    # 12 titles and the site's: a drawer from the reads, none left for the generator.
    assert made == ["draw_cards_early:13"] and len(drawn) == len(set(drawn)) == 13
    one_made, one_drawn, one_og = _cards(site("one"), 10**9, tmp_path / "one.log")
    assert one_made == ["_draw_cards:13"] and sorted(one_drawn) == sorted(drawn)
    assert og == one_og and len(og) == 14  # the two articles of one title share a card's bytes

    # Read ahead, only new articles: the generator draws the cards of those read from the cache.
    shutil.rmtree(ahead.root / "cache" / "images" / "cards")
    for number in range(4):
        ahead.article(f"moi-{number}", f"title: Tin mới {number}\ndate: 2021-04-0{number + 1} 08:00\n"
                      "category: Tin hoạt động\nunit: Công an tỉnh\n", "Tin mới.")
    made, drawn, og = _cards(ahead, 2, tmp_path / "again.log")
    assert made == ["draw_cards_early:5", "_draw_cards:12"] and len(drawn) == len(set(drawn)) == 17
    assert len(og) == 18 and all(og[name] == data for name, data in one_og.items())
