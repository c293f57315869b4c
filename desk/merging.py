"""A three-way merge of an article: the version an editor opened, theirs (on disk now) and the editor's.

git merge-file does it when git is installed (the desk already uses git for the history); otherwise
a line-based merge with difflib, marking conflicts the same way. Either way nothing is written:
the merged text is shown to the editor, who saves it through the same checks as any save.
"""

import base64
import binascii
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

MINE, THEIRS = "Bản của bạn", "Bản trên máy chủ"
# The lines that mark a conflict, as git merge-file writes them with these labels.
MARKERS = (f"<<<<<<< {MINE}", "=======", f">>>>>>> {THEIRS}")


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: int  # places both changed differently, marked in text


def merge(base: str, mine: str, theirs: str) -> Merged:
    """The editor's changes since base and theirs, together; git merge-file when git is there.
    Each text is merged ending with a line break (a textarea may drop the last), as the desk writes files."""
    base, mine, theirs = (text if not text or text.endswith("\n") else text + "\n" for text in (base, mine, theirs))
    if shutil.which("git"):
        merged = git_merge(base, mine, theirs)
        if merged is not None:
            return merged
    return merge_lines(base, mine, theirs)


def git_merge(base: str, mine: str, theirs: str) -> Merged | None:
    with tempfile.TemporaryDirectory(prefix="desk-merge-") as folder:
        names = []
        for name, text in (("mine", mine), ("base", base), ("theirs", theirs)):
            path = Path(folder) / name
            path.write_bytes(text.encode("utf-8"))
            names.append(str(path))
        done = subprocess.run(["git", "merge-file", "-p", "-L", MINE, "-L", "Bản khi bạn mở", "-L", THEIRS, *names],
                              capture_output=True, check=False)
    # The exit status is the number of conflicts (capped at 127); negative or above is an error.
    if not 0 <= done.returncode <= 127:
        return None
    try:
        text = done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return Merged(text, conflicted(text))


def merge_lines(base: str, mine: str, theirs: str) -> Merged:
    """The same merge without git: regions where base, mine and theirs agree (difflib's matching
    blocks common to both diffs) are kept; between them, the side that changed wins, and where both
    changed differently both are kept between conflict markers."""
    base_lines, mine_lines, theirs_lines = (text.splitlines(keepends=True) for text in (base, mine, theirs))
    out, conflicts = [], 0
    at_base = at_mine = at_theirs = 0
    for base_start, base_end, mine_start, mine_end, theirs_start, theirs_end in _agreeing(
            base_lines, mine_lines, theirs_lines):
        old = base_lines[at_base:base_start]
        ours, their = mine_lines[at_mine:mine_start], theirs_lines[at_theirs:theirs_start]
        if ours == their or their == old:
            out += ours
        elif ours == old:
            out += their
        else:
            out += [MARKERS[0] + "\n", *_ended(ours), MARKERS[1] + "\n", *_ended(their), MARKERS[2] + "\n"]
            conflicts += 1
        out += base_lines[base_start:base_end]
        at_base, at_mine, at_theirs = base_end, mine_end, theirs_end
    return Merged("".join(out), conflicts)


def _ended(lines: list[str]) -> list[str]:
    """lines with the last one ending its line, so that a marker after it starts its own."""
    return [*lines[:-1], lines[-1] if lines[-1].endswith("\n") else lines[-1] + "\n"] if lines else []


def _agreeing(base: list[str], mine: list[str], theirs: list[str]) -> list[tuple[int, int, int, int, int, int]]:
    """Runs of base lines that both mine and theirs kept, with where they are in each; the last is
    an empty run at the three ends."""
    ours = SequenceMatcher(None, base, mine, autojunk=False).get_matching_blocks()
    their = SequenceMatcher(None, base, theirs, autojunk=False).get_matching_blocks()
    runs, i, j = [], 0, 0
    while i < len(ours) and j < len(their):
        (our_base, our_at, our_size), (their_base, their_at, their_size) = ours[i], their[j]
        start, end = max(our_base, their_base), min(our_base + our_size, their_base + their_size)
        if start < end:
            runs.append((start, end, our_at + start - our_base, our_at + end - our_base,
                         their_at + start - their_base, their_at + end - their_base))
        if our_base + our_size < their_base + their_size:
            i += 1
        else:
            j += 1
    runs.append((len(base), len(base), len(mine), len(mine), len(theirs), len(theirs)))
    return runs


def conflicted(text: str) -> int:
    """How many conflicts text still marks (each opened by its first marker line)."""
    return sum(1 for line in text.split("\n") if line.rstrip("\r") == MARKERS[0])


def marked(text: str) -> bool:
    """Whether a conflict's opening or closing line is left in text (a line of '=' alone may be a
    Markdown heading's underline)."""
    return any(line.rstrip("\r") in (MARKERS[0], MARKERS[2]) for line in text.split("\n"))


def carried(text: str) -> str:
    """The opened text as the form carries it: base64, so that the browser hands it back byte for byte
    (a form field's line breaks are normalised on the way)."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def uncarried(field: str) -> str | None:
    """The text a form carried, or None when the field is not one."""
    try:
        return base64.b64decode(field.encode("ascii"), validate=True).decode("utf-8")
    except (ValueError, UnicodeError, binascii.Error):
        return None
