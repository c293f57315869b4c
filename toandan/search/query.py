"""A reader's query as words, pairs of neighbouring words and "quoted phrases"; never query syntax."""

import re
import unicodedata
from dataclasses import dataclass

from toandan.vietnamese.text import nfc

from .analysis import TOKEN

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
MAX_PHRASES = 3


@dataclass(frozen=True)
class ParsedQuery:
    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    pairs: tuple[tuple[str, str], ...] = ()  # neighbouring words, typed or quoted: ranked higher together

    @property
    def empty(self) -> bool:
        return not self.words and not self.phrases


def clean(text: str) -> str:
    """NFC, no control or format characters, bounded length."""
    text = nfc(str(text))[: MAX_QUERY_CHARS * 4]
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co") else c for c in text)
    return text[:MAX_QUERY_CHARS]


def _tokens(text: str) -> list[str]:
    return [m.group().lower() for m in TOKEN.finditer(text)]


def parse_query(text: str) -> ParsedQuery:
    """Words and "quoted phrases"; anything else (operators, *, field:) is just text."""
    text = clean(text)
    quoted = [tuple(_tokens(q)) for q in re.findall(r'"([^"]*)"', text)]
    phrases = [tokens for tokens in quoted if len(tokens) > 1][:MAX_PHRASES]
    runs = [_tokens(run.replace('"', " ")) for run in re.split(r'"[^"]*"', text)]
    words = [word for run in runs for word in run]
    # A quoted single word is just a word, unless a phrase already requires it.
    words += [t[0] for t in quoted if len(t) == 1 and not any(t[0] in p for p in phrases)]
    words = tuple(dict.fromkeys(words))[:MAX_WORDS]
    pairs = [(a, b) for run in runs for a, b in zip(run, run[1:]) if a in words and b in words]
    pairs += [(a, b) for phrase in phrases for a, b in zip(phrase, phrase[1:])]
    return ParsedQuery(words, tuple(phrases), tuple(dict.fromkeys(pairs))[:MAX_WORDS])
