"""One index generation held as arrays: a column per document attribute, postings read on first use,
and Whoosh's BM25F computed over them.

Every text is indexed once, exactly (NFC, lowercase), with positions. A query word matches every
form that folds as it does (diacritics and đ removed), so 'bao ve' finds 'bảo vệ'. The folded view
is read from the exact postings (the forms of a word are found in the index's own word list), not
indexed a second time; two words next to each other are found from where each stands. Whoosh scores one posting at a
time in Python, and a syllable such as 'an' is in nearly every article of a portal about 'an ninh':
here a term's postings are one NumPy array.
"""

import math
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from toandan.vietnamese.text import fold

from .analysis import FOLDED
from .fields import TEXT_FIELDS

BM25_B, BM25_K1 = 0.75, 1.2  # Whoosh's defaults
WARM_DF = 64  # postings of terms in more documents than this are read when an index is opened
WARM_PLACES = 0.1  # and the places of those in more than this share of documents (phrases.SKIP_COST)
# (field, weight, folded): a word's exact form weighs more than all its forms together, so the
# correctly accented document ranks first.
WORD_FIELDS = (("title", 8.0, False), ("body", 5.0, False), ("title", 2.0, True), ("body", 1.0, True))
# Two neighbouring words of the query found next to each other (in any form) in a text field weigh
# as much again as a word there: its folded weight, and its exact weight where the document holds
# both words as they were typed.
PAIR_WEIGHTS = {"title": (2.0, 8.0), "body": (1.0, 5.0)}  # (folded, exact), as in WORD_FIELDS


