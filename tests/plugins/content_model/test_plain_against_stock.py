"""The reader's HTML of a body or summary against the stock functions called directly: Python-Markdown
(a Markdown of its own, none of toandan.accelerate), the allow-list sanitiser, then typogrify on the
whole HTML with every filter on (no idle filters, no paragraph split). The texts are built from
tokens that are plain prose, hostile text and every Markdown mark, so both the plain path and the
Markdown path, and the paragraph-by-paragraph typography, meet them."""

import random

import pytest
from markdown import Markdown
from typogrify.filters import typogrify

from content_model.plain import plain_blocks
from content_model.reader import ContentReader, markdown_options
from content_model.sanitise import Sanitiser

MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"}
TOKENS = [
    "Tổ", "tự quản", "Đăk Nên", "người dân", "ời", " ", " ", " ", "  ", "\n", "\n\n", "\n\n",
    '"', "'", "“", "”", "‘", "’", "`", "--", "---", "–", "—", "...", ". . .", "…", "MTTQ", "A. B.", "UBND", "K9",
    "'s", "'80", "x/y", "&", "<", ">", "\u00a0", "\t", "#", "_", "+", "%", "(", ")", "!", "?", ";", ",", ":", "2019", "1.", "1)", "1.398.431", "3,2",
    "<p>", "</p>", "<em>", "</em>", "<b>", "</b>", "<a href='/x'>", "</a>", "<br>", "<span>", "</span>", "<h2>", "</h2>",
    "<script>alert(1)</script>", "<!-- ghi chú -->", "<div markdown=\"1\">", "</div>", "<pre>", "</pre>",
    "\n> ", "\n- ", "\n1. ", "\n## ", "\n# ", "\n###### ", "*", "**", "_", "\\", "\\-", "\\'", "[x](/y)",
    "&amp;", "&quot;", "&#8220;", "&nbsp;", "\r\n", "|", "\n: ", "\n    ", "=", "~",
    "{: .c}", "\u00b2", "\u2153", "١", "ǅ", "ﬁ",
]


PROSE = TOKENS[:TOKENS.index("<p>")]  # no markup: most texts of these are plain


def texts(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        tokens = PROSE if rng.random() < 0.5 else TOKENS
        yield "".join(rng.choice(tokens) for _ in range(rng.randint(1, 40)))


@pytest.mark.parametrize("omitted, ignored", [([], []), (["widont"], []), ([], ["h2"])])
def test_the_reader_makes_what_markdown_the_sanitiser_and_typogrify_make(omitted, ignored):
    settings = {"TYPOGRIFY": False, "TYPOGRIFY_DASHES": "default", "TYPOGRIFY_OMIT_FILTERS": omitted,
                "TYPOGRIFY_IGNORE_TAGS": ignored, "PATH": "content", "ARTICLE_PATHS": ["articles"],
                "CONTENT_MODEL": {"typogrify": True}, "MARKDOWN": MARKDOWN}
    reader = ContentReader(settings)
    markdown, sanitiser = Markdown(**markdown_options(settings)), Sanitiser()
    off = dict.fromkeys(omitted, False)
    plain = 0
    for text in texts(600, seed=len(omitted) * 2 + len(ignored)):
        markdown.reset()
        assert reader.finished_html(text) == typogrify(sanitiser.clean(markdown.convert(text)), ignored, **off), text
        plain += plain_blocks(text) is not None
    assert 10 < plain < 590  # both paths were taken


PLAIN = [
    "Ông nói\n\n\"Tốt\"", "A\n\n'Tốt'", "Hết\n\n'", "MTTQ\n\nUBND", "A. B.\n\nC. D.", "'\n\n'", "\"\n\n\"",
    "## '\n\n'", "a'\n\n's", "Giờ 5'\n\n'", "(\"a\")\n\n(\"", "a\n\n'tis", "# 2019\n\nNăm 2019 có 1.691 tổ",
    "Đoạn một,\ndòng hai.\n\n\n### Ghi chú\n\n“Mô hình” – ‘an toàn’ — …\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_quotes_and_capitals_at_a_paragraphs_edge_are_typeset_as_in_the_whole(text):
    settings = {"TYPOGRIFY": False, "TYPOGRIFY_DASHES": "default", "TYPOGRIFY_OMIT_FILTERS": [],
                "TYPOGRIFY_IGNORE_TAGS": [], "PATH": "content", "ARTICLE_PATHS": ["articles"],
                "CONTENT_MODEL": {"typogrify": True}, "MARKDOWN": MARKDOWN}
    assert plain_blocks(text) is not None
    stock = typogrify(Sanitiser().clean(Markdown(**markdown_options(settings)).convert(text)), [])
    assert ContentReader(settings).finished_html(text) == stock
