"""Publishing by link swap; old builds pruned without holding up the new one."""

import os
import time

from toandan.building.atomic import TRASH, prune, remove, swap_link


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


def test_remove_finishes_what_another_remover_is_taking_from_under_it(tmp_path, monkeypatch):
    # ./dev clean right after a build: the detached remover of an old build (remove_behind) is
    # still emptying .output-builds/ when clean removes it.
    builds = tmp_path / ".output-builds"
    for month in ("04", "05", "06"):
        (builds / f"{TRASH}old" / "2021" / month).mkdir(parents=True)
        (builds / f"{TRASH}old" / "2021" / month / "index.html").write_text("x")
    real_rmdir = os.rmdir

    def raced(name, *args, **kwargs):  # the other remover takes the folder just before
        if os.path.basename(name) == "05":
            real_rmdir(name, *args, **kwargs)
        return real_rmdir(name, *args, **kwargs)

    monkeypatch.setattr(os, "rmdir", raced)
    remove(builds)
    assert not builds.exists()
