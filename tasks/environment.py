"""What .venv holds is what requirements.lock pins: the packages installed beyond it, which ./dev
and ./dev upgrade remove (a package the lock no longer names would otherwise stay, and code that
still imports it would pass here and fail on a fresh machine).

python tasks/environment.py requirements.lock prints them, one per line: ./dev runs it as a
script, before any task, so it imports nothing but the standard library.
"""

import re
import sys
from importlib import metadata

PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", flags=re.MULTILINE)  # a pinned package and its version
KEPT = {"pip", "toandan"}  # the installer itself, and the project, installed after the lock


def canonical(name: str) -> str:
    """A package's name as the package index compares names (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def beyond_the_lock(lock_text: str, installed) -> list[str]:
    """Those of the installed package names the lock does not pin, sorted."""
    pinned = {canonical(match[1]) for match in PIN.finditer(lock_text)}
    return sorted({canonical(name) for name in installed} - pinned - KEPT)


def installed_names() -> list[str]:
    return [distribution.metadata["Name"] for distribution in metadata.distributions()]


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as lock:
        print("\n".join(beyond_the_lock(lock.read(), installed_names())))
