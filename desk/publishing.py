"""Publishing from the desk: the same atomic build as ./dev build, in a process of its own.

A process of its own because a build changes process-wide state (Pelican's signals, its caches);
one build at a time. If it fails, the published site is the one before it (toandan.build).
"""

import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

# What tasks.build runs (toandan.build.live.build_or_update), the problems printed as ./dev check prints them.
BUILD = """\
import sys
from toandan.build.publish import quiet_logging
from toandan.build.live import build_or_update
from toandan.build.problems import ContentError
quiet_logging()
try:
    build_or_update(sys.argv[1], sys.argv[2])
except ContentError as error:
    print(error.report(), file=sys.stderr)
    sys.exit(error.exitcode)
"""
_ONE_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    problems: list[str]  # the build's report, line by line, when it failed


def build_site(settings: Path, output: Path) -> BuildResult:
    with _ONE_AT_A_TIME:
        # The settings' folder is where ./dev build runs: relative paths in them (var/...) mean the same.
        done = subprocess.run([sys.executable, "-c", BUILD, str(settings), str(output)], cwd=settings.parent,
                              capture_output=True, text=True, check=False)
    if done.returncode == 0:
        return BuildResult(True, [])
    lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    return BuildResult(False, lines[-50:] or [f"quá trình dựng trang dừng với mã {done.returncode}"])
