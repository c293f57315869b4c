"""Without JavaScript, or with the endpoint down, each reader widget says once why its figure is not
shown, no bare dash stands for a number, and controls that cannot work are not shown."""

import re

import pytest
from playwright.sync_api import expect

from browser_harness import DESKTOP, NginxServer
from sitekit import free_port

ARTICLE = "/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/"
LISTING = "/chuyen-muc/tin-hoat-dong/"
SEARCH = "/tim-kiem/?q=bao+ve+an+ninh"  # typed without diacritics
SCRIPT_CONTROLS = ["A- (cỡ chữ nhỏ hơn)", "A (cỡ chữ mặc định)", "A+ (cỡ chữ lớn hơn)", "In bài viết", "Sao chép liên kết"]

# Visible elements whose whole text is a dash: a number the page could not fill in.
BARE_DASHES = """() => [...document.querySelectorAll("body *")].filter((node) =>
  node.checkVisibility() && [...node.childNodes].some((child) => child.nodeType === 3 && child.textContent.trim() === "–")
).map((node) => node.outerHTML.slice(0, 80))"""


def check_widgets(page, path: str) -> None:
    expect(page.locator(".visitors .widget-note")).to_be_visible()
    expect(page.locator(".visitors .widget-note")).to_contain_text("không hiển thị được")
    if path == ARTICLE:
        expect(page.locator(".rating .widget-note")).to_be_visible()
        expect(page.get_by_role("radio", name="5 sao")).to_be_hidden()
        expect(page.locator(".rating-summary")).to_be_hidden()
    assert page.evaluate(BARE_DASHES) == []  # once the widgets have given up, not while they still try
    assert page.locator(".widget-note:visible").count() == (2 if path == ARTICLE else 1)  # once per widget


def check_search(page) -> None:
    """Results for a query typed without diacritics, the query kept in the box, no word of JavaScript."""
    expect(page.locator(".search-summary")).to_contain_text("Tìm thấy")
    expect(page.locator(".search-hit mark").first).to_be_visible()
    expect(page.get_by_role("searchbox", name="Từ khóa")).to_have_value("bao ve an ninh")
    expect(page.locator("main")).not_to_contain_text("JavaScript")


@pytest.mark.parametrize("path", [ARTICLE, LISTING, SEARCH])
def test_without_javascript(chromium, site_server, path):
    """./dev serve, JavaScript off: widgets say why they are empty, the search page still searches."""
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_server.base + path)
        check_widgets(page, path)
        if path == ARTICLE:
            expect(page.locator(".rating .widget-note")).to_contain_text("tắt JavaScript")  # why it cannot rate
        for name in SCRIPT_CONTROLS:
            expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
        expect(page.locator(".tools")).to_be_hidden()
        if path == SEARCH:
            check_search(page)
            # Every control works without the script and keeps the query: pages, a filter, a facet.
            page.get_by_role("link", name="Trang sau ›").click()
            expect(page.locator(".pagination")).to_contain_text("Trang 2/")
            page.get_by_label("Năm", exact=True).select_option("2022")
            page.get_by_role("button", name="Lọc").click()
            expect(page).to_have_url(re.compile(r"q=bao\+ve\+an\+ninh.*year=2022"))
            for meta in page.locator(".search-hit .meta").all_inner_texts():
                assert "/2022" in meta
            expect(page.get_by_label("Năm", exact=True)).to_have_value("2022")
            facet = page.get_by_role("navigation", name="Theo chuyên mục").get_by_role("link").first
            facet.click()
            expect(page).to_have_url(re.compile(r"category=.*year=2022"))
            expect(page.get_by_role("navigation", name="Theo chuyên mục").locator("[aria-current]")).to_have_count(1)
            check_search(page)
    finally:
        context.close()


def test_search_without_javascript_behind_nginx(chromium, nginx_server):
    """The tested nginx configuration sends a search to the endpoint, which renders the results."""
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(nginx_server.base + "/")
        page.get_by_role("searchbox", name="Tìm kiếm").fill("bao ve an ninh")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=bao\+ve\+an\+ninh$"))
        check_search(page)
    finally:
        context.close()


@pytest.mark.parametrize("path", [ARTICLE, LISTING, SEARCH])
def test_with_the_endpoint_down(page_errors, static_only, path):
    page_errors.expected = ("/api/",)  # the endpoint is down: its calls fail, nothing else may
    page = page_errors.open(static_only.base + path, DESKTOP)
    page.wait_for_load_state("networkidle")
    check_widgets(page, path)
    # These work without the endpoint, so they stay.
    expect(page.get_by_role("button", name="Cỡ chữ lớn hơn")).to_be_visible()
    if path == ARTICLE:
        expect(page.get_by_role("button", name="Sao chép liên kết")).to_be_visible()
    if path == SEARCH:
        expect(page.locator(".search-unavailable")).to_contain_text("tạm thời không dùng được")
        expect(page.get_by_role("searchbox", name="Từ khóa")).to_have_value("bao ve an ninh")


def test_search_with_the_endpoint_down_behind_nginx(chromium, sample_output, tmp_path):
    """No endpoint behind nginx: a search gets the built page (503), which says why there are no results,
    with or without its script."""
    server = NginxServer(sample_output, free_port(), tmp_path)
    try:
        for scripts in (True, False):
            context = chromium.new_context(viewport=DESKTOP, locale="vi-VN", java_script_enabled=scripts)
            try:
                page = context.new_page()
                assert page.goto(server.base + SEARCH).status == 503
                expect(page.locator(".search-unavailable").first).to_be_visible()
                expect(page.locator(".search-unavailable").first).to_contain_text("tạm")
                assert page.evaluate(BARE_DASHES) == []
            finally:
                context.close()
    finally:
        server.stop()


def test_widgets_show_no_note_when_the_endpoint_answers(page_errors, site_server):
    page = page_errors.open(site_server.base + ARTICLE, DESKTOP)
    expect(page.locator("[data-visitors=total]")).not_to_have_text("–")
    expect(page.get_by_role("radio", name="5 sao")).to_be_enabled()
    expect(page.locator(".widget-note:visible")).to_have_count(0)
    expect(page.locator(".dateline [data-views]")).to_be_visible()
