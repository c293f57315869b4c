"""The roundup's charts in Chromium: no label drawn outside its chart, for the tallest Vietnamese letters."""

import io

import pytest
from PIL import Image

from browser_harness import DESKTOP, StaticOnlyServer
from sitekit import Site

# Stacked marks on capitals (Ổ, Ỗ, Ợ) and on small letters (ẫ) rise furthest above the line; ợ's dot
# falls below it. The longest name is one of the project's real units.
UNITS = "Đội Ổ Ỗ Ợ ẫ: Thử chữ cao.\nBộ Chỉ huy Bộ đội Biên phòng tỉnh: Thử tên dài.\nẪ: Thử chữ thường.\n"
INDICATORS = """\
to-ong:
  label: Tổ Ổ Ỗ Ợ ẫ
  measure: Ổ Ỗ Ợ ẫ
  aggregate: sum
"""
REPORTS = [  # (unit, month, value): a point in January and one in December, the largest at the top
    ("Đội Ổ Ỗ Ợ ẫ", 1, "1.691"), ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", 6, "8.230"), ("Ẫ", 12, "1.398.431")]
RING = 24  # CSS pixels looked at around each chart


@pytest.fixture(scope="module")
def roundup_page(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("chart-labels") / "site")
    site.write("data/units.yaml", UNITS)
    site.write("data/indicators.yaml", INDICATORS)
    for number, (unit, month, value) in enumerate(REPORTS):
        site.article(f"bai-{number}", f"title: Bài {number}\ndate: 2021-12-28 08:00\ncategory: Tin hoạt động\n"
                                      f"unit: {unit}\nstats:\n  period: tháng {month}/2021\n  figures:\n"
                                      f"    to-ong: {value}")
    server = StaticOnlyServer(site.build())
    yield server.base + "/thong-ke/2021/to-ong/"
    server.stop()


@pytest.fixture(scope="module")
def page(chromium, roundup_page):
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(roundup_page)
    yield page
    page.close()


# Each chart alone on a white page, drawn as large as the page allows and with nothing clipped, so
# that any ink outside the chart's box is a label that the chart would cut.
ISOLATE = f"""() => {{
    const charts = [...document.querySelectorAll("svg.chart")];
    document.body.replaceChildren(...charts.map(svg => {{
        const frame = document.createElement("div");
        frame.style.cssText = "padding: {RING * 2}px; background: #fff; width: 680px";
        svg.style.cssText = "overflow: visible; display: block; width: 680px; max-width: none";
        frame.append(svg);
        return frame;
    }}));
    document.body.style.cssText = "margin: 0; background: #fff";
    return charts.length;
}}"""

OUTSIDE = """svg => {
    const box = svg.viewBox.baseVal;
    return [...svg.querySelectorAll("text")].map(text => {
        const b = text.getBBox();
        return [text.textContent, b.x, b.y, b.x + b.width, b.y + b.height];
    }).filter(([, left, top, right, bottom]) =>
        left < box.x || top < box.y || right > box.x + box.width || bottom > box.y + box.height);
}"""


@pytest.mark.slow
def test_every_label_box_lies_inside_its_chart(page):
    charts = page.locator("svg.chart")
    assert charts.count() == 2  # one indicator: its bars by unit and its line by month
    texts = page.evaluate("[...document.querySelectorAll('svg.chart text')].map(t => t.textContent)")
    assert {"1.691 Ổ Ỗ Ợ ẫ", "1.398.431 Ổ Ỗ Ợ ẫ", "Đội Ổ Ỗ Ợ ẫ", "Ẫ"} <= set(texts)
    outside = {charts.nth(i).get_attribute("aria-labelledby"): charts.nth(i).evaluate(OUTSIDE)
               for i in range(charts.count())}
    assert outside == dict.fromkeys(outside, [])


@pytest.mark.slow
def test_no_ink_falls_outside_a_chart(page):
    assert page.evaluate(ISOLATE) == 2
    for index in range(2):
        box = page.locator("svg.chart").nth(index).bounding_box()
        clip = {"x": box["x"] - RING, "y": box["y"] - RING, "width": box["width"] + 2 * RING,
                "height": box["height"] + 2 * RING}
        shot = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("L")
        right, bottom = RING + round(box["width"]), RING + round(box["height"])
        inked = [(x, y) for y in range(shot.height) for x in range(shot.width)
                 if shot.getpixel((x, y)) < 250 and not (RING - 1 <= x <= right and RING - 1 <= y <= bottom)]
        assert inked == [], f"chart {index}: ink outside its box, first at {inked[:3]}"
