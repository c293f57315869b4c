"""docs/deploy: nginx with the desk's shipped configuration, over TLS, in front of a real desk."""

import configparser
import json
import os
import ssl
import subprocess
import time
from dataclasses import replace

import httpx
import pytest

from desk.config import ENVIRONMENT
from desk_harness import DeskServer, hidden
from sitekit import ROOT, free_port


@pytest.fixture
def nginx(desk_site, tmp_path):
    from browser_harness import NGINX, NGINX_MAIN  # noqa: PLC0415 - shared with the browser tests

    site, config = desk_site
    desk = DeskServer(replace(config, behind_proxy=True))
    folder = tmp_path / "nginx"
    folder.mkdir()
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", folder / "desk.key", "-out", folder / "desk.crt"], check=True, capture_output=True)
    tls, plain = free_port(), free_port()
    conf = (ROOT / "docs" / "deploy" / "nginx-desk.conf").read_text()
    conf = (conf.replace("listen 443 ssl;", f"listen 127.0.0.1:{tls} ssl;")
                .replace("listen 80;", f"listen 127.0.0.1:{plain};")
                .replace("/etc/ssl/toandan", str(folder))
                .replace("127.0.0.1:8001", f"127.0.0.1:{desk.port}"))
    (folder / "site.conf").write_text(conf)
    (folder / "main.conf").write_text(NGINX_MAIN.format(folder=folder, user="user root;" if _root() else ""))
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "main.conf")], stderr=subprocess.DEVNULL)
    client = httpx.Client(base_url=f"https://127.0.0.1:{tls}", follow_redirects=False, timeout=30,
                          verify=ssl.create_default_context(cafile=str(folder / "desk.crt")))
    try:
        for _ in range(200):
            try:
                client.get("/dang-nhap")
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield client, f"http://127.0.0.1:{plain}", config
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)
        desk.stop()


def _root() -> bool:
    return os.geteuid() == 0


def test_the_desk_behind_nginx_with_tls(nginx):
    client, plain, config = nginx
    assert httpx.get(plain + "/dang-nhap").status_code == 301
    page = client.get("/dang-nhap")
    assert "secure" in page.headers["set-cookie"].lower()
    assert "max-age" in page.headers["strict-transport-security"]
    # An address a client claims for itself is replaced by nginx's own view of it.
    answer = client.post("/dang-nhap", data={"csrf": hidden(page.text)["csrf"], "name": "lan",
                                             "password": "mat-khau-cua-lan"}, headers={"X-Real-IP": "203.0.113.9"})
    assert answer.status_code == 303 and "secure" in answer.headers["set-cookie"].lower()
    assert client.get("/").status_code == 200
    entry = json.loads(config.audit.read_text().splitlines()[-1])
    assert (entry["action"], entry["address"]) == ("dang-nhap", "127.0.0.1")


def test_a_phones_photo_passes_nginx_to_the_desk(nginx, desk_site):
    import io

    from PIL import Image

    client, _, _ = nginx
    site, _ = desk_site
    page = client.get("/dang-nhap")
    client.post("/dang-nhap", data={"csrf": hidden(page.text)["csrf"], "name": "lan", "password": "mat-khau-cua-lan"})
    noise = io.BytesIO()  # noise does not compress: a PNG of about 6 MB, as large as a phone's photo
    Image.frombytes("RGB", (1600, 1300), os.urandom(1600 * 1300 * 3)).save(noise, format="PNG")
    assert noise.tell() > 5 * 1024 * 1024
    csrf = hidden(client.get("/anh").text)["csrf"]
    answer = client.post("/anh", data={"csrf": csrf}, files={"anh": ("IMG_1.PNG", noise.getvalue(), "image/png")})
    assert answer.status_code == 200
    assert [path.name.startswith("img-1-") for path in (site.content / "images").glob("img-*")] == [True]


def test_the_desk_unit_names_only_settings_the_desk_reads():
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    text = (ROOT / "docs" / "deploy" / "toandan-desk.service").read_text()
    unit.read_string(text)
    assert "-m desk --host 127.0.0.1" in unit["Service"]["ExecStart"]
    variables = [line.split("=", 2)[1] for line in text.splitlines() if line.startswith("Environment=")]
    assert set(variables) - {"TOANDAN_SITEURL"} <= set(ENVIRONMENT)


def test_every_desk_route_and_setting_is_in_the_readme(desk_site):
    from starlette.routing import Route

    from desk.app import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for variable in ENVIRONMENT:
        assert f"`{variable}`" in readme, variable
    for route in app(desk_site[1]).routes:
        if isinstance(route, Route):
            path = route.path.replace("{path:path}", "<path>")
            for method in route.methods - {"HEAD"}:
                assert f"`{method} {path}`" in readme, (method, path)
    assert "## Viết bài trên bàn biên tập" in readme
    assert "deploy/nginx-desk.conf" in (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
