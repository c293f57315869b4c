"""docs/deploy: nginx with the shipped configuration in front of a real endpoint and site."""

import configparser

import httpx
import pytest

from endpoint.config import ENVIRONMENT
from sitekit import ROOT


@pytest.fixture
def nginx(tmp_path, sample_output_for_deploy):
    from browser_harness import NginxServer  # noqa: PLC0415 - shared with the browser tests

    output, endpoint_port = sample_output_for_deploy
    server = NginxServer(output, endpoint_port, tmp_path)
    yield server.base
    server.stop()


@pytest.fixture
def sample_output_for_deploy(tmp_path_factory):
    from browser_harness import SiteServer, build_sample  # noqa: PLC0415 - shares the browser tests' builder

    folder = tmp_path_factory.mktemp("deploy")
    output = build_sample(folder)
    server = SiteServer(output, folder)
    yield output, server.port
    server.stop()


def test_nginx_serves_the_site_and_proxies_the_endpoint(nginx):
    home = httpx.get(nginx + "/")
    assert home.status_code == 200 and 'lang="vi"' in home.text
    article = httpx.get(nginx + "/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/")
    assert "Chủ nhật - 26/12/2021 21:42" in article.text
    assert httpx.get(nginx + "/khong-co/").status_code == 404
    # A search goes to the endpoint, which renders its results; the search page without one is the built file.
    search = httpx.get(nginx + "/tim-kiem/?q=bao+ve+an+ninh")
    assert search.status_code == 200 and "data-search-rendered" in search.text and "<mark>" in search.text
    assert "data-search-rendered" not in httpx.get(nginx + "/tim-kiem/").text
    assert httpx.get(nginx + "/api/health").json()["status"] == "ok"
    assert httpx.get(nginx + "/api/nope").json()["error"]["code"] == "not_found"
    big = httpx.post(nginx + "/api/ratings/x", content=b"x" * 10000, headers={"Content-Type": "application/json"})
    assert big.status_code == 413


def test_nginx_moves_an_old_portal_address_to_the_imported_article(nginx):
    # The sample article's legacy_url: the build's map sends it on, permanently.
    moved = httpx.get(nginx + "/news/tin-hoat-dong/cong-an-tinh-tang-cuong-cong-tac-dan-van-1042.html")
    assert moved.status_code == 301
    assert moved.headers["location"].endswith("/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/")
    article = httpx.get(nginx + "/news/tin-hoat-dong/cong-an-tinh-tang-cuong-cong-tac-dan-van-1042.html",
                        follow_redirects=True)
    assert article.status_code == 200 and "Chủ nhật - 26/12/2021 21:42" in article.text
    assert httpx.get(nginx + "/news/tin-hoat-dong/khong-co-1.html").status_code == 404
    assert httpx.get(nginx + "/legacy-redirects.map").status_code == 404


def test_the_systemd_unit_names_only_settings_the_endpoint_reads():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    text = (ROOT / "docs" / "deploy" / "toandan-endpoint.service").read_text()
    unit.read_string(text)
    assert "-m endpoint" in unit["Service"]["ExecStart"]
    variables = [line.split("=", 2)[1] for line in text.splitlines() if line.startswith("Environment=")]
    assert variables and set(variables) <= set(ENVIRONMENT)
