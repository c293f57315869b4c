"""CPython's cyclic garbage collector, the one place that steers it: a build's objects, which live
as long as the build, are left out of the collections after they survive one.

Checked against CPython 3.11 to 3.13 (gc.freeze, gc.unfreeze, gc.get_freeze_count, gc.callbacks).
A full collection walks every object still alive; a build's articles, their metadata and its
pages' digests are alive until the build ends, so each full collection would walk them again.
Frozen as they survive, each collection walks only what survived the ones before it. Forked
processes keep the callback, so the search index's writers do the same. Where a check fails,
the collector runs as Python sets it up.
"""

import gc
import platform
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from toandan import accelerate

NAME = "gc.freeze"
CHECKED = ((3, 11), (3, 14))  # CPython versions this was checked against: from, below


def _problem() -> str | None:
    if platform.python_implementation() != "CPython":
        return f"{platform.python_implementation()} không phải CPython"
    if not CHECKED[0] <= sys.version_info[:2] < CHECKED[1]:
        return f"Python {platform.python_version()} nằm ngoài khoảng đã kiểm tra (3.11 đến dưới 3.14)"
    for name in ("freeze", "unfreeze", "get_freeze_count", "callbacks"):
        if problem := accelerate.missing_attribute(gc, name):
            return problem
    if not isinstance(gc.callbacks, list):
        return "gc.callbacks không còn là danh sách"
    return None


def ready(settings: dict | None = None) -> bool:
    return accelerate.ready(NAME, "", CHECKED, _problem, settings)


def freeze(settings: dict | None = None) -> None:
    """Leaves every object alive now out of later collections (a forked process's inherited memory,
    a build taken up from disk)."""
    if ready(settings):
        gc.freeze()


def freeze_forked() -> None:
    """In a process just forked: leaves what it was forked with out of its collections, when the
    process that forked it steers its collector (its build's settings let this accelerator run,
    and it froze objects or freezes survivors): the settings are not at hand here."""
    if (_freeze_survivors in gc.callbacks or getattr(gc, "get_freeze_count", lambda: 0)()) and ready():
        gc.freeze()


def unfreeze(collect: bool = True) -> None:
    """Every frozen object collectable again (the build that froze them is let go); collect: and
    collected at once, before a new build is read."""
    if hasattr(gc, "get_freeze_count") and gc.get_freeze_count():
        gc.unfreeze()
        if collect:
            gc.collect()


@contextmanager
def survivors_frozen(settings: dict | None = None) -> Iterator[None]:
    """Within it, what survives a full collection is frozen: left out of the collections after it.
    Unfrozen if it ends in an error."""
    if not ready(settings) or _freeze_survivors in gc.callbacks:  # off, or already within one
        yield
        return
    gc.callbacks.append(_freeze_survivors)
    try:
        yield
    except BaseException:
        gc.unfreeze()  # the failed build's objects are garbage now
        raise
    finally:
        gc.callbacks.remove(_freeze_survivors)


def _freeze_survivors(phase: str, info: dict) -> None:
    if phase == "stop" and info["generation"] == 2:
        gc.freeze()
