"""Dates as Vietnamese readers see them, in Asia/Ho_Chi_Minh, with no OS locale."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_VN = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def parse_datetime(text: str) -> datetime:
    """Parse '2021-12-26 21:42' or '26/12/2021 21:42' as Asia/Ho_Chi_Minh time.

    Raises ValueError with a reason an editor can act on.
    """
    text = text.strip()
    if match := _ISO.fullmatch(text):
        year, month, day, hour, minute, second = match.groups()
    elif match := _VN.fullmatch(text):
        day, month, year, hour, minute, second = match.groups()
    else:
        raise ValueError(
            f"ngày giờ {text!r} không đúng dạng; viết 26/12/2021 21:42 hoặc 2021-12-26 21:42"
        )
    try:
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0),
            int(second or 0), tzinfo=TIMEZONE,
        )
    except ValueError:
        raise ValueError(f"ngày {text!r} không có thật trên lịch") from None


def now() -> datetime:
    """The current time in Asia/Ho_Chi_Minh."""
    return datetime.now(TIMEZONE)


def local(moment: datetime | date) -> datetime | date:
    """Convert an aware datetime to Asia/Ho_Chi_Minh; dates pass through."""
    if isinstance(moment, datetime):
        return moment.astimezone(TIMEZONE) if moment.tzinfo else moment.replace(tzinfo=TIMEZONE)
    return moment


def weekday(moment: datetime | date) -> str:
    """'Chủ nhật' for Sunday, 'Thứ hai' for Monday, and so on."""
    return WEEKDAYS[local(moment).weekday()]


def dateline(moment: datetime) -> str:
    """The legacy portal's date line: 'Chủ nhật - 26/12/2021 21:42'."""
    moment = local(moment)
    return f"{weekday(moment)} - {moment:%d/%m/%Y %H:%M}"


def short_date(moment: datetime | date) -> str:
    """'26/12/2021'."""
    return f"{local(moment):%d/%m/%Y}"


def month_name(month: int) -> str:
    """'Tháng 12'."""
    return f"Tháng {month}"
