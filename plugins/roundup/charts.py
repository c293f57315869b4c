"""Inline SVG charts drawn at build time; no JavaScript. Geometry only uses floats, never the figures shown."""

import math
from html import escape

BAR, GAP, LABEL_WIDTH, WIDTH = 26, 8, 260, 680
COLOURS = ("#8b1a1a", "#a35200", "#1a4f8b", "#2e6b34")
TEXT = 13  # px: .chart-label and .chart-value in site.css
# Room a line of text needs above and below its baseline: Vietnamese stacks two marks on a capital
# (Ổ, Ỗ, Ợ), which rises well above a Latin capital's accent, and ợ's dot falls below the line.
ABOVE, BELOW = math.ceil(1.4 * TEXT), math.ceil(0.4 * TEXT)


def _frame(ident: str, title: str, description: str, height: float, body: str) -> str:
    return (f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
            f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
            f"{body}</svg>")


def bar_chart(ident: str, title: str, rows: list[tuple[str, object, str]]) -> str:
    """Horizontal bars: rows of (label, value, value as shown)."""
    peak = max((float(value) for _, value, _ in rows), default=0) or 1.0
    room = WIDTH - LABEL_WIDTH - 180  # leaves room for the value written after the bar
    top = max(0, ABOVE - round(BAR * 0.7))  # the first row's text must not rise above the chart
    parts = []
    for index, (label, value, shown) in enumerate(rows):
        y = top + index * (BAR + GAP)
        length = max(2.0, room * float(value) / peak)
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR * 0.7:.1f}" text-anchor="end" class="chart-label">'
                     f"{escape(label)}</text>"
                     f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR}" fill="{COLOURS[0]}"/>'
                     f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{y + BAR * 0.7:.1f}" class="chart-value">'
                     f"{escape(shown)}</text>")
    description = "; ".join(f"{label}: {shown}" for label, _, shown in rows)
    return _frame(ident, title, description, top + len(rows) * (BAR + GAP), "".join(parts))


def line_chart(ident: str, title: str, points: dict[int, tuple[object, str]]) -> str:
    """A line over the twelve months: points {month: (value, value as shown)}."""
    raised = 10  # a value is written this far above its point
    left, bottom, top = 50, 190, raised + ABOVE  # the highest value's text fits above the highest point
    height = bottom + 20 + BELOW  # the month names are written 20 below the axis
    step = (WIDTH - left - 70) / 11  # leaves room for the last value label
    peak = max((float(value) for value, _ in points.values()), default=0) or 1.0

    def y(value) -> float:
        return bottom - (bottom - top) * float(value) / peak

    parts = [f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - 20}" y2="{bottom}" stroke="#555"/>']
    for month in range(1, 13):
        x = left + (month - 1) * step
        parts.append(f'<text x="{x:.1f}" y="{bottom + 20}" text-anchor="middle" class="chart-label">T{month}</text>')
    coordinates = [(left + (month - 1) * step, y(value)) for month, (value, _) in sorted(points.items())]
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{y_:.1f}" for x, y_ in coordinates)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS[2]}" stroke-width="3"/>')
    for (x, y_), (month, (_, shown)) in zip(coordinates, sorted(points.items())):
        # January's value runs rightwards and December's leftwards, so that neither leaves the chart.
        anchor = {1: "start", 12: "end"}.get(month, "middle")
        shift = {1: -5, 12: 5}.get(month, 0)
        parts.append(f'<circle cx="{x:.1f}" cy="{y_:.1f}" r="5" fill="{COLOURS[2]}"/>'
                     f'<text x="{x + shift:.1f}" y="{y_ - raised:.1f}" text-anchor="{anchor}" class="chart-value">'
                     f'{escape(shown)}</text>')
    description = "; ".join(f"tháng {month}: {shown}" for month, (_, shown) in sorted(points.items()))
    return _frame(ident, title, description or "không có số liệu theo tháng", height, "".join(parts))
