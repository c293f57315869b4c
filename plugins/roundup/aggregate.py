"""A year of reports, aggregated the way a statistician would accept.

- A unit that reports the same indicator for the same period twice is counted once: the newest
  article wins, and the superseded report is kept for the page to mention.
- sum: each unit's reports added, never two overlapping periods of one unit (the longer period
  is kept), then units added.
- latest: each unit's report with the latest period end (newest article on ties), units added.
- max: each unit's largest report, units added (cumulative counts, e.g. cameras in service).
- average: the mean of each unit's mean; rates are never added.
"""

import hashlib
import operator
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from toandan.vietnamese.numbers import PERCENT, Number

QUARTERS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Source:
    """The article a report comes from."""

    title: str
    url: str
    date: object  # datetime
    path: str


@dataclass(frozen=True)
class Entry:
    """One report as the roundup sees it."""

    indicator: object  # content_model Indicator
    unit: str
    period: object  # content_model Period
    value: Number
    qualifier: str
    source: Source

    @property
    def days(self) -> int:
        return (self.period.end - self.period.start).days + 1


ENTRY_FIELDS = tuple(entry_field.name for entry_field in fields(Entry))
SHARED_FIELDS = {"indicator", "source"}  # the registry's indicator, the article's source
EQUAL_FIELDS = {"period"}  # many entries' periods are equal (a month, a quarter): frozen, compared by value


class Inputs:
    """What every year's roundup is computed from (roundups): the reports in the articles' order, and
    the registry's order of indicators."""

    def __init__(self, entries: list[Entry], registry_order: list[str]):
        self.entries = entries
        self.registry_order = registry_order

    @cached_property
    def digest(self) -> bytes:
        """Made once, when a page digest first asks for it (plugins/reuse): every figure and its
        parts follow from these, so a page that shows any of them is the same while this is.
        Each entry by the repr of its fields; those many entries share, once each: the indicator
        and the source by identity (SHARED_FIELDS), the period by value (EQUAL_FIELDS)."""
        by_identity: dict[int, str] = {}  # the entries keep every value alive meanwhile
        by_value: dict = {}

        def shared(value) -> str:
            if (text := by_identity.get(id(value))) is None:
                text = by_identity[id(value)] = repr(value)
            return text

        def equal(value) -> str:
            if (text := by_value.get(value)) is None:
                text = by_value[value] = repr(value)
            return text

        describers = [shared if name in SHARED_FIELDS else equal if name in EQUAL_FIELDS else repr
                      for name in ENTRY_FIELDS]
        fields_of = operator.attrgetter(*ENTRY_FIELDS)
        digest = hashlib.blake2b(repr(self.registry_order).encode(), digest_size=20)
        for entry in self.entries:
            digest.update(("\0".join([describe(value) for describe, value in zip(describers, fields_of(entry))])
                           + "\n").encode())
        return digest.digest()


def _page_digest(value, *identity) -> bytes:
    """The digest pages describe a year's roundup or figure by (plugins/reuse's OWN_DIGEST): what
    all the roundups were computed from, and which part of them it is; made by hand (no inputs
    known), everything it holds."""
    if value.inputs is None:
        return hashlib.blake2b(repr(value).encode(), digest_size=20).digest()
    return hashlib.blake2b(value.inputs.digest + repr(identity).encode(), digest_size=20).digest()


@dataclass
class IndicatorYear:
    """One indicator in one year: the value, its parts, and where every number came from."""

    indicator: object
    year: int
    value: Number
    by_unit: dict[str, Number]
    by_quarter: dict[int, Number]
    undivided: Number | None  # reports longer than a quarter, when adding makes sense
    by_month: dict[int, Number]
    counted: list[Entry]
    superseded: list[tuple[Entry, Entry]]  # (old, the newer report that replaced it)
    overlapping: list[Entry]  # reports left out of a sum because another period covered them
    reports: list[Entry] = field(default_factory=list)  # every report seen, superseded ones included
    previous: Number | None = None
    inputs: Inputs | None = field(default=None, repr=False, compare=False)  # set by roundups()

    def __page_digest__(self) -> bytes:
        return _page_digest(self, "indicator", self.year, self.indicator.key)

    @property
    def change(self) -> Number | None:
        return None if self.previous is None else self.value - self.previous

    @property
    def change_percent(self) -> Decimal | None:
        """The relative change of a count or a sum of money; a rate's change is already in points."""
        if self.previous in (None, 0) or self.indicator.kind == PERCENT:
            return None
        return (Decimal(self.value - self.previous) * 100 / Decimal(self.previous)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)


def _exact(value: Decimal | int) -> Number:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return value


def _mean(values) -> Number:
    values = list(values)
    return _exact(sum(Decimal(v) for v in values) / len(values))


def deduplicate(entries: list[Entry]) -> tuple[list[Entry], list[tuple[Entry, Entry]]]:
    """Keep the newest report per (indicator, unit, period)."""
    newest: dict[tuple, Entry] = {}
    superseded = []
    for entry in sorted(entries, key=lambda e: (e.source.date, e.source.path)):
        key = (entry.indicator.key, entry.unit, entry.period.key)
        if key in newest:
            superseded.append((newest[key], entry))
        newest[key] = entry
    return list(newest.values()), superseded


