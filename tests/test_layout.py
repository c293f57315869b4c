"""The house's layout as a newcomer meets it: every test file runs, and the README's layout table
names every module."""

import re
import subprocess
import sys

from sitekit import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
LAYOUT = README.split("\n## Layout\n", 1)[1].split("\n#", 1)[0]
PACKAGES = ["toandan", "plugins", "endpoint", "desk", "importer", "tasks"]


def test_every_test_file_is_collected():
    # pytest leaves out folders by their name (build/, dist/, venv/, ...) without a word: a test
    # folder named so would never run.
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout
    files = {line.split("::", 1)[0] for line in collected.splitlines() if "::" in line}
    written = {str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("test_*.py")}
    assert written - files == set()


def layout_rows() -> dict[str, str]:
    """Each row of the layout table: its first cell's paths, and the row's text."""
    rows = {}
    for line in LAYOUT.splitlines():
        if line.startswith("| `"):
            first, _, rest = line[2:].partition(" | ")
            for path in re.findall(r"`([^`]+)`", first):
                rows[path] = rest
    return rows


def test_the_layout_table_names_every_module():
    rows, unnamed = layout_rows(), []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if path.name == "__init__.py":  # the package itself: a row of its own, or of a module in it
                named = any(name.startswith(f"{relative.parent}/") for name in rows)
            else:
                row = rows.get(f"{relative.parent}/", "")
                named = str(relative) in rows or f"`{path.name}`" in row or f"`{path.stem}`" in row
            if not named:
                unnamed.append(str(relative))
    assert unnamed == [], unnamed
