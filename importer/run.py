"""`./dev import-pages`: from the old portal's pages to articles, in one run.

Reading comes before writing: every page is read first (fetched through the cache, its layout
recognised, its fields and body taken out, the portal's chrome removed), so that links between
imported articles can point to their new addresses; then each article is written, its images copied,
the category and unit mapping file and the counters' seeds updated, and the report printed.
"""

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from toandan.vietnamese.text import slugify

from . import articles as files
from toandan.old_addresses import normal

from .addresses import saved_address
from .articles import existing_articles, quoted, readable, write_article
from .chrome import strip_chrome
from .counters import write_counters
from .fetch import Fetcher, FetchError, FetchSettings
from .images import Images
from .layouts import UnknownLayout, parse, read_page
from .legacy_dates import front_matter_moment
from .mapping import LegacyMapping
from .markdown import MAX_NESTING, MarkdownWriter, escape, nesting
from .page import LegacyPage, UnreadablePage
from .progress import Progress
from .report import IMPORTED, SKIPPED, UNCHANGED, UPDATED, ImportReport, PageOutcome
from .sources import Source, expand, hosts

MAPPING = "content/data/legacy-categories.yaml"
COUNTERS = "var/legacy-counters.csv"
CACHE = "var/import-cache"


@dataclass(frozen=True)
class ImportSettings:
    root: Path  # the project: content/ and var/ are under it
    force: bool = False  # overwrite articles edited since they were imported
    fetch: FetchSettings = field(default_factory=FetchSettings)
    # Adds the figures found in the prose to an article's text as stats_suggested (the import-pages task passes it).
    suggest: Callable[[str], str] | None = None


@dataclass
class _Read:
    source: Source
    page: LegacyPage
    path: Path
    slug: str


def import_pages(arguments: list[str], settings: ImportSettings, stream=None) -> ImportReport:
    """Import every page the arguments name. Raises sources.SourceError or mapping.MappingError
    before anything is written."""
    stream = stream or sys.stderr
    root = settings.root
    sources = expand(arguments)
    mapping = LegacyMapping.load(root / MAPPING, root / "content" / "data")
    fetcher = Fetcher(root / CACHE, hosts(sources), settings.fetch)
    report = ImportReport()
    addresses = [source.address for source in sources if source.address]
    fetched = fetcher.get_all(addresses, Progress(len(addresses), stream)) if addresses else {}

    articles_dir = root / "content" / "articles"
    existing = existing_articles(articles_dir)
    by_address = {normal(article.legacy_url): article for article in existing if article.legacy_url}
    slugs = {article.slug: article.path for article in existing}
    unaddressed = {article.slug: article for article in existing if not article.legacy_url and article.imported}
    reads: list[_Read] = []
    claimed: dict[str, str] = {}  # old address -> the source that brought it in this run
    for source in sources:
        data = fetched.get(source.address) if source.address else source.file.read_bytes()
        if isinstance(data, FetchError):
            report.pages.append(PageOutcome(source.label, SKIPPED, reason=str(data)))
            continue
        soup = parse(data)
        address = source.address or saved_address(soup)
        try:
            page = read_page(soup, address)
        except (UnknownLayout, UnreadablePage) as error:
            report.pages.append(PageOutcome(source.label, SKIPPED, reason=str(error)))
            continue
        if page.published is None:
            report.pages.append(PageOutcome(source.label, SKIPPED, reason="không thấy ngày đăng bài"))
            continue
        if nesting(page.body) > MAX_NESTING:
            report.pages.append(PageOutcome(source.label, SKIPPED, reason=f"thân bài lồng quá {MAX_NESTING} tầng thẻ"))
            continue
        removed = strip_chrome(page.body)
        if not page.body.get_text(strip=True) and page.body.find("img") is None:
            report.pages.append(PageOutcome(source.label, SKIPPED, reason="thân bài trống"))
            continue
        if removed:
            page.warnings.append(f"đã bỏ {len(removed)} khối của giao diện cổng cũ")
        if not address:
            page.warnings.append("không biết địa chỉ cũ của trang (không có link canonical): không có chuyển hướng")
        if address and normal(address) in claimed:
            report.pages.append(PageOutcome(source.label, SKIPPED, reason=f"cùng địa chỉ cũ {address} với "
                                            f"{claimed[normal(address)]}, đã nhập ở lần này"))
            continue
        if address:
            claimed[normal(address)] = source.label
            known = by_address.get(normal(address))
        else:  # no old address: the same title makes the same article, if the import wrote it
            known = unaddressed.get(slugify(page.title)[:80].strip("-"))
        if known is not None:
            path, slug = known.path, known.slug
        else:
            slug = base = slugify(page.title)[:80].strip("-") or "bai-viet"
            number = 2
            while slug in slugs:
                slug, number = f"{base}-{number}", number + 1
            path = articles_dir / f"{page.published:%Y}" / f"{slug}.md"
        slugs[slug] = path
        reads.append(_Read(source, page, path, slug))
        if address:
            by_address[normal(address)] = files.Existing(path, slug, address, False, "")
        else:
            unaddressed[slug] = files.Existing(path, slug, "", False, "", imported=True)

    links = {key: f"{{filename}}/{article.path.relative_to(root / 'content').as_posix()}"
             for key, article in by_address.items()}
    images = Images(root / "content", fetcher)
    for read in reads:
        report.pages.append(_write(read, mapping, images, links, settings, root))
    if mapping.save():
        report.mapping_written = MAPPING
    report.counters = (COUNTERS, write_counters(articles_dir, root / COUNTERS))
    return report


