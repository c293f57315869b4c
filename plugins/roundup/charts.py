"""Inline SVG charts drawn at build time; no JavaScript. Geometry only uses floats, never the figures shown.

A chart needs at least two points: with fewer it says nothing a sentence would not, and the
callers write that sentence instead (MIN_POINTS).
"""

import math
from decimal import ROUND_FLOOR, Decimal
from html import escape

BAR, GAP, LABEL_WIDTH, WIDTH = 26, 8, 260, 680
COLOURS = ("#8b1a1a", "#a35200", "#1a4f8b", "#2e6b34")
TEXT = 13  # px: .chart-label and .chart-value in site.css
# Room a line of text needs above and below its baseline: Vietnamese stacks two marks on a capital
# (Ổ, Ỗ, Ợ), which rises well above a Latin capital's accent, and ợ's dot falls below the line.
ABOVE, BELOW = math.ceil(1.4 * TEXT), math.ceil(0.4 * TEXT)
MIN_POINTS = 2
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def _frame(ident: str, title: str, description: str, height: float, body: str, width: int = WIDTH,
           css: str = "chart") -> str:
    return (f'<svg class="{css}" viewBox="0 0 {width} {height:.0f}" role="img" '
            f'aria-labelledby="{ident}-t {ident}-d" preserveAspectRatio="xMinYMid meet" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
            f"{body}</svg>")


def bar_chart(ident: str, title: str, rows: list[tuple[str, object, str]]) -> str:
    """Horizontal bars from zero: rows of (label, value, value as shown); '' for fewer than two rows."""
    if len(rows) < MIN_POINTS:
        return ""
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


def _nice_step(span: Decimal) -> Decimal:
    """A round step (1, 2, 2,5 or 5 times a power of ten) that cuts span into at most four parts."""
    rough = span / 4
    power = Decimal(10) ** (rough.adjusted())
    return next(power * step for step in NICE_STEPS if power * step >= rough)


def axis_ticks(values: list, from_zero: bool) -> list[Decimal]:
    """The value axis's marks: from zero (counts, money) or from a round value below the lowest (rates)."""
    high, low = max(Decimal(v) for v in values), min(Decimal(v) for v in values)
    floor = Decimal(0) if from_zero or low <= 0 else low
    step = _nice_step((high - floor) or high or Decimal(1))
    start = Decimal(0) if from_zero else (floor / step).to_integral_value(rounding=ROUND_FLOOR) * step
    if not from_zero and start == low and start > 0:
        start -= step  # the lowest point sits above the axis, not on it
    ticks = [start]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return [tick.normalize() if tick != tick.to_integral_value() else Decimal(int(tick)) for tick in ticks]


def trend_chart(ident: str, title: str, points: list[tuple[str, object, str]], *, slots: list[str],
                axis: str, measure: str, tick_text, from_zero: bool = True) -> str:
    """A line over labelled slots (the twelve months, the years): points of (slot, value, value as shown),
    a value axis with round marks written by tick_text, from zero unless from_zero is False (rates);
    '' for fewer than two points."""
    if len(points) < MIN_POINTS:
        return ""
    raised = 10  # a value is written this far above its point
    left, right = 120, WIDTH - 40  # room for the value axis's marks, and for the last value's text
    top = raised + 2 * ABOVE + 6  # the axis's title, then the highest value's text above its point
    bottom = top + 170
    height = bottom + 20 + BELOW + ABOVE + 4  # the slots' names, then the axis's title
    ticks = axis_ticks([value for _, value, _ in points], from_zero)
    low, high = float(ticks[0]), float(ticks[-1]) or 1.0
    step = (right - left) / max(1, len(slots) - 1)

    def y(value) -> float:
        return bottom - (bottom - top) * (float(value) - low) / ((high - low) or 1.0)

    def x(slot: str) -> float:
        return left + slots.index(slot) * step if len(slots) > 1 else (left + right) / 2

    parts = [f'<text x="0" y="{ABOVE}" class="chart-label">{escape(measure)}</text>']
    for tick in ticks:
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{right}" y2="{y(tick):.1f}" stroke="#ccc"/>'
                     f'<text x="{left - 8}" y="{y(tick) + 4:.1f}" text-anchor="end" class="chart-label">'
                     f"{escape(tick_text(tick))}</text>")
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#555"/>')
    for slot in slots:
        parts.append(f'<text x="{x(slot):.1f}" y="{bottom + 20}" text-anchor="middle" class="chart-label">'
                     f"{escape(slot)}</text>")
    parts.append(f'<text x="{(left + right) / 2:.1f}" y="{height - BELOW}" text-anchor="middle" '
                 f'class="chart-label">{escape(axis)}</text>')
    coordinates = [(x(slot), y(value)) for slot, value, _ in points]
    path = " ".join(f"{x_:.1f},{y_:.1f}" for x_, y_ in coordinates)
    parts.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS[2]}" stroke-width="3"/>')
    for (x_, y_), (slot, _, shown) in zip(coordinates, points):
        # The first slot's value runs rightwards, clear of the axis's marks, and the last one's
        # leftwards, so that neither leaves the chart.
        anchor = "start" if slot == slots[0] else ("end" if slot == slots[-1] else "middle")
        shift = {"start": -5, "end": 5}.get(anchor, 0)
        parts.append(f'<circle cx="{x_:.1f}" cy="{y_:.1f}" r="5" fill="{COLOURS[2]}"/>'
                     f'<text x="{x_ + shift:.1f}" y="{y_ - raised:.1f}" '
                     f'text-anchor="{anchor}" class="chart-value">{escape(shown)}</text>')
    description = "; ".join(f"{slot}: {shown}" for slot, _, shown in points)
    return _frame(ident, title, description, height, "".join(parts))


def sparkline(ident: str, title: str, points: list[tuple[str, object, str]], from_zero: bool = True) -> str:
    """A small line of (slot, value, value as shown) for an overview tile; '' for fewer than two points."""
    if len(points) < MIN_POINTS:
        return ""
    width, height, pad = 160, 40, 5
    ticks = axis_ticks([value for _, value, _ in points], from_zero)
    low, high = float(ticks[0]), float(ticks[-1]) or 1.0
    step = (width - 2 * pad) / (len(points) - 1)
    coordinates = [(pad + index * step, height - pad - (height - 2 * pad) * (float(value) - low) / ((high - low) or 1.0))
                   for index, (_, value, _) in enumerate(points)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
    body = (f'<line x1="0" y1="{height - 1}" x2="{width}" y2="{height - 1}" stroke="#767676"/>'
            f'<polyline points="{path}" fill="none" stroke="{COLOURS[2]}" stroke-width="2.5"/>'
            + "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOURS[2]}"/>' for x, y in coordinates))
    description = "; ".join(f"{slot}: {shown}" for slot, _, shown in points)
    return _frame(ident, title, description, height, body, width=width, css="sparkline")
