"""What a hit shows: its title and up to two fragments of its text, the query's words marked."""

import functools
import html
import re

from toandan.vietnamese.text import fold

from .analysis import TOKEN

SNIPPET_SOURCE = 2000  # characters of the text that snippets are taken from
SNIPPET_CHARS = 220  # characters of one snippet fragment
SNIPPET_LEAD = 60  # characters shown before the first match of a fragment


def matches(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Where the words of text are whose folded form is one of terms."""
    folded = fold(text.lower())
    if len(folded) != len(text):  # never for Vietnamese; then each word is folded on its own
        return [m.span() for m in TOKEN.finditer(text) if fold(m.group().lower()) in terms]
    return [m.span() for m in _whole_words(frozenset(terms)).finditer(folded)]


@functools.lru_cache(maxsize=64)
def _whole_words(terms: frozenset[str]) -> re.Pattern:
    """The terms where they stand as whole TOKENs: a word with no letter beside it, a number with no
    digit beside it, nor a digit past a point or comma. Only the query's words are looked for, not
    every word of the text split out and looked up."""
    words = sorted((t for t in terms if TOKEN.fullmatch(t) and not t[0].isdigit()), key=len, reverse=True)
    numbers = sorted((t for t in terms if TOKEN.fullmatch(t) and t[0].isdigit()), key=len, reverse=True)
    either = [rf"(?<![^\W\d_])(?:{'|'.join(map(re.escape, words))})(?![^\W\d_])"] if words else []
    either += [rf"(?<!\d)(?<!\d[.,])(?:{'|'.join(map(re.escape, numbers))})(?!\d)(?![.,]\d)"] if numbers else []
    return re.compile("|".join(either) or r"(?!)")


def marked(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """text[start:end] as HTML: escaped, with the spans inside it in <mark>."""
    end = len(text) if end is None else end
    parts, at = [], start
    for first, last in spans:
        if start <= first and last <= end:
            parts += [html.escape(text[at:first]), "<mark>", html.escape(text[first:last]), "</mark>"]
            at = last
    parts.append(html.escape(text[at:end]))
    return "".join(parts)


def snippet(text: str, terms: set[str]) -> str:
    """Up to two fragments of the text's lead, those holding the most different query words, in order."""
    source = text[:SNIPPET_SOURCE]
    spans = matches(source, terms)
    if not spans:
        return html.escape(text[:200])
    folded = [fold(source[a:b].lower()) for a, b in spans]

    def window(n: int) -> tuple[int, int]:
        start = max(0, spans[n][0] - SNIPPET_LEAD)
        start = source.find(" ", start) + 1 if start and source.find(" ", start) != -1 else start
        end = min(len(source), start + SNIPPET_CHARS)
        if end < len(source) and " " in source[start:end]:
            end = source.rindex(" ", start, end)
        return start, end

    def words_in(bounds: tuple[int, int]) -> int:
        return len({folded[n] for n, (a, b) in enumerate(spans) if bounds[0] <= a and b <= bounds[1]})

    windows = sorted((window(n) for n in range(len(spans))), key=lambda w: (-words_in(w), w[0]))
    chosen = [windows[0]]
    chosen += [w for w in windows[1:] if w[1] <= chosen[0][0] or w[0] >= chosen[0][1]][:1]
    return " … ".join(marked(source, spans, a, b) for a, b in sorted(chosen))
