"""Every reach into a library's private names is in toandan/accelerate/, one module per library:
no other module of the project names one, as an attribute or as a string (vars(x)["_name"],
getattr, a set of attribute names to keep or leave out)."""

import ast
import importlib
from pathlib import Path

import pytest

from sitekit import ROOT

# The libraries whose internals an accelerator reaches into (toandan/accelerate/).
LIBRARIES = ("pelican", "markdown", "whoosh", "PIL", "smartypants", "uvicorn")
PRODUCTION = ("toandan", "plugins", "endpoint", "desk", "importer", "tasks")


def _private(name: str) -> bool:
    return name.startswith("_") and not name.endswith("__") and name != "_"


def private_names() -> dict[str, str]:
    """Each private name a library defines (a method, a class, an attribute it sets on an instance),
    and the library that defines it."""
    names = {}
    for library in LIBRARIES:
        module = importlib.import_module(library)
        folder = Path(module.__file__).parent
        for path in sorted(folder.rglob("*.py")):
            if "tests" in path.relative_to(folder).parts:
                continue
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError):
                continue
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    name = node.name
                elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
                      and isinstance(node.value, ast.Name) and node.value.id == "self"):
                    name = node.attr
                else:
                    continue
                if _private(name):
                    names.setdefault(name, library)
    return names


@pytest.mark.slow  # reads every module of six libraries
def test_no_module_outside_the_accelerators_names_a_librarys_private_name():
    names, found = private_names(), []
    for package in PRODUCTION:
        for path in sorted((ROOT / package).rglob("*.py")):
            if (ROOT / "toandan" / "accelerate") in path.parents:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
                    name = node.value
                elif (isinstance(node, ast.Attribute) and node.attr in names
                      and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", "os", "sys"))):
                    name = node.attr
                else:
                    continue
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name} ({names[name]})")
    assert found == [], "\n".join(found)
