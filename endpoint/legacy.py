"""Seed counters from the legacy portal, so moving off it does not reset them to zero.

The CSV has a header 'kind,key,value' and rows of three kinds:
  view,<article id>,297           views an article had on the old portal
  visits,total,1398431            'Tổng lượt truy cập' at the switch-over
  visits,2021-12-26,2744          visits of one day (so 'Hôm nay', 'Tháng hiện tại' start right)
Importing again replaces the seeded values; counts made since are kept.
"""

import csv
from datetime import date
from pathlib import Path

from toandan.vietnamese.numbers import FigureError, parse_number

from .manifest import Manifest
from .storage import Store


class LegacyError(ValueError):
    """The CSV has problems; nothing was imported."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def read_legacy(path: Path, manifest: Manifest) -> tuple[dict[str, int], dict[date, int], int | None]:
    """Parse and check the whole file; raise LegacyError listing every bad row."""
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
                problems.append(f"{path}:{line}: loại '{kind}' không có; dùng view hoặc visits")
    if problems:
        raise LegacyError(problems)
    return views, days, total


def import_legacy(path: Path, manifest: Manifest, store: Store) -> tuple[int, int, int | None]:
    """Import the file in one transaction; answers (articles, days, total)."""
    views, days, total = read_legacy(path, manifest)
    store.import_legacy(views, days, total)
    return len(views), len(days), total
