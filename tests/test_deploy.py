"""docs/deploy: nginx with the shipped configuration in front of a real endpoint and site."""

import configparser
import os
import shutil
import subprocess
import time

import httpx
import pytest

from endpoint.config import ENVIRONMENT
from sitekit import ROOT, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MAIN = """\
daemon off;
worker_processes 1;
{user}
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
"""


@pytest.fixture
def nginx(tmp_path, sample_output_for_deploy):
    output, endpoint_port = sample_output_for_deploy
    port = free_port()
    site = (ROOT / "docs" / "deploy" / "nginx.conf").read_text()
    site = (site.replace("/srv/toandan/output", str(output))
                .replace("127.0.0.1:8100", f"127.0.0.1:{endpoint_port}")
                .replace("listen 80;", f"listen 127.0.0.1:{port};"))
    (tmp_path / "site.conf").write_text(site)
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp_path / "main.conf").write_text(MAIN.format(folder=tmp_path, user=user))
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "main.conf")],
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.05)
    yield base
    process.terminate()
    process.wait(timeout=10)


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
    assert httpx.get(nginx + "/api/health").json()["status"] == "ok"
    assert httpx.get(nginx + "/api/nope").json()["error"]["code"] == "not_found"
    big = httpx.post(nginx + "/api/ratings/x", content=b"x" * 10000, headers={"Content-Type": "application/json"})
    assert big.status_code == 413


def test_the_systemd_unit_names_only_settings_the_endpoint_reads():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    text = (ROOT / "docs" / "deploy" / "toandan-endpoint.service").read_text()
    unit.read_string(text)
    assert "-m endpoint" in unit["Service"]["ExecStart"]
    variables = [line.split("=", 2)[1] for line in text.splitlines() if line.startswith("Environment=")]
    assert variables and set(variables) <= set(ENVIRONMENT)
