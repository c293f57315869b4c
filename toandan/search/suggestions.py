"""'Did you mean': for a query word no live document holds, the closest word that some do.

As Whoosh's ReaderCorrector ranks them (the closest, then the most used), over the words of live
documents only: a word that only deleted documents still hold in the index is not suggested. Built
on Whoosh's public terms_within and ListCorrector.suggest.
"""

from whoosh.spelling import ListCorrector

from toandan.vietnamese.text import fold

from .query import ParsedQuery


def _exact(arrays, word: str, maxdist: int) -> str | None:
    """The text's words within maxdist of word (their distance not told apart, as Whoosh's
    ReaderCorrector does), the most used first."""
    ranked = []
    for candidate in arrays.reader.terms_within("body", word, maxdist, prefix=1):
        frequency = arrays.frequency("body", candidate)
        if frequency:
            ranked.append((0 - (maxdist + 0.5 / frequency), candidate))
    return max(ranked)[1] if ranked else None


def _folded(arrays, corrector: ListCorrector, word: str, maxdist: int) -> str | None:
    """The folded words closest to word, then those in the most documents."""
    size = len(corrector.wordlist)
    distance = {}
    for within in range(maxdist, 0, -1):  # each word at the least distance it is found within
        distance.update(dict.fromkeys(corrector.suggest(word, limit=size, maxdist=within, prefix=1), within))
    ranked = []
    for candidate, within in distance.items():
        documents = arrays.documents("body", candidate)
        if documents:
            ranked.append((0 - within - 0.5 / documents, candidate))
    return max(ranked)[1] if ranked else None


def suggest(arrays, parsed: ParsedQuery, folded_words: ListCorrector) -> str | None:
    """The query's words with each unknown one replaced by its suggestion; None if none is."""
    corrected, changed = [], False
    for word in parsed.words:
        unaccented = fold(word) == word  # typed without diacritics: any form of a known word will do
        known = arrays.documents("body", word) if unaccented else arrays.frequency("body", word)
        if len(word) < 3 or word[0].isdigit() or known:
            corrected.append(word)
            continue
        maxdist = 1 if len(word) < 6 else 2
        suggestion = _folded(arrays, folded_words, word, maxdist) if unaccented else _exact(arrays, word, maxdist)
        corrected.append(suggestion or word)
        changed |= suggestion is not None
    return " ".join(corrected) if changed else None
