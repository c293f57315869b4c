"""The sentences of a Markdown body, as plain text: what a reader reads, and nothing else.

Code, tables (Markdown or raw HTML) and image lines are left out, links keep their text and lose
their address, emphasis and tags are dropped. A sentence ends at '.', '!', '?' or '…' before a
capital or a digit, but not after an abbreviation ('TP. Hồ Chí Minh') or an initial ('Nguyễn V. An').
"""

import html
import re

from toandan.vietnamese.text import nfc

ABBREVIATIONS = {"tp", "p", "q", "tx", "tt", "ts", "ths", "gs", "pgs", "bs", "ks", "ls", "đ/c", "st"}

_STOPS = re.compile(r"([.!?…]+)([\"”’)\]]*)\s+")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HTML_TABLE_START = re.compile(r"<table\b", re.I)
_HTML_TABLE_END = re.compile(r"</table\s*>", re.I)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_BLOCK_START = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s|[-*+]\s|\d{1,3}[.)]\s)")
_BLOCK_PREFIX = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+|[-*+]\s+|\d{1,3}[.)]\s+)?")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
_URL = re.compile(r"<?(?:https?://|www\.)\S+>?")
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_CODE = re.compile(r"`+[^`]*`+")
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_SPACES = re.compile(r"\s+")


def _inline_text(line: str) -> str:
    for pattern, replacement in ((_TAG, " "), (_IMAGE, " "), (_LINK, r"\1"), (_URL, " "), (_CODE, " "),
                                 (_EMPHASIS, ""), (_ESCAPE, r"\1")):
        line = pattern.sub(replacement, line)
    return html.unescape(line)


def _table_row(line: str) -> bool:
    return line.lstrip().startswith("|") or line.count("|") >= 2 or bool(_TABLE_RULE.match(line))


def _blocks(markdown: str):
    """The prose of a Markdown body, one paragraph, heading or list item at a time. Code and
    tables are left out: a table cell has no sentence to show a figure in."""
    fenced = in_table = False
    paragraph: list[str] = []
    for line in nfc(markdown).splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        if _HTML_TABLE_START.search(line):
            in_table = True
        skipped = fenced or in_table or _FENCE.match(line) or not line.strip() or _table_row(line)
        if in_table and _HTML_TABLE_END.search(line):
            in_table = False
        if paragraph and (skipped or _BLOCK_START.match(line)):
            yield " ".join(paragraph)
            paragraph = []
        if not skipped:
            paragraph.append(_inline_text(_BLOCK_PREFIX.sub("", line, count=1)))
    if paragraph:
        yield " ".join(paragraph)


def sentences(markdown: str) -> list[str]:
    """The sentences of a Markdown body as plain text."""
    found = []
    for block in _blocks(markdown):
        text = _SPACES.sub(" ", block).strip()
        start = 0
        for stop in _STOPS.finditer(text):
            following = text[stop.end():stop.end() + 1]
            word = re.search(r"([^\W\d_]+|đ/c)$", text[max(start, stop.start() - 16):stop.start()])
            if not (following[:1].isupper() or following[:1].isdigit() or following in "\"“'("):
                continue
            if stop.group(1) == "." and word and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1):
                continue
            found.append(text[start:stop.start() + len(stop.group(1)) + len(stop.group(2))])
            start = stop.end()
        found.append(text[start:])
    return [sentence.strip() for sentence in found if sentence.strip()]
