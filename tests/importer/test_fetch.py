"""Importing by address from a local HTTP server playing the old portal: retries on a timeout and on
500s, a cache so that the next run asks for nothing, and never a host that was not listed."""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from importer.fetch import Fetcher, FetchError, FetchSettings
from importer.run import ImportSettings, import_pages

from importer_fixtures import IMAGES, PAGES, draw

QUICK = FetchSettings(concurrency=4, delay=0, retries=3, timeout=3, backoff=0.05)


class OldPortal:
    """Serves fixture pages at their old paths; some misbehave as a loaded portal does."""

    def __init__(self, folder: Path):
        self.routes: dict[str, bytes] = {}
        self.hits: dict[str, int] = {}
        self.slow_once: set[str] = set()  # the first time, not answered until the client has asked again
        self.asked_again = threading.Event()
        self.failing: dict[str, int] = {}  # 500 this many times, then the page
        self.redirects: dict[str, str] = {}
        self.lock = threading.Lock()
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with portal.lock:
                    portal.hits[self.path] = hits = portal.hits.get(self.path, 0) + 1
                if self.path in portal.slow_once:
                    if hits == 1:  # held past the client's timeout, however long that takes
                        portal.asked_again.wait(60)
                        return
                    portal.asked_again.set()
                if portal.failing.get(self.path, 0) >= hits:
                    self.send_error(500)
                    return
                if self.path in portal.redirects:
                    self.send_response(302)
                    self.send_header("Location", portal.redirects[self.path])
                    self.end_headers()
                    return
                body = portal.routes.get(self.path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        # shutdown() waits for serve_forever's next poll: every 0.05 s, not its default 0.5
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self):
        self.asked_again.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def portal(tmp_path):
    server = OldPortal(tmp_path)
    yield server
    server.stop()


def serve_fixtures(portal: OldPortal, tmp_path: Path) -> list[str]:
    """The fixture pages at old paths, their images at the paths the pages give; answers the addresses."""
    pages = {
        "/news/an-ninh-trat-tu/xa-tan-hoa-ra-quan-tuan-tra-dem-120.html": "nukeviet/ra-quan-tuan-tra-dem.html",
        "/news/phong-trao/tan-hoa-trao-qua-cho-to-tu-quan-121.html": "nukeviet/tan-hoa-trao-qua.html",
        "/tin-tuc/mo-hinh-camera-an-ninh-o-khu-pho-3": "plone/mo-hinh-camera-an-ninh.html",
        "/van-ban/quy-che-phoi-hop": "plone/quy-che-phoi-hop.html",
    }
    for path, name in pages.items():
        portal.routes[path] = (PAGES / name).read_bytes()
    for relative, colour in IMAGES.items():
        folder, name = relative.split("/", 1)
        image = draw(tmp_path / "images" / relative, colour)
        portal.routes[f"/news/phong-trao/{name}"] = image  # relative to the NukeViet page
        portal.routes[f"/tin-tuc/{name}"] = image  # relative to the Plone page
    return [portal.base + path for path in pages]


def test_import_by_address_with_a_timeout_and_two_500s(portal, tmp_path):
    from sitekit import Site

    project = Site(tmp_path / "project")
    addresses = serve_fixtures(portal, tmp_path)
    slow, failing = "/news/phong-trao/tan-hoa-trao-qua-cho-to-tu-quan-121.html", "/van-ban/quy-che-phoi-hop"
    portal.slow_once.add(slow)
    portal.failing[failing] = 2
    listing = tmp_path / "dia-chi.txt"
    listing.write_text("# trang cũ\n" + "\n".join(addresses + [portal.base + "/news/khong-con-1.html"]) + "\n")
    settings = ImportSettings(root=project.root, fetch=QUICK)

    report = import_pages([str(listing)], settings, stream=io.StringIO())
    outcomes = {page.source.removeprefix(portal.base): page for page in report.pages}
    assert [outcomes[path].outcome for path in (slow, failing)] == ["imported", "imported"]
    assert portal.hits[slow] == 2 and portal.hits[failing] == 3
    assert outcomes["/news/khong-con-1.html"].outcome == "skipped"
    assert "404" in outcomes["/news/khong-con-1.html"].reason
    assert report.counts()["imported"] == 4
    gift = (project.content / "articles/2021/tan-hoa-trao-qua-cho-to-tu-quan.md").read_text(encoding="utf-8")
    assert f'legacy_url: "{portal.base}{slow}"' in gift
    assert gift.count("{static}/images/legacy/") == 3  # the three body images, fetched from the portal
    camera = (project.content / "articles/2021/mo-hinh-camera-an-ninh-o-khu-pho-3.md").read_text(encoding="utf-8")
    # The large scale is on another host than the listed one: not asked for; the shown scale is used.
    assert "image: images/legacy/camera-mini-" in camera

    hits = dict(portal.hits)
    again = import_pages([str(listing)], settings, stream=io.StringIO())
    assert again.counts()["unchanged"] == 4
    assert {path: count for path, count in portal.hits.items() if path != "/news/khong-con-1.html"} == \
        {path: count for path, count in hits.items() if path != "/news/khong-con-1.html"}  # all from the cache


def test_a_redirect_off_the_listed_host_is_not_followed(portal, tmp_path):
    portal.redirects["/di-cho-khac"] = "http://192.0.2.1/trang"
    fetcher = Fetcher(tmp_path / "cache", {portal.base.removeprefix("http://")}, QUICK)
    with pytest.raises(FetchError, match="ra ngoài"):
        fetcher.get(portal.base + "/di-cho-khac")
    with pytest.raises(FetchError, match="không thuộc"):
        fetcher.get("http://192.0.2.1/trang")
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_a_redirect_to_another_scheme_on_the_listed_host_is_not_followed(portal, tmp_path):
    host = portal.base.removeprefix("http://")
    portal.redirects["/sang-ftp"] = f"ftp://{host}/trang"
    fetcher = Fetcher(tmp_path / "cache", {host}, QUICK)
    with pytest.raises(FetchError, match="ra ngoài"):
        fetcher.get(portal.base + "/sang-ftp")


def test_an_answer_larger_than_the_limit_is_refused_and_not_cached(portal, tmp_path):
    from dataclasses import replace

    portal.routes["/to"] = b"x" * 5000
    portal.routes["/vua"] = b"x" * 1000
    fetcher = Fetcher(tmp_path / "cache", {portal.base.removeprefix("http://")}, replace(QUICK, largest=1000))
    assert fetcher.get(portal.base + "/vua") == b"x" * 1000
    with pytest.raises(FetchError, match="lớn quá"):
        fetcher.get(portal.base + "/to")
    assert len(list((tmp_path / "cache").iterdir())) == 1
