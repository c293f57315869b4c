"""What the import did to each page, and in sum."""

from collections import Counter
from dataclasses import dataclass, field

IMPORTED, UPDATED, UNCHANGED, SKIPPED = "imported", "updated", "unchanged", "skipped"
WORDS = {IMPORTED: "đã nhập", UPDATED: "đã cập nhật", UNCHANGED: "không đổi", SKIPPED: "bỏ qua"}


@dataclass
class PageOutcome:
    source: str
    outcome: str
    article: str = ""  # the file written, relative to the project
    reason: str = ""  # why it was skipped
    warnings: list[str] = field(default_factory=list)
    draft: str = ""  # what is missing, when written as a draft


@dataclass
class ImportReport:
    pages: list[PageOutcome] = field(default_factory=list)
    mapping_written: str = ""
    counters: tuple[str, int] | None = None

    def counts(self) -> Counter:
        return Counter(page.outcome for page in self.pages)

    @property
    def anything_imported(self) -> bool:
        counts = self.counts()
        return bool(counts[IMPORTED] + counts[UPDATED] + counts[UNCHANGED])

    def lines(self) -> list[str]:
        out = []
        for page in self.pages:
            head = f"{WORDS[page.outcome]}: {page.source}"
            if page.article:
                head += f" -> {page.article}"
            if page.reason:
                head += f" ({page.reason})"
            out.append(head)
            if page.draft:
                out.append(f"    nháp, thiếu: {page.draft}")
            out += [f"    cảnh báo: {warning}" for warning in page.warnings]
        counts = self.counts()
        out.append(f"Tổng: {counts[IMPORTED]} đã nhập, {counts[UPDATED]} đã cập nhật, "
                   f"{counts[UNCHANGED]} không đổi, {counts[SKIPPED]} bỏ qua.")
        if self.mapping_written:
            out.append(f"Đã ghi {self.mapping_written}: điền tên mới cho các chuyên mục, đơn vị còn trống "
                       "rồi chạy lại lệnh nhập.")
        if self.counters and self.counters[1]:
            path, rows = self.counters
            out.append(f"Lượt xem và đánh giá cũ của {rows} bài ở {path}: dựng trang (./dev build) rồi chạy "
                       f"./dev import-legacy {path}.")
        return out
