"""Searching the corpus: folded and exact queries, đ, numbers, suggestions, facets, hostile
queries, and scores that are Whoosh's BM25F."""

import math

import pytest

from search_corpus import CORPUS, candidates, document, ids
from toandan.search import SearchIndex, parse_query, update_index
from toandan.vietnamese.text import fold


CASES = [
    # query, options, expectation: ("first", id) | ("has", id) | ("not", id) | ("total", n) | ("order", [ids])
    ("bao ve an ninh to quoc", {}, ("first", "bao-ve")),
    ("bảo vệ an ninh Tổ quốc", {}, ("first", "bao-ve")),
    ("BAO VE", {}, ("has", "bao-ve")),
    ("bảo", {}, ("order", ["bao-ve"])),  # the exact diacritics rank first
    ("báo", {}, ("order", ["bao-cao"])),
    ("bào", {}, ("order", ["bao-tang"])),
    ("bao", {}, ("total", 3)),
    ("dang", {}, ("has", "dang-uy")),
    ("Đảng", {}, ("first", "dang-uy")),
    ("duong bien", {}, ("first", "duong-bien")),
    ("đường biên", {}, ("first", "duong-bien")),
    ('"tổ tự quản"', {}, ("has", "to-tu-quan")),
    ('"to tu quan"', {}, ("not", "tu-quan-to")),  # the words are there, not in that order
    ('"bao ve an ninh"', {}, ("order", ["bao-ve"])),  # a phrase typed without diacritics
    ('"an ninh bao ve"', {}, ("total", 0)),
    ('"lap camera"', {}, ("order", ["camera"])),  # in the title only
    ("to tu quan", {}, ("has", "tu-quan-to")),
    ("1.691", {}, ("first", "to-tu-quan")),
    ("8.230", {}, ("first", "qua-tang")),
    ("3,68 tỷ", {}, ("first", "qua-tang")),
    ("camera", {}, ("total", 1)),
    ("an", {}, ("has", "an-toan")),  # a two-letter Vietnamese word is not a stop word
    ("ở", {"per_page": 50}, ("has", "an-toan")),
    ("tuyên truyền", {"year": "2022"}, ("not", "bao-cao-2021")),
    ("tuyen truyen", {"category": "Tin hoạt động", "year": "2022"}, ("total", 14)),
    ("an ninh", {"unit": "Công an huyện Lộc Ninh"}, ("order", ["camera"])),
    ("an ninh", {"year": "1999"}, ("total", 0)),
    ("khong co tu nay", {}, ("total", 0)),
    ("ma tuý", {}, ("first", "ma-tuy")),  # the other placement of the tone mark
    ("tuyen truyen", {"sort": "newest", "per_page": 5}, ("total", 14)),
]


@pytest.mark.parametrize("query, options, expectation", CASES)
def test_query_table(index, query, options, expectation):
    result = index.search(query, **options)
    kind, value = expectation
    if kind == "first":
        assert ids(result)[:1] == [value], ids(result)
    elif kind == "has":
        assert value in ids(result), ids(result)
    elif kind == "not":
        assert value not in ids(result)
    elif kind == "total":
        assert result.total == value, ids(result)
    elif kind == "order":
        assert ids(result)[: len(value)] == value, ids(result)


def test_diacritics_rank_exact_matches_above_others(index):
    assert ids(index.search("bảo"))[0] == "bao-ve"
    assert set(ids(index.search("bảo"))) == {"bao-ve", "bao-cao", "bao-tang"}


def test_suggestions_for_misspelt_queries(index):
    assert index.search("camea").suggestion == "camera"
    assert index.search("tuyen truyn").suggestion == "tuyen truyen"
    assert index.search("tuyên truyềnn").suggestion == "tuyên truyền"  # from the exact words
    assert index.search("camera").suggestion is None


def test_highlights_are_escaped_and_marked(index):
    hit = index.search("bao ve").hits[0]
    assert "<mark" in hit["snippet"] and "bảo</mark>" in hit["snippet"]
    assert "<mark" in hit["title_html"]


def test_facets_and_paging(index):
    result = index.search("tuyen truyen", per_page=5, page=2)
    assert result.total == 14 and result.pages == 3 and len(result.hits) == 5
    assert result.facets == {"category": {"Tin hoạt động": 14}, "year": {"2022": 14}}
    newest = index.search("tuyen truyen", sort="newest", per_page=50).hits
    dates = [hit["date"] for hit in newest]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("hostile, words, total", [
    # as query syntax, each would find something else: a phrase, everything, a prefix, either word...
    ('"unbalanced bảo vệ', "unbalanced bảo vệ", 0), ('"bảo vệ', "bảo vệ", 2), ("*", "", 0), ("bảo*", "bảo", 3),
    ("bảo OR báo", "bảo or báo", 0), ("camera AND NOT ninh", "camera and not ninh", 0), ("title:", "title", 0),
    ("title:bảo", "title bảo", 0), ("body_f:camera", "body f camera", 0), ("(((camera", "camera", 1),
    ("camera)", "camera", 1), ("x" * 5000, "x" * 200, 0), ("\x00\x01\x02 bảo \x7f", "bảo", 3),
    ("<script>alert(1)</script>", "script alert 1 script", 0), ("\u202e bảo", "bảo", 3),
    ("camera~2 ^3 [a TO z]", "camera 2 3 a to z", 0), ("camera^3", "camera 3", 0),
])
def test_hostile_queries_are_just_text(index, hostile, words, total):
    result = index.search(hostile)
    assert (result.total, ids(result)) == (total, ids(index.search(words)))
    for hit in result.hits:
        assert "<script" not in hit["snippet"] and "<script" not in hit["title_html"]


