"""Home and article pages in a real Chromium at phone and desktop widths; the font-size switch."""

import pytest
from playwright.sync_api import expect

from browser_harness import DESKTOP, PHONE

ARTICLE = "/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/"
NARROW = {"width": 320, "height": 640}


@pytest.mark.parametrize("name, viewport", [("phone", PHONE), ("desktop", DESKTOP), ("320", NARROW)])
@pytest.mark.parametrize("path", ["/", ARTICLE])
def test_pages_fit_and_render(page_errors, site_server, name, viewport, path):
    page = page_errors.open(site_server.base + path, viewport)
    expect(page.locator("h1")).to_have_count(1)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"horizontal scrolling at {viewport['width']} px"
    images = page.locator("main img")
    for index in range(min(images.count(), 4)):
        assert images.nth(index).get_attribute("alt") is not None


def test_font_size_switch_is_remembered_across_pages(page_errors, site_server):
    page = page_errors.open(site_server.base + ARTICLE, DESKTOP)
    body = page.locator(".body p").first

    def size() -> float:
        return float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))

    normal = size()
    page.get_by_role("button", name="Cỡ chữ lớn hơn").click()
    page.get_by_role("button", name="Cỡ chữ lớn hơn").click()
    bigger = size()
    assert bigger > normal * 1.2
    page.get_by_role("link", name="Tin hoạt động").first.click()
    page.wait_for_load_state()
    assert float(page.locator("main").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) > normal * 1.2
    page.go_back()
    assert size() == bigger
    page.keyboard.press("Tab")  # the skip link comes first and is visible when focused
    expect(page.locator(".skip-link")).to_be_focused()
    page.get_by_role("button", name="Cỡ chữ mặc định").click()
    assert size() == normal
