"""The yearly roundup in Chromium at phone and desktop widths, with its charts visible."""

import pytest
from playwright.sync_api import expect

from browser_harness import DESKTOP, PHONE


@pytest.mark.parametrize("name, viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_roundup_page_with_charts(page_errors, site_server, name, viewport):
    page = page_errors.open(site_server.base + "/thong-ke/2021/", viewport)
    expect(page.locator("h1")).to_have_text("Số liệu phong trào năm 2021")
    chart = page.locator("#phan-qua svg.chart").first
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] > 200 and box["height"] > 30
    assert page.locator("#phan-qua svg.chart rect").count() >= 2
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.goto(site_server.base + "/thong-ke/")
    expect(page.locator(".roundup-list h2 a").first).to_have_text("Năm 2022")
