"""One build of a site at a time across processes (toandan.building.lock): a second build waits for
the first to publish, and a due check does not queue behind a build already waiting."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from invoke import Context

from sitekit import GOOD_FRONT, ROOT, tasks_on

# A build as ./dev build runs it (build_or_update), noting in a shared log when it begins reading
# and what it published; the one named "first" stops once its pages are written, before it
# publishes, until the file "go" exists.
BUILD = """\
import os, sys, time
from pathlib import Path
from pelican import signals
from toandan.building.publish import quiet_logging
from toandan.building.live import build_or_update

name, settings, output, log, go = sys.argv[1:]

def note(line):
    with open(log, "a", encoding="utf-8") as notes:
        notes.write(line + "\\n")

def reads(pelican):
    note(name + " reads")

def written(pelican):
    if name == "first":
        Path(go + ".paused").touch()
        for _ in range(3000):
            if Path(go).exists():
                break
            time.sleep(0.05)

signals.initialized.connect(reads)
signals.finalized.connect(written)
quiet_logging()
build_or_update(settings, output)
note(name + " published " + os.readlink(output))
"""

# Holds the site's build lock (or waits for it, in line) until the file "go" exists.
HOLD = """\
import sys, time
from pathlib import Path
from toandan.building.lock import build_turn

settings, go = sys.argv[1:]
with build_turn(settings):
    Path(go + ".held").touch()
    for _ in range(3000):
        if Path(go).exists():
            break
        time.sleep(0.05)
"""


def _start(script: str, *args, log: Path) -> subprocess.Popen:
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], cwd=ROOT,
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)


def _until(condition, process: subprocess.Popen, what: str) -> None:
    """Polls until condition() holds; fails if the process ends first or after a bounded while."""
    for _ in range(2400):
        if condition():
            return
        if process.poll() is not None:
            pytest.fail(f"{what}: the process ended first (code {process.returncode})")
        time.sleep(0.05)
    pytest.fail(f"{what}: not seen")


@pytest.mark.slow  # two real builds, one after the other
def test_a_second_build_waits_for_the_first_to_publish(site, tmp_path):
    site.article("bai-mot", GOOD_FRONT)
    log, go = tmp_path / "log", tmp_path / "go"
    first = _start(BUILD, "first", site.settings, site.output, log, go, log=tmp_path / "first.out")
    try:
        _until(Path(f"{go}.paused").exists, first, "the first build wrote its pages")
        site.article("bai-hai", GOOD_FRONT.replace("Ra mắt tổ tự quản", "Tổ tự quản thứ hai"))
        second_out = tmp_path / "second.out"
        second = _start(BUILD, "second", site.settings, site.output, log, go, log=second_out)
        _until(lambda: "chờ nó xong" in second_out.read_text(encoding="utf-8"), second,
               "the second build says it waits")
        go.touch()
        assert first.wait(300) == 0 and second.wait(300) == 0, (tmp_path / "first.out").read_text() + \
            second_out.read_text()
    finally:
        go.touch()
        for process in (first, locals().get("second")):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
    notes = log.read_text(encoding="utf-8").splitlines()
    published = {line.split()[0]: line.split()[2] for line in notes if " published " in line}
    # The second began reading only after the first had published.
    assert notes.index(f"first published {published['first']}") < notes.index("second reads")
    # Both ended with the link on a whole build: the second's, which has both articles; the
    # first's is kept beside it, without the article added while it was building.
    assert published["first"] != published["second"]
    assert os.readlink(site.output) == published["second"]
    builds = site.output.parent / published["first"]
    assert (site.output / "2021/06/to-tu-quan-thu-hai/index.html").is_file()
    assert (site.output / "2021/06/ra-mat-to-tu-quan/index.html").is_file()
    assert (builds / "2021/06/ra-mat-to-tu-quan/index.html").is_file()
    assert not (builds / "2021/06/to-tu-quan-thu-hai").exists()
    assert not site.output.with_name(f".{site.output.name}.swap").exists()


def test_a_due_check_skips_when_a_build_already_waits(site, tmp_path, monkeypatch, capfd):
    tasks = __import__("tasks")
    tasks_on(site, monkeypatch)
    site.article("den-gio", GOOD_FRONT)  # dated in the past and not on the site: due
    go = tmp_path / "go"
    holder = _start(HOLD, site.settings, go, log=tmp_path / "holder.out")
    waiter = None
    try:
        _until(Path(f"{go}.held").exists, holder, "the lock is held")
        waiter = _start(HOLD, site.settings, tmp_path / "go-waiter", log=tmp_path / "waiter.out")
        _until(lambda: "chờ nó xong" in (tmp_path / "waiter.out").read_text(encoding="utf-8"), waiter,
               "a build waits in line")
        tasks.publish_due(Context())
        said = capfd.readouterr()
    finally:
        go.touch()
        (tmp_path / "go-waiter").touch()
        for process in (holder, waiter):
            if process is not None:
                process.wait(60)
    assert "content/articles/den-gio.md" in said.out
    assert "lần này bỏ qua" in said.err
    assert not site.output.exists()  # nothing built: the build in line, or the next check, will


@pytest.mark.slow  # a real build in another process
def test_a_due_check_that_waited_builds_nothing_when_the_build_before_it_published_the_article(
        site, tmp_path, monkeypatch, capfd):
    tasks = __import__("tasks")
    tasks_on(site, monkeypatch)
    site.article("den-gio", GOOD_FRONT)  # dated in the past: due until a build publishes it
    log, go = tmp_path / "log", tmp_path / "go"
    first = _start(BUILD, "first", site.settings, site.output, log, go, log=tmp_path / "first.out")
    said: list[str] = []
    due_check = threading.Thread(target=tasks.publish_due, args=(Context(),))
    try:
        _until(Path(f"{go}.paused").exists, first, "the first build wrote its pages")
        due_check.start()
        for _ in range(2400):
            said.append(capfd.readouterr().err)
            if "chờ nó xong" in "".join(said) or not due_check.is_alive():
                break
            time.sleep(0.05)
        assert "chờ nó xong" in "".join(said)
    finally:
        go.touch()
        assert first.wait(300) == 0, (tmp_path / "first.out").read_text()
        due_check.join(300)
    assert "Lần dựng vừa xong đã đăng các bài này." in capfd.readouterr().out
    published = [line.split()[2] for line in log.read_text(encoding="utf-8").splitlines() if " published " in line]
    assert [os.readlink(site.output)] == published  # the first build's, and no build after it
    assert [p.name for p in (site.output.parent / ".output-builds").iterdir()] == [Path(published[0]).name]
