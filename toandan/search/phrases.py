"""Quoted phrases: the documents where the words stand in the phrase's order, in title or text.

A pair of neighbouring common words is a term of its own (analysis.VietnameseTokenizer), so a
two-word phrase of them is one term's postings. A pair with an uncommon word is looked for in the
documents holding both words, the uncommon one's few among them. A phrase is then the documents
that hold all its pairs, and only where that is not the answer already (more than one pair, or a
pair not indexed) are those few read for positions: 'a b c' is 'a b' at i and 'b c' at i + 1.
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
    pairs = list(zip(folded, folded[1:]))
    indexed = [arrays.pairs.indexed(*words) for words in pairs]
    try:
        for name in TEXT_FIELDS:
            candidates = None
            for words, in_pairs in dict(zip(pairs, indexed)).items():  # each a sorted array of live documents
                for ids in _holding(arrays, name, words, in_pairs, deadline):
                    candidates = ids if candidates is None else np.intersect1d(candidates, ids, assume_unique=True)
                if not len(candidates):
                    break
            candidates = candidates[~found[candidates]]
            if len(pairs) == 1 and indexed[0]:
                found[candidates] = True
                continue
            for docnum in _in_order(arrays, name, pairs, indexed, candidates, deadline):
                found[docnum] = True
    except OutOfTime:
        return found, True
    return found, False


def _holding(arrays, name: str, words: tuple[str, str], in_pairs: bool, deadline: float):
    """The documents holding the pair (if indexed) or both its words, in the field `name`."""
    texts = [(PAIRS_OF[name], pair(*words))] if in_pairs else [(name, word) for word in words]
    for field, text in texts:
        _check(deadline)
        yield arrays.postings(field, text, folded=True)[0]


def _in_order(arrays, name: str, pairs: list, indexed: list, candidates: np.ndarray, deadline: float):
    """The candidates where the pairs stand one after the other, segment by segment."""
    field = PAIRS_OF[name]
    terms = {}  # (field, folded text) -> its forms in the index
    for words, in_pairs in zip(pairs, indexed):
        for key in [(field, pair(*words))] if in_pairs else [(name, word) for word in words]:
            terms[key] = arrays.forms_of(*key)
    for leaf, offset in arrays.reader.leaf_readers():
        mine = candidates[(candidates >= offset) & (candidates < offset + leaf.doc_count_all())] - offset
        if not len(mine):
            continue
        docs = mine.tolist()
        positions = {key: _positions(leaf, key[0], forms, docs, deadline) for key, forms in terms.items()}
        for docnum in docs:
            starts = [_starts(positions, field, name, words, in_pairs, docnum) for words, in_pairs in zip(pairs, indexed)]
            if any(all(start + k in starts[k] for k in range(1, len(starts))) for start in starts[0]):
                yield docnum + offset


def _starts(positions: dict, field: str, name: str, words: tuple[str, str], in_pairs: bool, docnum: int) -> set[int]:
    """Where a pair starts in a document: its term's positions, or its first word's followed by its second."""
    if in_pairs:
        return positions[field, pair(*words)].get(docnum, set())
    second = positions[name, words[1]].get(docnum, set())
    return {start for start in positions[name, words[0]].get(docnum, ()) if start + 1 in second}


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
