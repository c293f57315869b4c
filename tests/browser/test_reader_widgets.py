"""A citizen reads an article, sees its view count, rates it with the keyboard, and comes back."""

import re

from playwright.sync_api import expect

from browser_harness import DESKTOP, PHONE

ARTICLE = "/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/"


def test_view_count_and_keyboard_rating(page_errors, site_server):
    page_errors.expected = ("/api/ratings/",)  # a browser's first rating is answered 403 with its cookie
    page = page_errors.open(site_server.base + ARTICLE, DESKTOP)
    expect(page.locator(".dateline [data-views]")).to_have_text("1")
    summary = page.locator(".rating-summary")
    expect(summary).to_contain_text("Tổng số điểm của bài viết là: 0 trong 0 đánh giá")
    expect(page.locator("[data-visitors=total]")).to_have_text("1")
    ratings_sent = []
    page.on("request", lambda request: ratings_sent.append(request.url) if "/api/ratings/" in request.url else None)

    for _ in range(80):  # the keyboard alone: Tab to the stars
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "stars":
            break
    expect(page.locator("#sao-1")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.locator("#sao-4")).to_be_checked()
    expect(page.locator("#sao-4")).to_be_focused()
    page.keyboard.press("Enter")
    expect(summary).to_contain_text("Tổng số điểm của bài viết là: 4 trong 1 đánh giá")
    expect(summary).to_contain_text("trung bình 4/5")
    expect(page.locator("[data-rating-mine]")).to_have_text("Cảm ơn bạn đã chấm 4 sao.")
    expect(page.locator("#sao-4")).to_be_focused()  # focus stays on the control
    assert len(ratings_sent) == 2  # the arrows only chose; Enter sent once (and once more with the new cookie)

    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Space")
    expect(summary).to_contain_text("3 trong 1 đánh giá")  # Space rates too, and changes the vote
    expect(page.locator("#sao-3")).to_be_focused()

    page.reload()
    expect(page.locator(".dateline [data-views]")).to_have_text("2")
    expect(page.locator("[data-rating-mine]")).to_contain_text("Bạn đã chấm 3 sao")
    expect(page.locator("#sao-3")).to_be_checked()
    expect(summary).to_contain_text("3 trong 1 đánh giá")


def test_listings_show_view_counts_and_visitor_block(page_errors, site_server):
    page = page_errors.open(site_server.base + ARTICLE, PHONE)
    expect(page.locator(".dateline [data-views]")).to_have_text("1")
    page.goto(site_server.base + "/chuyen-muc/tin-hoat-dong/")
    item = page.locator('[data-listing-id="cong-an-tinh-tang-cuong-cong-tac-dan-van"] [data-views]')
    expect(item).to_have_text("1")
    expect(page.locator("[data-visitors=today]")).to_have_text(re.compile(r"^\d+$"))


def test_pages_render_cleanly_with_the_endpoint_down(page_errors, static_only):
    page_errors.expected = ("/api/",)  # the endpoint is down: its calls fail, nothing else may
    page = page_errors.open(static_only.base + ARTICLE, DESKTOP)
    byline = page.locator(".byline")
    before = byline.bounding_box()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".rating")).to_have_class(re.compile("is-offline"))
    assert byline.bounding_box() == before  # nothing jumped when the calls failed
    expect(page.locator(".dateline .views")).to_be_hidden()  # no bare dash; the notes say why
    expect(page.locator("[data-visitors=total]")).to_be_hidden()
    expect(page.locator(".rating .widget-note")).to_be_visible()
    expect(page.locator(".rating-form")).to_be_hidden()  # a form that cannot be sent is not shown
    expect(page.locator("#sao-4")).to_be_disabled()