def _without_overlaps(entries: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    chosen, dropped = [], []
    for entry in sorted(entries, key=lambda e: (-e.days, e.period.start)):
        if any(entry.period.start <= c.period.end and c.period.start <= entry.period.end for c in chosen):
            dropped.append(entry)
        else:
            chosen.append(entry)
    return chosen, dropped


def _quarter_of(entry: Entry) -> int | None:
    start, end = entry.period.start, entry.period.end
    quarter = (start.month - 1) // 3 + 1
    return quarter if (end.month - 1) // 3 + 1 == quarter else None


def _by_rule(rule: str, kept: list[Entry]) -> tuple[Number, dict[str, Number], list[Entry], list[Entry]]:
    """The value of deduplicated reports by the indicator's rule: (value, by unit, counted, left out)."""
    by_unit_entries: dict[str, list[Entry]] = defaultdict(list)
    for entry in kept:
        by_unit_entries[entry.unit].append(entry)
    counted: list[Entry] = []
    overlapping: list[Entry] = []
    by_unit: dict[str, Number] = {}
    for unit, unit_entries in sorted(by_unit_entries.items()):
        if rule == "sum":
            chosen, dropped = _without_overlaps(unit_entries)
            overlapping += dropped
            by_unit[unit] = sum(e.value for e in chosen)
        elif rule == "latest":
            chosen = [max(unit_entries, key=lambda e: (e.period.end, e.source.date))]
            by_unit[unit] = chosen[0].value
        elif rule == "max":
            chosen = [max(unit_entries, key=lambda e: (e.value, e.period.end))]
            by_unit[unit] = chosen[0].value
        else:  # average
            chosen = unit_entries
            by_unit[unit] = _mean(e.value for e in unit_entries)
        counted += chosen
    value = _mean(by_unit.values()) if rule == "average" else sum(by_unit.values())
    return _exact(value), by_unit, counted, overlapping


def aggregate_indicator(indicator, year: int, entries: list[Entry]) -> IndicatorYear:
    """entries: every report of this indicator whose period lies in year."""
    kept, superseded = deduplicate(entries)
    rule = indicator.aggregate
    value, by_unit, counted, overlapping = _by_rule(rule, kept)
    by_quarter: dict[int, Number] = {}
    undivided = None
    if rule == "sum":
        undivided = sum(e.value for e in counted if _quarter_of(e) is None)
        for entry in counted:
            if quarter := _quarter_of(entry):
                by_quarter[quarter] = by_quarter.get(quarter, 0) + entry.value
    else:
        # Levels and rates: a quarter shows what the reports for periods inside it say.
        for quarter in QUARTERS:
            inside = [e for e in kept if _quarter_of(e) == quarter]
            if inside:
                by_quarter[quarter] = _by_rule(rule, inside)[0]
    by_month: dict[int, Number] = {}
    for month in range(1, 13):
        ending = [e for e in (counted if rule == "sum" else kept) if e.period.end.month == month]
        if ending:
            by_month[month] = sum(e.value for e in ending) if rule == "sum" else _by_rule(rule, ending)[0]
    return IndicatorYear(indicator, year, value, by_unit, by_quarter, undivided, by_month,
                         sorted(counted, key=lambda e: (e.period.start, e.unit)), superseded, overlapping,
                         sorted(entries, key=lambda e: (e.period.start, e.unit, e.source.date)))


@dataclass
class YearRoundup:
    year: int
    indicators: list[IndicatorYear] = field(default_factory=list)
    articles: list[Source] = field(default_factory=list)
    inputs: Inputs | None = field(default=None, repr=False, compare=False)  # set by roundups()

    def __page_digest__(self) -> bytes:
        return _page_digest(self, "year", self.year)


def roundups(entries: list[Entry], registry_order: list[str]) -> dict[int, YearRoundup]:
    """Every year that has statistics, each indicator aggregated, with the previous year's value."""
    by_year: dict[int, dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for entry in entries:
        by_year[entry.period.year][entry.indicator.key].append(entry)
    result: dict[int, YearRoundup] = {}
    inputs = Inputs(entries, registry_order)
    for year in sorted(by_year):
        roundup = YearRoundup(year, inputs=inputs)
        for key in sorted(by_year[year], key=lambda k: registry_order.index(k) if k in registry_order else 999):
            group = by_year[year][key]
            item = aggregate_indicator(group[0].indicator, year, group)
            item.inputs = inputs
            previous = result.get(year - 1)
            if previous:
                earlier = next((i for i in previous.indicators if i.indicator.key == key), None)
                item.previous = earlier.value if earlier else None
            roundup.indicators.append(item)
        sources = {e.source.url: e.source for entries_ in by_year[year].values() for e in entries_}
        roundup.articles = sorted(sources.values(), key=lambda s: s.date)
        result[year] = roundup
    return result
