"""Jinja filters the theme uses to show dates and figures the Vietnamese way."""

from toandan import dates, numbers


def report_value(report) -> str:
    """'8.230 phần quà', 'hơn 3,2 tỷ đồng'."""
    indicator = report.indicator
    shown = numbers.format_figure(report.value, indicator.kind, indicator.measure)
    return f"{report.qualifier} {shown}".strip()


def report_exact(report) -> str:
    """The exact value, for a title attribute: '3.678.000.000 đồng'."""
    indicator = report.indicator
    return numbers.format_figure_exact(report.value, indicator.kind, indicator.measure)


FILTERS = {
    "dateline": dates.dateline,
    "short_date": dates.short_date,
    "vn_number": numbers.format_number,
    "report_value": report_value,
    "report_exact": report_exact,
}
