"""Finished reads are cached between builds, and never outlive what they were read from."""

import sqlite3
from contextlib import closing

from bs4 import BeautifulSoup
import pytest

from sitekit import GOOD_FRONT, ROOT

def front(slug: str, extra: str = "") -> str:
    return GOOD_FRONT + f"slug: {slug}\n" + extra


STATS = "stats:\n  period: 2021\n  figures:\n    phan-qua: 8.230\n"


def page(output, slug: str) -> BeautifulSoup:
    return BeautifulSoup((output / "2021/06" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")


def stores(site) -> list:
    return list((site.root / "cache" / "content").rglob("entries.sqlite"))


def cached_entries(site) -> set:
    keys = set()
    for store in stores(site):
        with closing(sqlite3.connect(store)) as db:
            keys |= {key for key, in db.execute("SELECT key FROM entries")}
    return keys


@pytest.mark.slow
def test_markdown_extras_render_in_articles(site):
    body = "| Xã | Tổ |\n|---|---|\n| Đăk Nên | 12 |\n\nSố liệu của Công an tỉnh[^1].\n\n[^1]: Báo cáo quý 2.\n"
    site.article("bang", front("bang"), body)
    soup = page(site.build(), "bang")
    assert soup.select(".body table td")[0].get_text() == "Đăk Nên"
    assert soup.select(".body .footnote")


@pytest.mark.slow
def test_a_first_line_that_looks_like_metadata_stays_in_the_body(site):
    body = "Hotline: 0262 3852 113, suốt ngày đêm.\n\nĐịa điểm: hội trường xã.\n"
    site.article("dong-dau", front("dong-dau"), body)
    site.write("pages/lich.md", f"---\ntitle: Lịch tiếp dân\nslug: lich\n---\n{body}")  # no blank line
    output = site.build()
    assert "Hotline: 0262 3852 113" in page(output, "dong-dau").select_one(".body").get_text()
    assert "Hotline: 0262 3852 113" in (output / "lich" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_typography_is_applied_once(site):
    site.article("kieu-chu", front("kieu-chu"), '"Tổ tự quản" -- mô hình của UBMTTQ.')
    body = page(site.build(), "kieu-chu").select_one(".body")
    assert "\u201cTổ tự quản\u201d" in body.get_text() and body.select("span.caps")
    assert "&amp;#8220;" not in str(body)  # a second pass would escape the first one's entities


@pytest.mark.slow
def test_a_rebuild_reads_only_what_changed(site):
    site.article("mot", front("mot"), "Bản đầu tiên.")
    site.article("hai", front("hai"), "Bài thứ hai.")
    site.build()
    first = cached_entries(site)
    assert len(first) == 2
    site.article("mot", front("mot"), "Bản đã sửa.")
    output = site.build()
    assert "Bản đã sửa." in page(output, "mot").select_one(".body").get_text()
    assert len(cached_entries(site) - first) == 1  # only the edited file was read again


@pytest.mark.slow
def test_a_registry_change_reads_every_file_again(site):
    site.article("so-lieu", front("so-lieu", STATS))
    site.build()
    assert site.check() == []
    site.write("data/indicators.yaml", "to-tu-quan:\n  label: Tổ tự quản\n  measure: tổ\n  aggregate: latest\n")
    problems = site.check()
    assert len(problems) == 1 and "phan-qua" in problems[0].reason


@pytest.mark.slow
def test_a_damaged_entry_is_read_again(site):
    site.article("hong", front("hong"), "Nội dung còn nguyên.")
    site.build()
    [store] = stores(site)
    with closing(sqlite3.connect(store)) as db, db:
        assert db.execute("UPDATE entries SET value = ?", (b"not a pickle",)).rowcount == 1
    assert "Nội dung còn nguyên." in page(site.build(), "hong").select_one(".body").get_text()
    assert len(cached_entries(site)) == 1  # replaced


@pytest.mark.slow
def test_a_damaged_cache_file_is_made_again(site):
    site.article("hong", front("hong"), "Nội dung còn nguyên.")
    site.build()
    [store] = stores(site)
    for companion in store.parent.glob("entries.sqlite-*"):
        companion.unlink()
    store.write_bytes(b"not a database" * 512)
    assert "Nội dung còn nguyên." in page(site.build(), "hong").select_one(".body").get_text()
    assert len(cached_entries(site)) == 1


@pytest.mark.slow
def test_a_removed_lead_image_is_found_on_the_next_build(site):
    (site.content / "images" / "anh.jpg").write_bytes((ROOT / "content" / "images" / "hop-dan.jpg").read_bytes())
    site.article("co-anh", front("co-anh", "image: images/anh.jpg\n"))
    site.build()
    (site.content / "images" / "anh.jpg").unlink()
    problems = site.check()
    assert len(problems) == 1 and "không tìm thấy ảnh 'images/anh.jpg'" in problems[0].reason


def test_a_file_edited_after_its_key_was_kept_is_read_as_it_is_now(site):
    from content_model.reader import ContentReader
    from toandan.building.publish import load_settings

    path = site.article("sua", front("sua"), "Bản đầu.")
    reader = ContentReader(load_settings(site.settings))
    source = str(path.resolve())
    assert reader.unread([source]) == [source]  # its key is kept for the read below
    site.article("sua", front("sua"), "Bản đã sửa.")
    body, _ = reader.read(source)
    assert "Bản đã sửa." in body
    assert reader.unread([source]) == []  # cached under the bytes it was read from
