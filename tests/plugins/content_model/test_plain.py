"""Plain texts skip Markdown only where Markdown, the sanitiser and typogrify would give the same HTML."""

import random

import pytest
from markdown import Markdown

from content_model.plain import plain_blocks, plain_markdown
from content_model.reader import ContentReader, Typography, markdown_options
from content_model.sanitise import Sanitiser

MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"}  # pelicanconf's
TYPOGRAPHY = {"TYPOGRIFY": False, "TYPOGRIFY_DASHES": "default", "TYPOGRIFY_IGNORE_TAGS": []}

# Line beginnings, plain and not: headings of every level and one too deep, list and quote marks,
# digits that begin a list and digits that do not, indented code, a stray space.
STARTS = ["", "", "", "", "# ", "## ", "### ", "###### ", "####### ", "#", "- ", "* ", "+ ", "> ", "1. ", "12) ",
          "2019 ", "2019. ", "3,2 ", "    ", " ", ": ", "| ", "[^1]: ", "*[MTTQ]: ", "```", "~~~", "---"]
WORDS = ["Công an tỉnh", "tổ tự quản", "Đăk Nên", "MTTQ", "UBND", "A. B.", "D.O.T.", "K9", "1.398.431", "3,2 tỷ đồng",
         "81%", "2019-2020", "(xã)", "“Mô hình”", "‘an toàn’", '"Tổ"', "'an'", "…", "–", "—", "--", "...", ". . .",
         "ông A.", "x/y", "+5", "vs.", "câu?", "câu!", "câu;", "ghi:", "’80s", "e-mail"]
OPENING = ["Công an tỉnh", "Đăk Nên", "MTTQ", "A. B.", "(xã)", "“Mô hình”", '"Tổ"', "'an'", "‘an’", "2019", "81%"]
PUNCTUATION = [" ", " ", " ", "  ", ", ", ". ", ""]
# Each of Markdown's inline and block marks, and characters the sanitiser rewrites.
MARKS = ["*", "**", "_", "`", "\\", "[", "]", "[x](/a/)", "<", ">", "&", "&amp;", "<b>", "#", "|", "{: #x }", "~~",
         "=", "\t", "\u00a0", "  \n", "\r", "\x02"]


def texts(count: int, seed: int):
    rng = random.Random(seed)
    for _ in range(count):
        lines = []
        for _ in range(rng.randint(1, 8)):
            if rng.random() < 0.3:
                lines.append("" if rng.random() < 0.95 else rng.choice([" ", "   "]))
                continue
            words = [rng.choice(WORDS if n or rng.random() < 0.2 else OPENING) + rng.choice(PUNCTUATION)
                     for n in range(rng.randint(1, 6))]
            if rng.random() < 0.04:
                words.insert(rng.randrange(len(words) + 1), rng.choice(MARKS))
            start = rng.choice(STARTS) if rng.random() < 0.2 else ""
            lines.append(start + "".join(words).rstrip(" " if rng.random() < 0.97 else ""))
        yield "\n" * rng.randint(0, 2) + "\n".join(lines) + "\n" * rng.randint(0, 2)


@pytest.mark.parametrize("omitted, ignored", [(["widont"], []), ([], []), ([], ["h2", "p"])])
def test_a_body_reads_as_markdown_the_sanitiser_and_typogrify_make_it(tmp_path, omitted, ignored):
    settings = {**TYPOGRAPHY, "TYPOGRIFY_OMIT_FILTERS": omitted, "TYPOGRIFY_IGNORE_TAGS": ignored,
                "PATH": str(tmp_path), "ARTICLE_PATHS": ["articles"], "CONTENT_MODEL": {"typogrify": True},
                "MARKDOWN": MARKDOWN}
    reader = ContentReader(settings)
    markdown, sanitiser, typeset = Markdown(**markdown_options(settings)), Sanitiser(), Typography(settings, True)
    plain = 0
    for text in texts(700, seed=len(omitted) + len(ignored)):
        markdown.reset()
        assert reader.finished_html(text) == typeset(sanitiser.clean(markdown.convert(text))), text
        plain += plain_blocks(text) is not None
    assert 200 < plain < 600  # both kinds of text were tried


@pytest.mark.parametrize("mark", MARKS)
def test_a_text_with_any_mark_is_not_plain(mark):
    assert plain_blocks("Đoạn đầu.\n\nCông an " + mark + " xã.\n") is None


def test_headings_and_paragraphs():
    assert plain_blocks("\n## Kết quả\n\nToàn tỉnh có 1.691 tổ,\ngần 47.000 thành viên.\n\n\n### Ghi chú\n") == [
        "<h2>Kết quả</h2>", "<p>Toàn tỉnh có 1.691 tổ,\ngần 47.000 thành viên.</p>", "<h3>Ghi chú</h3>"]
    assert plain_blocks("") == [] and plain_blocks("\n\n") == []
    assert plain_blocks("## Kết quả\nđoạn ngay dưới") is None  # Markdown splits this block itself


def test_only_extensions_known_to_leave_plain_text_alone():
    assert plain_markdown(markdown_options({"MARKDOWN": MARKDOWN}))
    assert plain_markdown({"extensions": ["markdown.extensions.tables", "footnotes"], "output_format": "html5"})
    assert not plain_markdown({"extensions": ["markdown.extensions.extra", "markdown.extensions.toc"]})  # heading ids
    assert not plain_markdown({"extensions": ["nl2br"]})
    assert not plain_markdown({"extensions": [object()]})
