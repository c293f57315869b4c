"""WCAG 2.1 AA checks a keyboard user would make, in a real Chromium: contrast of what focus and hover
show, keys that must not navigate, pages that reflow at 320 px, names of controls."""

import re

import pytest
from playwright.sync_api import expect

from browser_harness import DESKTOP, PHONE
from sitekit import ROOT

ARTICLE = "/2021/12/cong-an-tinh-tang-cuong-cong-tac-dan-van/"
SEARCH = "/tim-kiem/?q=an+ninh"
NARROW = {"width": 320, "height": 640}
FONT_SIZE_BUTTONS = ("A- (cỡ chữ nhỏ hơn)", "A (cỡ chữ mặc định)", "A+ (cỡ chữ lớn hơn)")

# What the focused element shows: its text colour and background, its ring colours (outline and
# box-shadow) and what lies just outside the ring on each side (the element's own box excluded).
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const rect = element.getBoundingClientRect();
  if (!rect.width || !rect.height) return {tag: element.tagName, hidden: true};
  const backdrop = (node) => {
    for (; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const reach = (parseFloat(style.outlineOffset) || 0) + (parseFloat(style.outlineWidth) || 0) + 1;
  const points = [[rect.left - reach, rect.top + rect.height / 2], [rect.right + reach, rect.top + rect.height / 2],
                  [rect.left + rect.width / 2, rect.top - reach], [rect.left + rect.width / 2, rect.bottom + reach]];
  const around = [];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const under = document.elementsFromPoint(x, y).find((node) => node !== element && !element.contains(node));
    if (under) around.push(backdrop(under));
  }
  return {tag: element.tagName, name: (element.getAttribute("aria-label") || element.textContent || element.id).trim().slice(0, 60),
          text: style.color, background: backdrop(element), around,
          rings: style.outlineStyle === "none" ? [] : [style.outlineColor].concat(
            (style.boxShadow.match(/rgba?\\([^)]*\\)/g) || []))};
}"""


def rgb(css: str) -> tuple[float, ...]:
    parts = [float(p) for p in re.findall(r"[\d.]+", css)]
    return tuple(parts[:3])


def luminance(colour: tuple[float, ...]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(v) for v in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(rgb(first)), luminance(rgb(second))), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_known_pairs():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 2) == 21.0
    assert round(contrast("rgb(94, 16, 16)", "rgb(139, 26, 26)"), 2) == 1.45  # the issue's own figure


def tab_through(page, limit: int = 250):
    """What each element reached by Tab from the top of the page shows while focused and hovered."""
    page.keyboard.press("Tab")
    seen = []
    for _ in range(limit):
        state = page.evaluate(FOCUSED)
        if state is None or (seen and state == seen[0]["focus"]):
            break
        if not state.get("hidden"):
            box = page.evaluate("() => { const r = document.activeElement.getBoundingClientRect();"
                                " return [r.left + r.width / 2, r.top + r.height / 2]; }")
            page.mouse.move(*box)
            hovered = page.evaluate("() => getComputedStyle(document.activeElement).color")
            seen.append({"focus": state, "hover": hovered})
        page.keyboard.press("Tab")
    else:
        pytest.fail(f"Tab did not come back to the start within {limit} presses")
    page.mouse.move(0, 0)
    return seen


# Every page type, with the status its document answers.
PAGES = {"home": ("/", 200), "article": (ARTICLE, 200), "category": ("/chuyen-muc/tin-hoat-dong/", 200),
         "tag": ("/the/an-ninh-mang/", 200), "unit": ("/don-vi/cong-an-tinh/", 200), "period-archive": ("/2021/12/", 200),
         "roundup": ("/thong-ke/2021/", 200), "search": (SEARCH, 200), "not-found": ("/khong-co-trang-nay/", 404),
         "page": ("/gioi-thieu/", 200)}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
@pytest.mark.parametrize("kind", PAGES)
def test_focus_and_hover_keep_their_contrast(page_errors, site_server, kind, viewport):
    """1.4.3: a link's text on focus and hover stays >= 4.5:1 on its background (the header's site name).
    1.4.11: each focused element shows a ring, and one of its colours is >= 3:1 against whatever lies
    around it (the header's red and the menu bar included)."""
    path, status = PAGES[kind]
    page = page_errors.open(site_server.base + path, viewport, status)
    page.wait_for_load_state("networkidle")
    seen = tab_through(page)
    assert len(seen) > 10
    weak_text = [(s["focus"]["name"], state, round(contrast(colour, s["focus"]["background"]), 2))
                 for s in seen for state, colour in (("focus", s["focus"]["text"]), ("hover", s["hover"]))
                 if contrast(colour, s["focus"]["background"]) < 4.5]
    assert weak_text == []
    ringless = [s["focus"]["name"] for s in seen if not s["focus"]["rings"]]
    assert ringless == []
    # Technique C40: a two-colour ring whose colours are 9:1 apart shows against any neighbour, the
    # element's own colour included (the header's white search box inside a white inner ring).
    close = [s["focus"]["name"] for s in seen if len(s["focus"]["rings"]) > 1
             and max(contrast(a, b) for a in s["focus"]["rings"] for b in s["focus"]["rings"]) < 9]
    assert close == []
    weak_rings = [(s["focus"]["name"], background, round(max(contrast(ring, background) for ring in s["focus"]["rings"]), 2))
                  for s in seen for background in s["focus"]["around"]
                  if max(contrast(ring, background) for ring in s["focus"]["rings"]) < 3]
    assert weak_rings == []


def test_arrow_key_on_a_filter_does_not_navigate(page_errors, site_server):
    """3.2.2: choosing with the arrow keys, in any filter, changes the choice only; the button applies it."""
    page = page_errors.open(site_server.base + SEARCH, DESKTOP)
    expect(page.locator(".search-summary")).to_contain_text("Tìm thấy")
    for label in ("Chuyên mục", "Đơn vị", "Sắp xếp"):
        select = page.get_by_role("combobox", name=label, exact=True)
        select.focus()
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(300)  # time enough for a navigation the key must not cause
        assert page.url == site_server.base + SEARCH
        expect(select).to_be_focused()
        select.select_option(index=0)
    year = page.get_by_label("Năm", exact=True)
    year.focus()
    page.keyboard.press("ArrowDown")
    expect(year).not_to_have_value("")
    chosen = year.input_value()
    page.wait_for_timeout(300)  # time enough for a navigation the key must not cause
    assert page.url == site_server.base + SEARCH
    expect(year).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Lọc")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"year={chosen}"))
    expect(page.get_by_label("Năm", exact=True)).to_have_value(chosen)


# The WCAG 1.4.12 text-spacing override, as a reader's style sheet would apply it.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }
p { margin-bottom: 2em !important; }"""

STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")].filter((node) => {
    const rect = node.getBoundingClientRect();
    return rect.width && rect.right > width + 0.5;
  }).map((node) => node.tagName + (node.id ? "#" + node.id : "") + (node.className ? "." + node.className : "")
           + " " + Math.round(node.getBoundingClientRect().right - width) + "px");
}"""


@pytest.mark.parametrize("spacing", [False, True], ids=["plain", "text-spacing"])
@pytest.mark.parametrize("viewport", [NARROW, PHONE], ids=["320", "360"])
@pytest.mark.parametrize("path", [SEARCH, ARTICLE, "/", "/chuyen-muc/tin-hoat-dong/"])
def test_nothing_wider_than_a_narrow_screen(page_errors, site_server, path, viewport, spacing):
    """1.4.10 and 1.4.12: at 320 and 360 px, with or without extra text spacing, no element sticks out."""
    page = page_errors.open(site_server.base + path, viewport)
    page.wait_for_load_state("networkidle")
    if spacing:
        page.add_style_tag(content=TEXT_SPACING)
    assert page.evaluate(STICKING_OUT) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_controls_say_what_they_do(page_errors, site_server):
    """2.4.6 and 4.1.2: the font-size buttons are named by what they do, and (2.5.3) their names begin with
    the text they show; the rating asks for no mouse."""
    page = page_errors.open(site_server.base + ARTICLE, DESKTOP)
    tools = page.get_by_role("region", name="Cỡ chữ")
    for name in FONT_SIZE_BUTTONS:
        expect(tools.get_by_role("button", name=name, exact=True)).to_have_count(1)
    expect(page.get_by_role("group", name="Chọn số sao để đánh giá bài viết")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Click")


def test_search_results_keep_headings_in_order(page_errors, static_only):
    """axe best practice: results the script renders from an answer with no facets still do not jump
    from h1 to h3 (the built page served as a file: the script renders them)."""
    page_errors.expected = ("/api/visitors", "/api/stats")  # no endpoint behind this server
    page = page_errors.new_page(DESKTOP)
    page.route("**/api/search?*", lambda route: route.fulfill(json={
        "total": 1, "page": 1, "per_page": 10, "pages": 1, "suggestion": None, "facets": {},
        "hits": [{"id": "bai", "url": "2021/12/bai/", "title": "An ninh", "date": "2021-12-26",
                  "category": "Tin hoạt động", "title_html": "<mark>An ninh</mark>", "snippet": "an ninh"}]}))
    page_errors.goto(page, static_only.base + SEARCH)
    expect(page.locator(".search-hit")).to_have_count(1)
    levels = page.evaluate("[...document.querySelectorAll('h1, h2, h3, h4')].map((h) => Number(h.tagName[1]))")
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels


# Every control a reader could use: visible, enabled, focusable; whether Tab reached it (marked by
# the walk) and its accessible name as axe computes it.
CONTROLS = """() => {
  axe.setup();  // axe's view of the page, which its name computation reads
  // Tab enters a group of radio buttons once; the arrow keys move within it.
  const radios = new Set([...document.querySelectorAll("input[type=radio][data-tabbed]")].map((node) => node.name));
  try {
    return [...document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]")]
      .filter((node) => node.checkVisibility() && !node.disabled && node.tabIndex >= 0)
      .map((node) => ({control: node.outerHTML.slice(0, 100),
                       reached: node.dataset.tabbed === "1" || (node.type === "radio" && radios.has(node.name)),
                       name: axe.commons.text.accessibleText(node).trim()}));
  } finally {
    axe.teardown();
  }
}"""


@pytest.mark.parametrize("path", [ARTICLE, SEARCH])
def test_every_control_is_reached_by_tab_and_named(page_errors, site_server, path):
    """2.1.1 and 4.1.2: Tab reaches every visible control of the page, and each has a name."""
    page = page_errors.open(site_server.base + path, DESKTOP)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.addEventListener('focusin', (event) => { event.target.dataset.tabbed = '1'; })")
    tab_through(page)
    page.evaluate((ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
    controls = page.evaluate(CONTROLS)
    assert len(controls) > 20
    assert [c["control"] for c in controls if not c["reached"]] == []
    assert [c["control"] for c in controls if not c["name"]] == []
