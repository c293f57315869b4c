"""Publishing a folder atomically: a symbolic link swapped in one rename, older folders pruned."""

import os
import shutil
import tempfile
from pathlib import Path


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
    """Keep current and the newest keep - 1 other folders in folder (for a quick rollback)."""
    older = sorted((p for p in folder.iterdir() if p != current), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in older[keep - 1:]:
        shutil.rmtree(old, ignore_errors=True)


def remove(path: Path) -> None:
    """Remove a link, file or folder, if there is one."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
