"""One tap rates; a vote belongs to a browser, so two browsers behind one address each have one."""

import re

from playwright.sync_api import expect

from browser_harness import DESKTOP, PHONE

ARTICLE = "/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/"
SUMMARY = ".rating-summary"


def star(stars: int) -> str:
    """The star a reader taps: the label of the radio button."""
    return f'label[for="sao-{stars}"]'


def test_one_tap_rates_and_each_browser_has_its_own_vote(page_errors, site_server):
    page_errors.expected = ("/api/ratings/",)  # a browser's first rating is answered 403 with its cookie
    phone = page_errors.open(site_server.base + ARTICLE, PHONE)
    expect(phone.locator(SUMMARY)).to_contain_text("0 trong 0 đánh giá")
    phone.locator(star(5)).click()  # one tap, no other button
    expect(phone.locator(SUMMARY)).to_contain_text("5 trong 1 đánh giá")
    expect(phone.locator("[data-rating-mine]")).to_have_text("Cảm ơn bạn đã chấm 5 sao.")
    expect(phone.get_by_role("radio", name="5 sao")).to_be_focused()

    # A second browser on the same machine, so behind the same address: a vote of its own.
    laptop = page_errors.open(site_server.base + ARTICLE, DESKTOP)
    expect(laptop.locator(SUMMARY)).to_contain_text("5 trong 1 đánh giá")
    expect(laptop.locator("[data-rating-mine]")).to_have_text("")
    laptop.locator(star(2)).click()
    expect(laptop.locator(SUMMARY)).to_contain_text("7 trong 2 đánh giá")

    # The first browser taps again: its vote changes, the count stays.
    phone.locator(star(1)).click()
    expect(phone.locator(SUMMARY)).to_contain_text("3 trong 2 đánh giá")
    laptop.reload()
    expect(laptop.locator(SUMMARY)).to_contain_text("3 trong 2 đánh giá")
    expect(laptop.locator("[data-rating-mine]")).to_contain_text("Bạn đã chấm 2 sao")


def test_stars_show_the_vote_and_fit_a_phone(page_errors, site_server):
    page_errors.expected = ("/api/ratings/",)
    page = page_errors.open(site_server.base + ARTICLE, PHONE)
    page.locator(star(3)).click()
    expect(page.locator(SUMMARY)).to_contain_text("3 trong 1 đánh giá")
    colours = page.locator(".stars .star").evaluate_all("stars => stars.map(s => getComputedStyle(s).color)")
    assert len(set(colours[:3])) == 1 and colours[3] == colours[4] != colours[0]  # three filled, two not
    boxes = [label.bounding_box() for label in page.locator(".stars label").all()]
    assert len({round(box["y"]) for box in boxes}) == 1  # one line
    assert all(box["height"] >= 44 and box["width"] >= 44 for box in boxes)  # tap targets
    assert boxes[-1]["x"] + boxes[-1]["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The focus ring is drawn on the focused star's label.
    page.get_by_role("radio", name="3 sao").focus()
    page.keyboard.press("ArrowRight")
    style = page.locator('label[for="sao-4"]').evaluate("label => getComputedStyle(label).outlineStyle")
    assert style == "solid"


def test_a_browser_that_refuses_cookies_reads_ratings_and_is_told_why_it_cannot_rate(page_errors, site_server):
    page_errors.expected = ("/api/ratings/",)
    page = page_errors.new_page(DESKTOP)

    def without_cookies(route):
        answer = route.fetch()
        page.context.clear_cookies()  # route.fetch() kept the answer's cookie; a refusing browser does not
        headers = {name: value for name, value in answer.headers.items() if name.lower() != "set-cookie"}
        route.fulfill(response=answer, headers=headers)

    page.route(re.compile(r"/api/ratings/"), without_cookies)
    page_errors.goto(page, site_server.base + ARTICLE)
    expect(page.locator(SUMMARY)).to_contain_text("0 trong 0 đánh giá")
    page.locator(star(4)).click()
    expect(page.locator("[data-rating-mine]")).to_contain_text("đang chặn cookie")
    expect(page.get_by_role("radio", name="4 sao")).not_to_be_checked()
    page.reload()
    expect(page.locator(SUMMARY)).to_contain_text("0 trong 0 đánh giá")  # nothing was stored


def test_rating_through_the_shipped_nginx_configuration(page_errors, nginx_server):
    """The cookie comes back through nginx's /api/ proxy: a second tap changes the vote."""
    page_errors.expected = ("/api/ratings/",)
    page = page_errors.open(nginx_server.base + ARTICLE, PHONE)
    page.locator(star(4)).click()
    expect(page.locator(SUMMARY)).to_contain_text("4 trong 1 đánh giá")
    page.locator(star(2)).click()
    expect(page.locator(SUMMARY)).to_contain_text("2 trong 1 đánh giá")
