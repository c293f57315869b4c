"""Markdown written as plain paragraphs and headings, made HTML without running Markdown.

Most bodies and nearly every summary are paragraphs of prose, sometimes with '## ' headings, and
no other Markdown. For such a text Python-Markdown (with the extensions in PLAIN_EXTENSIONS) makes
each paragraph '<p>' + its lines + '</p>' and each heading '<h2>' + its words + '</h2>', one per
line, and the allow-list sanitiser leaves that as it is: the text can hold nothing they would
change. A text is taken as plain only when every line is made of letters, digits, spaces and the
punctuation below, and begins where no Markdown block can (a letter, a quote, an opening
parenthesis, or digits not followed by '.' or ')'); anything else goes through Markdown.
"""

import re

# Extensions that leave plain paragraphs and '#' headings as described (Extra and its parts; the
# reader never loads 'meta'). Any other extension (toc's heading ids, nl2br, smarty...) turns this off.
PLAIN_EXTENSIONS = frozenset({
    "extra", "abbr", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables",
    *(f"markdown.extensions.{name}" for name in
      ("extra", "abbr", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables")),
})
OUTPUT_FORMATS = frozenset({"html", "html5", "xhtml", "xhtml1", "html4"})

# What a line may hold besides letters and digits: none of Markdown's inline marks (\ ` * _ [ ] < > &),
# no '#', '|', '{', '}', '~' or '=' that some block syntax uses, no tab, no non-breaking space.
_CHARACTERS = r"""\w .,;:!?()%/'"+\-–—…“”‘’"""  # '_' is in \w: texts with one are refused first
_LINE = rf"""(?:[^\W\d_]|["“‘'(]|\d+(?![\d.)]))[{_CHARACTERS}]*(?<! )"""
_PARAGRAPH = rf"{_LINE}(?:\n{_LINE})*"
_HEADING = rf"#{{1,6}} {_LINE}"
_TEXT = re.compile(rf"\n*(?:(?:{_HEADING}|{_PARAGRAPH})(?:\n\n+|\n*\Z))*")
_BLANK_LINES = re.compile(r"\n\n+")


def plain_markdown(options: dict) -> bool:
    """Whether Markdown with these options (as markdown_options gives them) makes plain text as described."""
    extensions = options.get("extensions", [])
    return (all(isinstance(name, str) and name in PLAIN_EXTENSIONS for name in extensions)
            and options.get("output_format", "xhtml") in OUTPUT_FORMATS)


def plain_blocks(text: str) -> list[str] | None:
    """The HTML of each paragraph and heading of a plain text, in order; None when the text is not plain."""
    if "_" in text or not _TEXT.fullmatch(text):
        return None
    return [_block(block) for block in _BLANK_LINES.split(text.strip("\n")) if block]


def _block(block: str) -> str:
    if block[0] != "#":
        return f"<p>{block}</p>"
    level, words = block.split(" ", 1)
    return f"<h{len(level)}>{words}</h{len(level)}>"
