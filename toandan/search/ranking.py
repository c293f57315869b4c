"""Which documents match a query, in what order."""

import time

import numpy as np

from toandan.vietnamese.text import fold

from .phrases import OutOfTime, phrase_documents, together
from .query import ParsedQuery

TIME_LIMIT = 2.0  # seconds a quoted phrase may be looked for before the answer goes with what was found
TITLE_NEARBY = 4.0  # weight of the title score again when the query's words stand close in the title
NEARBY_SLOP = 2  # 'close': each word at most this many positions after the one before


def nearby(tokens: tuple[str, ...], words: list[str]) -> bool:
    """Whether words occur in tokens in order, each at most NEARBY_SLOP positions after the one before."""
    reachable = [i for i, token in enumerate(tokens) if token == words[0]]
    for word in words[1:]:
        reachable = [i for i, token in enumerate(tokens)
                     if token == word and any(0 < i - j <= NEARBY_SLOP for j in reachable)]
        if not reachable:
            return False
    return True


def rank(arrays, parsed: ParsedQuery, filters: dict[str, str], newest: bool, time_limit: float = TIME_LIMIT):
    """Every matching document, best first (or newest first; equals in the order of their ids),
    their scores, and whether a phrase ran out of time."""
    # Words first: a phrase's words are required and scored like the others.
    words = list(dict.fromkeys([*parsed.words, *(t for p in parsed.phrases for t in p)]))
    matched, scores, in_title, title_words = arrays.score(words)
    timed_out = False
    deadline = time.monotonic() + time_limit
    for tokens in parsed.phrases:
        found, out_of_time = phrase_documents(arrays, tokens, deadline)
        matched &= found
        timed_out |= out_of_time
    for name, value in filters.items():
        code = arrays.labels[name].index(value) if value in arrays.labels[name] else -1
        matched &= arrays.codes[name] == code
    documents = np.flatnonzero(matched)
    # Neighbouring words found together, in the documents found: a two-syllable word rather than its
    # syllables. Newest first, scores order nothing; out of time, the words' scores alone rank what
    # was found, which is the whole answer (not partial).
    if parsed.pairs and len(documents) and not newest:
        try:
            scores += arrays.pair_scores(parsed.pairs, together(arrays, documents, deadline))
        except OutOfTime:
            pass
    if 2 <= len(parsed.words) <= 6 and not parsed.phrases:
        # Syllables typed together usually belong together: reward titles where they stand close.
        folded = [fold(w) for w in parsed.words]
        for docnum in documents[title_words[documents] == len(words)]:
            if nearby(arrays.title(int(docnum)), folded):
                scores[docnum] += TITLE_NEARBY * in_title[docnum]
    key = arrays.dates[documents] if newest else scores[documents]
    documents = documents[np.lexsort((arrays.id_order[documents], -key))]
    return documents, scores[documents], timed_out