def _write(read: _Read, mapping: LegacyMapping, images: Images, links: dict[str, str],
           settings: ImportSettings, root: Path) -> PageOutcome:
    page = read.page
    warnings = page.warnings
    page_file = read.source.file

    def image(src: str) -> str | None:
        path = images.bring(src, page.address, page_file, warnings)
        return f"{{static}}/{path}" if path else None

    def link(href: str) -> str:
        target = normal(href, page.address) if page.address else href
        return links.get(target, target if page.address else href)

    body = MarkdownWriter(image, link).convert(page.body)
    missing = []
    category, why = mapping.resolve("categories", page.category)
    if category is None:
        missing.append(f"chuyên mục ({why})" if why else "chuyên mục (trang không có đường dẫn chuyên mục)")
    unit, why = mapping.resolve("units", page.unit or page.source)
    if unit is None:
        missing.append(f"đơn vị ({why})" if why else "đơn vị (trang không ghi đơn vị báo cáo)")
    lead_image = images.bring_first([page.lead_image.larger, page.lead_image.src], page.address, page_file,
                                    warnings) if page.lead_image else None
    text = compose(page, read.slug, category, unit, missing, lead_image, body)
    if settings.suggest is not None:
        text = settings.suggest(text)
    outcome = write_article(read.path, text, page.layout, settings.force)
    shown = read.path.relative_to(root).as_posix()
    if outcome == files.EDITED:
        return PageOutcome(read.source.label, SKIPPED, shown, "bài đã được sửa sau lần nhập trước; "
                           "dùng --force để ghi đè", warnings)
    word = {files.IMPORTED: IMPORTED, files.UPDATED: UPDATED, files.UNCHANGED: UNCHANGED}[outcome]
    return PageOutcome(read.source.label, word, shown, warnings=warnings, draft="; ".join(missing))


def compose(page: LegacyPage, slug: str, category: str | None, unit: str | None, missing: list[str],
            image: str | None, body: str) -> str:
    """The article's text: front matter the build accepts, then the Markdown body."""
    lines = ["---", f"title: {quoted(page.title)}", f"slug: {slug}",
             f"date: {front_matter_moment(page.published)}"]
    if page.modified and page.modified > page.published:
        lines.append(f"modified: {front_matter_moment(page.modified)}")
    if category:
        lines.append(f"category: {quoted(category)}")
    if unit:
        lines.append(f"unit: {quoted(unit)}")
    if missing:
        lines.append("status: draft  # thiếu " + " ".join(readable("; ".join(missing)).split()))
    if page.author:
        lines.append(f"author: {quoted(page.author)}")
    if page.source:
        lines.append(f"source: {quoted(page.source)}")
    if page.lead:
        lines.append(f"summary: {quoted(escape(page.lead))}")  # the summary is Markdown: the lead is text
    if image:
        lines.append(f"image: {image}")
        if page.lead_image.caption:
            lines.append(f"image_caption: {quoted(page.lead_image.caption)}")
        if page.lead_image.alt and page.lead_image.alt != page.lead_image.caption:
            lines.append(f"image_alt: {quoted(page.lead_image.alt)}")
    if page.address:
        lines.append(f"legacy_url: {quoted(page.address)}")
    if page.views is not None:
        lines.append(f'legacy_views: "{page.views}"')
    if page.rating is not None:
        lines.append(f'legacy_rating: "{page.rating[0]}/{page.rating[1]}"')
    lines += ["---", "", body]
    return "\n".join(lines)
