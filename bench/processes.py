"""Timing a command: its wall time, the CPU time of every process it started, and their peak memory."""

import ctypes
import os
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# Seconds between readings of the measured processes' memory: the kernel walks every page of a
# process to answer, so frequent readings slow what they measure (docs/benchmarks.md).
MEMORY_SAMPLED_EVERY = 1.0


PR_SET_CHILD_SUBREAPER = 36  # prctl(2): orphans of this process's descendants are reparented to it


@dataclass
class Run:
    seconds: float  # until the command's own process ended
    peak_mb: float
    cpu_seconds: float = 0.0  # user and system time of every process it started, detached ones too
    after_seconds: float = 0.0  # waited afterwards for what it left running (timed's after)

    @property
    def total_seconds(self) -> float:
        return self.seconds + self.after_seconds


def median(values):
    return statistics.median(values) if values else None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def process_tree(root: int) -> list[int]:
    """root and every process descended from it, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += children.get(pid, [])
    return tree


def tree_memory_mb(root: int) -> float:
    """Memory a process and all its descendants hold together (proportional set size: pages shared
    between them, such as a forked index writer's, counted once)."""
    total = 0
    for pid in process_tree(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total / 1024


def own_peak_mb(pid: int) -> float:
    """The most memory a process has held itself since it started its program (VmHWM): between two
    samples it may have held more than either saw."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


def _children() -> set[int]:
    """This process's children, ended ones not yet waited for among them."""
    mine, found = os.getpid(), set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == mine:
                found.add(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _subreaper(on: bool) -> bool:
    """Whether orphaned descendants now come back to this process (Linux), so that their CPU time
    counts in its RUSAGE_CHILDREN once waited for: a build's background save is forked twice to be
    nobody's child."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def timed(command: list[str], cwd: Path, env: dict | None = None, after: Callable[[], object] | None = None) -> Run:
    """Wall time of a fresh child process, the peak memory of it and its children together, and the
    CPU time of all of them, with what after() waits for (a background save) counted too."""
    before = _children()
    subreaping = _subreaper(True)
    cpu_before = os.times()
    started = time.perf_counter()
    # Standard error to a file, not a pipe read at the end: a build that warns more than a pipe
    # holds (64 KB) would wait forever for the pipe to be read, and so would this.
    errors = tempfile.TemporaryFile()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})},
                               stdout=subprocess.DEVNULL, stderr=errors)
    peak, done = [0.0], threading.Event()

    def sample() -> None:  # the largest single process (ru_maxrss) would miss the index writers
        wait = MEMORY_SAMPLED_EVERY / 4  # a first look early: a small corpus builds in a few seconds
        while not done.wait(wait):
            peak[0] = max(peak[0], tree_memory_mb(process.pid), own_peak_mb(process.pid))
            wait = MEMORY_SAMPLED_EVERY

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, _ = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    with errors:
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed: {errors.read().decode(errors='replace')[-2000:]}")
    waited = 0.0
    if after is not None:
        started = time.perf_counter()
        after()
        waited = time.perf_counter() - started
    if subreaping:
        for orphan in _children() - before:  # what the command left running, ended or about to
            os.waitpid(orphan, 0)
        _subreaper(False)
    cpu_after = os.times()
    cpu = (cpu_after.children_user - cpu_before.children_user) + (cpu_after.children_system - cpu_before.children_system)
    # Not the child's ru_maxrss: exec folds the high-water mark of the memory it replaces into it,
    # and a child of this process starts as a copy of it (docs/benchmarks.md).
    return Run(elapsed, peak[0], cpu, waited)
