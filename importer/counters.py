"""Seeds for the endpoint's counters: the old view counts and rating totals of imported articles.

Written as the CSV `./dev import-legacy` reads (kind,key,value): a `view` row and a `rating` row
per published article that has them; drafts wait until they are published (their ids are not on the
site yet), and importing again replaces the seeds, so the file is written afresh each run.
"""

import re
from pathlib import Path

from .articles import existing_articles


def write_counters(articles_dir: Path, target: Path) -> int:
    """Answers the number of articles with a seed."""
    rows, seeded = [], 0
    for article in existing_articles(articles_dir):
        if not article.legacy_url or article.draft:
            continue
        row = []
        if re.fullmatch(r"[0-9]+", article.legacy_views):
            row.append(f"view,{article.slug},{article.legacy_views}\n")
        if re.fullmatch(r"[0-9]+/[0-9]+", article.legacy_rating):
            row.append(f"rating,{article.slug},{article.legacy_rating}\n")
        rows += row
        seeded += bool(row)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("kind,key,value\n" + "".join(rows), encoding="utf-8")
    return seeded
