"""The yearly roundup on a fixture whose totals are worked out by hand below, not by the code."""

import csv
import json
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

A, B = "Công an tỉnh", "Ủy ban MTTQ tỉnh"


def article(site, name, date, unit, figures: dict, periods: dict):
    lines = [f"title: Bài {name}", f"date: {date}", "category: Tin hoạt động", f"unit: {unit}", "stats:", "  figures:"]
    lines = lines[:-1]
    blocks = {}
    for key, value in figures.items():
        blocks.setdefault(periods[key], []).append((key, value))
    for period, pairs in blocks.items():
        lines.append(f"  - period: {period}")
        lines.append("    figures:")
        lines += [f"      {key}: {value}" for key, value in pairs]
    site.article(name, "\n".join(lines))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from sitekit import Site
    site = Site(tmp_path_factory.mktemp("roundup") / "site")
    article(site, "a1", "2021-03-10 08:00", A,
            {"phan-qua": "100", "gia-tri-qua": "1,5 tỷ đồng", "to-tu-quan": "50", "ty-le-ho-van-hoa": "80%"},
            dict.fromkeys(["phan-qua", "gia-tri-qua", "to-tu-quan", "ty-le-ho-van-hoa"], "quý 1/2021"))
    article(site, "a2", "2021-07-05 08:00", A,
            {"phan-qua": "200", "to-tu-quan": "55", "ty-le-ho-van-hoa": "90%", "camera-an-ninh": "30"},
            {"phan-qua": "quý 2/2021", "to-tu-quan": "6 tháng đầu năm 2021", "ty-le-ho-van-hoa": "quý 2/2021",
             "camera-an-ninh": "tháng 6/2021"})
    article(site, "a3", "2021-08-01 08:00", A, {"phan-qua": "120", "camera-an-ninh": "25"},
            {"phan-qua": "quý 1/2021", "camera-an-ninh": "tháng 7/2021"})  # 120 corrects a1's 100
    article(site, "b1", "2021-12-20 08:00", B, {"phan-qua": "1.000", "to-tu-quan": "70", "ty-le-ho-van-hoa": "70%"},
            dict.fromkeys(["phan-qua", "to-tu-quan", "ty-le-ho-van-hoa"], "2021"))  # B reports in 2021 only
    article(site, "a4", "2022-06-30 08:00", A, {"phan-qua": "500", "to-tu-quan": "60", "ty-le-ho-van-hoa": "85%"},
            {"phan-qua": "6 tháng đầu năm 2022", "to-tu-quan": "quý 2/2022", "ty-le-ho-van-hoa": "2022"})
    article(site, "a5", "2022-12-30 08:00", A, {"phan-qua": "100", "camera-an-ninh": "40"},
            {"phan-qua": "quý 1/2022", "camera-an-ninh": "2022"})  # quý 1 lies inside a4's half year
    output = site.build()
    return site, output


# Worked out by hand from the articles above.
EXPECTED = {
    2021: {"phan-qua": 120 + 200 + 1000,          # a3 replaces a1 for Q1; A's Q1 + Q2, then B's year
           "gia-tri-qua": 1_500_000_000,
           "to-tu-quan": 55 + 70,                  # A's latest period (ends 30/6) + B
           "ty-le-ho-van-hoa": Decimal("77.5"),    # mean(A: mean(80, 90) = 85, B: 70)
           "camera-an-ninh": 30},                  # A's largest
    2022: {"phan-qua": 500,                         # Q1 lies inside the half year: not added again
           "to-tu-quan": 60, "ty-le-ho-van-hoa": 85, "camera-an-ninh": 40},
}
# A rate changes by percentage points (77,5% to 85% is +7,5 points) and has no relative change.
CHANGES = {"phan-qua": (-820, Decimal("-62.1")), "to-tu-quan": (-65, Decimal("-52.0")),
           "ty-le-ho-van-hoa": (Decimal("7.5"), None), "camera-an-ninh": (10, Decimal("33.3"))}


def page(output, year, key: str = "") -> BeautifulSoup:
    """The year's overview, or with key the indicator's detail page."""
    path = f"thong-ke/{year}/{key + '/' if key else ''}index.html"
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


