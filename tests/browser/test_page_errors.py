"""The page_errors fixture sees what it is there to see: here, calls to an endpoint that is down."""

from browser_harness import DESKTOP, PageErrors

ARTICLE = "/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/"


def test_failed_calls_are_recorded_unless_expected(chromium, static_only):
    watched = PageErrors(chromium)
    watched.open(static_only.base + ARTICLE, DESKTOP).wait_for_load_state("networkidle")
    found = watched.close()
    assert found and all("/api/" in error for error in found), found
    assert any(error.startswith("404: ") for error in found)

    expecting = PageErrors(chromium)
    expecting.expected = ("/api/",)
    expecting.open(static_only.base + ARTICLE, DESKTOP).wait_for_load_state("networkidle")
    assert expecting.close() == []