def _bm25(idf: float, frequencies: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Whoosh's BM25F of a term in documents, from its frequencies and their lengths over the average."""
    return idf * (frequencies * (BM25_K1 + 1)) / (frequencies + BM25_K1 * ((1 - BM25_B) + BM25_B * lengths))


def _postings(reader, field_name: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers and term frequencies of one term, across the index's segments."""
    ids, weights = [], []
    for leaf, offset in reader.leaf_readers():
        if (field_name, text) not in leaf:
            continue
        matcher = leaf.postings(field_name, text)  # deleted documents skipped (the live mask drops them too)
        while matcher.is_active():
            ids.append(matcher.id() + offset)
            weights.append(matcher.weight())
            matcher.next()
    return np.array(ids, dtype=np.int32), np.array(weights, dtype=np.float32)


class IndexArrays:
    """Not thread-safe: SearchIndex lets one thread at a time use it.

    Ranking counts live documents only. An edit or a deletion marks the old document deleted, and
    Whoosh keeps it, its length and its postings until its segment is merged; Whoosh's own counts
    (doc_count_all, field_length, doc_frequency) include it, so an index after edits would rank
    otherwise than one written afresh from the same articles. Here the number of documents, each
    field's average length and each term's document frequency are those of live documents: the
    average from the lengths the index records for each document (rounded to one byte by Whoosh:
    its field totals count deleted documents, and after a merge are sums of rounded lengths too),
    the frequencies from the postings, once the deleted documents are taken out of them.
    """

    def __init__(self, ix):
        self.searcher = ix.searcher()
        reader = self.reader = self.searcher.reader()
        count = self.count = reader.doc_count_all()
        self.live = np.zeros(count, dtype=bool)
        self.live[list(reader.all_doc_ids())] = True
        self.live_count = int(self.live.sum())
        self.lengths, self.average = {}, {}
        for name in TEXT_FIELDS:
            # None for a document with nothing in the field
            self.lengths[name] = np.array([reader.doc_field_length(d, name, 0) or 0 for d in range(count)],
                                          dtype=np.float32)
            total = float(self.lengths[name][self.live].sum(dtype=np.float64))  # whole numbers: exact
            self.average[name] = (total / self.live_count if self.live_count else 0) or 1.0
        ids = reader.column_reader("id", translate=False)
        by_id = sorted(range(count), key=ids.__getitem__)
        self.id_order = np.empty(count, dtype=np.int32)  # each document's place in the order of ids
        self.id_order[by_id] = np.arange(count, dtype=np.int32)
        self.labels, self.codes = {}, {}
        for name in ("category", "unit", "year"):
            column = reader.column_reader(name, translate=False)
            values = [column[d].decode() for d in range(count)]
            self.labels[name] = sorted(set(values))
            position = {label: n for n, label in enumerate(self.labels[name])}
            self.codes[name] = np.array([position[value] for value in values], dtype=np.int32)
        column = reader.column_reader("date", translate=False)
        undated = 2 ** 63  # Whoosh's value for no date, beyond int64: such pages sort last
        self.dates = np.array([v if v < undated else -1 for v in map(column.__getitem__, range(count))],
                              dtype=np.int64)
        self._titles: dict[int, tuple[str, ...]] = {}
        self._postings: dict[tuple[str, str, bool], tuple[np.ndarray, np.ndarray, float]] = {}
        self._forms: dict[str, dict[str, list[str]]] = {}
        self._places: dict[tuple[str, str], np.ndarray] = {}

    def forms(self, field_name: str) -> dict[str, list[str]]:
        """The words of a text field by their folded form."""
        found = self._forms.get(field_name)
        if found is None:
            found = self._forms[field_name] = defaultdict(list)
            for text in self.reader.lexicon(field_name):  # terms come as UTF-8 bytes
                found[fold(text.decode())].append(text.decode())
            found.default_factory = None  # looking up a word must not add it
        return found

    def forms_of(self, field_name: str, folded: str) -> list[str]:
        """The terms of a field that fold to `folded`."""
        return self.forms(field_name).get(folded, [])

    def documents(self, field_name: str, folded: str) -> int:
        """How many live documents hold a folded word in any form (a document holding two counts twice)."""
        return sum(len(self._exact(field_name, word)[0]) for word in self.forms(field_name).get(folded, []))

    def frequency(self, field_name: str, word: str) -> float:
        """How many times live documents hold a word, in this form."""
        return float(self._exact(field_name, word)[1].sum())

    def postings(self, field_name: str, text: str, folded: bool = False) -> tuple[np.ndarray, np.ndarray, float]:
        """(document numbers, term frequencies, idf) of a term, kept once read. Folded, the term is
        every term of the field that folds to text, counted as one, as a folded field would hold it."""
        key = (field_name, text, folded)
        found = self._postings.get(key)
        if found is None:
            if not folded:
                ids, frequencies = self._live(*_postings(self.reader, field_name, text))
            else:
                parts = [self._exact(field_name, term) for term in self.forms_of(field_name, text)]
                ids, inverse = np.unique(np.concatenate([p[0] for p in parts] or [np.zeros(0, np.int32)]),
                                         return_inverse=True)
                weights = np.concatenate([p[1] for p in parts] or [np.zeros(0, np.float32)])
                ids, frequencies = ids.astype(np.int32), np.bincount(inverse, weights, len(ids)).astype(np.float32)
            idf = math.log(self.live_count / (len(ids) + 1)) + 1  # len(ids): the live documents holding it
            found = self._postings[key] = (ids, frequencies, idf)
        return found

    def _live(self, ids: np.ndarray, frequencies: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Postings without those of deleted documents."""
        keep = self.live[ids]
        return (ids, frequencies) if keep.all() else (ids[keep], frequencies[keep])

    def _exact(self, field_name: str, word: str) -> tuple[np.ndarray, np.ndarray]:
        """A term's live postings as kept, when its exact form was asked for first (warm-up and
        queries ask for it before its folded form); read, and not kept, otherwise."""
        kept = self._postings.get((field_name, word, False))
        return kept[:2] if kept is not None else self._live(*_postings(self.reader, field_name, word))

    def places(self, field_name: str, folded: str) -> np.ndarray | None:
        """Where every form of a folded term stands in live documents, as sorted keys
        (document << 32) | position; None if not read yet (read_places)."""
        return self._places.get((field_name, folded))

    def read_places(self, field_name: str, folded: str) -> np.ndarray:
        """The same, read now from every segment through Whoosh's matcher, and kept."""
        found = self._places.get((field_name, folded))
        if found is None:
            ids, values = [], []
            for term in self.forms_of(field_name, folded):
                for leaf, offset in self.reader.leaf_readers():
                    if (field_name, term) not in leaf:
                        continue
                    for docnum, value in leaf.postings(field_name, term).all_items():
                        ids.append(docnum + offset)
                        values.append(value)
            counts, positions = self.reader.schema[field_name].format.places(values)
            docs = np.repeat(np.array(ids, dtype=np.int64), counts)
            keep = self.live[docs]
            found = self._places[field_name, folded] = np.sort((docs[keep] << 32) | positions[keep])
        return found

    def title(self, docnum: int) -> tuple[str, ...]:
        """The folded words of a document's title."""
        found = self._titles.get(docnum)
        if found is None:
            title = self.searcher.stored_fields(docnum).get("title", "")
            found = self._titles[docnum] = tuple(FOLDED.words(title))
        return found

    def warm(self, min_documents: int = WARM_DF) -> int:
        """Read every title, the postings of every word in more than min_documents documents, and
        the places of every word (folded) in more than WARM_PLACES of the live documents, which a
        quoted phrase reads whole and neighbouring words are ranked from."""
        for docnum in range(self.count):
            self.title(docnum)
        warmed = 0
        for name in TEXT_FIELDS:
            counts = self._document_counts(name)
            for folded, words in self.forms(name).items():
                frequencies = [counts[word] for word in words]
                for word, documents in zip(words, frequencies):
                    if documents > min_documents:
                        self.postings(name, word)
                        warmed += 1
                if sum(frequencies) > min_documents:
                    self.postings(name, folded, folded=True)
                    warmed += 1
                if sum(frequencies) > WARM_PLACES * self.live_count:
                    self.read_places(name, folded)
        return warmed

    def _document_counts(self, field_name: str) -> dict[str, int]:
        """How many documents (deleted ones too, as Whoosh's doc_frequency counts) hold each term of
        a field: one pass over each segment's terms, where doc_frequency looks a term up in each."""
        counts: dict[str, int] = defaultdict(int)
        for leaf, _ in self.reader.leaf_readers():
            for text, info in leaf.iter_field(field_name):
                counts[text.decode()] += info.doc_frequency()
        return counts

    def bm25(self, field_name: str, text: str, folded: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Documents holding the term and their BM25 scores, as Whoosh's BM25F computes them."""
        ids, frequencies, idf = self.postings(field_name, text, folded)
        lengths = self.lengths[field_name][ids] / self.average[field_name]
        scores = _bm25(idf, frequencies, lengths)
        return ids, scores

    def score(self, words: Iterable[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For each document: whether it holds every word (in some form), its BM25F score over the
        four fields with their weights, its score in folded titles, and how many of the words its title holds."""
        matched = self.live.copy()
        scores = np.zeros(self.count, dtype=np.float32)
        in_title = np.zeros(self.count, dtype=np.float32)
        title_words = np.zeros(self.count, dtype=np.int8)
        for word in words:
            found = np.zeros(self.count, dtype=bool)
            for name, weight, folded in WORD_FIELDS:
                ids, term_scores = self.bm25(name, fold(word) if folded else word, folded)
                scores[ids] += weight * term_scores
                if folded:  # every form of the word
                    found[ids] = True
                if folded and name == "title":
                    in_title[ids] += term_scores
                    title_words[ids] += 1
            matched &= found
        return matched, scores, in_title, title_words

    def pair_scores(self, pairs: Iterable[tuple[str, str]], together) -> np.ndarray:
        """For each document, the BM25F score of the query's neighbouring words found next to each
        other, in each text field. together(field, first, second): how many times, in each
        document, the folded word `second` stands right after `first` (phrases.together)."""
        scores = np.zeros(self.count, dtype=np.float32)
        for first, second in pairs:
            for name, (weight, exact_weight) in PAIR_WEIGHTS.items():
                frequencies = together(name, fold(first), fold(second))
                ids = np.flatnonzero(frequencies)
                if not len(ids):
                    continue
                idf = math.log(self.live_count / (len(ids) + 1)) + 1
                lengths = self.lengths[name][ids] / self.average[name]
                found = frequencies[ids].astype(np.float32)
                term_scores = _bm25(idf, found, lengths)
                as_typed = np.isin(ids, self._exact(name, first)[0]) & np.isin(ids, self._exact(name, second)[0])
                scores[ids] += (weight + exact_weight * as_typed) * term_scores
        return scores

    def facets(self, documents: np.ndarray) -> dict[str, dict[str, int]]:
        facets = {}
        for name in ("category", "year"):
            labels = self.labels[name]
            counts = np.bincount(self.codes[name][documents], minlength=len(labels))
            pairs = [(labels[n], int(c)) for n, c in enumerate(counts) if c and labels[n]]
            facets[name] = dict(sorted(pairs, key=lambda item: (-item[1], item[0])))
        return facets
