"""The yearly statistics roundup: /thong-ke/{year}/ with charts, downloads and provenance."""

import csv
import functools
import io
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from content_model.reader import document_reader
from toandan.building.hooks import outside_input
from toandan.building.plugin_settings import plugin_settings
from toandan.vietnamese.text import slugify

from .aggregate import Entry, Source, roundups
from .present import change_figure, change_text, detail_charts, direction, exact, history, overview, shown, years_chart

__all__ = ["RoundupGenerator", "RoundupSettings", "change_figure", "change_text", "exact", "register", "shown"]

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


def detail_url(base: str, item) -> str:
    """Where one indicator's year is told in full. A module function, so that the pages' recorded
    inputs (kept on disk with the build) can hold it by name."""
    return f"{base}{item.year}/{slugify(item.indicator.key)}/"


def aggregated_rows(roundup) -> list[dict]:
    return [{
        "chi_tieu": item.indicator.key, "ten": item.indicator.label, "don_vi_tinh": item.indicator.measure,
        "cach_tinh": item.indicator.aggregate, "nam": item.year, "gia_tri": str(item.value),
        "nam_truoc": "" if item.previous is None else str(item.previous),
        "thay_doi": "" if item.change is None else str(item.change),
        "thay_doi_phan_tram": "" if item.change_percent is None else str(item.change_percent),
    } for item in roundup.indicators]


def indicator_report_rows(item) -> list[dict]:
    """Every report behind one indicator's figure for the year, and whether it was counted."""
    rows = []
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
    """The rows under a header of their keys (made by aggregated_rows or indicator_report_rows)."""
    return EncodedRows.of(rows).csv()


class EncodedRows:
    """Rows of an open-data file, each encoded once as a CSV line and as JSON: a year's file of
    reports holds the rows of its indicators' files, and is written from theirs. Every row has the
    same keys in the same order, so each CSV line is written by its values, in C."""

    def __init__(self, header: tuple, csv_lines: str, json_rows: list[str]):
        self.header, self.csv_lines, self.json_rows = header, csv_lines, json_rows

    @classmethod
    def of(cls, rows: list[dict]) -> "EncodedRows":
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(row.values() for row in rows)
        return cls(tuple(rows[0]) if rows else (), buffer.getvalue(), list(map(_ENCODE, rows)))

    @classmethod
    def joined(cls, parts: list["EncodedRows"]) -> "EncodedRows":
        return cls(next((part.header for part in parts if part.header), ()),
                   "".join(part.csv_lines for part in parts), [row for part in parts for row in part.json_rows])

    def csv(self) -> str:
        if not self.header:
            return ""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(self.header)
        return buffer.getvalue() + self.csv_lines


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

    def _trends(self) -> list[dict]:
        """Every indicator with data in some year, registry order, with its values over the years."""
        keys = []
        for year in sorted(self.roundups):
            keys += [i.indicator.key for i in self.roundups[year].indicators if i.indicator.key not in keys]
        order = list(document_reader(self.settings).registry.indicators)
        keys.sort(key=lambda k: order.index(k) if k in order else len(order))
        trends = []
        for key in keys:
            past = history(self.roundups, key)
            trends.append({"indicator": past[0].indicator, "history": past,
                           "chart": years_chart(f"nam-{slugify(key)}", past)})
        return trends

    def generate_output(self, writer):
        base = self.options.url
        relative = self.settings["RELATIVE_URLS"]
        years = sorted(self.roundups, reverse=True)
        if years and self.readership is None:  # the page only says the figures are not there yet
            logger.warning("Trang thống kê chưa có số liệu bạn đọc vì chưa có tệp %s: "
                           "chạy ./dev export-readership rồi dựng lại trang.", self._readership_path())
        shared = {"relative_urls": relative, "shown": shown, "exact": exact, "change_text": change_text,
                  "change_figure": change_figure, "direction": direction, "rules": RULES,
                  "detail_url": functools.partial(detail_url, base), "years": years}
        writer.write_file(f"{base}index.html", self.get_template("roundups"), self.context, **shared,
                          roundup_list=[self.roundups[y] for y in years], trends=self._trends(), url=base)
        for year in years:
            roundup = self.roundups[year]
            folder = f"{base}{year}/"
            out = Path(self.output_path) / folder
            out.mkdir(parents=True, exist_ok=True)
            reports = {item.indicator.key: EncodedRows.of(indicator_report_rows(item)) for item in roundup.indicators}
            write_data(out, "so-lieu", {"nam": year}, "chi_tieu", EncodedRows.of(aggregated_rows(roundup)))
            write_data(out, "bao-cao", {"nam": year}, "bao_cao", EncodedRows.joined(list(reports.values())))
            writer.write_file(f"{folder}index.html", self.get_template("roundup"), self.context, **shared,
                              roundup=roundup, overview=overview(roundup, self.roundups), url=folder,
                              readers=self._readers(year))
            for item in roundup.indicators:
                detail = detail_url(base, item)
                past = history(self.roundups, item.indicator.key)
                (Path(self.output_path) / detail).mkdir(parents=True, exist_ok=True)
                write_data(Path(self.output_path) / detail, "bao-cao", {"nam": year, "chi_tieu": item.indicator.key},
                           "bao_cao", reports[item.indicator.key])
                writer.write_file(f"{detail}index.html", self.get_template("roundup_indicator"), self.context,
                                  **shared, roundup=roundup, item=item, history=past,
                                  drawn=detail_charts(item, past), url=detail)


def write_data(folder: Path, name: str, header: dict, field: str, rows: EncodedRows) -> None:
    """name.csv (UTF-8 with a byte-order mark, for spreadsheets) and name.json of the same rows."""
    (folder / f"{name}.csv").write_text(rows.csv(), encoding="utf-8-sig")
    (folder / f"{name}.json").write_text(to_json(header, field, rows), encoding="utf-8")


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # no indent: the json module's C encoder


def to_json(header: dict, field: str, rows: list[dict] | EncodedRows) -> str:
    """{**header, field: rows} as JSON with a row a line, readable in a text editor: json's
    indenting encoder is written in Python, and a yearly file holds thousands of rows."""
    encoded = rows.json_rows if isinstance(rows, EncodedRows) else list(map(_ENCODE, rows))
    head = "".join(f"{_ENCODE(key)}: {_ENCODE(value)}, " for key, value in header.items())
    body = ",\n".join(encoded)
    return f"{{{head}{_ENCODE(field)}: [\n{body}\n]}}\n" if encoded else f"{{{head}{_ENCODE(field)}: []}}\n"


def get_generators(pelican):
    return RoundupGenerator


def register():
    signals.get_generators.connect(get_generators)
