"""Quoted phrases: exactly the documents a brute-force match finds, within their time limit."""

import functools

import pytest

from search_corpus import CORPUS, candidates, document, ids
from toandan.search import SearchIndex, update_index
from toandan.vietnamese.text import fold


def test_a_phrase_s_time_limit_counts_the_documents_examined_not_those_found(tmp_path):
    """A phrase whose words are in many documents but never in its order finds nothing: its time
    limit must still hold. With no time at all, the first document examined ends the search."""
    link = tmp_path / "index"
    update_index(link, candidates(CORPUS))
    phrase = '"tuyên truyền số biên giới"'  # each word in fourteen documents, never in this order
    unhurried = SearchIndex(link).search(phrase)
    assert (unhurried.total, unhurried.timed_out) == (0, False)
    assert SearchIndex(link).search("tuyên truyền số biên giới").total == 13
    out_of_time = SearchIndex(link, time_limit=0).search(phrase)
    assert (out_of_time.total, out_of_time.timed_out) == (0, True)
    found = SearchIndex(link, time_limit=0).search('"tuyên truyền số"')
    assert found.timed_out and found.total < 13
    assert SearchIndex(link).search('"tuyên truyền số"').total == 13
    # Unquoted, out of time only for ranking the words that stand together: every match, not partial.
    words = SearchIndex(link, time_limit=0).search("tuyên truyền số biên giới", per_page=100)
    assert (words.total, words.timed_out) == (13, False)


# -- phrases against a brute-force match over the documents -------------------------------------

PHRASE_WORDS = "an ninh án trật tự tử bảo vệ báo về tổ quốc tố cơ sở số công an xóm ấp ap".split()
RARE_WORDS = "phong trào nhân dân cầu đường hẻm".split()  # each in a few documents


@pytest.fixture(scope="module")
def phrase_corpus(tmp_path_factory):
    """Texts of a few syllables, some differing only in diacritics, so phrases of them are common
    and near misses commoner; titles of one word among them."""
    import random

    rng = random.Random(11)
    items = []
    for n in range(240):
        title = " ".join(rng.choice(PHRASE_WORDS) for _ in range(rng.randint(1, 5)))
        body = ". ".join(" ".join(rng.choice(RARE_WORDS if rng.random() < 0.06 else PHRASE_WORDS)
                                  for _ in range(rng.randint(3, 12))) for _ in range(rng.randint(1, 6)))
        items.append((f"p{n:03d}", title, body, "Tin hoạt động", "Công an tỉnh", 2020 + n % 3))
    link = tmp_path_factory.mktemp("phrases") / "index"
    update_index(link, candidates(items))
    return items, SearchIndex(link)


@functools.cache
def _words(item, fold_words: bool) -> tuple[list[str], list[str]]:
    """The words of a document's title, and of its text and labels, as the index reads them."""
    from toandan.search.analysis import EXACT, FOLDED

    analyzer, fields = FOLDED if fold_words else EXACT, document(item)
    return analyzer.words(fields.title), analyzer.words(f"{fields.body}\n{fields.meta}")


def _brute_force(items, tokens: list[str], fold_words: bool) -> set[str]:
    """The documents whose title, or text and labels, hold the tokens one after the other."""
    wanted = [(fold(token) if fold_words else token).lower() for token in tokens]
    return {item[0] for item in items for words in _words(item, fold_words)
            if any(words[i:i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1))}


@pytest.mark.slow  # some 160 phrase searches, each checked by brute force over the corpus
def test_phrases_find_exactly_the_documents_a_brute_force_match_finds(phrase_corpus):
    import random

    items, index = phrase_corpus
    rng = random.Random(5)
    phrases = [[rng.choice(PHRASE_WORDS) for _ in range(rng.randint(2, 4))] for _ in range(40)]
    phrases += [[rng.choice(RARE_WORDS + PHRASE_WORDS) for _ in range(rng.randint(2, 4))] for _ in range(30)]
    phrases += [["an", "ninh"], ["an", "ninh", "trật", "tự"], ["tin", "hoạt", "động"], ["bao", "ve", "to", "quoc"],
                ["an", "an"], ["an", "ninh", "an"], ["ninh", "tự"], ["phong", "trào"], ["nhân", "dân", "an"]]
    sizes = []
    for tokens in phrases:
        for typed in (tokens, [fold(token) for token in tokens]):  # with diacritics and without
            result = index.search(f'"{" ".join(typed)}"', per_page=1000)
            assert set(ids(result)) == _brute_force(items, typed, fold_words=True), typed
            assert not result.timed_out
            sizes.append(result.total)
    assert sum(1 for size in sizes if size) > 40 and sum(1 for size in sizes if not size) > 10  # found, and not


@pytest.mark.slow  # some 140 phrase searches twice, each checked by brute force over the corpus
@pytest.mark.parametrize("skip_cost", [0, 10 ** 9])
def test_a_phrase_s_places_are_read_alike_whole_or_for_its_candidates_alone(phrase_corpus, monkeypatch, skip_cost):
    """A term's places are read whole and kept (a fair share of its documents are candidates) or
    read for the candidates alone: each way, a phrase finds exactly its documents."""
    import random

    from toandan.search import phrases as phrase_search

    items, index = phrase_corpus
    monkeypatch.setattr(phrase_search, "SKIP_COST", skip_cost)  # 0: candidates alone; else whole
    read_for_candidates = []
    candidates_places = phrase_search._candidates_places
    monkeypatch.setattr(phrase_search, "_candidates_places",
                        lambda *args: read_for_candidates.append(args[2]) or candidates_places(*args))
    fresh = SearchIndex(index.link)  # nothing read yet
    rng = random.Random(8)
    phrases = [[rng.choice(RARE_WORDS + PHRASE_WORDS) for _ in range(rng.randint(2, 4))] for _ in range(70)]
    for tokens in phrases:
        result = fresh.search(f'"{" ".join(tokens)}"', per_page=1000)
        assert set(ids(result)) == _brute_force(items, tokens, fold_words=True), tokens
    assert bool(read_for_candidates) == (not skip_cost)


def test_the_warm_up_reads_what_phrases_of_its_common_terms_read(phrase_corpus, monkeypatch):
    """With every term common enough to be warmed, a phrase reads no postings and no places of its own."""
    from toandan.search import arrays as index_arrays

    items, index = phrase_corpus
    monkeypatch.setattr(index_arrays, "WARM_PLACES", 0)
    fresh = SearchIndex(index.link)
    arrays = fresh._memory()
    arrays.warm(min_documents=0)
    def read():  # terms of the index whose postings or places are kept (an absent one is kept as empty)
        return {key for key, (ids, *_) in arrays._postings.items() if len(ids)}, set(arrays._places)

    warmed = read()
    texts = [_words(item, fold_words=fold_words)[1] for item in items[:40:8] for fold_words in (False, True)]
    for words in texts:  # phrases of two to four words that documents hold, with diacritics and without
        for phrase in (words[:2], words[1:4], words[-3:]):
            assert fresh.search(f'"{" ".join(phrase)}"').total, phrase
    assert read() == warmed
