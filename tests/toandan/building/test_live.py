"""An edit to an article's text is published in place, and the site equals a full build of it."""

import json
import shutil

import pytest

from sitekit import files, fresh_build, write_article
from toandan.building.live import LiveSite
from toandan.building.problems import ContentError
from toandan.search import SearchIndex

pytestmark = pytest.mark.slow  # every test builds a site, most of them several times


@pytest.fixture
def live(site):
    for number in range(14):
        write_article(site, number, summary=number % 5 != 0)
    site.build()  # an older build beside the published one, as after any earlier build
    live = LiveSite(site.settings, site.output)
    assert live.build().full
    return live


def found(site, words: str) -> list[str]:
    return [hit["id"] for hit in SearchIndex(site.root / "var" / "search-index", check_every=0).search(words).hits]


@pytest.mark.parametrize("number, summary", [(3, True), (5, False), (7, "Tóm tắt mới"), (10, "Tóm tắt thêm")],
                         ids=["own summary", "summary from the text", "summary edited", "summary added"])
def test_a_text_edit_is_published_in_place_as_a_full_build_would_publish_it(live, site, tmp_path, number, summary):
    published = site.output.resolve()
    older = next(p for p in published.parent.iterdir() if p != published)
    kept = files(older)
    path = write_article(site, number, body="Câu mở đầu đã sửa, nói về xyzzy.\n\nĐoạn thứ hai.", summary=summary)

    update = live.update([path])

    assert not update.full
    assert site.output.resolve() == published
    assert files(site.output) == fresh_build(site, tmp_path)
    assert found(site, "xyzzy") == [f"bai-{number}"]
    assert files(older) == kept  # files linked between builds were replaced, never written through
    home = (site.output / "index.html").read_text(encoding="utf-8")
    if summary is False:  # the listings show its first words
        assert "Câu mở đầu đã sửa" in home
    elif summary is not True:
        assert summary in home


def test_a_page_and_two_articles_changed_together_are_published_in_place(site, tmp_path):
    write_article(site, 1)
    write_article(site, 2, summary=False)
    page = site.write("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\nslug: gioi-thieu\n---\n\nTrang giới thiệu.\n")
    live = LiveSite(site.settings, site.output)
    live.build()
    changed = [write_article(site, 1, body="Bài một, đã sửa."), write_article(site, 2, body="Bài hai, đã sửa.",
                                                                            summary=False),
               site.write("pages/gioi-thieu.md", "---\ntitle: Giới thiệu\nslug: gioi-thieu\n---\n\nĐã sửa trang.\n")]
    assert changed[2] == page
    assert not live.update(changed + changed[:1]).full  # one save may be reported twice
    assert files(site.output) == fresh_build(site, tmp_path)
    assert "Đã sửa trang." in (site.output / "gioi-thieu" / "index.html").read_text(encoding="utf-8")


def test_updates_in_place_leave_what_the_next_full_build_links_from(live, site, tmp_path):
    for round in range(2):
        live.update([write_article(site, 3 + round, body=f"Lần sửa {round}.")])
    write_article(site, 8, title="Tiêu đề mới của bài tám")  # not text only: a full build
    site.build()
    assert files(site.output) == fresh_build(site, tmp_path)


@pytest.mark.parametrize("change", ["title", "tags", "new file", "data"])
def test_any_other_change_gets_a_full_build(live, site, tmp_path, change):
    if change == "title":
        path = write_article(site, 6, title="Tiêu đề mới của bài sáu")
    elif change == "tags":
        path = site.article("bai-6", (site.content / "articles" / "bai-6.md").read_text(encoding="utf-8")
                            .split("---")[1].replace("chung]", "riêng]"), "Nội dung của bài 6.\n\nĐoạn thứ hai.")
    elif change == "new file":
        path = write_article(site, 20)
    else:
        path = site.write("data/units.yaml", "Công an tỉnh: Nòng cốt.\nỦy ban MTTQ tỉnh: Mặt trận tỉnh.\n")
    assert live.update([path]).full
    assert files(site.output) == fresh_build(site, tmp_path)


def test_a_broken_edit_fails_with_its_file_and_line_and_publishes_nothing(live, site):
    published = files(site.output)
    path = site.article("bai-3", "title: Bài ba\ndate: ngày mai\ncategory: Tin hoạt động\nunit: Công an tỉnh",
                        "Nội dung mới.")
    with pytest.raises(ContentError) as error:
        live.update([path])
    assert "bai-3.md" in error.value.report() and "date" in error.value.report()
    assert files(site.output) == published
    write_article(site, 3, body="Đã sửa lại cho đúng.")
    live.update([path])
    assert "Đã sửa lại cho đúng." in next(site.output.glob("2021/*/bai-3/index.html")).read_text(encoding="utf-8")





def test_a_changed_readership_snapshot_is_seen_by_the_next_update(live, site, tmp_path):
    """The snapshot is read from outside content/ (the roundup's readership): an update in place
    must not publish the text edit it was told of and leave the roundup pages with the old snapshot."""
    snapshot = site.root / "var" / "readership.json"
    snapshot.write_text(json.dumps({"generated": "05/12/2026 08:00", "articles": {
        "bai-4": {"views": 4321, "rating_sum": 5, "rating_count": 1}}}), encoding="utf-8")
    path = write_article(site, 3, body="Sửa chữ cùng lúc có ảnh chụp số liệu mới.")

    assert live.update([path]).full
    assert "4.321 lượt xem" in (site.output / "thong-ke" / "2021" / "index.html").read_text(encoding="utf-8")
    clean = tmp_path / "clean"
    (clean / "var").mkdir(parents=True)
    shutil.copy(snapshot, clean / "var" / "readership.json")
    assert files(site.output) == fresh_build(site, tmp_path)


def test_an_edit_to_an_article_no_feed_shows_writes_no_feed(site):
    """Feeds show the newest FEED_MAX_ITEMS articles of the site, a category, a tag: an older
    article's edit leaves them as they are, a newer one's writes them again."""
    site.settings.write_text(site.settings.read_text(encoding="utf-8") + "FEED_MAX_ITEMS = 3\n", encoding="utf-8")
    for number in range(14):
        write_article(site, number)  # number 0 the oldest, 11 the newest
    live = LiveSite(site.settings, site.output)
    live.build()
    feeds = {path.name: path.stat().st_ino for path in (site.output / "feeds").iterdir()}

    assert not live.update([write_article(site, 0, body="Bài cũ nhất, đã sửa.")]).full
    assert {path.name: path.stat().st_ino for path in (site.output / "feeds").iterdir()} == feeds  # not replaced
    assert not live.update([write_article(site, 11, body="Bài mới nhất, đã sửa.")]).full
    assert "Bài mới nhất, đã sửa." in (site.output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    published = files(site.output)
    site.build()  # a full build of the same site writes the same
    assert files(site.output) == published
