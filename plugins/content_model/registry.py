"""The registries kept as data in content/: indicators, categories and reporting units."""

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

from toandan.vietnamese.numbers import MONEY, PERCENT
from toandan.building.problems import Problem
from toandan.vietnamese.text import fold

from .frontmatter import FrontMatterError, load_yaml, not_utf8

AGGREGATES = {
    "sum": "cộng dồn các báo cáo trong năm",
    "latest": "lấy báo cáo mới nhất của mỗi đơn vị rồi cộng các đơn vị",
    "max": "lấy giá trị lớn nhất được báo cáo",
    "average": "lấy trung bình (dành cho tỷ lệ)",
}
MONEY_MEASURES = {"dong", "vnd"}
# The theme an indicator is shown under in the roundup's overview, when indicators.yaml names none.
DEFAULT_GROUP, RATE_GROUP = "Chỉ tiêu khác", "Tỷ lệ"
GROUP_LENGTH = 60


@dataclass(frozen=True)
class Indicator:
    """A figure that articles report, and how a year of reports adds up."""

    key: str
    label: str
    measure: str  # đơn vị tính: 'phần quà', 'đồng', '%'
    aggregate: str  # one of AGGREGATES
    group: str = DEFAULT_GROUP  # the theme the roundup's overview shows it under

    @functools.cached_property  # asked for every figure read and shown
    def kind(self) -> str | None:
        """MONEY, PERCENT, or None for a count."""
        if fold(self.measure).lower() in MONEY_MEASURES:
            return MONEY
        return PERCENT if self.measure == "%" else None


@dataclass(frozen=True)
class Registry:
    """Everything an article may name: indicators, categories, units."""

    indicators: dict[str, Indicator]
    categories: dict[str, str]  # name -> description
    units: dict[str, str]  # name -> description


def suggest(word: str, choices) -> str:
    """' Có phải ý bạn là "x"?' for the closest choice, compared without diacritics."""
    by_folded = {fold(choice).lower(): choice for choice in choices}
    close = difflib.get_close_matches(fold(word).lower(), list(by_folded), n=1, cutoff=0.6)
    return f' Có phải ý bạn là "{by_folded[close[0]]}"?' if close else ""


def _read(path: Path, label: str, problems: list[Problem]):
    if not path.is_file():
        problems.append(Problem(label, None, "thiếu tệp danh mục này"))
        return None
    try:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise not_utf8(path.read_bytes()) from None
        matter = load_yaml(text)
    except FrontMatterError as error:
        problems.append(Problem(label, error.line, error.reason))
        return None
    for key, line in matter.duplicates:
        problems.append(Problem(label, line, f'"{key}" được khai báo hai lần'))
    return matter


def _names(path: Path, label: str, problems: list[Problem]) -> dict[str, str]:
    matter = _read(path, label, problems)
    if matter is None:
        return {}
    names = {}
    for name, description in matter.data.items():
        if not isinstance(description, str):
            problems.append(Problem(label, matter.line(name), f'mô tả của "{name}" phải là một dòng chữ'))
        names[name] = description if isinstance(description, str) else ""
    return names


def _group(key: str, entry: dict, matter, label: str, problems: list[Problem]) -> str:
    """The indicator's theme: its own `group`, or the default for a rate or a count."""
    group = entry.get("group")
    if group is None:
        return RATE_GROUP if entry["measure"] == "%" else DEFAULT_GROUP
    if not isinstance(group, str) or not group.strip() or "\n" in group or len(group) > GROUP_LENGTH:
        problems.append(Problem(label, matter.line(key, "group"),
                                f'nhóm (group) của chỉ tiêu "{key}" phải là một tên ngắn trên một dòng, '
                                f'không quá {GROUP_LENGTH} ký tự'))
        return DEFAULT_GROUP
    return group.strip()


def _indicators(path: Path, label: str, problems: list[Problem]) -> dict[str, Indicator]:
    matter = _read(path, label, problems)
    if matter is None:
        return {}
    indicators = {}
    for key, entry in matter.data.items():
        line = matter.line(key)
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(field), str) and entry.get(field) for field in ("label", "measure", "aggregate")
        ):
            problems.append(Problem(label, line, f'chỉ tiêu "{key}" cần đủ label, measure và aggregate'))
            continue
        if unknown := set(entry) - {"label", "measure", "aggregate", "group", "description"}:
            problems.append(Problem(label, line, f'chỉ tiêu "{key}" có trường lạ: {", ".join(sorted(unknown))}'))
        group = _group(key, entry, matter, label, problems)
        indicator = Indicator(key, entry["label"], entry["measure"], entry["aggregate"], group)
        if indicator.aggregate not in AGGREGATES:
            problems.append(Problem(label, matter.line(key, "aggregate"),
                                    f'aggregate "{indicator.aggregate}" không hợp lệ; dùng một trong: '
                                    + ", ".join(AGGREGATES)))
        elif indicator.kind == PERCENT and indicator.aggregate == "sum":
            problems.append(Problem(label, matter.line(key, "aggregate"),
                                    f'"{key}" là tỷ lệ: không được cộng dồn (dùng average hoặc latest)'))
        indicators[key] = indicator
    return indicators


def load_registry(data_dir: Path, shown_as: str) -> tuple[Registry, list[Problem]]:
    """Read the three registries; shown_as is how problems name the folder."""
    problems: list[Problem] = []
    registry = Registry(
        indicators=_indicators(data_dir / "indicators.yaml", f"{shown_as}/indicators.yaml", problems),
        categories=_names(data_dir / "categories.yaml", f"{shown_as}/categories.yaml", problems),
        units=_names(data_dir / "units.yaml", f"{shown_as}/units.yaml", problems),
    )
    return registry, problems
