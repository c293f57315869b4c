"""Processes forked from a build: they start at once, with the build's memory shared until written."""

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
    process = multiprocessing.get_context("fork").Process(target=target, args=args, daemon=daemon)
    process.start()
    return process
