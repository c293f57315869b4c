"""A built sample site served for a real headless Chromium (Debian's), driven by Playwright."""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from sitekit import ROOT, free_port, wait_for
from toandan.building.publish import build

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def build_sample(folder: Path) -> Path:
    """The project's sample site built into folder/output."""
    for name in ("content", "theme", "plugins"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "pelicanconf.py", folder / "pelicanconf.py")
    build(folder / "pelicanconf.py", folder / "output")
    return folder / "output"


class SiteServer:
    """The endpoint serving the built site on one port, as ./dev serve does."""

    def __init__(self, output: Path, folder: Path, origin: str | None = None):
        """origin: where pages calling the endpoint are served from, when not from it (nginx)."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "TOANDAN_DATABASE": f"sqlite:///{folder / 'site.sqlite3'}",
                    "TOANDAN_MANIFEST": str(output / "articles.json"), "TOANDAN_ORIGINS": origin or self.base,
                    "TOANDAN_SEARCH_INDEX": str(output.parent / "var" / "search-index")}
        with open(folder / "endpoint.log", "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "endpoint", "--port", str(self.port), "--static", str(output)],
                cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=log)
        wait_for(f"{self.base}/api/health", self.process)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


class StaticOnlyServer:
    """The built site with no endpoint behind /api/: what readers see when the endpoint is down."""

    def __init__(self, output: Path):
        handler = functools.partial(_QuietHandler, directory=str(output))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_MAIN = """\
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


class NginxServer:
    """Debian's nginx with docs/deploy/nginx.conf, serving output and proxying /api/ to endpoint_port."""

    def __init__(self, output: Path, endpoint_port: int, folder: Path, port: int | None = None):
        port = port or free_port()
        site = (ROOT / "docs" / "deploy" / "nginx.conf").read_text()
        site = (site.replace("/srv/toandan/output", str(output))
                    .replace("127.0.0.1:8100", f"127.0.0.1:{endpoint_port}")
                    .replace("listen 80;", f"listen 127.0.0.1:{port};"))
        (folder / "site.conf").write_text(site)
        user = "user root;" if os.geteuid() == 0 else ""
        (folder / "main.conf").write_text(NGINX_MAIN.format(folder=folder, user=user))
        self.process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "main.conf")],
                                        stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                httpx.get(self.base + "/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class PageErrors:
    """Opens pages and records what went wrong on each: uncaught script errors, console errors,
    requests that failed and subresources answered with an error status. expected: URL parts
    whose failures a test causes on purpose (the endpoint down)."""

    def __init__(self, browser):
        self.browser = browser
        self.found: list[str] = []
        self.expected: tuple[str, ...] = ()
        self.contexts = []

    def _expected(self, url: str) -> bool:
        return any(part in url for part in self.expected)

    def open(self, url: str, viewport: dict, status: int = 200):
        """A new page in a new context, at url, whose document must answer status."""
        page = self.new_page(viewport)
        self.goto(page, url, status)
        return page

    def new_page(self, viewport: dict):
        """A new watched page in a new context, not yet anywhere (to set routes first)."""
        context = self.browser.new_context(viewport=viewport, locale="vi-VN")
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.found.append(f"script error: {error}"))
        page.on("console", self._console)
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        return page

    @staticmethod
    def goto(page, url: str, status: int = 200) -> None:
        answer = page.goto(url)
        assert answer.status == status, f"{url} answered {answer.status}"

    def _failed(self, request) -> None:
        # ERR_ABORTED: the request was cut off because the test left the page (a click, a goto)
        # while it was under way; the page did nothing wrong.
        if not self._expected(request.url) and request.failure != "net::ERR_ABORTED":
            self.found.append(f"request failed: {request.url} ({request.failure})")

    def _console(self, message) -> None:
        # Chromium logs each load answered with an error status as "Failed to load resource";
        # _response judges those (the 404 page's own document is answered 404 on purpose).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.found.append(f"console: {message.text} ({message.location.get('url', '')})")

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document" \
                and not self._expected(response.url):
            self.found.append(f"{response.status}: {response.url}")

    def close(self) -> list[str]:
        found = list(self.found)  # before closing: requests cut off by the close are no error
        for context in self.contexts:
            context.close()
        return found