def test_query_parsing():
    assert parse_query('"tổ tự quản" bảo vệ').phrases == (("tổ", "tự", "quản"),)
    assert parse_query('"tổ tự quản" bảo vệ').words == ("bảo", "vệ")
    assert parse_query("OR OR").words == ("or",)
    assert parse_query("*").empty and parse_query("").empty
    assert len(parse_query(" ".join(f"w{n}x" for n in range(50))).words) == 12


@pytest.fixture(scope="module")
def folded_fields(tmp_path_factory):
    """The corpus indexed as the folded view reads it: each text a second time, folded, by Whoosh alone."""
    from whoosh import index as whoosh_index
    from whoosh.fields import TEXT, Schema

    from toandan.search.analysis import EXACT, FOLDED
    from toandan.search.fields import fields_of as _fields

    schema = Schema(title=TEXT(analyzer=EXACT), body=TEXT(analyzer=EXACT),
                    title_f=TEXT(analyzer=FOLDED), body_f=TEXT(analyzer=FOLDED))
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("folded")), schema)
    with ix.writer() as writer:
        for item in CORPUS:  # in the order update_index adds them: the same document numbers
            fields = _fields(document(item))
            writer.add_document(title=fields["title"], title_f=fields["title"], body=fields["body"],
                                body_f=fields["body"])
    return ix


@pytest.mark.parametrize("words", [["bảo"], ["bao"], ["an"], ["tuyen", "truyen"], ["an", "ninh"], ["1.691"],
                                   ["đường", "bien"], ["khong", "co"], ["quản", "tự"]])
def test_scores_are_whooshs_bm25f_over_exact_and_folded_fields(index, folded_fields, words):
    """The arrays rank as Whoosh's own BM25F would over an exact and a folded copy of each text:
    same documents, same scores, the folded copy read from the exact postings. Whoosh is given the
    average of the field lengths it records for each document (rounded to a byte), as the arrays
    take it, rather than of the exact lengths."""
    from whoosh.query import And, Or, Term

    from toandan.search.arrays import WORD_FIELDS
    from toandan.vietnamese.text import fold

    matched, scores, in_title, _ = index._memory().score(words)
    query = And([Or([Term(f"{name}_f" if folded else name, fold(word) if folded else word, boost=weight)
                     for name, weight, folded in WORD_FIELDS]) for word in words])
    with folded_fields.searcher() as searcher:
        reader = searcher.reader()
        recorded = {name: sum(reader.doc_field_length(d, name) for d in range(reader.doc_count())) / reader.doc_count()
                    for name in ("title", "body", "title_f", "body_f")}
        assert recorded["body"] != reader.field_length("body") / reader.doc_count()  # the rounding shows
        searcher.avg_field_length = lambda name, default=None: recorded[name]
        expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
        titles = {hit.docnum: hit.score for hit in searcher.search(Or([Term("title_f", fold(w)) for w in words]),
                                                                    limit=None)}
    assert set(matched.nonzero()[0]) == set(expected)
    assert expected or words == ["khong", "co"]  # 'có' is in no text
    for docnum, score in expected.items():
        assert scores[docnum] == pytest.approx(score, rel=1e-5)
    for docnum, score in titles.items():
        assert in_title[docnum] == pytest.approx(score, rel=1e-5)


def test_neighbouring_words_rank_above_the_same_words_apart(tmp_path):
    items = [("apart", "Tin", "Công tác bảo đảm an toàn, vệ sinh môi trường.", "Tin hoạt động", "Công an tỉnh", 2021),
             ("together", "Tin tức", "Công tác bảo vệ môi trường, an toàn.", "Tin hoạt động", "Công an tỉnh", 2021)]
    link = tmp_path / "index"
    update_index(link, candidates(items))
    for query in ("bảo vệ", "bao ve", '"bao ve"'):
        assert ids(SearchIndex(link).search(query))[0] == "together", query
    assert ids(SearchIndex(link).search('"bao ve"')) == ["together"]
    assert all(math.isfinite(score) for score in SearchIndex(link).search("tin tức an toàn").scores)
