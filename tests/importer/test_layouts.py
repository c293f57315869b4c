"""Reading one page of each layout: its fields, its body without the portal's chrome."""

from datetime import datetime

import pytest

from importer.chrome import strip_chrome
from importer.layouts import UnknownLayout, read_page
from importer.page import UnreadablePage
from toandan.vietnamese.dates import TIMEZONE

from importer_fixtures import PAGES


def read(name: str):
    page = read_page((PAGES / name).read_bytes(), "")
    strip_chrome(page.body)
    return page


def test_a_nukeviet_page_without_image():
    page = read("nukeviet/ra-quan-tuan-tra-dem.html")
    assert page.layout == "NukeViet 4"
    assert page.title == "Xã Tân Hòa ra quân tuần tra đêm"
    assert page.published == datetime(2021, 12, 26, 21, 42, tzinfo=TIMEZONE)
    assert page.breadcrumb == ["Tin tức", "An ninh trật tự"] and page.category == "An ninh trật tự"
    assert page.lead.startswith("Tổ tuần tra nhân dân xã Tân Hòa") and page.lead_image is None
    assert (page.author, page.source) == ("Nguyễn Văn Hùng", "Công an tỉnh")
    assert page.views == 297 and page.rating == (5, 1)
    text = page.body.get_text(" ")
    assert "Chia địa bàn theo từng xóm" in text
    for chrome in ("Tác giả", "Nguồn tin", "Tổng số điểm", "Lượt xem", "Những tin", "Đang truy cập", "Thời tiết"):
        assert chrome not in text


@pytest.mark.parametrize("name, published, modified", [
    ("nukeviet/tan-hoa-trao-qua.html", datetime(2021, 12, 26, 21, 42, 5, tzinfo=TIMEZONE), None),
    ("nukeviet/ket-qua-nam-2020.html", datetime(2021, 3, 5, tzinfo=TIMEZONE), None),
    ("nukeviet/huong-dan-phong-chong-lua-dao.html", datetime(2022, 2, 28, 9, 30, tzinfo=TIMEZONE),
     datetime(2022, 2, 28, 9, 30, tzinfo=TIMEZONE)),
    ("plone/mo-hinh-camera-an-ninh.html", datetime(2021, 11, 2, 8, 15, tzinfo=TIMEZONE),
     datetime(2021, 11, 5, 10, 0, tzinfo=TIMEZONE)),
    # Plone's UTC time, in Asia/Ho_Chi_Minh
    ("plone/quy-che-phoi-hop.html", datetime(2022, 1, 10, 8, 30, tzinfo=TIMEZONE), None),
])
def test_every_date_form_the_portals_print(name, published, modified):
    page = read(name)
    assert page.published == published
    assert page.modified == modified


def test_a_repeated_caption_line_is_the_image_caption_not_a_paragraph():
    from importer.markdown import MarkdownWriter

    page = read("nukeviet/tan-hoa-trao-qua.html")
    assert page.category == "Phong trào toàn dân" and page.author == "Trần Minh Khoa"
    assert page.rating == (9, 2) and page.views == 1024  # after the eye icon, with no words
    markdown = MarkdownWriter(lambda src: src, lambda href: href).convert(page.body)
    assert markdown.count("Trao quà cho tổ tự quản ấp Hòa Lợi") == 2  # the alt text and the caption, once
    assert '![Trao quà cho tổ tự quản ấp Hòa Lợi](trao-qua_files/trao-qua.jpg "Trao quà cho tổ tự quản ấp Hòa Lợi")' \
        in markdown
    assert '"Các tổ trưởng họp rút kinh nghiệm sau buổi trao quà")' in markdown
    assert '"Chụp ảnh lưu niệm trước hội trường xã")' in markdown
    assert "No title" not in markdown and "Trần Minh Khoa" not in markdown


def test_plone_news_item_and_document():
    item = read("plone/mo-hinh-camera-an-ninh.html")
    assert item.layout == "Plone" and item.category == "Mô hình tiêu biểu"
    assert item.lead_image.caption == "Camera được lắp ở ngã tư đầu khu phố 3"
    assert item.lead_image.larger.endswith("/@@images/image/large")
    assert item.author == "Lê Thị Thu" and item.unit == "Ủy ban MTTQ tỉnh"
    document = read("plone/quy-che-phoi-hop.html")
    assert document.category == "Chính sách pháp luật"
    assert (document.author, document.source) == ("Phạm Quốc Bảo", "Ban Dân vận Tỉnh ủy")


def test_a_nukeviet_page_is_recognised_without_its_generator_tag():
    page = read("nukeviet/ket-qua-nam-2020.html")
    assert page.layout == "NukeViet 4" and page.category == "Tin hoạt động"
    assert page.lead_image.caption == "Hội nghị tổng kết phong trào tại huyện Lộc Ninh"
    assert page.lead == "Hai huyện biên giới tổng kết một năm thực hiện phong trào với nhiều mô hình mới."
    assert (page.author, page.source) == ("Công an huyện Lộc Ninh", "Công an tỉnh")


def test_unknown_and_broken_pages_are_refused_with_a_reason():
    with pytest.raises(UnknownLayout):
        read("other/blog-ca-nhan.html")
    with pytest.raises(UnreadablePage, match="thân bài"):
        read("nukeviet/trang-hong.html")
    with pytest.raises(UnreadablePage, match="tiêu đề"):
        read("plone/khong-tieu-de.html")
