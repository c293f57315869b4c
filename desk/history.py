"""Each save a commit in the content's git history, with the editor as author; an article's versions.

Only when content/ is inside a git repository; otherwise saving works the same, without history.
A commit names only the saved file (git commit --only), so nothing else staged is swept into it.
"""

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

COMMIT = re.compile(r"[0-9a-f]{40}")
COMMITTER = {"GIT_COMMITTER_NAME": "Bàn biên tập", "GIT_COMMITTER_EMAIL": "ban-bien-tap@localhost"}


@dataclass(frozen=True)
class Version:
    commit: str
    author: str
    time: str  # ISO 8601, as git gives it
    message: str


class History:
    def __init__(self, content: Path):
        found = subprocess.run(["git", "-C", str(content), "rev-parse", "--show-toplevel"],
                               capture_output=True, text=True, check=False)
        self.top = Path(found.stdout.strip()) if found.returncode == 0 else None

    @property
    def enabled(self) -> bool:
        return self.top is not None

    def _git(self, *args: str, environment: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-C", str(self.top), *args], capture_output=True, encoding="utf-8", check=False,
                              env={**os.environ, **(environment or {})})

    def record(self, path: Path, account: str, message: str) -> bool:
        """Commits path as it is now, authored by the account; False when there is no history or no change."""
        if not self.enabled:
            return False
        relative = str(path.resolve().relative_to(self.top.resolve()))
        self._git("add", "--", relative)
        done = self._git("commit", "--quiet", "--only", "--no-verify", "-m", message,
                         f"--author={account} <{account}@ban-bien-tap>", "--", relative, environment=COMMITTER)
        return done.returncode == 0

    def versions(self, path: Path, limit: int = 50) -> list[Version]:
        if not self.enabled:
            return []
        relative = str(path.resolve().relative_to(self.top.resolve()))
        done = self._git("log", f"-{limit}", "--follow", "--format=%H%x1f%an%x1f%aI%x1f%s", "--", relative)
        return [Version(*line.split("\x1f", 3)) for line in done.stdout.splitlines() if line.count("\x1f") == 3]

    def text_at(self, path: Path, commit: str) -> str | None:
        """The file as it was in commit (one of its versions), or None."""
        if not self.enabled or not COMMIT.fullmatch(commit):
            return None
        if commit not in {version.commit for version in self.versions(path, limit=1000)}:
            return None
        relative = path.resolve().relative_to(self.top.resolve()).as_posix()
        done = self._git("show", f"{commit}:{relative}")
        return done.stdout if done.returncode == 0 else None