def figures(output, year) -> dict:
    """The overview's tiles: one per indicator with data."""
    return {tile["data-indicator"]: Decimal(tile.select_one(".figure")["data-value"])
            for tile in page(output, year).select(".overview .tile")}


def detail_figures(output, year) -> dict:
    return {key: Decimal(page(output, year, key).select_one("section.indicator .headline .figure")["data-value"])
            for key in EXPECTED[year]}


@pytest.mark.slow
@pytest.mark.parametrize("year", [2021, 2022])
def test_each_indicator_by_its_rule(built, year):
    _, output = built
    expected = {key: Decimal(value) for key, value in EXPECTED[year].items()}
    assert figures(output, year) == expected  # one tile per indicator with data, and no other
    assert detail_figures(output, year) == expected
    soup = page(output, year)
    links = {tile["data-indicator"]: tile.select_one("h3 a")["href"] for tile in soup.select(".tile")}
    assert links == {key: f"/thong-ke/{year}/{key}/" for key in EXPECTED[year]}
    headline = {row.th.get_text(strip=True): row.select("td")[0].get_text() for row in soup.select(".headline-table tbody tr")}
    assert len(headline) == len(EXPECTED[year]) and headline["Camera an ninh"] == f"{EXPECTED[year]['camera-an-ninh']} camera"


def test_tiles_are_grouped_by_theme_in_the_registrys_order(built):
    _, output = built
    groups = [(section.h2.get_text(), [tile["data-indicator"] for tile in section.select(".tile")])
              for section in page(output, 2021).select(".overview-group")]
    # The test registry names no group: rates fall under "Tỷ lệ", the rest under the default.
    assert groups == [("Chỉ tiêu khác", ["phan-qua", "gia-tri-qua", "to-tu-quan", "camera-an-ninh"]),
                      ("Tỷ lệ", ["ty-le-ho-van-hoa"])]
    tile = page(output, 2022).select_one("#camera-an-ninh")
    assert tile.select_one(".tile-change").get_text(" ", strip=True) == "▲ +10 camera (+33,3%) so với năm 2021"
    assert tile.select_one(".change-up .arrow")["aria-hidden"] == "true"
    rate = page(output, 2022).select_one("#ty-le-ho-van-hoa .tile-change").get_text(" ", strip=True)
    assert rate == "▲ +7,5 điểm phần trăm so với năm 2021"
    assert page(output, 2022).select_one("#phan-qua .tile-change").get_text(" ", strip=True).startswith("▼ −820 phần quà")


def test_no_chart_for_fewer_than_two_points(built):
    """A chart needs two points; with one, one line says what there is."""
    _, output = built
    # gia-tri-qua: 2021 only, one unit, one quarter ending in March.
    assert page(output, 2021).select_one("#gia-tri-qua svg") is None
    assert page(output, 2021).select_one("#gia-tri-qua .tile-years").get_text() == "Chỉ có số liệu năm 2021"
    money = page(output, 2021, "gia-tri-qua")
    assert money.select("svg") == []
    assert [p.get_text(" ", strip=True) for p in money.select(".absent")] == [
        "Chỉ có số liệu năm 2021, chưa vẽ được xu hướng qua các năm.",
        "Chỉ một đơn vị báo cáo chỉ tiêu này trong năm.",
        "Mọi báo cáo trong năm kết thúc vào tháng 3 (1,5 tỷ đồng), chưa vẽ được diễn biến theo tháng."]
    # phan-qua 2021: two units, reports ending in three months, and a value in 2021 and in 2022.
    gifts = page(output, 2021, "phan-qua")
    assert {svg.title.get_text() for svg in gifts.select("svg.chart")} == {
        "Phần quà trao tặng qua các năm", "Phần quà trao tặng năm 2021, theo đơn vị",
        "Phần quà trao tặng năm 2021, theo tháng kết thúc kỳ báo cáo"}
    assert gifts.select(".absent") == []
    spark = page(output, 2021).select_one("#phan-qua svg.sparkline")
    assert spark.desc.get_text() == "2021: 1.320 phần quà; 2022: 500 phần quà"
    # A quarter table with no quarter at all is not drawn.
    rate = page(output, 2022, "ty-le-ho-van-hoa")
    assert rate.select("table.quarters") == [] and "Không chia được theo quý" in rate.get_text()


