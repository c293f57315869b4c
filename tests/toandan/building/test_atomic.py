"""Publishing by link swap; old builds pruned without holding up the new one."""

import os
import time

from toandan.building.atomic import TRASH, prune, swap_link


def test_prune_keeps_the_current_and_the_previous_build_and_removes_the_rest(tmp_path):
    builds = tmp_path / "builds"
    folders = []
    for number in range(4):
        folder = builds / f"build-{number}"
        (folder / "a" / "b").mkdir(parents=True)
        (folder / "a" / "b" / "index.html").write_text(str(number))
        os.utime(folder, (1000 + number, 1000 + number))
        folders.append(folder)
    swap_link(tmp_path / "output", folders[3])
    prune(builds, current=folders[3], keep=2)
    assert sorted(p.name for p in builds.iterdir() if not p.name.startswith(TRASH)) == ["build-2", "build-3"]
    deadline = time.monotonic() + 10
    while any(p.name.startswith(TRASH) for p in builds.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in builds.iterdir()) == ["build-2", "build-3"]
    assert (tmp_path / "output" / "a" / "b" / "index.html").read_text() == "3"
