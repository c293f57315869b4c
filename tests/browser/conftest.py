"""Fixtures: the sample site, built once, and a headless Debian Chromium."""

import pytest

from browser_harness import NginxServer, PageErrors, SiteServer, StaticOnlyServer, build_sample
from sitekit import free_port


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory):
    return build_sample(tmp_path_factory.mktemp("browser-site"))


@pytest.fixture
def site_server(sample_output, tmp_path):
    server = SiteServer(sample_output, tmp_path)
    yield server
    server.stop()


@pytest.fixture
def nginx_server(sample_output, tmp_path):
    """docs/deploy/nginx.conf in front of the built site and an endpoint that takes its pages' calls."""
    port = free_port()
    endpoint = SiteServer(sample_output, tmp_path, origin=f"http://127.0.0.1:{port}")
    server = NginxServer(sample_output, endpoint.port, tmp_path, port)
    yield server
    server.stop()
    endpoint.stop()


@pytest.fixture
def static_only(sample_output):
    server = StaticOnlyServer(sample_output)
    yield server
    server.stop()


@pytest.fixture
def page_errors(chromium):
    """Opens pages for a test (page_errors.open) and fails it if any of them had an error."""
    errors = PageErrors(chromium)
    yield errors
    assert errors.close() == []
