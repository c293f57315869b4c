"""Fixtures shared by every test folder."""

import shutil

import pytest

from sitekit import ROOT, Site
from toandan.build import build


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "site")


@pytest.fixture(scope="session")
def sample(tmp_path_factory):
    """A copy of the project's content, settings, theme and plugins, built once for the session."""
    root = tmp_path_factory.mktemp("sample")
    for name in ("content", "theme", "plugins"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    build(root / "pelicanconf.py", root / "output")
    return root
