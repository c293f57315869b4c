"""Phone-first in Chromium at 320, 360 and 768 px: nothing wider than the screen, no text cut off,
the first headline above the fold, tap targets of 44 px; the folding menu without a script, by
keyboard and as a screen reader meets it; the statistics box and the search filters on a phone."""

import pytest
from playwright.sync_api import expect

from browser_harness import DESKTOP

ARTICLE = "/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/"
SEARCH = "/tim-kiem/?q=an+ninh"
# The smallest phone still sold (320 x 568), a common one, and a small tablet.
WIDTHS = {"320": {"width": 320, "height": 568}, "360": {"width": 360, "height": 740},
          "768": {"width": 768, "height": 1024}}
TAP = 44

WIDER = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")].filter((node) => {
    const rect = node.getBoundingClientRect();
    return rect.width && rect.right > width + 0.5;
  }).map((node) => node.tagName + "." + node.className + " " + Math.round(node.getBoundingClientRect().right - width));
}"""

# Boxes that cut their own text: overflow hidden or clipped, content larger than the box (the
# visually hidden helpers, 1 px on purpose, excluded). An input whose placeholder is wider than
# the room inside it shows it cut.
CUT = """() => {
  const cut = [];
  for (const node of document.querySelectorAll("body *")) {
    const style = getComputedStyle(node);
    const rect = node.getBoundingClientRect();
    if (!rect.width || rect.width <= 1 || style.clip !== "auto") continue;
    const clips = /hidden|clip/.test(style.overflowX + style.overflowY) || style.textOverflow === "ellipsis";
    if (clips && (node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1))
      cut.push(node.tagName + "." + node.className);
  }
  const context = document.createElement("canvas").getContext("2d");
  for (const input of document.querySelectorAll("input[placeholder]")) {
    if (!input.getClientRects().length) continue;
    const style = getComputedStyle(input);
    context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (context.measureText(input.placeholder).width > room) cut.push("placeholder of #" + input.id);
  }
  return cut;
}"""

# What a finger must hit: controls and the links of navigation (not links inside running text; the
# rating widget has its own test).
TARGETS = """(size) => {
  const selector = "header a, header button, header input, header summary, .site-nav a, .tools button, " +
    ".breadcrumb a, .share a, .share button, .site-footer nav a, .pagination a, .roundup-years a, .tile h3 a, " +
    "main select, main input, main button";
  return [...document.querySelectorAll(selector)].filter((node) => {
    const rect = node.getBoundingClientRect();
    if (!rect.width || !rect.height || getComputedStyle(node).visibility === "hidden" || node.closest(".rating"))
      return false;
    const wide = node.matches("a") ? true : rect.width >= size;
    return rect.height < size - 0.5 || !wide;
  }).map((node) => `${node.tagName} "${(node.textContent || node.id).trim().slice(0, 30)}" ` +
         `${Math.round(node.getBoundingClientRect().width)}x${Math.round(node.getBoundingClientRect().height)}`);
}"""

FIRST_HEADLINE = "main h1, main .featured-item h3, main .item-title"


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", ["/", ARTICLE, "/thong-ke/2021/", "/thong-ke/2021/phan-qua/", SEARCH])
def test_fits_a_phone(page_errors, site_server, path, width):
    viewport = WIDTHS[width]
    page = page_errors.open(site_server.base + path, viewport)
    page.wait_for_load_state("networkidle")
    assert page.evaluate(WIDER) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert page.evaluate(CUT) == []
    assert page.evaluate(TARGETS, TAP) == []
    headline = page.locator(FIRST_HEADLINE).first
    top = headline.evaluate("e => e.getBoundingClientRect().top + parseFloat(getComputedStyle(e).lineHeight)")
    assert top <= viewport["height"], f"the first headline's first line ends at {top} px"


def _menu_links(page):
    return page.locator(".site-nav").get_by_role("link")


def _disclosure(page) -> dict:
    """The menu's summary as Chromium's own accessibility tree shows it to a screen reader."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    found = [n for n in nodes if n.get("role", {}).get("value") == "DisclosureTriangle"
             and n.get("name", {}).get("value") == "Chuyên mục"]
    assert len(found) == 1
    return {p["name"]: p["value"].get("value") for p in found[0].get("properties", [])}


