"""The yearly statistics roundup: /thong-ke/{year}/ with charts, downloads and provenance."""

import csv
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from content_model.reader import document_reader
from toandan.build.hooks import outside_input
from toandan.vietnamese.numbers import PERCENT, format_figure, format_figure_exact, format_number
from toandan.build.plugin_settings import plugin_settings

from .aggregate import Entry, Source, roundups
from .charts import bar_chart, line_chart

logger = logging.getLogger(__name__)

RULES = {
    "sum": "cộng các báo cáo trong năm; hai kỳ chồng lên nhau của một đơn vị chỉ tính kỳ dài hơn",
    "latest": "lấy báo cáo mới nhất của từng đơn vị rồi cộng các đơn vị",
    "max": "lấy giá trị lớn nhất mỗi đơn vị báo cáo rồi cộng các đơn vị",
    "average": "trung bình của các đơn vị (tỷ lệ không bao giờ được cộng)",
}


@dataclass(frozen=True)
class RoundupSettings:
    """ROUNDUP = {...} in pelicanconf.py."""

    url: str = "thong-ke/"
    headline: tuple[str, ...] = ()  # indicator keys for the home page; empty: the year's first four
    readership: str = "var/readership.json"  # relative to the folder that holds PATH
    default_unit: str = "Công an tỉnh"  # the unit of the draft article `invoke roundup` writes
    default_category: str = "Tin hoạt động"


def entries_of(articles) -> list[Entry]:
    found = []
    for article in articles:
        source = Source(article.title, article.url, article.date,
                        getattr(article, "source_label", article.source_path))
        for report in getattr(article, "reports", []):
            found.append(Entry(report.indicator, report.unit, report.period, report.value, report.qualifier, source))
    return found


def shown(item, value) -> str:
    return format_figure(value, item.indicator.kind, item.indicator.measure)


def exact(item, value) -> str:
    return format_figure_exact(value, item.indicator.kind, item.indicator.measure)


def change_text(item) -> str:
    if item.change is None:
        return "không có số liệu năm trước"
    sign = "+" if item.change > 0 else ("−" if item.change < 0 else "±")
    if item.indicator.kind == PERCENT:  # a rate changes by percentage points: 80% to 85% is +5
        return f"{sign}{format_number(abs(item.change))} điểm phần trăm so với năm {item.year - 1}"
    amount = shown(item, abs(item.change))
    percent = f" ({sign}{format_number(abs(item.change_percent))}%)" if item.change_percent is not None else ""
    return f"{sign}{amount}{percent} so với năm {item.year - 1}"


def charts(item) -> dict:
    key = f"{item.indicator.key}-{item.year}"
    units = [(unit, value, shown(item, value)) for unit, value in sorted(item.by_unit.items(), key=lambda p: -p[1])]
    months = {month: (value, shown(item, value)) for month, value in item.by_month.items()}
    return {
        "units": Markup(bar_chart(f"dv-{key}", f"{item.indicator.label} năm {item.year}, theo đơn vị", units)),
        "months": Markup(line_chart(f"th-{key}", f"{item.indicator.label} năm {item.year}, theo tháng kết thúc kỳ báo cáo", months)),
    }


def aggregated_rows(roundup) -> list[dict]:
    return [{
        "chi_tieu": item.indicator.key, "ten": item.indicator.label, "don_vi_tinh": item.indicator.measure,
        "cach_tinh": item.indicator.aggregate, "nam": item.year, "gia_tri": str(item.value),
        "nam_truoc": "" if item.previous is None else str(item.previous),
        "thay_doi": "" if item.change is None else str(item.change),
        "thay_doi_phan_tram": "" if item.change_percent is None else str(item.change_percent),
    } for item in roundup.indicators]


def report_rows(roundup) -> list[dict]:
    """Every report behind the year's figures, and whether it was counted."""
    rows = []
    for item in roundup.indicators:
        superseded = {id(old) for old, _ in item.superseded}
        counted = {id(entry) for entry in item.counted}
        for entry in item.reports:
            status = "thay_the" if id(entry) in superseded else ("tinh" if id(entry) in counted else "khong_tinh")
            rows.append({
                "chi_tieu": item.indicator.key, "ten": item.indicator.label, "don_vi_tinh": item.indicator.measure,
                "don_vi_bao_cao": entry.unit, "tu_ngay": entry.period.start.isoformat(),
                "den_ngay": entry.period.end.isoformat(), "ky": entry.period.label, "gia_tri": str(entry.value),
                "trang_thai": status, "bai_viet": entry.source.url, "tieu_de": entry.source.title,
            })
    return rows


