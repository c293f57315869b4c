"""Images under embargo (images.embargo): a photo that only unpublished articles use is not on the
site, neither the original nor any variant, until its article is published."""

from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image

from sitekit import GOOD_FRONT
from toandan.building.live import LiveSite
from toandan.vietnamese import dates

SCHEDULED = GOOD_FRONT.replace("Ra mắt tổ tự quản", "Tổ tự quản sắp ra mắt").replace("2021-06-15 08:30",
                                                                                  "{later}")
DRAFT = GOOD_FRONT.replace("Ra mắt tổ tự quản", "Tổ tự quản đang viết") + "status: draft\n"


def photo(site, name: str) -> None:
    """A photo of its own colour: two images with the same bytes would share their cached variants."""
    path = site.content / "images" / name
    Image.new("RGB", (600, 300), (sum(map(ord, name)) % 256, 90, len(name) * 9)).save(path, "JPEG")


def on_site(output: Path, stem: str) -> list[str]:
    """The files under output/images named after this image: the original and its variants."""
    return sorted(p.relative_to(output).as_posix() for p in (output / "images").rglob(f"{stem}*"))


@pytest.mark.slow  # three builds of a small site
def test_an_image_only_unpublished_articles_use_is_published_with_its_article(site):
    for name in ("cong-khai.jpg", "nhap.jpg", "hen-gio.jpg", "chung.jpg", "khong-dung.jpg"):
        photo(site, name)
    later = f"{dates.now() + timedelta(days=2):%Y-%m-%d %H:%M}"
    site.article("cong-khai", GOOD_FRONT + "image: images/cong-khai.jpg",
                 "Ảnh chung: ![Lễ ra mắt]({static}/images/chung.jpg)")
    draft = site.article("nhap", DRAFT + "image: images/nhap.jpg", "Cũng dùng ![ảnh chung](images/chung.jpg)")
    site.article("hen-gio", SCHEDULED.format(later=later), "Ảnh trong bài: ![Tổ mới](../../images/hen-gio.jpg)")

    output = site.build()

    assert on_site(output, "cong-khai") == ["images/_v/cong-khai-480.jpg", "images/_v/cong-khai-480.webp",
                                            "images/_v/cong-khai-600.jpg", "images/_v/cong-khai-600.webp",
                                            "images/cong-khai.jpg"]
    assert len(on_site(output, "chung")) == 5  # a draft uses it too, and a published article does
    assert on_site(output, "nhap") == [] and on_site(output, "hen-gio") == []
    assert on_site(output, "khong-dung") == []  # used by nothing: withheld as well
    page = (output / "2021/06/ra-mat-to-tu-quan/index.html").read_text(encoding="utf-8")
    assert "/images/_v/chung-600.webp" in page and "/images/_v/cong-khai-600.webp" in page

    draft.write_text(draft.read_text(encoding="utf-8").replace("status: draft\n", ""), encoding="utf-8")
    output = site.build()

    assert len(on_site(output, "nhap")) == 5 and on_site(output, "hen-gio") == []
    assert "/images/_v/nhap-600.webp" in (output / "2021/06/to-tu-quan-dang-viet/index.html").read_text("utf-8")

    draft.write_text(draft.read_text(encoding="utf-8").replace("image:", "status: pending\nimage:"), encoding="utf-8")
    output = site.build()

    assert on_site(output, "nhap") == [] and len(on_site(output, "cong-khai")) == 5  # taken back for review


@pytest.mark.slow  # a full build, then an update in place
def test_an_edit_in_place_that_shows_a_withheld_image_publishes_it(site):
    photo(site, "moi.jpg")
    article = site.article("cong-khai", GOOD_FRONT, "Chưa có ảnh.")
    live = LiveSite(site.settings, site.output)
    live.build()
    assert on_site(site.output, "moi") == []

    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("Chưa có ảnh.", "![Ảnh mới](images/moi.jpg)"), encoding="utf-8")
    update = live.update([article])

    assert not update.full
    assert len(on_site(site.output, "moi")) == 5
    assert "/images/_v/moi-600.webp" in (site.output / "2021/06/ra-mat-to-tu-quan/index.html").read_text("utf-8")


def test_every_way_a_text_names_an_image_counts():
    from images.embargo import named_images

    class Written:
        metadata = {"image": "images/dau-bai.jpg", "summary": '<p><img src="/images/tom-tat.png"></p>'}
        _content = ('<p><a href="../../images/tai-ve.jpg">ảnh gốc</a> <img src="{static}/images/anh%20hai.jpg">'
                    '<img src="http://127.0.0.1:8000/images/tuyet-doi.jpg?v=2"> '
                    '<picture><source srcset="/images/_v/mot-480.webp 480w, /images/_v/mot-960.webp 960w">'
                    '<img src="/images/_v/mot-960.jpg"></picture> type="image/webp" hình-ảnh images</p>')

    variants = {"images/_v/mot-480.webp": "images/mot.jpg", "images/_v/mot-960.webp": "images/mot.jpg",
                "images/_v/mot-960.jpg": "images/mot.jpg"}
    assert named_images(Written(), "images", variants) == {
        "images/dau-bai.jpg", "images/tom-tat.png", "images/tai-ve.jpg", "images/anh hai.jpg",
        "images/tuyet-doi.jpg", "images/mot.jpg"}