def test_value_axis_of_counts_and_money_starts_at_zero(built):
    _, output = built
    years = page(output, 2021, "phan-qua").select_one("svg[aria-labelledby^='nam-']")
    marks = [t.get_text() for t in years.select("text.chart-label")]
    assert marks[0] == "Đơn vị tính: phần quà" and marks[1] == "0" and "Năm" in marks
    months = page(output, 2021, "phan-qua").select_one("svg[aria-labelledby^='th-']")
    assert "Tháng kết thúc kỳ báo cáo" in [t.get_text() for t in months.select("text")]


def test_charts_draw_nothing_for_a_single_point():
    from roundup.charts import axis_ticks, bar_chart, sparkline, trend_chart

    one = [("2021", 5, "5 tổ")]
    assert bar_chart("a", "A", one) == "" and sparkline("b", "B", one) == ""
    assert trend_chart("c", "C", one, slots=["2021"], axis="Năm", measure="tổ", tick_text=str) == ""
    assert sparkline("d", "D", one + [("2022", 7, "7 tổ")]).startswith("<svg")
    assert axis_ticks([1320, 500], from_zero=True) == [0, 500, 1000, 1500]
    assert axis_ticks([Decimal("77.5"), 85], from_zero=False) == [76, 78, 80, 82, 84, 86]


@pytest.mark.slow
def test_shown_values_and_changes(built):
    _, output = built
    headline = {key: page(output, 2022, key).select_one(".headline").get_text(" ", strip=True) for key in EXPECTED[2022]}
    assert headline["phan-qua"].startswith("500 phần quà −820 phần quà (−62,1%) so với năm 2021")
    assert headline["ty-le-ho-van-hoa"].startswith("85% +7,5 điểm phần trăm so với năm 2021")
    assert headline["camera-an-ninh"].startswith("40 camera +10 camera (+33,3%) so với năm 2021")
    for soup in (page(output, 2021), page(output, 2021, "gia-tri-qua")):
        money = soup.select_one("#gia-tri-qua .figure")
        assert money.get_text() == "1,5 tỷ đồng" and money["title"] == "1.500.000.000 đồng"
    assert "không có số liệu năm trước" in page(output, 2021, "gia-tri-qua").select_one("#gia-tri-qua .change").get_text()
    assert page(output, 2021).select_one("#gia-tri-qua .tile-change").get_text() == "Không có số liệu năm 2020"


def test_duplicates_and_overlaps_are_explained(built):
    _, output = built
    superseded = page(output, 2021, "phan-qua").select_one("#phan-qua .superseded").get_text(" ", strip=True)
    assert "Công an tỉnh, quý 1/2021: 100 phần quà" in superseded and "thay bằng 120 phần quà" in superseded
    left_out = page(output, 2022, "phan-qua").select_one("#phan-qua .left-out").get_text(" ", strip=True)
    assert "quý 1/2022" in left_out


def test_breakdowns_and_provenance(built):
    _, output = built
    soup = page(output, 2021, "phan-qua")
    units = {row.th.get_text(): row.td.get_text() for row in soup.select("#phan-qua table.data")[1].select("tbody tr")}
    assert units == {A: "320 phần quà", B: "1.000 phần quà"}
    quarters = [td.get_text() for td in soup.select("#phan-qua table.quarters tbody td")]
    assert quarters == ["120 phần quà", "200 phần quà", "–", "–", "1.000 phần quà"]
    assert "Ủy ban MTTQ tỉnh" not in page(output, 2022, "to-tu-quan").select_one("#to-tu-quan").get_text()
    links = {a["href"] for a in soup.select("#phan-qua .provenance a")}
    assert links == {"/2021/08/bai-a3/", "/2021/07/bai-a2/", "/2021/12/bai-b1/"}  # root-relative, as the theme links
    svg = soup.select_one("#phan-qua svg[aria-labelledby^='dv-']")
    assert svg["role"] == "img" and svg.title.get_text() and "Công an tỉnh: 320 phần quà" in svg.desc.get_text()


