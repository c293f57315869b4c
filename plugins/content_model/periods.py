"""Reporting periods as editors write them: '2021', 'quý 3/2021', '9 tháng đầu năm 2021'."""

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

from toandan.vietnamese.text import fold

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = re.compile(r"(?:nam )?(\d{4})")
_MONTH = re.compile(r"(?:thang )?(\d{1,2})(?:/| nam )(\d{4})")
_QUARTER = re.compile(r"(?:q|quy ?)(\d|i{1,3}|iv)(?:/| nam )(\d{4})")
_FIRST_MONTHS = re.compile(r"(\d{1,2}) thang dau nam (\d{4})")
_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})-(\d{2})-(\d{2})")
_RANGE = re.compile(r"(?:tu )?(.+?)\s*(?:\.\.|–|—| - | den )\s*(.+)")


class PeriodError(ValueError):
    """A period that cannot be read."""


@dataclass(frozen=True, order=True)
class Period:
    """A closed range of days that a figure covers."""

    start: date
    end: date
    label: str

    @property
    def year(self) -> int | None:
        """The calendar year the period lies in, or None when it straddles two."""
        return self.start.year if self.start.year == self.end.year else None

    @property
    def key(self) -> tuple[date, date]:
        return (self.start, self.end)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _single(text: str) -> Period | None:
    if match := _YEAR.fullmatch(text):
        year = int(match[1])
        return Period(date(year, 1, 1), date(year, 12, 31), f"năm {year}")
    if match := _QUARTER.fullmatch(text):
        quarter = ROMAN.get(match[1]) or int(match[1])
        year = int(match[2])
        if not 1 <= quarter <= 4:
            raise PeriodError(f"quý {quarter} không tồn tại")
        return Period(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter),
                      f"quý {quarter}/{year}")
    if match := _FIRST_MONTHS.fullmatch(text):
        months, year = int(match[1]), int(match[2])
        if not 1 <= months <= 12:
            raise PeriodError(f"{months} tháng đầu năm không hợp lệ")
        return Period(date(year, 1, 1), _month_end(year, months), f"{months} tháng đầu năm {year}")
    if match := _MONTH.fullmatch(text):
        month, year = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(f"tháng {month} không tồn tại")
        return Period(date(year, month, 1), _month_end(year, month), f"tháng {month}/{year}")
    if match := _DAY.fullmatch(text):
        day, month, year = (match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4])
        try:
            day_ = date(int(year), int(month), int(day))
        except ValueError:
            raise PeriodError(f"ngày {text} không có thật") from None
        return Period(day_, day_, f"{day_:%d/%m/%Y}")
    return None


def parse_period(text: str) -> Period:
    """Parse a period; raises PeriodError naming the accepted forms."""
    return _parsed(str(text))


@functools.lru_cache(maxsize=1 << 12)  # a site writes the same few hundred periods on every report
def _parsed(text: str) -> Period:
    folded = re.sub(r"\s+", " ", fold(text).lower()).strip()
    try:
        if period := _single(folded):
            return period
        if (match := _RANGE.fullmatch(folded)) and None not in (
            first := _single(match[1]), last := _single(match[2])
        ):
            if last.end < first.start:
                raise PeriodError("kết thúc trước khi bắt đầu")
            return Period(first.start, last.end, f"{first.start:%d/%m/%Y} – {last.end:%d/%m/%Y}")
    except PeriodError as error:
        raise PeriodError(f"kỳ báo cáo '{text}': {error}") from None
    raise PeriodError(
        f"kỳ báo cáo '{text}' không đọc được; viết ví dụ 2021, quý 3/2021, tháng 6/2021, "
        "9 tháng đầu năm 2021 hoặc 01/01/2021 - 30/09/2021"
    )
