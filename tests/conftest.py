"""Fixtures shared by every test folder."""

import pytest

from sitekit import Site


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "site")
