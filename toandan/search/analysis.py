"""How a text becomes index terms: Vietnamese syllables, exact or folded, and pairs of neighbouring
syllables (a two-syllable word is the commonest Vietnamese word)."""

import re

from whoosh.analysis import Token, Tokenizer

from toandan.vietnamese.text import fold, nfc

# Numbers as written ('1.691', '3,2') stay one token; words are runs of letters.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")


class VietnameseTokenizer(Tokenizer):
    """NFC, lowercase and, for folded fields, diacritics and đ removed; offsets stay the original's.
    With pairs, each token is two neighbouring words joined by a space, at the first one's position."""

    def __init__(self, folded: bool, pairs: bool = False):
        self.folded, self.pairs = folded, pairs

    def __eq__(self, other):
        return type(self) is type(other) and (self.folded, self.pairs) == (other.folded, other.pairs)

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
            texts = [f"{first} {second}" for first, second in zip(texts, texts[1:])]
            spans = [(first[0], second[1]) for first, second in zip(spans, spans[1:])]
        for position, (text, (start, end)) in enumerate(zip(texts, spans)):
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

    def words(self, value: str) -> list[str]:
        """The tokens' texts alone, as __call__ gives them, without a Token object per word."""
        value = nfc(value)
        changed = self.transform(value)
        if len(changed) == len(value):  # letters stay letters and digits digits: the same spans
            words = TOKEN.findall(changed)
        else:
            words = [self.transform(word) for word in TOKEN.findall(value)]
        return [f"{first} {second}" for first, second in zip(words, words[1:])] if self.pairs else words


EXACT = VietnameseTokenizer(folded=False)
FOLDED = VietnameseTokenizer(folded=True)
EXACT_PAIRS = VietnameseTokenizer(folded=False, pairs=True)


def pair(first: str, second: str) -> str:
    """The pair term of two words."""
    return f"{first} {second}"
