"""The yearly roundup in Chromium: the overview at phone and desktop widths, a tile leading to its
indicator's detail with its charts, a page a few screens tall, and a printout without navigation."""

import re

import pytest
from playwright.sync_api import expect

from browser_harness import DESKTOP, PHONE

YEAR = "/thong-ke/2021/"


@pytest.mark.parametrize("name, viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_overview_tiles_lead_to_the_detail_with_its_charts(page_errors, site_server, name, viewport):
    page = page_errors.open(site_server.base + YEAR, viewport)
    expect(page.locator("h1")).to_have_text("Số liệu phong trào năm 2021")
    tiles = page.locator(".overview .tile")
    assert tiles.count() == 14
    expect(tiles.first).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.locator("#phan-qua h3 a").click()
    expect(page).to_have_url(re.compile(r"/thong-ke/2021/phan-qua/$"))
    expect(page.locator("h1")).to_have_text("Phần quà trao tặng năm 2021")
    units = page.locator("svg[aria-labelledby^='dv-']")
    expect(units).to_be_visible()
    assert units.locator("rect").count() >= 2
    box, main = units.bounding_box(), page.locator("main").bounding_box()
    assert box["width"] >= main["width"] - 48  # the page's full width, less main's padding
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.goto(site_server.base + "/thong-ke/")
    expect(page.locator(".roundup-list h2 a").first).to_have_text("Năm 2022")
    expect(page.locator(".trends svg.chart").first).to_be_visible()


def test_the_year_reads_in_a_few_screens(page_errors, site_server):
    page = page_errors.open(site_server.base + YEAR, DESKTOP)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 4 * DESKTOP["height"], f"{height} px tall"


def test_the_year_prints_as_a_short_report_without_navigation(page_errors, site_server):
    page = page_errors.open(site_server.base + YEAR, DESKTOP)
    page.emulate_media(media="print")
    for hidden in (".site-nav", ".search-box", ".tools", ".site-footer nav", ".visitors", ".downloads",
                   ".roundup-years", ".skip-link"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".overview .tile").first).to_be_visible()
    expect(page.locator(".headline-table table")).to_be_visible()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert 1 <= pages <= 5, f"{pages} A4 pages"
