"""How a text becomes index terms: Vietnamese syllables, exact or folded, and pairs of neighbouring
syllables (a two-syllable word is the commonest Vietnamese word)."""

import functools
import re

import numpy as np
from whoosh.analysis import Token, Tokenizer

from toandan.vietnamese.text import fold, nfc

# Numbers as written ('1.691', '3,2') stay one token; words are runs of letters.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")


class VietnameseTokenizer(Tokenizer):
    """NFC, lowercase and, for folded fields, diacritics and đ removed; offsets stay the original's.

    With pairs, each token is two neighbouring words joined by a space, at the first one's position,
    and only where both words fold to one of `common`: the pairs of a varied text are nearly as many
    as its words, and a phrase with an uncommon word is found quickly from that word's postings.
    """

    def __init__(self, folded: bool, pairs: bool = False, common: frozenset[str] = frozenset()):
        self.folded, self.pairs, self.common = folded, pairs, frozenset(common)

    def __eq__(self, other):
        return type(self) is type(other) and \
            (self.folded, self.pairs, self.common) == (other.folded, other.pairs, other.common)

    def indexed(self, first: str, second: str) -> bool:
        """Whether the pair of these two folded words is a term of a pair field."""
        return first in self.common and second in self.common

    def transform(self, text: str) -> str:
        text = text.lower()
        return fold(text) if self.folded else text

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        value = nfc(value)
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        changed = self.transform(value)
        same_length = len(changed) == len(value)  # true for Vietnamese; otherwise transform per token
        matches = list(TOKEN.finditer(value) if tokenize else [re.match(r".*", value, re.S)])
        texts = [changed[m.start():m.end()] if same_length else self.transform(m.group()) for m in matches]
        spans = [m.span() for m in matches]
        if self.pairs and tokenize:
            texts = self._pairs(texts)
            spans = [(first[0], second[1]) for first, second in zip(spans, spans[1:])]
        for position, (text, (start, end)) in enumerate(zip(texts, spans)):
            if text is None:
                continue
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token

    def _pairs(self, words: list[str], folded: list[str] | None = None) -> list[str | None]:
        """Each word's pair with the next, None where it is not indexed. folded: the words folded."""
        if folded is None:
            folded = words if self.folded else [fold(word) for word in words]
        common = self.common
        return [f"{first} {second}" if a in common and b in common else None
                for first, second, a, b in zip(words, words[1:], folded, folded[1:])]

    def words(self, value: str) -> list[str | None]:
        """The tokens' texts alone, as __call__ gives them, without a Token object per word; for
        pairs, None at each position that holds none."""
        words = self._words(value)
        if not self.pairs:
            return words
        return self._pairs(words, words if self.folded else list(map(_folded_word, words)))

    def _words(self, value: str) -> list[str]:
        normal = nfc(value)
        changed = self.transform(normal)
        if len(changed) == len(normal):  # letters stay letters and digits digits: the same spans
            return TOKEN.findall(changed)
        return [self.transform(word) for word in TOKEN.findall(normal)]

    def numbered(self, value: str) -> tuple[list[str], np.ndarray, np.ndarray | None]:
        """A text's terms as an index writes them: the distinct terms, first met first; the number
        of the term at each place that holds one; and those places (None: every place, in order).
        A pair stands at its first word's place."""
        global _last_numbered
        if self.pairs and not self.folded and _last_numbered[0] is value:
            _, words, numbers = _last_numbered  # the same text's words, just numbered for its own field
        else:
            distinct: dict[str, int] = {}
            numbers = np.array([distinct.setdefault(word, len(distinct)) for word in self._words(value)],
                               dtype=np.int64)
            words = list(distinct)
            if not self.folded:
                _last_numbered = (value, words, numbers)
        if not self.pairs:
            return words, numbers, None
        folded = words if self.folded else map(_folded_word, words)
        common = np.fromiter((word in self.common for word in folded), dtype=bool, count=len(words))
        places = np.flatnonzero(common[numbers[:-1]] & common[numbers[1:]])
        pairs: dict[str, int] = {}
        pair_numbers = [pairs.setdefault(f"{words[first]} {words[second]}", len(pairs))
                        for first, second in zip(numbers[places].tolist(), numbers[places + 1].tolist())]
        return list(pairs), np.array(pair_numbers, dtype=np.int64), places


# The last text an exact field's tokenizer numbered, with its words: the index gives each text to
# its words field, then to its pairs field (fields in name order), which takes the words from here.
_last_numbered: tuple[str | None, list[str], np.ndarray] = (None, [], np.zeros(0, dtype=np.int64))


@functools.lru_cache(maxsize=1 << 16)
def _folded_word(word: str) -> str:
    return fold(word)


EXACT = VietnameseTokenizer(folded=False)
FOLDED = VietnameseTokenizer(folded=True)
# The words whose pairs with each other are indexed (fields.schema): of the documents a full index
# is written from (a sample of them), those in at least COMMON_SHARE of them, at most the
# COMMON_MOST in the most. Each pair is a term Whoosh writes on its own, and a text's pairs are
# nearly as varied as it is long: this bounds the terms of a segment to COMMON_MOST squared.
COMMON_SHARE = 0.3
COMMON_MOST = 16
COMMON_SAMPLE = 200


def exact_pairs(common: frozenset[str]) -> VietnameseTokenizer:
    return VietnameseTokenizer(folded=False, pairs=True, common=common)


def common_words(texts: list[str]) -> frozenset[str]:
    """The folded words in at least COMMON_SHARE of texts, at most the COMMON_MOST in the most (of
    equals, the first in alphabetical order)."""
    counts: dict[str, int] = {}
    for text in texts:
        for word in set(FOLDED.words(text)):
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted((-count, word) for word, count in counts.items() if count >= COMMON_SHARE * len(texts))
    return frozenset(word for _, word in ranked[:COMMON_MOST])


def pair(first: str, second: str) -> str:
    """The pair term of two words."""
    return f"{first} {second}"