def test_csv_and_json_match_the_page(built):
    _, output = built
    for year in (2021, 2022):
        folder = output / f"thong-ke/{year}"
        raw = (folder / "so-lieu.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, so spreadsheets read Vietnamese right
        rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
        assert {r["chi_tieu"]: Decimal(r["gia_tri"]) for r in rows} == figures(output, year)
        assert {r["ten"] for r in rows} >= {"Phần quà trao tặng", "Tổ tự quản"}
        data = json.loads((folder / "so-lieu.json").read_text(encoding="utf-8"))
        assert {r["chi_tieu"]: Decimal(r["gia_tri"]) for r in data["chi_tieu"]} == figures(output, year)
    rows = {(r["chi_tieu"], r["ky"], r["gia_tri"]): r["trang_thai"] for r in
            json.loads((output / "thong-ke/2021/bao-cao.json").read_text())["bao_cao"]}
    assert rows[("phan-qua", "quý 1/2021", "100")] == "thay_the"
    assert rows[("phan-qua", "quý 1/2021", "120")] == "tinh"
    assert rows[("to-tu-quan", "quý 1/2021", "50")] == "khong_tinh"
    def change(row):
        return Decimal(row["thay_doi"]), Decimal(row["thay_doi_phan_tram"]) if row["thay_doi_phan_tram"] else None

    changes = {r["chi_tieu"]: change(r)
               for r in csv.DictReader((output / "thong-ke/2022/so-lieu.csv").read_text("utf-8-sig").splitlines())}
    assert changes == CHANGES
    data = json.loads((output / "thong-ke/2022/so-lieu.json").read_text(encoding="utf-8"))
    assert {r["chi_tieu"]: change(r) for r in data["chi_tieu"]} == CHANGES


def test_each_indicator_page_offers_its_own_reports(built):
    _, output = built
    year = json.loads((output / "thong-ke/2021/bao-cao.json").read_text(encoding="utf-8"))["bao_cao"]
    own = json.loads((output / "thong-ke/2021/phan-qua/bao-cao.json").read_text(encoding="utf-8"))
    assert own["chi_tieu"] == "phan-qua" and own["bao_cao"] == [r for r in year if r["chi_tieu"] == "phan-qua"]
    rows = list(csv.DictReader((output / "thong-ke/2021/phan-qua/bao-cao.csv").read_text("utf-8-sig").splitlines()))
    assert [r["gia_tri"] for r in rows] == [r["gia_tri"] for r in own["bao_cao"]]
    hrefs = [a["href"] for a in page(output, 2021, "phan-qua").select(".downloads a")]
    assert hrefs == ["bao-cao.csv", "bao-cao.json", "../so-lieu.csv", "../so-lieu.json"]


def test_the_years_page_draws_each_indicator_over_the_years(built):
    _, output = built
    index = BeautifulSoup((output / "thong-ke/index.html").read_text(encoding="utf-8"), "html.parser")
    rows = {row.th.get_text(): [td.get_text(strip=True) for td in row.select("td")]
            for row in index.select(".trend-table tbody tr")}
    assert rows["Phần quà trao tặng"] == ["1.320 phần quà", "500 phần quà"]
    assert rows["Giá trị quà tặng"] == ["1,5 tỷ đồng", "–"]
    titles = [svg.title.get_text() for svg in index.select(".trends svg.chart")]
    assert titles == ["Phần quà trao tặng qua các năm", "Tổ tự quản qua các năm",
                      "Tỷ lệ hộ gia đình văn hóa qua các năm", "Camera an ninh qua các năm"]
    assert "Chỉ có số liệu năm 2021." in index.select_one(".trends").get_text()


# What a command, a project file or the build looks like in a page's text: citizens read these pages.
BACKSTAGE = re.compile(r"\./dev\b|\binvoke\b|\blệnh\b|\bvar/|export-readership|\bpelican|"
                       r"[\w-]+\.(?:json|py|yaml|md|toml|sh)\b|\bsnapshot|ảnh chụp số liệu", re.IGNORECASE)
SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "content")


