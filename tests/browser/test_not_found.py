"""The 404 page at a missing address two folders deep, styled and with every link working, as
./dev serve's endpoint and as the shipped nginx configuration (error_page 404) show it."""

import httpx
import pytest

from browser_harness import DESKTOP

MISSING = "/khong-co-trang-nay/con-nua/"


@pytest.mark.parametrize("server", ["site_server", "nginx_server"])
def test_not_found_page_is_styled_and_its_links_work(request, page_errors, server):
    base = request.getfixturevalue(server).base
    page = page_errors.open(base + MISSING, DESKTOP, status=404)
    assert page.locator("h1").inner_text() == "Không tìm thấy trang này"
    # site.css applied: it takes the visually hidden labels out of the flow.
    assert page.locator("label.visually-hidden").first.evaluate("e => getComputedStyle(e).position") == "absolute"
    assert page.locator("body").evaluate("e => getComputedStyle(e).margin") == "0px"
    page.wait_for_load_state("networkidle")  # the scripts and the endpoint calls they make
    links = page.eval_on_selector_all(  # all but the skip link, which stays on this page
        "a[href]:not([href^='#']), link[href]", "nodes => nodes.map(n => n.href)")
    own = sorted({link for link in links if link.startswith(base)})
    assert len(own) >= 10 and base + "/" in own and base + "/tim-kiem/" in own
    with httpx.Client() as client:
        broken = [(link, status) for link in own if (status := client.get(link).status_code) != 200]
    assert broken == []
