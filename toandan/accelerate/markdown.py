"""Python-Markdown's inline pass, without trying every inline pattern on text that none can match.

Checked against Python-Markdown 3.6 to 3.11 (the range in pyproject.toml); it overrides the
name-mangled InlineProcessor._InlineProcessor__handleInline(data, patternIndex=0).

Python-Markdown tries each of its inline patterns in turn on the text of every paragraph, list
item and cell, a regular expression search each, before leaving the text as it was, though most paragraphs of news hold no emphasis, link, code, markup or
entity. Each of Python-Markdown's own inline patterns (and Extra's footnote reference) can only
match text that holds one of a few characters; text with none of them is left as trying every
pattern would leave it. With any other inline pattern registered (an extension's), every pattern
is tried as before.
"""

import re

from markdown import Markdown
from markdown.treeprocessors import InlineProcessor

from toandan import accelerate

NAME = "markdown.inline"
CHECKED = ("3.6", "3.12")  # Python-Markdown releases this was checked against: from, below
HANDLE = "_InlineProcessor__handleInline"

# Python-Markdown's inline patterns (3.6 to 3.11) and Extra's footnote reference, by name.
KNOWN_PATTERNS = frozenset({
    "backtick", "escape", "footnote", "reference", "link", "image_link", "image_reference",
    "short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html", "entity",
    "not_strong", "em_strong", "em_strong2", "strong_em",
})
# What one of them needs to match: a backslash or backtick (code, escapes), '[' (links, images,
# references, footnotes), '<' (autolinks, inline HTML), '&' (entities), '*' or '_' (emphasis),
# or two spaces ending a line (a line break).
MARKS = re.compile(r"[\\`\[<&*_]|  \n")
INLINE_PRIORITY = 20  # where Python-Markdown registers its inline pass among the tree processors


class PlainTextInline(InlineProcessor):
    """Python-Markdown's InlineProcessor, which leaves text without MARKS as it is."""

    def run(self, tree, ancestors=None):
        # An extension may add patterns while a document is parsed: checked for each document.
        patterns = self.inlinePatterns
        self._known = len(patterns) == sum(name in patterns for name in KNOWN_PATTERNS)
        return super().run(tree, ancestors)

    # Python-Markdown's own (name-mangled) step that tries every pattern on a text.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if patternIndex == 0 and self._known and not MARKS.search(data):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


def _needs() -> str | None:
    return (accelerate.missing_attribute(InlineProcessor, HANDLE)
            or accelerate.signature_problem(getattr(InlineProcessor, HANDLE), ("self", "data", "patternIndex"))
            or accelerate.missing_attribute(InlineProcessor, "run"))


def ready(settings: dict | None = None) -> bool:
    return accelerate.ready(NAME, "markdown", CHECKED, _needs, settings)


def with_plain_text_inline(md: Markdown, settings: dict | None = None) -> Markdown:
    """md, its inline pass replaced by PlainTextInline, unless an extension replaced it first or
    the accelerator is off (then md as it is)."""
    if type(md.treeprocessors["inline"]) is InlineProcessor and ready(settings):
        md.treeprocessors.register(PlainTextInline(md), "inline", INLINE_PRIORITY)
    return md
