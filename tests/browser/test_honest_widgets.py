"""Without JavaScript, or with the endpoint down, each reader widget says once why its figure is not
shown, no bare dash stands for a number, and controls that cannot work are not shown."""

import pytest
from playwright.sync_api import expect

from browser_harness import DESKTOP

ARTICLE = "/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/"
LISTING = "/chuyen-muc/tin-hoat-dong/"
SCRIPT_CONTROLS = ["Cỡ chữ nhỏ hơn", "Cỡ chữ mặc định", "Cỡ chữ lớn hơn", "In bài viết", "Sao chép liên kết"]

# Visible elements whose whole text is a dash: a number the page could not fill in.
BARE_DASHES = """() => [...document.querySelectorAll("body *")].filter((node) =>
  node.checkVisibility() && [...node.childNodes].some((child) => child.nodeType === 3 && child.textContent.trim() === "–")
).map((node) => node.outerHTML.slice(0, 80))"""


def check_widgets(page, path: str) -> None:
    assert page.evaluate(BARE_DASHES) == []
    expect(page.locator(".visitors .widget-note")).to_be_visible()
    expect(page.locator(".visitors .widget-note")).to_contain_text("không hiển thị được")
    if path == ARTICLE:
        expect(page.locator(".rating .widget-note")).to_be_visible()
        expect(page.get_by_role("radio", name="5 sao")).to_be_hidden()
        expect(page.locator(".rating-summary")).to_be_hidden()
    assert page.locator(".widget-note:visible").count() == (2 if path == ARTICLE else 1)  # once per widget


@pytest.mark.parametrize("path", [ARTICLE, LISTING])
def test_without_javascript(chromium, static_only, path):
    context = chromium.new_context(viewport=DESKTOP, locale="vi-VN", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(static_only.base + path)
        check_widgets(page, path)
        if path == ARTICLE:
            expect(page.locator(".rating .widget-note")).to_contain_text("tắt JavaScript")  # why it cannot rate
        for name in SCRIPT_CONTROLS:
            expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
        expect(page.locator(".tools")).to_be_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("path", [ARTICLE, LISTING])
def test_with_the_endpoint_down(page_errors, static_only, path):
    page_errors.expected = ("/api/",)  # the endpoint is down: its calls fail, nothing else may
    page = page_errors.open(static_only.base + path, DESKTOP)
    page.wait_for_load_state("networkidle")
    check_widgets(page, path)
    # These work without the endpoint, so they stay.
    expect(page.get_by_role("button", name="Cỡ chữ lớn hơn")).to_be_visible()
    if path == ARTICLE:
        expect(page.get_by_role("button", name="Sao chép liên kết")).to_be_visible()


def test_widgets_show_no_note_when_the_endpoint_answers(page_errors, site_server):
    page = page_errors.open(site_server.base + ARTICLE, DESKTOP)
    expect(page.locator("[data-visitors=total]")).not_to_have_text("–")
    expect(page.get_by_role("radio", name="5 sao")).to_be_enabled()
    expect(page.locator(".widget-note:visible")).to_have_count(0)
    expect(page.locator(".dateline [data-views]")).to_be_visible()
