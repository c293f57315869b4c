"""Incremental indexing: only what changed is re-indexed, and it equals a full rebuild."""

import shutil

import pytest

from sitekit import GOOD_FRONT
from toandan.search import SearchIndex

QUERIES = ["to tu quan", "bảo vệ", "camera", "đường biên", "ra mat", "sua doi", "xoa"]


def front(title: str, day: int) -> str:
    return GOOD_FRONT.replace("Ra mắt tổ tự quản", title).replace("2021-06-15", f"2021-06-{day:02d}")


def index_of(site):
    return site.root / "var" / "search-index"


def answers(site) -> dict:
    index = SearchIndex(index_of(site), check_every=0)
    return {q: [(h["id"], h["snippet"]) for h in index.search(q, per_page=50).hits] for q in QUERIES}


def generator_report(site):
    from pathlib import Path  # noqa: PLC0415
    builds = index_of(site).parent / ".search-index-builds"
    return sorted(p.name for p in builds.iterdir()), Path(index_of(site)).resolve()


@pytest.mark.slow  # three whole builds
def test_incremental_equals_full_rebuild(site):
    site.article("mot", front("Ra mắt tổ tự quản", 1), "Tổ tự quản bảo vệ an ninh.")
    site.article("hai", front("Lắp camera an ninh", 2), "Camera ở đường biên.")
    site.article("ba", front("Bài sẽ bị xóa", 3), "Nội dung xoa bỏ.")
    site.build()
    first = SearchIndex(index_of(site)).every()
    assert first == ["bai-se-bi-xoa", "lap-camera-an-ninh", "ra-mat-to-tu-quan"]

    site.article("hai", front("Lắp camera an ninh", 2), "Camera ở đường biên, sửa đổi.")
    (site.content / "articles" / "ba.md").unlink()
    site.build()
    incremental = answers(site)
    assert SearchIndex(index_of(site)).every() == ["lap-camera-an-ninh", "ra-mat-to-tu-quan"]
    assert [i for i, _ in incremental["sua doi"]] == ["lap-camera-an-ninh"]
    assert incremental["xoa"] == []

    shutil.rmtree(index_of(site).parent)
    site.build()
    assert answers(site) == incremental


def test_only_changed_documents_are_reindexed(site, monkeypatch):
    import search_index  # noqa: PLC0415

    log = site.root / "built.log"  # a file: the build may index in a forked process
    original = search_index.candidate

    def counting(content, siteurl):
        made = original(content, siteurl)

        def build():
            with open(log, "a") as built:
                built.write(made.id + "\n")
            return made.build()

        return made.__class__(made.id, made.fingerprint, build)

    monkeypatch.setattr(search_index, "candidate", counting)
    for day, title in enumerate(["Một", "Hai", "Ba", "Bốn"], start=1):
        site.article(f"bai-{day}", front(f"Bài {title}", day))
    site.build()
    assert len(log.read_text().split()) == 4
    log.unlink()
    site.article("bai-2", front("Bài Hai", 2), "Nội dung mới.")
    site.build()
    assert log.read_text().split() == ["bai-hai"]


@pytest.mark.slow  # two whole builds
def test_an_indexing_failure_fails_the_build_and_publishes_nothing(site, monkeypatch):
    import search_index  # noqa: PLC0415

    site.article("mot", front("Ra mắt tổ tự quản", 1))
    published = site.build().resolve()

    def broken(*args, **kwargs):
        raise OSError("đĩa đầy")

    monkeypatch.setattr(search_index, "update_index", broken)
    site.article("hai", front("Lắp camera an ninh", 2))
    with pytest.raises(OSError, match="đĩa đầy"):
        site.build()
    assert site.output.resolve() == published
