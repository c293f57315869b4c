"""A citizen searches without diacritics from the header, filters by year, pages, and goes back."""

import re

from playwright.sync_api import expect

from browser_harness import DESKTOP


def test_search_from_the_header_box(page_errors, site_server):
    page = page_errors.open(site_server.base + "/", DESKTOP)
    page.get_by_role("searchbox", name="Tìm kiếm").fill("an ninh")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=an\+ninh$"))
    expect(page.locator(".search-summary")).to_contain_text("Tìm thấy")
    expect(page.locator(".search-hit mark").first).to_be_visible()
    expect(page.locator(".search-hit mark").first).to_have_text(re.compile(r"^(an|ninh)$", re.I))
    first_total = page.locator(".search-summary").inner_text()

    page.get_by_label("Năm", exact=True).select_option("2022")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"year=2022"))
    expect(page.locator(".search-hit").first).to_be_visible()
    for meta in page.locator(".search-hit .meta").all_inner_texts():
        assert "/2022" in meta
    page.get_by_role("link", name="Trang sau ›").click()
    expect(page).to_have_url(re.compile(r"page=2"))
    expect(page.locator(".pagination")).to_contain_text("Trang 2/")
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"page=2"))
    expect(page.locator(".pagination")).to_contain_text("Trang 1/")
    page.go_back()
    expect(page.locator(".search-summary")).to_have_text(first_total)


def test_search_page_says_when_the_service_is_down(page_errors, static_only):
    page_errors.expected = ("/api/",)  # the endpoint is down: its calls fail, nothing else may
    page = page_errors.open(static_only.base + "/tim-kiem/?q=bao+ve", DESKTOP)
    expect(page.locator(".search-unavailable")).to_contain_text("tạm thời không dùng được")
    expect(page.get_by_role("searchbox", name="Từ khóa")).to_have_value("bao ve")


def test_results_show_only_text_and_marks_whatever_the_answer_holds(page_errors, static_only):
    """Even an answer whose title and snippet were not escaped puts no markup on the page but <mark>."""
    hostile = '<img src=x onerror="document.title=1"><script>document.title=2</script><b>đậm</b>'
    answer = {"total": 1, "page": 1, "per_page": 10, "pages": 1, "suggestion": None,
              "facets": {"category": {}, "year": {}},
              "hits": [{"id": "bai", "url": "2021/12/bai/", "title": "An ninh", "date": "2021-12-26",
                        "category": "Tin hoạt động", "title_html": f"<mark>An ninh</mark> {hostile}",
                        "snippet": f"trước {hostile} <mark>an ninh</mark> sau"}]}
    page_errors.expected = ("/api/visitors", "/api/stats")  # no endpoint behind this server
    page = page_errors.new_page(DESKTOP)
    page.route("**/api/search?*", lambda route: route.fulfill(json=answer))
    page_errors.goto(page, static_only.base + "/tim-kiem/?q=an+ninh")
    hit = page.locator(".search-hit")
    expect(hit.locator("h3 a mark")).to_have_text("An ninh")
    expect(hit.locator(".snippet mark")).to_have_text("an ninh")
    assert hit.locator("img, script, b").count() == 0
    assert hit.locator("h3 a").text_content() == "An ninh document.title=2đậm"  # the text of it, nothing more
    assert page.title() != "1" and page.title() != "2"
