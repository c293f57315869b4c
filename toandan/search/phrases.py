"""Quoted phrases: the documents where the words stand in the phrase's order, in title or text.

Each pair of neighbouring words is a term of its own (fields.PAIRS_OF), so a two-word phrase is one
term's postings, and a longer one the documents holding all its pairs, of which only those few are
read for the pairs' positions (the pairs one after the other: 'a b c' is 'a b' at i and 'b c' at i+1).
Words match in every form that folds as theirs does, as unquoted words do.
"""

import time
from collections import defaultdict

import numpy as np

from toandan.vietnamese.text import fold

from .analysis import pair
from .fields import PAIRS_OF, TEXT_FIELDS


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
    pairs = [pair(a, b) for a, b in zip(folded, folded[1:])]
    try:
        for name in TEXT_FIELDS:
            field = PAIRS_OF[name]
            candidates = None
            for text in dict.fromkeys(pairs):  # each a sorted array of live documents
                _check(deadline)
                ids = arrays.postings(field, text, folded=True)[0]
                candidates = ids if candidates is None else np.intersect1d(candidates, ids, assume_unique=True)
                if not len(candidates):
                    break
            candidates = candidates[~found[candidates]]
            if len(pairs) == 1:
                found[candidates] = True
                continue
            for docnum in _in_order(arrays, field, pairs, candidates, deadline):
                found[docnum] = True
    except OutOfTime:
        return found, True
    return found, False


def _in_order(arrays, field: str, pairs: list[str], candidates: np.ndarray, deadline: float):
    """The candidates where the pairs stand one after the other, segment by segment."""
    forms = {text: arrays.forms_of(field, text) for text in dict.fromkeys(pairs)}
    for leaf, offset in arrays.reader.leaf_readers():
        mine = candidates[(candidates >= offset) & (candidates < offset + leaf.doc_count_all())] - offset
        if not len(mine):
            continue
        docs = mine.tolist()
        positions = {text: _positions(leaf, field, terms, docs, deadline) for text, terms in forms.items()}
        first, rest = positions[pairs[0]], list(enumerate(pairs[1:], 1))
        for docnum in docs:
            if any(all(start + k in positions[text].get(docnum, ()) for k, text in rest)
                   for start in first.get(docnum, ())):
                yield docnum + offset


def _positions(leaf, field: str, terms: list[str], docs: list[int], deadline: float) -> dict[int, set[int]]:
    """Where any of the terms stands in each of docs (ascending), read through Whoosh's matcher."""
    found = defaultdict(set)
    for term in terms:
        if (field, term) not in leaf:
            continue
        matcher = leaf.postings(field, term)
        for docnum in docs:
            _check(deadline)
            if matcher.is_active() and matcher.id() < docnum:
                matcher.skip_to(docnum)
            if not matcher.is_active():
                break
            if matcher.id() == docnum:
                found[docnum].update(matcher.value_as("positions"))
    return found
