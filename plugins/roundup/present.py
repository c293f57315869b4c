"""How the roundup's figures read and are drawn on its pages: values, changes, overview tiles, charts."""

from dataclasses import dataclass

from markupsafe import Markup

from toandan.vietnamese.numbers import MONEY, PERCENT, format_figure, format_figure_exact, format_number, format_percent

from .aggregate import IndicatorYear, YearRoundup
from .charts import bar_chart, sparkline, trend_chart

MONTHS = [f"T{month}" for month in range(1, 13)]


def shown(item, value) -> str:
    return format_figure(value, item.indicator.kind, item.indicator.measure)


def exact(item, value) -> str:
    return format_figure_exact(value, item.indicator.kind, item.indicator.measure)


def change_figure(item) -> str:
    """'+10 camera (+33,3%)', '−7,5 điểm phần trăm' (a rate changes by points: 80% to 85% is +5); '' without one."""
    if item.change is None:
        return ""
    sign = "+" if item.change > 0 else ("−" if item.change < 0 else "±")
    if item.indicator.kind == PERCENT:
        return f"{sign}{format_number(abs(item.change))} điểm phần trăm"
    percent = f" ({sign}{format_number(abs(item.change_percent))}%)" if item.change_percent is not None else ""
    return f"{sign}{shown(item, abs(item.change))}{percent}"


def change_text(item) -> str:
    if item.change is None:
        return "không có số liệu năm trước"
    return f"{change_figure(item)} so với năm {item.year - 1}"


def direction(item) -> str:
    """'up', 'down', 'same', or '' without a previous year: the tile's arrow."""
    if item.change is None:
        return ""
    return "up" if item.change > 0 else ("down" if item.change < 0 else "same")


def tick_text(item):
    """How the value axis writes its marks: '1,5 tỷ đồng', '80%', '1.200'."""
    kind = item.indicator.kind
    if kind == MONEY:
        return lambda tick: format_figure(tick, MONEY, "")
    if kind == PERCENT:
        return format_percent
    return format_number


def history(roundups: dict[int, YearRoundup], key: str) -> list[IndicatorYear]:
    """The indicator in every year with data, oldest first."""
    found = []
    for year in sorted(roundups):
        found += [item for item in roundups[year].indicators if item.indicator.key == key]
    return found


def years_chart(ident: str, items: list[IndicatorYear]) -> Markup:
    """The indicator's value in every year with data, on one chart; empty for fewer than two years."""
    if not items:
        return Markup("")
    first = items[0]
    years = [str(year) for year in range(items[0].year, items[-1].year + 1)]
    points = [(str(item.year), item.value, shown(item, item.value)) for item in items]
    return Markup(trend_chart(ident, f"{first.indicator.label} qua các năm", points, slots=years, axis="Năm",
                              measure=f"Đơn vị tính: {first.indicator.measure}", tick_text=tick_text(first),
                              from_zero=first.indicator.kind != PERCENT))


@dataclass(frozen=True)
class Tile:
    """One indicator of the year in the overview: the year's item and its values over all years."""

    item: IndicatorYear
    history: list[IndicatorYear]
    sparkline: Markup  # empty for fewer than two years with data

    @property
    def key(self) -> str:
        return self.item.indicator.key


def overview(roundup: YearRoundup, roundups: dict[int, YearRoundup]) -> list[tuple[str, list[Tile]]]:
    """The year's indicators as tiles, grouped by theme; themes in the order the registry first names them."""
    groups: dict[str, list[Tile]] = {}
    for item in roundup.indicators:
        past = history(roundups, item.indicator.key)
        points = [(str(old.year), old.value, shown(old, old.value)) for old in past]
        line = sparkline(f"xu-huong-{item.indicator.key}-{roundup.year}", f"{item.indicator.label} qua các năm",
                         points, from_zero=item.indicator.kind != PERCENT)
        groups.setdefault(item.indicator.group, []).append(Tile(item, past, Markup(line)))
    return list(groups.items())


def detail_charts(item: IndicatorYear, past: list[IndicatorYear]) -> dict[str, Markup]:
    """The detail page's charts; each is empty when it would have fewer than two points."""
    key = f"{item.indicator.key}-{item.year}"
    units = [(unit, value, shown(item, value)) for unit, value in sorted(item.by_unit.items(), key=lambda p: -p[1])]
    months = [(MONTHS[month - 1], value, shown(item, value)) for month, value in sorted(item.by_month.items())]
    return {
        "units": Markup(bar_chart(f"dv-{key}", f"{item.indicator.label} năm {item.year}, theo đơn vị", units)),
        "months": Markup(trend_chart(
            f"th-{key}", f"{item.indicator.label} năm {item.year}, theo tháng kết thúc kỳ báo cáo", months,
            slots=MONTHS, axis="Tháng kết thúc kỳ báo cáo", measure=f"Đơn vị tính: {item.indicator.measure}",
            tick_text=tick_text(item), from_zero=item.indicator.kind != PERCENT)),
        "years": years_chart(f"nam-{key}", past),
    }
