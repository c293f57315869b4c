"""Publishing a folder atomically: a symbolic link swapped in one rename, older folders pruned."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TRASH = ".trash-"  # an old folder being removed in the background


def swap_link(link: Path, target: Path) -> None:
    """Point link at target in one rename; readers see the old folder or the new one, never neither."""
    if link.exists() and not link.is_symlink():
        # A plain folder left by an older setup: keep it beside the new ones, once.
        os.replace(link, Path(tempfile.mkdtemp(prefix=f"legacy-{link.name}-", dir=target.parent)) / "site")
    swap = link.with_name(f".{link.name}.swap")
    swap.unlink(missing_ok=True)
    os.symlink(os.path.relpath(target, link.parent), swap)
    os.replace(swap, link)


def prune(folder: Path, current: Path, keep: int) -> None:
    """Keep current and the newest keep - 1 other folders in folder (for a quick rollback).

    The others are renamed aside at once and removed by a detached process: a large site's old
    build is tens of thousands of files, and the new one is already published.
    """
    builds = [p for p in folder.iterdir() if p != current and not p.name.startswith(TRASH)]
    older = sorted(builds, key=lambda p: p.stat().st_mtime, reverse=True)
    for old in older[keep - 1:]:
        os.replace(old, folder / f"{TRASH}{old.name}")
    remove_behind([p for p in folder.iterdir() if p.name.startswith(TRASH)])


def set_aside(path: Path, trash: Path) -> None:
    """Move a link, file or folder, if there is one, into the folder trash in one rename, to be
    removed later (remove_behind): removing tens of thousands of files is slow, and on some file
    systems files created soon after many were removed cost more (docs/benchmarks.md)."""
    if path.is_symlink() or path.exists():
        trash.mkdir(parents=True, exist_ok=True)
        os.replace(path, Path(tempfile.mkdtemp(prefix=path.name, dir=trash)) / path.name)


def remove_behind(paths: list[Path]) -> None:
    """Remove paths in a detached process, not waited for."""
    if paths:
        # sh starts rm in the background and exits, so rm is nobody's child here: no zombie is left
        # in a long-lived process (./dev livereload), and the caller does not wait for it.
        subprocess.run(["sh", "-c", 'rm -rf -- "$@" &', "sh", *map(str, paths)], start_new_session=True,
                       check=False, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def remove(path: Path) -> None:
    """Remove a link, file or folder, if there is one. A remover left behind by a build
    (remove_behind) may be taking files from the same folder: what it took first is not an error."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
        return
    while path.exists():
        try:
            shutil.rmtree(path)
        except FileNotFoundError:
            continue  # the other remover took something first: whatever is left, again
