"""Seed counters from the legacy portal, so moving off it does not reset them to zero.

The CSV has a header 'kind,key,value' and rows of three kinds:
  view,<article id>,297           views an article had on the old portal
  visits,total,1398431            'Tổng lượt truy cập' at the switch-over
  visits,2021-12-26,2744          visits of one day (so 'Hôm nay', 'Tháng hiện tại' start right)
  rating,<article id>,9/2         rating totals: 9 points in 2 ratings ("9 trong 2 đánh giá")
Importing again replaces the seeded values; counts made since are kept.

The old portal kept only its totals, so an article's old ratings are seeded as that many ratings
from raters named 'legacy-1', 'legacy-2', ... whose stars add up to the total (as evenly as whole
stars allow): the sum, the count and the average readers see are exactly the old portal's, and a
rater of the new site never has such a name (theirs are keyed hashes).
"""

import asyncio
import csv
import re
from datetime import date, datetime
from pathlib import Path

from toandan.vietnamese.numbers import FigureError, parse_number

from .manifest import Manifest
from .storage import Store


_RATING = re.compile(r"(\d+)/(\d+)")
LEGACY_RATER = "legacy-{}"


class LegacyError(ValueError):
    """The CSV has problems; nothing was imported."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def read_legacy(path: Path, manifest: Manifest) -> tuple[dict[str, int], dict[date, int], int | None]:
    """Parse and check the whole file; raise LegacyError listing every bad row."""
    views, days, total, _ = read_legacy_all(path, manifest)
    return views, days, total


def read_legacy_all(path: Path, manifest: Manifest):
    """read_legacy, and the rating totals: (views, days, total, ratings as (points, count))."""
    ratings: dict[str, tuple[int, int]] = {}
    views: dict[str, int] = {}
    days: dict[date, int] = {}
    total: int | None = None
    problems: list[str] = []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = csv.reader(handle)
        header = next(rows, None)
        if [cell.strip().lower() for cell in header or []] != ["kind", "key", "value"]:
            raise LegacyError([f"{path}:1: dòng đầu phải là 'kind,key,value'"])
        for line, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != 3:
                problems.append(f"{path}:{line}: cần đúng 3 cột")
                continue
            kind, key, raw = (cell.strip() for cell in row)
            if kind == "rating":
                if problem := _rating_problem(key, raw, manifest):
                    problems.append(f"{path}:{line}: {problem}")
                else:
                    points, count = map(int, raw.split("/"))
                    ratings[key] = (points, count)
                continue
            try:
                value = parse_number(raw)
            except FigureError as error:
                problems.append(f"{path}:{line}: {error}")
                continue
            if not isinstance(value, int) or value < 0:
                problems.append(f"{path}:{line}: '{raw}' phải là số nguyên không âm")
            elif kind == "view":
                if key not in manifest:
                    problems.append(f"{path}:{line}: không có bài viết '{key}' trên trang mới")
                else:
                    views[key] = value
            elif kind == "visits" and key == "total":
                total = value
            elif kind == "visits":
                try:
                    days[date.fromisoformat(key)] = value
                except ValueError:
                    problems.append(f"{path}:{line}: '{key}' phải là 'total' hoặc một ngày YYYY-MM-DD")
            else:
                problems.append(f"{path}:{line}: loại '{kind}' không có; dùng view, visits hoặc rating")
    if problems:
        raise LegacyError(problems)
    return views, days, total, ratings


def _rating_problem(key: str, raw: str, manifest: Manifest) -> str:
    if key not in manifest:
        return f"không có bài viết '{key}' trên trang mới"
    if not (match := _RATING.fullmatch(raw)):
        return f"'{raw}' phải có dạng tổng điểm/số lượt đánh giá, ví dụ 9/2"
    points, count = map(int, match.groups())
    if count and not count <= points <= 5 * count:
        return f"{points} điểm trong {count} lượt: mỗi lượt từ 1 đến 5 sao"
    return ""


def legacy_stars(points: int, count: int) -> list[int]:
    """count whole stars from 1 to 5 that add up to points, as even as they can be."""
    each, more = divmod(points, count) if count else (0, 0)
    return [each + 1] * more + [each] * (count - more)


def import_legacy(path: Path, manifest: Manifest, store: Store) -> tuple[int, int, int | None]:
    """Import the file (views and visits in one transaction, then the ratings); answers
    (articles, days, total)."""
    views, days, total, ratings = read_legacy_all(path, manifest)
    store.import_legacy(views, days, total)
    if ratings:
        asyncio.run(_seed_ratings(store, ratings))
    return len(views | ratings), len(days), total


LEGACY_ADDRESS = "legacy"  # stands where a reader's keyed address would be
SEEDS_UNCAPPED = 2**31 - 1


async def _seed_ratings(store: Store, ratings: dict[str, tuple[int, int]]) -> None:
    now = datetime.now().astimezone()
    for article_id, (points, count) in sorted(ratings.items()):
        for number, stars in enumerate(legacy_stars(points, count), start=1):
            # Seeds are the old portal's votes, not a reader's: no address, and no daily cap on them.
            await store.rate(article_id, LEGACY_RATER.format(number), LEGACY_ADDRESS, stars, now,
                             new_votes_cap=SEEDS_UNCAPPED)
