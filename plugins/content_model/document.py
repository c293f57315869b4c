"""Read one article or page: validate its front matter and its statistics."""

import difflib
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from toandan.vietnamese.dates import parse_datetime
from toandan.vietnamese.numbers import MONEY, PERCENT, FigureError, Number, parse_figure
from toandan.building.problems import Problem
from toandan.vietnamese.stats_suggested import FIELD as SUGGESTED, ITEM_FIELDS as SUGGESTION_FIELDS
from toandan.vietnamese.text import fold, nfc, slugify

from .frontmatter import FrontMatter, FrontMatterError, not_utf8, split
from .periods import Period, PeriodError, parse_period
from .registry import Indicator, Registry, suggest

COMMON_FIELDS = {"title", "date", "modified", "summary", "slug", "status", "template",
                 "image", "image_caption", "image_alt"}
ARTICLE_FIELDS = COMMON_FIELDS | {"category", "tags", "unit", "author", "source", "featured", "stats", SUGGESTED,
                                  "legacy_url", "legacy_views", "legacy_rating"}
_LEGACY_URL = re.compile(r"https?://[^\s/]+(?:/\S*)?|/\S*")
_LEGACY_RATING = re.compile(r"[0-9]+/[0-9]+")
_LEGACY_VIEWS = re.compile(r"[0-9]+")
TEXT_FIELDS = ("title", "summary", "author", "source", "image", "image_caption", "image_alt",
               "category", "unit", "template")
STATUSES = {"published", "draft", "pending", "hidden"}  # pending: a draft submitted for review (desk/)
BOOLEANS = {"true": True, "yes": True, "co": True, "false": False, "no": False, "khong": False}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Report:
    """One figure an article reports: an indicator's value for a unit and a period."""

    indicator: Indicator
    value: Number
    qualifier: str
    period: Period
    unit: str
    line: int | None


@dataclass
class Document:
    """A content file that has been read: clean fields, reports and the Markdown body."""

    path: str
    fields: dict
    reports: list[Report] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    suggestions: int = 0  # figures suggested from the prose (stats_suggested), waiting for an editor


class _Reading:
    """The state of reading one file: its front matter and the problems found so far."""

    def __init__(self, label: str, matter: FrontMatter):
        self.label = label
        self.matter = matter
        self.problems: list[Problem] = []

    def problem(self, where: tuple, reason: str) -> None:
        self.problems.append(Problem(self.label, self.matter.line(*where), reason))

    def text(self, name: str, required: bool = False) -> str | None:
        value = self.matter.data.get(name)
        if value is None or value == "":
            if required:
                self.problem((), f"thiếu trường bắt buộc '{name}'")
            return None
        if not isinstance(value, str):
            self.problem((name,), f"'{name}' phải là một dòng chữ")
            return None
        return value.strip()

    def moment(self, name: str, required: bool) -> datetime | None:
        if (value := self.text(name, required)) is None:
            return None
        try:
            return parse_datetime(value)
        except ValueError as error:
            self.problem((name,), f"'{name}': {error}")
            return None

    def named(self, name: str, registry: dict, what: str, required: bool) -> str | None:
        value = self.text(name, required)
        if value is not None and value not in registry:
            self.problem((name,), f'{what} "{value}" chưa có trong danh mục.{suggest(value, registry)}')
            return None
        return value


