"""The endpoint's counters in and out: the legacy portal's seeded (import-legacy), views and
ratings snapshotted for the roundup (export-readership)."""

import json
import sys
from pathlib import Path

from invoke import Exit, task

from toandan.vietnamese import dates

from . import project


@task(help={"csv": "the legacy portal's counters: kind,key,value rows (see README)"})
def import_legacy(c, csv):
    """Seed view counts, visit totals and rating totals from the legacy portal (TOANDAN_DATABASE, TOANDAN_MANIFEST)."""
    from endpoint.config import Config
    from endpoint.legacy import LegacyError, import_legacy as run_import
    from endpoint.manifest import Manifest
    from endpoint.storage import open_store

    config = Config.from_env()
    store = open_store(config.database)
    try:
        articles, days, total = run_import(Path(csv), Manifest(config.manifest), store)
    except LegacyError as error:
        print("Chưa nhập gì, tệp có lỗi:", *error.problems, sep="\n  ", file=sys.stderr)
        raise Exit(code=2) from None
    finally:
        store.close()
    print(f"Đã nhập lượt xem của {articles} bài, {days} ngày truy cập"
          + (f", tổng lượt truy cập {total}." if total is not None else "."))


@task(help={"to": "where to write the snapshot (default var/readership.json)"})
def export_readership(c, to="var/readership.json"):
    """Snapshot views and ratings from the endpoint's database for the roundup's readership section."""
    from endpoint.config import Config
    from endpoint.storage import open_store

    store = open_store(Config.from_env().database)
    try:
        numbers = store.readership()
    finally:
        store.close()
    snapshot = {"generated": dates.now().strftime("%d/%m/%Y %H:%M"), "articles": {
        article_id: {"views": n.views, "rating_sum": n.rating_sum, "rating_count": n.rating_count}
        for article_id, n in sorted(numbers.items())}}
    target = project.ROOT / to
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{target.relative_to(project.ROOT)}: {len(numbers)} bài")
