"""Writing stats_suggested into an article's front matter changes that field and no other byte."""

import pytest
import yaml

from content_model.frontmatter import split
from toandan.vietnamese.numbers import parse_figure
from toandan.vietnamese.prose_stats import Suggestion
from toandan.vietnamese.stats_suggested import FIELD, FrontMatterMissing, with_suggestions, write_suggestions


def suggestion(value: str, indicator: str, sentence: str) -> Suggestion:
    return Suggestion(value, indicator, sentence, parse_figure(value), 1.0)


ONE = [suggestion("1.691 tổ", "to-tu-quan", "Toàn tỉnh có 1.691 tổ tự quản.")]
TWO = ONE + [suggestion("81%", "ty-le-ho-van-hoa", 'Tỷ lệ "hộ văn hóa": đạt 81% \\ # không phải chú thích')]

ARTICLE = """\
---
title: "Ra mắt: tổ tự quản"   # chú thích của biên tập viên
date: 2021-06-15 08:30
category: Tin hoạt động
unit: Công an tỉnh
stats:
  period: 2021
  figures:
    phan-qua: 1.200
---

Toàn tỉnh có 1.691 tổ tự quản.
"""


def test_the_field_goes_last_in_the_front_matter_and_nothing_else_moves():
    written = with_suggestions(ARTICLE, TWO)
    head, rest = written.split(f"{FIELD}:", 1)
    assert head == ARTICLE.split("---\n\n")[0]
    assert rest.split("---\n", 1)[1] == "\nToàn tỉnh có 1.691 tổ tự quản.\n"
    matter = split(written)
    assert matter.data[FIELD] == [{"value": s.value, "indicator": s.indicator, "sentence": s.sentence} for s in TWO]
    assert matter.data["stats"] == split(ARTICLE).data["stats"]


def test_writing_again_replaces_the_field_in_place_and_no_suggestion_removes_it():
    once = with_suggestions(ARTICLE, TWO)
    assert with_suggestions(once, TWO) == once
    fewer = with_suggestions(once, ONE)
    assert split(fewer).data[FIELD] == [{"value": "1.691 tổ", "indicator": "to-tu-quan",
                                         "sentence": "Toàn tỉnh có 1.691 tổ tự quản."}]
    assert with_suggestions(fewer, []) == ARTICLE


def test_a_field_written_by_hand_in_the_middle_is_replaced_where_it_is():
    by_hand = ARTICLE.replace("stats:\n", "stats_suggested:\n- {value: 1 tổ,\n   indicator: to-tu-quan}\n"
                                          "# ghi chú giữ lại\nstats:\n")
    written = with_suggestions(by_hand, ONE)
    assert written.startswith(ARTICLE.split("stats:\n")[0] + f"{FIELD}:")
    assert "# ghi chú giữ lại\nstats:\n  period: 2021\n" in written
    assert with_suggestions(written, []) == ARTICLE.replace("stats:\n", "# ghi chú giữ lại\nstats:\n")


@pytest.mark.parametrize("text", [
    ARTICLE.replace("\n", "\r\n"),
    "\ufeff" + ARTICLE,
    ARTICLE.replace("    phan-qua: 1.200\n---", "    phan-qua: 1.200   # cuối\n---"),
    "---\ntitle: Không có dòng trống sau\n---\nThân bài\n",
    "---\n---\n",
])
def test_line_endings_marks_and_odd_shapes_are_kept(text):
    written = with_suggestions(text, ONE)
    assert with_suggestions(written, []) == text
    assert split(written).data[FIELD][0]["value"] == "1.691 tổ"
    if "\r\n" in text:
        assert "\n" not in written.replace("\r\n", "")


def test_text_that_yaml_would_misread_is_written_quoted():
    hostile = ["yes", "null", "1.200", "- a: b", "a: b # c", "'\"\\", "\u2028 dòng", "ký tự \x07 lạ", "@tag", "&a *a"]
    written = with_suggestions(ARTICLE, [suggestion("12 tổ", "to-tu-quan", f"12 tổ {text}") for text in hostile])
    assert [item["sentence"] for item in split(written).data[FIELD]] == [f"12 tổ {text}" for text in hostile]
    assert [item["sentence"] for item in yaml.safe_load(written.split("---\n")[1])[FIELD]][0] == "12 tổ yes"


def test_a_file_without_front_matter_is_refused():
    with pytest.raises(FrontMatterMissing):
        with_suggestions("Chỉ có thân bài.\n", ONE)
    with pytest.raises(FrontMatterMissing):
        with_suggestions("---\ntitle: Không đóng\n", ONE)


def test_writing_a_file_replaces_it_whole_and_says_whether_it_changed(tmp_path):
    path = tmp_path / "bai.md"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    path.chmod(0o640)
    assert write_suggestions(path, ONE) is True
    assert write_suggestions(path, ONE) is False
    assert path.read_bytes().count(b"\r\n") == path.read_bytes().count(b"\n")
    assert path.stat().st_mode & 0o777 == 0o640 and [p.name for p in tmp_path.iterdir()] == ["bai.md"]
