"""Content problems: values with a file, a line and a reason, reported all at once."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, in words an editor can act on."""

    path: str  # relative to the project, e.g. content/articles/2021/abc.md
    line: int | None
    reason: str

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.reason)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


class ContentError(Exception):
    """The content has problems; the build stops and the published site is kept."""

    exitcode = 2

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=Problem.sort_key)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [f"Nội dung có {count} lỗi:"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)