def backstage_mentions(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    shown = [soup.get_text(" ")] + [tag[name] for tag in soup.find_all(True) for name in SHOWN_ATTRIBUTES
                                     if isinstance(tag.get(name), str)]
    return [match.group(0) for text in shown for match in BACKSTAGE.finditer(text)]


@pytest.mark.slow
def test_no_page_mentions_commands_files_or_the_build(built):
    _, output = built
    pages = sorted(output.rglob("*.html"))
    assert output / "thong-ke/2021/index.html" in pages and len(pages) > 10
    found = {str(path.relative_to(output)): mentions for path in pages
             if (mentions := backstage_mentions(path.read_text(encoding="utf-8")))}
    assert found == {}
    assert page(output, 2021).select_one(".readership p").get_text() == "Chưa có số liệu lượt đọc và đánh giá của bạn đọc."


@pytest.mark.slow
def test_no_page_of_the_sample_site_mentions_commands_files_or_the_build(sample):
    pages = sorted((sample / "output").rglob("*.html"))
    assert len(pages) > 100
    assert {str(path.relative_to(sample)): mentions for path in pages
            if (mentions := backstage_mentions(path.read_text(encoding="utf-8")))} == {}


@pytest.mark.slow
def test_missing_readership_is_told_to_editors_on_the_console(site, caplog):
    article(site, "c1", "2021-03-10 08:00", A, {"phan-qua": "10"}, {"phan-qua": "quý 1/2021"})
    site.build()
    snapshot = site.root / "var" / "readership.json"
    told = [r.getMessage() for r in caplog.records
            if r.levelname == "WARNING" and "export-readership" in r.getMessage()]
    assert told == [f"Trang thống kê chưa có số liệu bạn đọc vì chưa có tệp {snapshot}: "
                    "chạy ./dev export-readership rồi dựng lại trang."]
    caplog.clear()
    snapshot.parent.mkdir(exist_ok=True)
    snapshot.write_text(json.dumps({"generated": "01/01/2022 08:00", "articles": {}}))
    site.build()
    assert [r for r in caplog.records if "export-readership" in r.getMessage()] == []


@pytest.mark.slow
def test_index_readership_and_home(built):
    site, output = built
    index = BeautifulSoup((output / "thong-ke/index.html").read_text(), "html.parser")
    assert [a.get_text() for a in index.select(".roundup-list h2 a")] == ["Năm 2022", "Năm 2021"]
    assert "Chưa có số liệu lượt đọc" in page(output, 2021).select_one(".readership").get_text()
    home = BeautifulSoup((output / "index.html").read_text(), "html.parser")
    assert "Số liệu năm 2022" in home.select_one(".highlights").get_text()
    (site.root / "var").mkdir(exist_ok=True)
    (site.root / "var" / "readership.json").write_text(json.dumps({"generated": "31/12/2021 10:00", "articles": {
        "bai-a2": {"views": 40, "rating_sum": 9, "rating_count": 2}, "bai-b1": {"views": 90, "rating_sum": 5, "rating_count": 1}}}))
    site.build()
    readers = page(output, 2021).select_one(".readership")
    assert [li.a.get_text() for li in readers.select(".readers-grid div")[0].select("li")] == ["Bài b1", "Bài a2"]
    assert [li.a.get_text() for li in readers.select(".readers-grid div")[1].select("li")] == ["Bài b1", "Bài a2"]


@pytest.mark.parametrize("measure, value, previous, text", [
    ("%", Decimal("68.5"), Decimal("71"), "−2,5 điểm phần trăm so với năm 2021"),
    ("%", Decimal("81"), Decimal("81"), "±0 điểm phần trăm so với năm 2021"),
    ("%", Decimal("5"), 0, "+5 điểm phần trăm so với năm 2021"),
    ("tổ", 90, 120, "−30 tổ (−25%) so với năm 2021"),
    ("đồng", 3_678_000_000, 3_000_000_000, "+678 triệu đồng (+22,6%) so với năm 2021"),
])
def test_change_of_a_rate_is_in_points_and_of_a_count_or_money_relative(measure, value, previous, text):
    from content_model.registry import Indicator
    from roundup import change_text
    from roundup.aggregate import IndicatorYear

    indicator = Indicator("chi-tieu", "Chỉ tiêu", measure, "latest")
    item = IndicatorYear(indicator, 2022, value, {}, {}, None, {}, [], [], [], previous=previous)
    assert change_text(item) == text
    assert (item.change_percent is None) == (measure == "%")


def test_open_data_json_holds_the_rows_one_a_line():
    from roundup import to_json

    rows = [{"ten": "Số vụ \"cháy\", nổ", "gia_tri": "12", "tieu_de": "Dòng một\ndòng hai }, {"},
            {"ten": "Tỷ lệ", "gia_tri": "3.5", "tieu_de": ""}]
    for header, kept in (({"nam": 2021}, rows), ({"nam": 2021, "chi_tieu": "vu-chay"}, []), ({}, rows[:1])):
        text = to_json(header, "bao_cao", kept)
        assert json.loads(text) == {**header, "bao_cao": kept}
        assert len(text.splitlines()) == (len(kept) + 2 if kept else 1)
    assert "Số vụ" in to_json({}, "bao_cao", rows)  # readable Vietnamese, not \u escapes


def test_a_years_open_data_is_its_indicators_rows_encoded_once():
    import csv
    import io

    from roundup import EncodedRows, to_csv, to_json

    fires = [{"chi_tieu": "vu-chay", "gia_tri": "12", "tieu_de": "Cháy \"kho\", xưởng\ndòng hai"},
             {"chi_tieu": "vu-chay", "gia_tri": "3", "tieu_de": ""}]
    rates = [{"chi_tieu": "ty-le", "gia_tri": "80.5", "tieu_de": "Tỷ lệ; đạt"}]
    year = EncodedRows.joined([EncodedRows.of([]), EncodedRows.of(fires), EncodedRows.of(rates)])

    expected = io.StringIO()
    writer = csv.DictWriter(expected, fieldnames=list(fires[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(fires + rates)
    assert year.csv() == to_csv(fires + rates) == expected.getvalue()
    assert list(csv.DictReader(io.StringIO(year.csv()))) == fires + rates
    assert to_json({"nam": 2021}, "bao_cao", year) == to_json({"nam": 2021}, "bao_cao", fires + rates)
    assert json.loads(to_json({"nam": 2021}, "bao_cao", year)) == {"nam": 2021, "bao_cao": fires + rates}
    assert EncodedRows.joined([EncodedRows.of([])]).csv() == to_csv([]) == ""


def test_the_digest_pages_describe_the_roundup_by_changes_with_every_field_of_any_report():
    """The roundup's pages are described by what every figure was computed from (plugins/reuse's
    __page_digest__), not by walking the figures: any field of any report changes it."""
    import dataclasses
    from datetime import date, datetime

    from content_model.periods import Period
    from content_model.registry import Indicator
    from roundup.aggregate import ENTRY_FIELDS, Entry, Source, roundups

    gifts = Indicator("phan-qua", "Phần quà", "phần quà", "sum")
    year = Period(date(2021, 1, 1), date(2021, 12, 31), "năm 2021")
    first = Source("Bài một", "2021/01/bai-mot/", datetime(2021, 1, 5, 8, 0), "articles/bai-mot.md")
    second = Source("Bài hai", "2021/02/bai-hai/", datetime(2021, 2, 5, 8, 0), "articles/bai-hai.md")

    def entries(**changed):
        return [Entry(gifts, "Công an tỉnh", year, 120, "", first),
                dataclasses.replace(Entry(gifts, "Công an huyện", year, 40, "", second), **changed)]

    def digests(made):
        return made[2021].__page_digest__(), made[2021].indicators[0].__page_digest__()

    kept = digests(roundups(entries(), ["phan-qua"]))
    assert digests(roundups(entries(), ["phan-qua"])) == kept  # made alike from equal reports
    assert kept[0] != kept[1]
    others = {"indicator": Indicator("phan-qua", "Suất quà", "phần quà", "sum"), "unit": "Công an xã",
              "period": Period(date(2021, 1, 1), date(2021, 3, 31), "quý 1/2021"), "value": 41,
              "qualifier": "khoảng", "source": dataclasses.replace(second, title="Bài hai, sửa")}
    assert set(others) == set(ENTRY_FIELDS)
    for name, value in others.items():
        changed = digests(roundups(entries(**{name: value}), ["phan-qua"]))
        assert changed[0] != kept[0] and changed[1] != kept[1], name
    assert digests(roundups(entries(), ["phan-qua", "khac"])) != kept
