"""Processes forked from a build: they start at once, with the build's memory shared until written."""

import gc
import multiprocessing
import sys
import threading


def can_fork() -> bool:
    """A fork copies only the thread that forks: with another thread running, a lock it held would
    stay held in the child. So a build forks only while it runs no other thread."""
    return threading.active_count() == 1


def start(target, *args, daemon: bool = True) -> multiprocessing.Process:
    """target(*args) in a forked process, started; what the build printed so far is printed once."""
    sys.stdout.flush()
    sys.stderr.flush()
    process = multiprocessing.get_context("fork").Process(target=_shared, args=(target, *args), daemon=daemon)
    process.start()
    return process


def _shared(target, *args) -> None:
    # The objects the process was forked with are left out of its collections: a full collection
    # writes to every object it walks, which would give the process its own copy of every page of
    # the build's memory (about 250 MB each for the search index's writers at 10,000 articles).
    gc.freeze()
    target(*args)