class DocumentReader:
    """Reads content files against the registries; never raises on bad content."""

    def __init__(self, registry: Registry, content_root: Path, shown_root: Path):
        self.registry = registry
        self.content_root = content_root
        self.shown_root = shown_root
        # Once each: resolving walks every folder of the path.
        self._shown_resolved, self._content_resolved = shown_root.resolve(), content_root.resolve()
        self._folders: dict[Path, Path] = {}  # each folder of content files, resolved

    def resolved(self, path: Path) -> Path:
        """path with its folder resolved, once per folder: resolving looks up every folder on the way,
        twice per file read. A
        file that is itself a link counts where it is placed."""
        folder = path.parent
        if (resolved := self._folders.get(folder)) is None:
            resolved = self._folders[folder] = folder.resolve()
        return resolved / path.name

    def label(self, path: Path) -> str:
        try:
            return str(self.resolved(path).relative_to(self._shown_resolved))
        except ValueError:
            return str(path)

    def read(self, path: Path, is_article: bool) -> tuple[Document | None, list[Problem]]:
        label = self.label(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            error = not_utf8(path.read_bytes())
            return None, [Problem(label, error.line, error.reason)]
        try:
            matter = split(text)
        except FrontMatterError as error:
            return None, [Problem(label, error.line, error.reason)]
        reading = _Reading(label, matter)
        fields = self._fields(reading, is_article)
        document = Document(label, fields, body=matter.body, body_line=matter.body_line)
        if is_article and "stats" in matter.data:
            document.reports = self._stats(reading, fields)
        if is_article and SUGGESTED in matter.data:
            document.suggestions = self._suggestions(reading)
        return (None if reading.problems else document), reading.problems

    def _fields(self, reading: _Reading, is_article: bool) -> dict:
        data = reading.matter.data
        allowed = ARTICLE_FIELDS if is_article else COMMON_FIELDS
        for name in data:
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f" Có phải ý bạn là '{close[0]}'?" if close else ""
                reading.problem((name,), f"trường '{name}' không được hỗ trợ.{hint}")
        for key, line in reading.matter.duplicates:
            reading.problems.append(Problem(reading.label, line, f"trường '{key}' được viết hai lần"))

        fields: dict = {name: reading.text(name) for name in TEXT_FIELDS if name in allowed}
        fields["title"] = reading.text("title", required=True)
        fields["date"] = reading.moment("date", required=is_article)
        fields["modified"] = reading.moment("modified", required=False)
        if is_article:
            # A draft may wait for its category and unit (an imported article the editor has to place).
            placed = reading.matter.data.get("status") != "draft"  # read (and checked) once, below
            fields["category"] = reading.named("category", self.registry.categories, "Chuyên mục", placed)
            fields["unit"] = reading.named("unit", self.registry.units, "Đơn vị", placed)
            self._legacy(reading, fields)
            fields["tags"] = self._tags(reading)
            fields["featured"] = self._boolean(reading, "featured")
        fields["status"] = reading.text("status") or "published"
        if fields["status"] not in STATUSES:
            reading.problem(("status",), f"status '{fields['status']}' không hợp lệ; dùng: "
                            + ", ".join(sorted(STATUSES)))
        fields["slug"] = self._slug(reading, fields["title"])
        if fields.get("image"):
            self._check_image(reading, fields["image"])
        return fields

    @staticmethod
    def _legacy(reading: _Reading, fields: dict) -> None:
        """legacy_url: the article's address on the old portal (redirected here); legacy_views and
        legacy_rating ('points/ratings'): its counters there, seeded into the endpoint."""
        if (url := reading.text("legacy_url")) is not None:
            if not _LEGACY_URL.fullmatch(url):
                reading.problem(("legacy_url",), f"legacy_url '{url}' phải là một địa chỉ http(s):// hoặc bắt đầu bằng /")
            else:
                fields["legacy_url"] = url
        if (views := reading.text("legacy_views")) is not None:
            if not _LEGACY_VIEWS.fullmatch(views):
                reading.problem(("legacy_views",), f"legacy_views '{views}' phải là số nguyên không âm")
            else:
                fields["legacy_views"] = int(views)
        if (rating := reading.text("legacy_rating")) is not None:
            if not _LEGACY_RATING.fullmatch(rating):
                reading.problem(("legacy_rating",), f"legacy_rating '{rating}' phải có dạng tổng điểm/số lượt, ví dụ 5/1")
            else:
                fields["legacy_rating"] = rating

    def _tags(self, reading: _Reading) -> list[str]:
        value = reading.matter.data.get("tags", [])
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
            reading.problem(("tags",), "'tags' phải là danh sách, ví dụ [dân vận, biên giới]")
            return []
        return [tag.strip() for tag in value if tag.strip()]

    def _boolean(self, reading: _Reading, name: str) -> bool:
        value = reading.text(name)
        if value is None:
            return False
        if (flag := BOOLEANS.get(fold(value).lower())) is None:
            reading.problem((name,), f"'{name}' phải là true hoặc false")
            return False
        return flag

    def _slug(self, reading: _Reading, title: str | None) -> str | None:
        slug = reading.text("slug")
        if slug is None:
            return slugify(title) if title else None
        if not _SLUG.fullmatch(slug):
            reading.problem(("slug",), f"slug '{slug}' chỉ được gồm chữ thường không dấu, số và dấu '-'"
                            f"; ví dụ {slugify(slug) or 'bao-ve-an-ninh'}")
        return slug

    def _check_image(self, reading: _Reading, image: str) -> None:
        target = (self.content_root / image).resolve()
        if self._content_resolved not in target.parents:
            reading.problem(("image",), f"ảnh '{image}' phải nằm trong thư mục content/")
        elif not target.is_file():
            reading.problem(("image",), f"không tìm thấy ảnh '{image}' trong content/")

    def _stats(self, reading: _Reading, fields: dict) -> list[Report]:
        stats = reading.matter.data["stats"]
        blocks = stats if isinstance(stats, list) else [stats]
        reports: list[Report] = []
        for index, block in enumerate(blocks):
            where = ("stats", index) if isinstance(stats, list) else ("stats",)
            if not isinstance(block, dict) or not isinstance(block.get("figures"), dict):
                reading.problem(where, "'stats' cần có 'period' và 'figures' (danh sách chỉ tiêu: giá trị)")
                continue
            for name in set(block) - {"period", "unit", "figures"}:
                reading.problem(where + (name,), f"trong 'stats' không có trường '{name}' "
                                "(chỉ có period, unit, figures)")
            for key, entry in block["figures"].items():
                report = self._report(reading, fields, block, where + ("figures", key), key, entry)
                if report is not None:
                    reports.append(report)
        seen: dict[tuple, Report] = {}
        for report in reports:
            identity = (report.indicator.key, report.unit, report.period.key)
            if identity in seen:
                reading.problems.append(Problem(
                    reading.label, report.line,
                    f'chỉ tiêu "{report.indicator.key}" của {report.unit} cho {report.period.label} '
                    f"đã được báo cáo ở dòng {seen[identity].line}"))
            seen[identity] = report
        return reports

    def _suggestions(self, reading: _Reading) -> int:
        """Check the shape of stats_suggested; the count of suggestions. The build uses nothing else of it."""
        items = reading.matter.data[SUGGESTED]
        if items == "":
            return 0
        if not isinstance(items, list):
            reading.problem((SUGGESTED,), f"'{SUGGESTED}' phải là danh sách, mỗi mục có value, indicator, sentence")
            return 0
        for index, item in enumerate(items):
            where = (SUGGESTED, index)
            if not isinstance(item, dict) or not all(
                    isinstance(item.get(name), str) and item[name].strip() for name in SUGGESTION_FIELDS):
                reading.problem(where, f"mỗi mục của '{SUGGESTED}' cần đủ value, indicator và sentence, đều là chữ")
                continue
            for name in sorted(set(item) - set(SUGGESTION_FIELDS)):
                reading.problem(where + (name,), f"trong '{SUGGESTED}' không có trường '{name}' "
                                "(chỉ có value, indicator, sentence)")
            if item["indicator"] not in self.registry.indicators:
                reading.problem(where + ("indicator",), f'chỉ tiêu "{item["indicator"]}" chưa có trong danh mục '
                                "chỉ tiêu." + suggest(item["indicator"], self.registry.indicators))
            try:
                parse_figure(item["value"])
            except FigureError as error:
                reading.problem(where + ("value",), f"số liệu gợi ý: {error}")
            if " ".join(nfc(item["value"]).split()) not in " ".join(nfc(item["sentence"]).split()):
                reading.problem(where + ("sentence",), f'câu kèm theo không có số liệu "{item["value"]}": '
                                "mỗi số liệu gợi ý phải kèm đúng câu nó được lấy ra")
        return len(items)

    def _report(self, reading, fields, block, where, key, entry) -> Report | None:
        indicator = self.registry.indicators.get(key)
        if indicator is None:
            reading.problem(where, f'chỉ tiêu "{key}" chưa có trong danh mục chỉ tiêu.'
                            + suggest(key, self.registry.indicators))
            return None
        options = entry if isinstance(entry, dict) else {"value": entry}
        for name in set(options) - {"value", "period", "unit"}:
            reading.problem(where + (name,), f"chỉ tiêu \"{key}\" không có trường '{name}' "
                            "(chỉ có value, period, unit)")
        value_where = where + ("value",) if isinstance(entry, dict) else where
        try:
            figure = parse_figure(options.get("value", ""))
        except FigureError as error:
            reading.problem(value_where, f'chỉ tiêu "{key}": {error}')
            return None
        if not self._fits(reading, value_where, indicator, figure):
            return None

        period_text = options.get("period", block.get("period"))
        if not isinstance(period_text, str):
            reading.problem(where, f'chỉ tiêu "{key}" chưa có kỳ báo cáo (period)')
            return None
        period_where = where + ("period",) if "period" in options else where[:-2] + ("period",)
        try:
            period = parse_period(period_text)
        except PeriodError as error:
            reading.problem(period_where, str(error))
            return None
        if period.year is None:
            reading.problem(period_where, f"{period.label} trải qua hai năm: tách thành báo cáo "
                            "của từng năm để số liệu cộng đúng theo năm")
            return None
        if fields.get("date") and period.start > fields["date"].date():
            reading.problem(period_where, f"kỳ báo cáo {period.label} bắt đầu sau ngày đăng bài")
            return None

        unit = options.get("unit", block.get("unit", fields.get("unit")))
        if unit is None:
            return None  # the missing article unit is already reported
        if unit not in self.registry.units:
            reading.problem(where + ("unit",) if "unit" in options else where[:-2] + ("unit",),
                            f'Đơn vị "{unit}" chưa có trong danh mục.{suggest(unit, self.registry.units)}')
            return None
        return Report(indicator, figure.value, figure.qualifier, period, unit, reading.matter.line(*where))

    @staticmethod
    def _fits(reading, where, indicator: Indicator, figure) -> bool:
        """Check the figure against the indicator's measure and range."""
        key, value = indicator.key, figure.value
        if figure.kind and figure.kind != indicator.kind or (
            figure.measure and fold(figure.measure).lower() != fold(indicator.measure).lower()
        ):
            written = {MONEY: "đồng", PERCENT: "%"}.get(figure.kind, figure.measure)
            reading.problem(where, f'chỉ tiêu "{key}" tính bằng "{indicator.measure}" nhưng giá trị '
                            f'ghi "{written}"')
            return False
        if value < 0:
            reading.problem(where, f'chỉ tiêu "{key}": giá trị không thể âm')
            return False
        if indicator.kind == PERCENT and value > 100:
            reading.problem(where, f'chỉ tiêu "{key}": tỷ lệ không thể vượt quá 100%')
            return False
        if indicator.kind != PERCENT and not isinstance(value, int):
            reading.problem(where, f'chỉ tiêu "{key}" đếm bằng "{indicator.measure}": phải là số nguyên')
            return False
        return True
