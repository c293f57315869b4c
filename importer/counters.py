"""Seeds for the endpoint's counters: the old view counts of imported articles.

Written as the CSV `./dev import-legacy` reads (kind,key,value), one `view` row per published
article with a `legacy_views`; drafts wait until they are published (their ids are not on the site
yet), and importing again replaces the seeds, so the file is written afresh each run.
"""

from pathlib import Path

from .articles import existing_articles


def write_counters(articles_dir: Path, target: Path) -> int:
    rows = [(article.slug, article.legacy_views) for article in existing_articles(articles_dir)
            if article.legacy_url and article.legacy_views.isdigit() and not article.draft]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("kind,key,value\n" + "".join(f"view,{slug},{views}\n" for slug, views in rows),
                      encoding="utf-8")
    return len(rows)
