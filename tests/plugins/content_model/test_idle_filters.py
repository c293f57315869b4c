"""Typogrify's filters are skipped only where they would leave the text as it is."""

import html
import random

import pytest
import smartypants
from typogrify.filters import typogrify

from content_model.reader import Typography, idle_filters, text_typography
from toandan.accelerate.smartypants import dash_attributes

PIECES = ["Công an tỉnh", " ", " ", "\n", ".", ",", "MTTQ", "UBND", "Đ", "A. B.", "D.O.T.", "2KU2", "K9", "&", "&amp;",
          "&nbsp;", "&#8220;", "&ldquo;", '"', "'", "`", "``", "\\", "--", "-", "...", ". . .", "&quot;", "<p>", "</p>",
          "<em>", "</em>", "<code>", "</code>", "<pre>", "</pre>", '<a href="/bai-1/">', "</a>", "<h2>", "</h2>",
          "<!-- ghi chú -->", "1.398.431", "3,2 tỷ đồng"]


def texts(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30)))


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(4))
def test_skipping_idle_filters_gives_what_every_filter_gives(seed):
    for text in texts(2500, seed):
        assert typogrify(text, [], widont=False, **idle_filters(text)) == typogrify(text, [], widont=False), text


def test_plain_vietnamese_text_skips_every_filter_and_marked_text_skips_none():
    plain = "<p>Toàn tỉnh có 1.691 tổ tự quản, gần 47.000 thành viên.</p>"
    assert idle_filters(plain) == {"smartypants": False, "caps": False, "initial_quotes": False, "amp": False}
    marked = '<p>"Mô hình" của MTTQ &amp; công an -- năm 2021...</p>'
    assert idle_filters(marked) == {}


def test_typography_as_the_reader_applies_it_is_typogrify_with_every_filter():
    typeset = Typography({"TYPOGRIFY": False, "TYPOGRIFY_DASHES": "default", "TYPOGRIFY_IGNORE_TAGS": [],
                          "TYPOGRIFY_OMIT_FILTERS": ["widont"]}, True)
    for text in texts(1500, seed=7):
        assert typeset(text) == typogrify(text, [], widont=False), text


def test_a_title_without_marks_is_left_as_it_is_and_others_go_through_smartypants():
    attributes = dash_attributes("default") | smartypants.Attr.u
    title_typography = text_typography({"TYPOGRIFY_DASHES": "default"}, True)
    for text in texts(1500, seed=8):
        assert title_typography(text) == html.unescape(smartypants.smartypants(html.escape(text, quote=False),
                                                                               attributes)), text


BREAKS = ["</p>\n<p>", "</h2>\n<p>", "</p>\n<h3>", "</p>\n<p class=\"a\">", "</li>\n<li>", "<p>", "</p>", "\n"]


@pytest.mark.parametrize("omitted", [["widont"], []])
def test_typography_paragraph_by_paragraph_is_typography_of_the_whole(omitted):
    typeset = Typography({"TYPOGRIFY": False, "TYPOGRIFY_DASHES": "default", "TYPOGRIFY_IGNORE_TAGS": [],
                          "TYPOGRIFY_OMIT_FILTERS": omitted}, True)
    rng = random.Random(len(omitted))
    for _ in range(1500):
        text = "".join(rng.choice(PIECES + BREAKS * 3) for _ in range(rng.randint(1, 40)))
        assert typeset.by_paragraph(text) == typogrify(text, [], widont="widont" not in omitted), text