def to_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()


class RoundupGenerator(Generator):
    """Aggregates every year's reports; writes the pages, charts and open-data files."""

    def generate_context(self):
        self.options = plugin_settings(RoundupSettings, self.settings, "ROUNDUP")
        registry_order = list(document_reader(self.settings).registry.indicators)
        self.roundups = roundups(entries_of(self.context.get("articles", [])), registry_order)
        self.readership = self._readership()
        self.context["roundups"] = self.roundups
        if self.roundups:
            latest = self.roundups[max(self.roundups)]
            keys = self.options.headline or [i.indicator.key for i in latest.indicators[:4]]
            self.context["roundup_highlights"] = {
                "year": latest.year, "url": f"{self.options.url}{latest.year}/",
                "figures": [{"label": i.indicator.label, "shown": shown(i, i.value), "exact": exact(i, i.value)}
                            for i in latest.indicators if i.indicator.key in keys],
            }

    def _readership_path(self) -> Path:
        return Path(self.settings["PATH"]).parent / self.options.readership

    def _readership(self) -> dict | None:
        path = outside_input(self.context, self._readership_path())
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def _readers(self, year: int) -> dict:
        if self.readership is None:
            return {"available": False}
        stats = self.readership.get("articles", {})
        published = [a for a in self.context.get("articles", []) if a.date.year == year]
        def numbers(article):
            return stats.get(article.slug, {"views": 0, "rating_sum": 0, "rating_count": 0})
        read = sorted(published, key=lambda a: -numbers(a)["views"])[:5]
        rated = [a for a in published if numbers(a)["rating_count"]]
        rated = sorted(rated, key=lambda a: (-numbers(a)["rating_sum"] / numbers(a)["rating_count"],
                                             -numbers(a)["rating_count"]))[:5]
        return {"available": True, "generated": self.readership.get("generated", ""),
                "most_read": [(a, numbers(a)) for a in read if numbers(a)["views"]],
                "best_rated": [(a, numbers(a)) for a in rated]}

    def generate_output(self, writer):
        base = self.options.url
        relative = self.settings["RELATIVE_URLS"]
        years = sorted(self.roundups, reverse=True)
        if years and self.readership is None:  # the page only says the figures are not there yet
            logger.warning("Trang thống kê chưa có số liệu bạn đọc vì chưa có tệp %s: "
                           "chạy ./dev export-readership rồi dựng lại trang.", self._readership_path())
        writer.write_file(f"{base}index.html", self.get_template("roundups"), self.context,
                          relative_urls=relative, roundup_list=[self.roundups[y] for y in years],
                          shown=shown, exact=exact, url=base)
        for year in years:
            roundup = self.roundups[year]
            folder = f"{base}{year}/"
            aggregated, reports = aggregated_rows(roundup), report_rows(roundup)
            out = Path(self.output_path) / folder
            out.mkdir(parents=True, exist_ok=True)
            (out / "so-lieu.csv").write_text(to_csv(aggregated), encoding="utf-8-sig")
            (out / "bao-cao.csv").write_text(to_csv(reports), encoding="utf-8-sig")
            (out / "so-lieu.json").write_text(json.dumps({"nam": year, "chi_tieu": aggregated}, ensure_ascii=False,
                                                          indent=1), encoding="utf-8")
            (out / "bao-cao.json").write_text(json.dumps({"nam": year, "bao_cao": reports}, ensure_ascii=False,
                                                          indent=1), encoding="utf-8")
            writer.write_file(f"{folder}index.html", self.get_template("roundup"), self.context,
                              relative_urls=relative, roundup=roundup, shown=shown, exact=exact,
                              change_text=change_text, charts=charts, rules=RULES, url=folder,
                              readers=self._readers(year), years=years)


def get_generators(pelican):
    return RoundupGenerator


def register():
    signals.get_generators.connect(get_generators)
