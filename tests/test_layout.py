"""The house's layout as a newcomer meets it: every test file runs, and the README's layout table
names every module."""

import ast
import re
from fnmatch import fnmatch

import pytest

from sitekit import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
LAYOUT = README.split("\n## Layout\n", 1)[1].split("\n#", 1)[0]
PACKAGES = ["toandan", "plugins", "endpoint", "desk", "importer", "tasks", "bench"]


def test_no_test_folder_is_one_pytest_leaves_out(pytestconfig):
    # pytest leaves out folders by their name (build/, dist/, venv/, ...) without a word: the tests
    # in a folder named so would never run.
    patterns = pytestconfig.getini("norecursedirs")
    folders = [path for path in (ROOT / "tests").rglob("*") if path.is_dir() and path.name != "__pycache__"]
    assert [str(folder.relative_to(ROOT)) for folder in folders
            if any(fnmatch(folder.name, pattern) for pattern in patterns)] == []


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


# The dependencies run one way: the shared package uses no plugin, task, desk or importer code, and
# the endpoint no desk code; neither by an import nor by the code it hands a Python process to run.
PLUGINS = sorted(path.name for path in (ROOT / "plugins").iterdir() if (path / "__init__.py").exists())
NOT_FROM = {"toandan": ["plugins", "tasks", "desk", "importer", *PLUGINS], "endpoint": ["desk"]}


def _imported(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "import " in node.value:
            try:  # code handed to another Python process (python -c)
                names |= _imported(re.sub(r"%[rsd]", "None", node.value))
            except SyntaxError:
                pass
    return names


@pytest.mark.parametrize("package", sorted(NOT_FROM))
def test_the_dependencies_run_one_way(package):
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        banned = _imported(path.read_text(encoding="utf-8")) & set(NOT_FROM[package])
        found += [f"{path.relative_to(ROOT)}: {name}" for name in sorted(banned)]
    assert found == []
