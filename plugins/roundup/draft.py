"""The draft article `invoke roundup --year` writes for editors."""

from datetime import datetime
from pathlib import Path

from toandan.building.plugin_settings import plugin_settings
from toandan.vietnamese.text import slugify

from . import RoundupGenerator, RoundupSettings, change_text, shown


def draft_article(generators, year: int, now: datetime, content: Path) -> tuple[Path, str]:
    """(where to write it, its Markdown): an introduction to fill in, headline figures and a table."""
    generator = next(g for g in generators if isinstance(g, RoundupGenerator))
    options = plugin_settings(RoundupSettings, generator.settings, "ROUNDUP")
    if year not in generator.roundups:
        raise SystemExit(f"Năm {year} chưa có bài viết nào có số liệu.")
    roundup = generator.roundups[year]
    title = f"Tổng hợp kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc năm {year}"
    lines = [
        "---",
        f'title: "{title}"',
        f"date: {now:%Y-%m-%d %H:%M}",
        f"category: {options.default_category}",
        f"unit: {options.default_unit}",
        "status: draft",
        f"tags: [tổng kết, số liệu {year}]",
        f"summary: Những con số chính của phong trào năm {year}, tổng hợp từ {len(roundup.articles)} bài viết.",
        "---",
        "",
        "<!-- Ban biên tập: viết phần mở đầu ở đây, rồi bỏ dòng status: draft để xuất bản. -->",
        f"Năm {year}, phong trào toàn dân bảo vệ an ninh Tổ quốc trên địa bàn tỉnh tiếp tục ... (phần mở đầu).",
        "",
        "## Những con số chính",
        "",
    ]
    for item in roundup.indicators[:4]:
        lines.append(f"- **{item.indicator.label}**: {shown(item, item.value)} ({change_text(item)}).")
    lines += ["", "| Chỉ tiêu | Năm " + str(year) + " | So với năm trước |", "| --- | ---: | --- |"]
    for item in roundup.indicators:
        lines.append(f"| {item.indicator.label} | {shown(item, item.value)} | {change_text(item)} |")
    lines += ["", f"Xem đầy đủ số liệu, biểu đồ và nguồn của từng con số tại "
                  f"[trang thống kê năm {year}](/{options.url}{year}/).", ""]
    path = content / "articles" / f"{now:%Y}" / f"{slugify(title)}.md"
    return path, "\n".join(lines)
