"""Every hand-written article in content/, opened on the desk and saved untouched, is byte-identical."""

import shutil

import pytest

from desk_harness import DeskClient, DeskServer, browser_fields, make_desk
from sitekit import ROOT

ARTICLES = sorted(p.relative_to(ROOT / "content" / "articles").as_posix()
                  for p in (ROOT / "content" / "articles").rglob("*.md"))


@pytest.fixture(scope="module")
def project_desk(tmp_path_factory):
    """The desk over a copy of the project's own content and registries."""
    root = tmp_path_factory.mktemp("round-trip")
    site, config = make_desk(root)
    shutil.rmtree(site.content)
    shutil.copytree(ROOT / "content", site.content)
    server = DeskServer(config)
    client = DeskClient(server)
    assert client.login("hung").status_code == 303
    yield site, client
    server.stop()


def test_the_project_has_articles():
    assert len(ARTICLES) > 30


@pytest.mark.parametrize("path", ARTICLES)
def test_opened_and_saved_untouched_is_byte_identical(project_desk, path):
    site, client = project_desk
    file = site.content / "articles" / path
    before = file.read_bytes()
    page = client.http.get(f"/bai/{path}")
    assert page.status_code == 200
    response = client.http.post(f"/bai/{path}", data=browser_fields(page.text, "luu"))
    assert response.status_code == 303, response.text
    assert file.read_bytes() == before
