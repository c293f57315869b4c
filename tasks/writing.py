"""Writing articles at a terminal: a new skeleton, the figures suggested from the prose, the old
portal's pages imported, the yearly roundup's draft."""

import sys
from pathlib import Path

from invoke import Exit, task

from toandan.vietnamese import dates
from toandan.vietnamese.text import slugify

from . import project
from .building import read_site_or_exit


@task(help={"title": "tiêu đề bài viết, ví dụ \"Ra mắt tổ tự quản\""})
def new_article(c, title):
    """Write a new article skeleton dated now (Asia/Ho_Chi_Minh) under content/articles/."""
    now = dates.now()
    path = project.CONTENT / "articles" / f"{now:%Y}" / f"{slugify(title)}.md"
    if path.exists():
        raise Exit(f"Đã có bài {path.relative_to(project.ROOT)}; chọn tiêu đề khác.", code=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = title.replace('"', '\\"')
    path.write_text(
        f'''---
title: "{quoted}"
date: {now:%Y-%m-%d %H:%M}
category: Tin hoạt động        # một chuyên mục trong content/data/categories.yaml
unit: Công an tỉnh             # đơn vị báo cáo trong content/data/units.yaml
tags: []
author:
source:
summary:
# image: images/ten-anh.jpg
# image_caption: Chú thích ảnh
# stats:
#   period: {now:%Y}                  # hoặc quý 3/{now:%Y}, tháng 6/{now:%Y}, 9 tháng đầu năm {now:%Y}
#   figures:
#     phan-qua: 1.250            # chỉ tiêu trong content/data/indicators.yaml
#     gia-tri-qua: 3,2 tỷ đồng
---

Nội dung bài viết.
''',
        encoding="utf-8",
    )
    print(path.relative_to(project.ROOT))


def _after_dashes() -> list[str]:
    """The words after '--' on the command line: invoke reads further words as task names, and
    leaves those alone."""
    return sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []


def _settings_and_reader():
    """The build's settings and its reader of articles (with the registries), without building."""
    from toandan.building.publish import load_settings

    settings = load_settings(project.SETTINGS)
    sys.path[:0] = [folder for folder in settings["PLUGIN_PATHS"] if folder not in sys.path]
    from content_model.reader import document_reader

    return settings, document_reader(settings)


def _articles_named(paths: list[str], settings: dict) -> tuple[list[Path], list[str]]:
    """The articles among paths, folders searched for .md files; and what is wrong with the rest."""
    roots = [Path(settings["PATH"], folder).resolve() for folder in settings["ARTICLE_PATHS"]]
    found, wrong = [], []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            candidates = sorted(path.rglob("*.md"))
        elif path.is_file():
            candidates = [path]
        else:
            wrong.append(f"{name}: không có tệp hay thư mục này")
            continue
        for candidate in candidates:
            if any(root in candidate.resolve().parents for root in roots):
                found.append(candidate)
            else:
                wrong.append(f"{candidate}: không phải bài viết (bài viết nằm trong content/articles/)")
    return list(dict.fromkeys(found)), wrong


@task(help={"path": "an article (.md) or a folder of articles; more after '--': "
                    "./dev suggest-stats a.md -- b.md c.md"})
def suggest_stats(c, path):
    """Find the figures in articles' prose and write them into their front matter as stats_suggested,
    for an editor to review; the rest of each file stays as it was."""
    from toandan.vietnamese.prose_stats import suggest_statistics
    from toandan.vietnamese.stats_suggested import write_suggestions

    settings, documents = _settings_and_reader()
    articles, wrong = _articles_named([path, *_after_dashes()], settings)
    changed = unchanged = suggested = 0
    for article in articles:
        document, problems = documents.read(article, is_article=True)
        if document is None:
            wrong += [str(problem) for problem in problems]
            continue
        reported = {(report.indicator.key, report.value) for report in document.reports}
        suggestions = [s for s in suggest_statistics(document.body, documents.registry)
                       if (s.indicator, s.figure.value) not in reported]
        if write_suggestions(article, suggestions):
            changed += 1
            print(f"{document.path}: {len(suggestions)} số liệu gợi ý")
        else:
            unchanged += 1
        suggested += len(suggestions)
    print(f"Đã ghi gợi ý vào {changed} bài, {unchanged} bài không đổi; {suggested} số liệu đang chờ duyệt "
          "(stats_suggested).")
    if wrong:
        print("Không ghi gì vào những tệp sau:", *wrong, sep="\n  ", file=sys.stderr)
        raise Exit(code=2)


@task(positional=["source"], help={
    "source": "a saved HTML page, a folder of them (recursively), or a text file of http(s):// addresses; "
              "more sources after --",
    "force": "overwrite articles an editor has changed since they were imported",
    "concurrency": "pages fetched at once (default 4)",
    "delay": "seconds between the starts of two requests to the old portal (default 0.5)"})
def import_pages(c, source, force=False, concurrency=4, delay=0.5):
    """Import the old portal's article pages (NukeViet 4, Plone 5/6) as articles, keeping their old addresses."""
    from importer.fetch import FetchSettings
    from importer.mapping import MappingError
    from importer.run import ImportSettings, import_pages as run_import
    from importer.sources import SourceError
    from toandan.vietnamese.prose_stats import suggest_statistics
    from toandan.vietnamese.stats_suggested import with_suggestions

    registry = _settings_and_reader()[1].registry
    from content_model.frontmatter import split  # importable once _settings_and_reader put plugins/ on the path

    def suggest(text: str) -> str:  # the prose's figures, for an editor to review (stats_suggested)
        return with_suggestions(text, suggest_statistics(split(text).body, registry))

    settings = ImportSettings(project.ROOT, force=bool(force), suggest=suggest,
                              fetch=FetchSettings(concurrency=int(concurrency), delay=float(delay)))
    try:
        report = run_import([source, *_after_dashes()], settings)
    except (SourceError, MappingError) as error:
        raise Exit(f"Chưa nhập gì: {error}", code=2) from None
    print("\n".join(report.lines()))
    if not report.anything_imported:
        raise Exit("Không nhập được trang nào.", code=1)


@task(help={"year": "the year to sum up, e.g. 2021"})
def roundup(c, year):
    """Write a draft article with the year's headline figures, linking to /thong-ke/<year>/."""
    generators = read_site_or_exit()
    # plugins/ is not on sys.path: Pelican loads the plugins by their PLUGIN_PATHS (read_site
    # above), and only then are they importable.
    from roundup.draft import draft_article

    path, text = draft_article(generators, int(year), dates.now(), project.CONTENT)
    if path.exists():
        raise Exit(f"Đã có {path.relative_to(project.ROOT)}; sửa bài đó hoặc xóa đi rồi chạy lại.", code=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(path.relative_to(project.ROOT))