def test_menu_folds_and_opens_with_one_tap_without_javascript(chromium, static_only):
    context = chromium.new_context(viewport=WIDTHS["360"], java_script_enabled=False, has_touch=True,
                                   is_mobile=True, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(static_only.base + "/")
        summary = page.locator(".site-nav summary")
        expect(summary).to_be_visible()
        expect(_menu_links(page).first).to_be_hidden()
        assert summary.bounding_box()["height"] >= TAP
        assert _disclosure(page)["expanded"] is False
        summary.tap()
        links = _menu_links(page)
        expect(links.first).to_be_visible()
        assert links.count() >= 5
        assert all(links.nth(i).bounding_box()["height"] >= TAP for i in range(links.count()))
        assert _disclosure(page)["expanded"] is True
        summary.tap()
        expect(links.first).to_be_hidden()
    finally:
        context.close()


def test_menu_opens_by_keyboard(page_errors, site_server):
    page = page_errors.open(site_server.base + ARTICLE, WIDTHS["360"])
    summary = page.locator(".site-nav summary")
    for _ in range(10):
        page.keyboard.press("Tab")
        if summary.evaluate("e => e === document.activeElement"):
            break
    expect(summary).to_be_focused()
    assert summary.evaluate("e => getComputedStyle(e).outlineStyle") != "none"  # a visible focus ring
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(_menu_links(page).first).to_be_focused()
    expect(_menu_links(page).first).to_be_visible()


def test_menu_is_an_open_bar_on_a_wide_screen(page_errors, site_server):
    page = page_errors.open(site_server.base + "/", DESKTOP)
    expect(page.locator(".site-nav summary")).to_be_hidden()
    links = _menu_links(page)
    expect(links.first).to_be_visible()
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1  # one line
    assert page.locator(".site-nav").bounding_box()["height"] <= 2 * TAP


def test_statistics_box_on_a_phone_labels_every_figure(page_errors, site_server):
    page = page_errors.open(site_server.base + ARTICLE, WIDTHS["360"])
    table = page.get_by_role("table", name="Các số liệu bài viết báo cáo, theo chỉ tiêu")
    expect(table.get_by_role("columnheader")).to_have_count(4)  # still a table to a screen reader
    row = table.get_by_role("row").filter(has_text="Phần quà trao tặng")
    cells = row.locator("th, td")
    shown = [cells.nth(i).evaluate("e => [getComputedStyle(e, '::before').content, e.innerText]")
             for i in range(cells.count())]
    assert shown == [['"Chỉ tiêu: " / ""', "Phần quà trao tặng"], ['"Giá trị: " / ""', "8.230 phần quà"],
                     ['"Kỳ báo cáo: " / ""', "năm 2021"], ['"Đơn vị báo cáo: " / ""', "Công an tỉnh"]]
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    assert all(b["width"] > 200 for b in boxes)  # each figure on its own line, with room for its label
    assert [b["y"] for b in boxes] == sorted(b["y"] for b in boxes)


@pytest.mark.parametrize("width", ["320", "360"])
def test_search_filter_labels_stay_with_their_fields(page_errors, site_server, width):
    page = page_errors.open(site_server.base + SEARCH, WIDTHS[width])
    pairs = page.locator(".search-filters label").evaluate_all("""labels => labels.map((label) => {
        const field = document.getElementById(label.htmlFor).getBoundingClientRect();
        const own = label.getBoundingClientRect();
        return [label.textContent, field.left - own.right, Math.abs((field.top + field.bottom) - (own.top + own.bottom)) / 2];
    })""")
    assert len(pairs) == 4
    apart = [(name, round(gap), round(offset)) for name, gap, offset in pairs if not (0 <= gap <= 24 and offset <= 8)]
    assert apart == []
