"""How a text becomes index terms: Vietnamese syllables, exact or folded."""

import re

import numpy as np
from whoosh.analysis import Token, Tokenizer

from toandan.vietnamese.text import fold, nfc

# Numbers as written ('1.691', '3,2') stay one token; words are runs of letters.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")


class VietnameseTokenizer(Tokenizer):
    """NFC, lowercase and, for folded fields, diacritics and đ removed; offsets stay the original's."""

    def __init__(self, folded: bool):
        self.folded = folded

    def __eq__(self, other):
        return type(self) is type(other) and self.folded == other.folded

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
        for position, match in enumerate(matches):
            start, end = match.span()
            token.text = changed[start:end] if same_length else self.transform(match.group())
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token

    def words(self, value: str) -> list[str]:
        """The tokens' texts alone, as __call__ gives them, without a Token object per word."""
        normal = nfc(value)
        changed = self.transform(normal)
        if len(changed) == len(normal):  # letters stay letters and digits digits: the same spans
            return TOKEN.findall(changed)
        return [self.transform(word) for word in TOKEN.findall(normal)]

    def numbered(self, value: str) -> tuple[list[str], np.ndarray]:
        """A text's words as an index writes them: the distinct words, first met first, and the
        number of the word at each place."""
        distinct: dict[str, int] = {}
        numbers = [distinct.setdefault(word, len(distinct)) for word in self.words(value)]
        return list(distinct), np.array(numbers, dtype=np.int64)


EXACT = VietnameseTokenizer(folded=False)
FOLDED = VietnameseTokenizer(folded=True)
