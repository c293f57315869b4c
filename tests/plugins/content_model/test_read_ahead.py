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
from toandan.build import build, quiet_logging
from toandan.problems import ContentError

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
    assert len(shares) == 2  # the build's process and one forked reader, half the files each
    assert sorted(shares[0] + shares[1]) == sorted(alone)  # every file parsed once: Pelican found them read
    assert {len(share) for share in shares} == {6}


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="reading ahead needs a second core")
def test_a_broken_article_read_ahead_is_still_reported_with_its_line(tmp_path):
    site = _site(tmp_path / "site", 12)
    site.article("bai-loi", "title: Bài lỗi\ndate: 2021-02-30 08:00\ncategory: Tin hoạt động\nunit: Công an tỉnh\n")
    built = _build(site, 2, tmp_path / "read.log")
    assert built.returncode != 0
    assert "content/articles/bai-loi.md:3:" in built.stderr
    assert len(_readers(tmp_path / "read.log")) == 2
