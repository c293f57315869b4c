"""Quoted phrases: the documents where the words stand in the phrase's order, in title or text.

A phrase's candidates are the documents that hold all its words, the shortest postings intersected
first; then the places are checked, as one join of (document, position) arrays: 'a b c' is 'a' at
i, 'b' at i + 1 and 'c' at i + 2. A word is read whole, and its places kept, when the candidates
are a fair share of its documents; for a few candidates among many documents, only theirs are
read, through the matcher. Words match in every form that folds as theirs does, as unquoted words do.
"""

import time

import numpy as np

from toandan.vietnamese.text import fold

from .fields import TEXT_FIELDS

POSITION = (1 << 32) - 1  # a place key's position: (document << 32) | position

# Reading one candidate's places through the matcher (a skip and a decode) costs about as much as
# this many postings read in one pass over a term: fewer candidates than a term's documents over
# this, and only theirs are read.
SKIP_COST = 20


class OutOfTime(Exception):
    """A phrase's time limit has passed."""


def _check(deadline: float) -> None:
    if time.monotonic() > deadline:
        raise OutOfTime


def phrase_documents(arrays, tokens: tuple[str, ...], deadline: float) -> tuple[np.ndarray, bool]:
    """Documents where the tokens (in any form) stand in this order, in title or text; and whether
    time ran out, looked at before each term read and each document examined (then those found
    before the deadline)."""
    found = np.zeros(arrays.count, dtype=bool)
    folded = [fold(token) for token in tokens]
    try:
        for name in TEXT_FIELDS:
            terms = list(dict.fromkeys((name, word, place) for place, word in enumerate(folded)))
            candidates = _holding_all(arrays, terms, deadline)
            candidates = candidates[~found[candidates]]
            if len(candidates):
                found[_in_order(arrays, terms, candidates, deadline)] = True
    except OutOfTime:
        return found, True
    return found, False


def together(arrays, candidates: np.ndarray, deadline: float):
    """A function of (field, first, second) that counts, for each of the candidates (ascending
    document numbers), how many times the folded word `second` stands right after `first`: zero for
    every other document (arrays.pair_scores)."""
    wanted = np.zeros(arrays.count, dtype=bool)
    wanted[candidates] = True

    def count(field: str, first: str, second: str) -> np.ndarray:
        if not arrays.forms_of(field, first) or not arrays.forms_of(field, second):
            return np.zeros(arrays.count, dtype=np.int64)  # a word the field never holds
        before = _places(arrays, field, first, candidates, deadline)
        before = before[wanted[before >> 32]]  # the places kept or read whole hold other documents too
        after = _places(arrays, field, second, candidates, deadline)
        if not len(before) or not len(after):
            return np.zeros(arrays.count, dtype=np.int64)
        following = before + 1
        return np.bincount((following[_held(after, following)] >> 32).astype(np.int64), minlength=arrays.count)

    return count


def _holding_all(arrays, terms: list[tuple[str, str, int]], deadline: float) -> np.ndarray:
    """The live documents holding every term (in any form), ascending."""
    postings = []
    for field, text in dict.fromkeys((field, text) for field, text, _ in terms):
        _check(deadline)
        postings.append(arrays.postings(field, text, folded=True)[0])
    postings.sort(key=len)
    candidates = postings[0]
    for ids in postings[1:]:
        if not len(candidates):
            break
        candidates = np.intersect1d(candidates, ids, assume_unique=True)
    return candidates


def _in_order(arrays, terms: list[tuple[str, str, int]], candidates: np.ndarray, deadline: float) -> np.ndarray:
    """The candidates where every term stands at its place from one same start."""
    # Each term's places as sorted keys (document << 32) | position, the fewest first: its starts
    # of the phrase, each looked up in the next term's places by binary search.
    places = sorted(((_places(arrays, field, text, candidates, deadline), place)
                     for field, text, place in terms), key=lambda item: len(item[0]))
    keys, place = places[0]
    starts = keys[(keys & POSITION) >= place] - place
    for keys, place in places[1:]:
        if not len(starts) or not len(keys):
            return np.zeros(0, dtype=np.int32)
        wanted = starts + place
        starts = starts[_held(keys, wanted)]
    return np.unique(starts >> 32).astype(np.int32)


def _held(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which of the wanted place keys the sorted, non-empty keys hold."""
    return keys[np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)] == wanted


def _places(arrays, field: str, text: str, candidates: np.ndarray, deadline: float) -> np.ndarray:
    """Where every form of a folded term stands, as sorted keys (document << 32) | position: all
    its places if kept or worth reading whole, else those in the candidates."""
    kept = arrays.places(field, text)
    if kept is not None:
        return kept
    _check(deadline)
    forms = arrays.forms_of(field, text)
    if len(candidates) * SKIP_COST >= sum(arrays.reader.doc_frequency(field, term) for term in forms):
        return arrays.read_places(field, text)
    keys = [_candidates_places(arrays.reader, field, term, candidates, deadline) for term in forms]
    return np.sort(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)


def _candidates_places(reader, field: str, term: str, candidates: np.ndarray, deadline: float) -> np.ndarray:
    """Where a term stands in each of the candidates (ascending), read through Whoosh's matcher."""
    keys = []
    for leaf, offset in reader.leaf_readers():
        mine = candidates[(candidates >= offset) & (candidates < offset + leaf.doc_count_all())] - offset
        if not len(mine) or (field, term) not in leaf:
            continue
        matcher = leaf.postings(field, term)
        for docnum in mine.tolist():
            _check(deadline)
            if matcher.is_active() and matcher.id() < docnum:
                matcher.skip_to(docnum)
            if not matcher.is_active():
                break
            if matcher.id() == docnum:
                keys += [(docnum + offset) << 32 | position for position in matcher.value_as("positions")]
    return np.array(keys, dtype=np.int64)
