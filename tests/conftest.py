"""Fixtures shared by every test folder."""

import shutil
import threading
import time

import pytest

from sitekit import ROOT, Site
from toandan.building.publish import build


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "site")


@pytest.fixture
def alone():
    """This process with no other thread, as a build that forks (toandan.building.forking): the
    threads earlier tests left ending are waited for; one that does not end is a leak, and named."""
    deadline = time.monotonic() + 30
    while threading.active_count() > 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == 1, [thread.name for thread in threading.enumerate()]


@pytest.fixture(scope="session")
def sample(tmp_path_factory):
    """A copy of the project's content, settings, theme and plugins, built once for the session."""
    root = tmp_path_factory.mktemp("sample")
    for name in ("content", "theme", "plugins"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "pelicanconf.py", root / "pelicanconf.py")
    build(root / "pelicanconf.py", root / "output")
    return root


@pytest.fixture(scope="module")  # Playwright's sync API holds an event loop while it runs
def chromium():
    """Debian's Chromium, headless, driven through Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    from browser_harness import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


# Markers that name the real parts a test needs, so that ./dev test --fast can leave them out.
PART_FIXTURES = {"chromium": "browser", "postgres": "postgres", "nginx": "nginx"}
# Fixtures that cost seconds on their own: the sample site's build, a real endpoint started per test.
SLOW_FIXTURES = ("sample", "endpoint")


def pytest_collection_modifyitems(items):
    for item in items:
        for fixture, marker in PART_FIXTURES.items():
            if fixture in item.fixturenames:
                item.add_marker(marker)
        if any(fixture in item.fixturenames for fixture in SLOW_FIXTURES):
            item.add_marker("slow")
        if getattr(item, "callspec", None) and item.callspec.params.get("database") == "postgresql":
            item.add_marker("postgres")
        if item.path.name == "test_bench.py":
            item.add_marker("bench")
