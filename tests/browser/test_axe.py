"""axe-core, the npm registry's accessibility engine (pinned in package-lock.json, installed by ./dev),
run in Debian's Chromium on every page type at 320, 360 and 1280 px: no violation of WCAG 2.0 and 2.1
A and AA, nor of the best practices on landmarks and heading order."""

import pytest

from browser_harness import SiteServer
from sitekit import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (320, 360, 1280)
PAGES = {  # page type: (address, JavaScript on, status)
    "home": ("/", True, 200),
    "article": ("/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/", True, 200),
    "category": ("/chuyen-muc/tin-hoat-dong/", True, 200),
    "tag": ("/the/an-ninh-mang/", True, 200),
    "unit": ("/don-vi/cong-an-tinh/", True, 200),
    "period-archive": ("/2021/12/", True, 200),
    "roundup": ("/thong-ke/2021/", True, 200),
    "search": ("/tim-kiem/?q=bao+ve", True, 200),
    "search-without-javascript": ("/tim-kiem/?q=bao+ve&year=2021", False, 200),
    "not-found": ("/khong-co-trang-nay/", True, 404),
    "page": ("/gioi-thieu/", True, 200),
}
# Every rule tagged WCAG 2.0/2.1 A or AA (those axe marks experimental too), and three best practices.
RUN_AXE = """async () => {
  const rules = axe.getRules(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).map((rule) => rule.ruleId)
    .concat(["landmark-one-main", "region", "heading-order", "landmark-unique"]);
  const result = await axe.run(document, {runOnly: {type: "rule", values: rules}, resultTypes: ["violations"]});
  return result.violations.flatMap((violation) => violation.nodes.map((node) =>
    `${violation.id}: ${node.target.join(" ")}: ${node.failureSummary.replace(/\\s+/g, " ").slice(0, 160)}`));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed ({AXE.relative_to(ROOT)}): run ./dev once, with npm present")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def served(sample_output, tmp_path_factory):
    """One endpoint serving the built site for every page of this module, as ./dev serve does."""
    server = SiteServer(sample_output, tmp_path_factory.mktemp("axe"))
    yield server
    server.stop()


def test_axe_runs_its_rules_and_finds_a_planted_violation(chromium, axe_source):
    """The check can fail: a page with an unlabelled field and grey-on-white text has violations."""
    page = chromium.new_page()
    try:
        page.set_content('<html lang="vi"><body><main><h1>Thử</h1><input type="text">'
                         '<p style="color:#bbb">Chữ nhạt</p></main></body></html>')
        page.evaluate(axe_source)
        found = page.evaluate(RUN_AXE)
        assert any(line.startswith("label:") for line in found)
        assert any(line.startswith("color-contrast:") for line in found)
    finally:
        page.close()


def _without_scripts(route) -> None:
    """The document as served, with a policy that lets none of its scripts run: the page as a reader
    without JavaScript gets it, where axe, run through the DevTools protocol, still works (with
    JavaScript turned off for the whole context, axe's own timers would never fire)."""
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": "script-src 'none'"})


@pytest.mark.parametrize("kind", PAGES)
def test_no_axe_violation(page_errors, served, axe_source, kind):
    path, scripts, status = PAGES[kind]
    viewport = {"width": WIDTHS[0], "height": 740}
    if scripts:
        page = page_errors.open(served.base + path, viewport, status)
        page.wait_for_load_state("networkidle")
    else:  # not watched by page_errors: the blocked scripts are reported as console errors
        context = page_errors.browser.new_context(viewport=viewport, locale="vi-VN")
        page_errors.contexts.append(context)
        page = context.new_page()
        page.route(served.base + path, _without_scripts)
        page_errors.goto(page, served.base + path, status)
        assert page.evaluate("document.documentElement.className") == ""  # the head script did not run
    page.evaluate(axe_source)
    violations = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740 if width < 1000 else 900})
        violations += [f"{width}px {line}" for line in page.evaluate(RUN_AXE)]
    assert violations == []
