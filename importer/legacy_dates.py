"""The date lines old portals print, read as Asia/Ho_Chi_Minh times.

NukeViet prints 'Chủ nhật - 26/12/2021 21:42' or '26/12/2021 21:42:05', some themes 'Ngày đăng:
05/03/2021' or 'Cập nhật lúc 09:30 ngày 28/02/2022'; Plone writes ISO 8601 in attributes and meta tags.
"""

import re
from datetime import datetime

from toandan.vietnamese.dates import TIMEZONE

_TIME_THEN_DATE = re.compile(
    r"(?P<h>\d{1,2})[:h](?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?:,\s*)?ngày\s+(?P<d>\d{1,2})/(?P<mo>\d{1,2})/(?P<y>\d{4})",
    re.IGNORECASE)
_DATE_THEN_TIME = re.compile(
    r"(?<![\d/])(?P<d>\d{1,2})/(?P<mo>\d{1,2})/(?P<y>\d{4})(?:\s*(?:-|,|lúc)?\s*(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?)?")
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?")
UPDATED = re.compile(r"cập nhật|sửa đổi|last modified|modified", re.IGNORECASE)


def find_moment(text: str) -> datetime | None:
    """The first date (with its time, when given) in a line of text, or None."""
    found = []
    for pattern in (_TIME_THEN_DATE, _DATE_THEN_TIME):
        if match := pattern.search(text):
            found.append((match.start(), match))
    if found:
        match = min(found, key=lambda item: item[0])[1]
        return _moment(match)
    if match := _ISO.search(text):
        return iso_moment(match.group(0))
    return None


def iso_moment(text: str) -> datetime | None:
    """An ISO 8601 date or time (Plone's), converted to Asia/Ho_Chi_Minh; naive times are local."""
    match = _ISO.fullmatch(text.strip())
    if not match:
        return None
    try:
        moment = datetime.fromisoformat(match.group(0).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=TIMEZONE)
    return moment.astimezone(TIMEZONE)


def _moment(match: re.Match) -> datetime | None:
    parts = match.groupdict()
    try:
        return datetime(int(parts["y"]), int(parts["mo"]), int(parts["d"]), int(parts["h"] or 0),
                        int(parts["mi"] or 0), int(parts["s"] or 0), tzinfo=TIMEZONE)
    except ValueError:
        return None  # 31/02: not a date


def front_matter_moment(moment: datetime) -> str:
    """As the front matter writes it: '2021-12-26 21:42', with seconds only when the page gave them."""
    return moment.strftime("%Y-%m-%d %H:%M:%S" if moment.second else "%Y-%m-%d %H:%M")
