"""The desk's writer on hostile field values: what it writes reads back as typed, and a later save
of another field rewrites that field's line only."""

from content_model.frontmatter import split
from desk.model import from_front_matter
from desk.writing import write

ARTICLE = "---\ntitle: Tin\ndate: 2021-10-05 09:15\ncategory: Tin hoạt động\nunit: Công an tỉnh\n---\n\nThân bài.\n"
HOSTILE = ["Dòng một\u2028dòng hai", "a\x85b", "đoạn\u2029mới", "xóa\x7fẩn", "C1\x9dlẫn", "---\nslug: khac",
           "&neo", "*bi-danh", "!!python/object x", "yes", "null", "'nháy' \"kép\"", "a: b # c", "  cách  "]


def saved(text: str, **changes) -> str:
    matter = split(text)
    form = from_front_matter(matter.data, matter.body)
    form.values.update(changes)
    return write(text, form)


def test_a_hostile_title_reads_back_as_typed_and_later_saves_touch_only_their_field():
    for title in HOSTILE:
        first = saved(ARTICLE, title=title)
        assert split(first).data["title"] == title, repr(title)
        second = saved(first, unit="Công an huyện")
        data = split(second)
        assert (data.data["title"], data.data["unit"], data.duplicates) == (title, "Công an huyện", []), \
            repr(title)
        third = saved(second, category="An ninh trật tự")
        assert split(third).data == {**data.data, "category": "An ninh trật tự"}, repr(title)


def test_a_hand_written_file_with_a_raw_line_separator_in_a_value_is_rewritten_in_place():
    text = ARTICLE.replace("title: Tin", 'title: "Tin\u2028mới"')
    again = saved(text, unit="Công an huyện")
    assert again == text.replace("unit: Công an tỉnh", "unit: Công an huyện")
