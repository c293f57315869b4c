"""Xuất bản and Gỡ bài: a real build of the fixture site in the background, one at a time, followed
on a status page that reloads itself until it links to the page or lists the problems."""

import re
import time

import pytest
from bs4 import BeautifulSoup

from desk_harness import article_fields, browser_fields

NEW = "articles/2021/ra-mat-to-tu-quan-o-ap-tan-lap.md"
URL = "/bai/2021/ra-mat-to-tu-quan-o-ap-tan-lap.md"


def status(page) -> tuple[str, str, list[str], bool]:
    """The status page's state, its sentence, each step's progress, and whether it reloads itself."""
    soup = BeautifulSoup(page.text, "html.parser")
    state = soup.select_one("#trang-thai-dung")
    steps = [step["class"][0] for step in soup.select("#cac-buoc li")]
    return state["data-state"], state.get_text(" ", strip=True), steps, bool(soup.select("meta[http-equiv=refresh]"))


def follow(client, location: str) -> tuple[list[str], object]:
    """The states the page shows, read as a browser reloading it would, until the build is over."""
    seen = []
    for _ in range(1200):  # a build takes seconds; bounded, on a loaded machine
        page = client.http.get(location)
        assert page.status_code == 200
        state = status(page)[0]
        if not seen or seen[-1] != state:
            seen.append(state)
        if state in ("done", "failed"):
            return seen, page
        time.sleep(0.5)
    raise AssertionError(f"the build did not end: {seen}")


def desk_of(server):
    return server.server.config.app.state.desk


def submitted(editor) -> None:
    assert editor.post("/bai-moi", {**article_fields(action="gui-duyet"), **editor.form("/bai-moi")}).status_code == 303


@pytest.mark.slow  # builds the site
def test_publishing_waits_its_turn_shows_its_steps_and_links_the_page(editor, approver, desk_site, desk_server):
    site, _ = desk_site
    submitted(editor)
    publisher = desk_of(desk_server).publisher
    with publisher.turn:  # another build is running
        response = approver.post(URL, browser_fields(approver.http.get(URL).text, "xuat-ban"))
        assert response.status_code == 303
        location = response.headers["location"]
        assert re.fullmatch(r"/xuat-ban/[A-Za-z0-9_-]{16}", location)
        state, sentence, steps, reloads = status(approver.http.get(location))
        assert state == "waiting" and "1 lần dựng trang khác chạy trước" in sentence
        assert steps == ["cho"] * 4 and reloads
        # The article's own page says its build is under way, and where to follow it.
        article = BeautifulSoup(approver.http.get(URL).text, "html.parser")
        assert article.select_one("#dang-dung a")["href"] == location
    seen, page = follow(approver, location)
    assert seen[-1] == "done" and set(seen) <= {"waiting", "running", "done"}
    assert status(page)[2:] == (["xong"] * 4, False)
    # The steps as the build's own process reported them, in order.
    assert publisher.job(location.rsplit("/", 1)[1]).done_steps == ["doc", "trang", "tong-hop", "xuat-ban"]
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.select_one("#bai-tren-trang")["href"].endswith("/2021/11/ra-mat-to-tu-quan-o-ap-tan-lap/")
    published = site.output / "2021/11/ra-mat-to-tu-quan-o-ap-tan-lap/index.html"
    assert "8.230" in published.read_text(encoding="utf-8")
    assert "status:" not in (site.content / NEW).read_text(encoding="utf-8")
    article = BeautifulSoup(approver.http.get(soup.find("a", string="Về bài")["href"]).text, "html.parser")
    assert article.select_one("#trang-thai").get_text() == "Đã xuất bản"
    assert article.select_one("#thong-bao a")["href"] == soup.select_one("#bai-tren-trang")["href"]


@pytest.mark.slow  # builds the site
def test_a_failed_build_shows_its_problems_and_leaves_the_site_as_it_was(editor, approver, desk_site):
    site, _ = desk_site
    site.build()
    before = {p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    submitted(editor)
    # A hand-written article elsewhere that a text editor broke: the build fails on it.
    site.article("hong", "title: Bài hỏng\ndate: 2021-05-01 08:00\ncategory: Không có\nunit: Công an tỉnh")
    response = approver.post(URL, browser_fields(approver.http.get(URL).text, "xuat-ban"))
    assert response.status_code == 303
    seen, page = follow(approver, response.headers["location"])
    assert seen[-1] == "failed"
    soup = BeautifulSoup(page.text, "html.parser")
    assert "trang công khai vẫn giữ nguyên" in status(page)[1] and not status(page)[3]
    assert status(page)[2] == ["hong", "cho", "cho", "cho"]  # it stopped at reading: the content check
    assert any('Chuyên mục "Không có"' in line.get_text() for line in soup.select("#loi-dung-trang li"))
    assert "trả về trạng thái trước: Chờ duyệt" in soup.select_one("#sau-khi-loi").get_text()
    after = {p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert after == before
    assert "status: pending" in (site.content / NEW).read_text(encoding="utf-8")


def test_a_status_page_is_for_approvers_and_an_unknown_one_is_not_found(editor, approver):
    assert approver.http.get("/xuat-ban/khong-co-lan-nay").status_code == 404
    assert editor.http.get("/xuat-ban/khong-co-lan-nay").status_code == 403
