"""Search over a small hand-made corpus: folded and exact queries, đ, phrases, filters, ranking."""

import functools
import math
from datetime import datetime

import pytest

from toandan.vietnamese.dates import TIMEZONE
from toandan.search import Candidate, SearchDocument, SearchIndex, parse_query, update_index
from toandan.vietnamese.text import fold

CORPUS = [
    # id, title, body, category, unit, year
    ("bao-ve", "Toàn dân bảo vệ an ninh Tổ quốc ở khu dân cư",
     "Người dân bảo vệ an ninh Tổ quốc, giữ bình yên xóm ấp.", "Tin hoạt động", "Công an tỉnh", 2021),
    ("bao-cao", "Báo cáo sơ kết phong trào",
     "Bản báo cáo nêu kết quả tuyên truyền trong năm.", "Tin hoạt động", "Công an tỉnh", 2022),
    ("bao-tang", "Tham quan nhà truyền thống", "Học sinh được giới thiệu về bào thai lịch sử của tỉnh.",
     "Gương người tốt việc tốt", "Tỉnh đoàn", 2020),
    ("dang-uy", "Đảng ủy Công an tỉnh lãnh đạo phong trào", "Đảng ủy ban hành nghị quyết về dân vận.",
     "Chính sách pháp luật", "Công an tỉnh", 2021),
    ("duong-bien", "Giữ gìn đường biên, mốc giới", "Tổ tự quản tuần tra đường biên mỗi tháng.",
     "An ninh trật tự", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", 2022),
    ("to-tu-quan", "Củng cố 1.691 tổ tự quản", "Toàn tỉnh có 1.691 tổ tự quản với gần 47.000 thành viên.",
     "Mô hình tiêu biểu", "Ủy ban MTTQ tỉnh", 2021),
    ("tu-quan-to", "Quản lý tự giác", "Mỗi tổ dân phố tự quản lý người tạm trú; quản tự là sai trật tự từ.",
     "Mô hình tiêu biểu", "Ủy ban MTTQ tỉnh", 2020),
    ("camera", "Lắp camera an ninh ở Lộc Ninh", "Mạng lưới camera an ninh giúp truy tìm kẻ trộm.",
     "Mô hình tiêu biểu", "Công an huyện Lộc Ninh", 2022),
    ("qua-tang", "Trao 8.230 phần quà", "Tổng trị giá 3,68 tỷ đồng cho hộ nghèo.", "Tin hoạt động",
     "Công an tỉnh", 2021),
    ("an-toan", "Trường học an toàn", "Ở trường, học sinh được dạy về an toàn giao thông.",
     "Mô hình tiêu biểu", "Công an tỉnh", 2022),
    ("cuu-chien-binh", "Cựu chiến binh hòa giải", "Ông Tư hòa giải mâu thuẫn ở ấp.",
     "Gương người tốt việc tốt", "Hội Cựu chiến binh tỉnh", 2020),
    ("ma-tuy", "Phòng chống ma túy", "Câu lạc bộ 3 không: không mua bán, không tàng trữ, không sử dụng.",
     "Phòng chống tội phạm", "Hội Liên hiệp Phụ nữ tỉnh", 2022),
] + [(f"tin-{n}", f"Tin ngắn số {n} về tuyên truyền", f"Buổi tuyên truyền số {n} ở xã biên giới.",
      "Tin hoạt động", "Tỉnh đoàn", 2022) for n in range(1, 14)]


def document(item) -> SearchDocument:
    doc_id, title, body, category, unit, year = item
    return SearchDocument(doc_id, "article", f"{year}/01/{doc_id}/", title, body, f"{category} · {unit}",
                          category, unit, datetime(year, 3, int(len(doc_id) % 27) + 1, 8, tzinfo=TIMEZONE),
                          fingerprint=f"{title}|{body}")


def candidates(items):
    return [Candidate(item[0], f"{item[1]}|{item[2]}", (lambda item=item: document(item))) for item in items]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    link = tmp_path_factory.mktemp("search") / "index"
    update_index(link, candidates(CORPUS))
    return SearchIndex(link)


def ids(result) -> list[str]:
    return [hit["id"] for hit in result.hits]


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


def test_snippets_mark_every_form_of_the_words_and_escape_the_rest():
    from toandan.search.snippets import snippet as _snippet

    text = "<b>Đường</b> biên " + "xa " * 200 + "giữ ĐƯỜNG biên và đương nhiên"
    snippet = _snippet(text, {"duong", "bien"})
    assert snippet.startswith("&lt;b&gt;<mark>Đường</mark>&lt;/b&gt; <mark>biên</mark>")
    assert " … " in snippet and "<mark>ĐƯỜNG</mark> <mark>biên</mark> và <mark>đương</mark>" in snippet
    assert "<b>" not in snippet and len(snippet) < 700
    assert _snippet("Không có gì <trùng>", {"camera"}) == "Không có gì &lt;trùng&gt;"


def test_snippets_mark_the_words_a_text_s_tokens_hold_and_no_part_of_one():
    """The query's words are found where they stand as whole tokens of the text, as the index
    splits it: not inside a longer word or number, whatever stands beside them."""
    import random

    from toandan.search.analysis import TOKEN
    from toandan.search.snippets import matches

    rng = random.Random(3)
    pieces = ["an", "ân", "ninh", "anh", "1", "691", "1.691", "3,2", ".", ",", " ", "_", "-", "Đ", "đ", "x"]
    for _ in range(600):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        terms = set(rng.sample(["an", "ninh", "d", "1", "691", "1.691", "3,2", "2", "anh"], rng.randint(1, 4)))
        expected = [m.span() for m in TOKEN.finditer(fold(text.lower())) if m.group() in terms]
        assert matches(text, terms) == expected, (text, terms)


def test_a_deleted_or_changed_article_leaves_the_results(tmp_path):
    link = tmp_path / "index"
    update_index(link, candidates(CORPUS))
    index = SearchIndex(link, check_every=0)
    assert "camera" in ids(index.search("camera"))
    changed = [item if item[0] != "an-toan" else (*item[:2], "Nay có camera ở cổng trường.", *item[3:])
               for item in CORPUS if item[0] != "camera"]
    update_index(link, candidates(changed))
    assert ids(index.search("camera")) == ["an-toan"]
    assert index.search("camera").facets["year"] == {"2022": 1}


@pytest.mark.parametrize("kept", [True, False], ids=["fingerprints kept", "an index without them"])
def test_an_update_re_indexes_exactly_the_changed_documents(tmp_path, kept):
    link = tmp_path / "index"
    update_index(link, candidates(CORPUS))
    if not kept:  # an index written before the fingerprints were kept beside it
        (link / "fingerprints.json").unlink()
    changed = [item if item[0] != "an-toan" else (*item[:2], "Nay có camera ở cổng trường.", *item[3:])
               for item in CORPUS if item[0] != "camera"] + [("moi", "Bài mới", "Nội dung mới.", "Tin hoạt động",
                                                             "Công an tỉnh", 2022)]
    report = update_index(link, candidates(changed))
    assert (report.added, report.updated, report.deleted, report.unchanged) == (1, 1, 1, len(CORPUS) - 2)
    assert update_index(link, candidates(changed)).unchanged == len(changed)


def test_documents_deleted_but_not_yet_merged_away_are_not_found(tmp_path):
    from whoosh import index as whoosh_index

    link = tmp_path / "index"
    update_index(link, candidates(CORPUS))
    ix = whoosh_index.open_dir(str(link.resolve()))
    writer = ix.writer()
    writer.delete_by_term("id", "camera")
    writer.commit(merge=False)  # the postings stay on disk, marked deleted
    result = SearchIndex(link).search("camera an ninh")
    assert result.total == 0 and result.facets == {"category": {}, "year": {}}


WORD_FIELDS = ("title", "body")


def test_counted_postings_hold_what_whooshs_own_do(tmp_path):
    """The schema's quick format writes the postings Whoosh's Positions would, each one's places
    as numbers rather than pickled; its places() reads a term's postings' places at once."""
    from whoosh import index as whoosh_index
    from whoosh.fields import TEXT, Schema

    from toandan.search.analysis import EXACT, FOLDED
    from toandan.search.fields import schema

    SCHEMA = schema()
    from toandan.search.fields import fields_of as _fields

    plain = Schema(**{name: (TEXT(analyzer=SCHEMA[name].analyzer, stored=SCHEMA[name].stored)
                             if name in WORD_FIELDS else SCHEMA[name])
                      for name in SCHEMA.names()})
    texts = [item[1:3] for item in CORPUS] + [("Ê Đê, ǅ và ﬁ", "Số 1.691 và 3,68 — đường biên ĐƯỜNG BIÊN")]
    postings = []
    for schema in (SCHEMA, plain):
        folder = tmp_path / str(len(postings))
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), schema)
        with ix.writer() as writer:
            for n, (title, body) in enumerate(texts):
                writer.add_document(**_fields(document((f"d{n}", title, body, "", "", 2021))))
        with ix.reader() as reader:
            postings.append([(*p[:4], schema[p[0]].format.decode_positions(p[4]))
                             for p in reader.iter_postings() if p[0] in WORD_FIELDS])
    assert postings[0] == postings[1] and len(postings[0]) > 300
    values = [SCHEMA["body"].format.encode(places) for places in ([3], [0, 7, 9], [4096, 70000])]
    counts, places = SCHEMA["body"].format.places(values)
    assert counts.tolist() == [1, 3, 2] and places.tolist() == [3, 0, 7, 9, 4096, 70000]
    assert EXACT.words("Đường BIÊN 1.691") == ["đường", "biên", "1.691"] and FOLDED.words("Đường") == ["duong"]
    words, numbers = EXACT.numbered("Đường BIÊN, 1.691 và đường")
    assert words == ["đường", "biên", "1.691", "và"] and numbers.tolist() == [0, 1, 2, 3, 0]


@pytest.mark.slow  # two indexes of 600 documents, one in forked batches
def test_a_large_full_index_written_in_batches_answers_as_one_writer_does(tmp_path, monkeypatch):
    """A full index of many documents, written in batches by two processes, ranks as one writer's index."""
    from toandan.search import writing

    monkeypatch.setattr(writing, "FULL_BATCH", 250)
    many = [(f"{item[0]}-{n}", item[1], f"{item[2]} " + "an ninh trật tự " * n + f"số {n}", *item[3:])
            for n in range(24) for item in CORPUS]  # 600 documents, no two of one text the same length
    answers = []
    for processes in (1, 2):
        link = tmp_path / str(processes) / "index"
        update_index(link, candidates(many), processes=processes)
        index = SearchIndex(link)
        segments = len(list(link.resolve().glob("*.seg")))
        results = {q: index.search(q, per_page=20) for q in ("bao ve", "an ninh", "camera", "đường biên", "1.691")}
        answers.append((segments, {q: (r.total, r.facets, [hit["id"] for hit in r.hits][:3]) for q, r in results.items()}))
    (one_writer, alone), (batched, together) = answers
    assert one_writer == 1 and batched >= 4  # three batches of two processes' segments
    assert alone == together and alone["an ninh"][0] > 300


@pytest.mark.slow  # a full index of twelve batches, then update after update
def test_updates_merge_small_segments_by_tiers_and_leave_a_full_builds_batches(tmp_path, monkeypatch):
    """Whoosh's own merge policy would, on the first of these updates, merge the twelve batches into
    one segment: an edit costing a whole index's merge."""
    from whoosh import index as whoosh_index

    from toandan.search import writing

    monkeypatch.setattr(writing, "FULL_BATCH", 100)
    many = [(f"{item[0]}-{n}", *item[1:]) for n in range(48) for item in CORPUS]  # 1,200 documents
    link = tmp_path / "index"
    update_index(link, candidates(many), processes=2)

    def sizes() -> list[int]:
        ix = whoosh_index.open_dir(str(link.resolve()))
        try:
            return sorted(segment.doc_count_all() for segment in ix._segments())
        finally:
            ix.close()

    assert sizes() == [100] * 12
    for edit in range(25):  # each edit to another article, with a word of its own
        many[edit] = (*many[edit][:2], f"Bản hiệu đính {7000 + edit}.", *many[edit][3:])
        update_index(link, candidates(many))
        assert sizes()[-12:] == [100] * 12
    # Ten one-document segments merged twice, at the 11th and the 22nd edit, with the new document.
    assert sizes() == [1, 1, 1, 11, 11] + [100] * 12
    index = SearchIndex(link)
    assert [ids(index.search(str(7000 + edit))) for edit in (0, 10, 24)] == [[many[e][0]] for e in (0, 10, 24)]
    assert index.search("hieu dinh").total == 25 and index.search("camera").total == 48

    for edit in range(3):  # the same article again and again: a segment with nothing left is dropped
        many[30] = (*many[30][:2], f"Bản sửa lần {edit}.", *many[30][3:])
        update_index(link, candidates(many))
    assert sizes() == [1, 1, 1, 1, 11, 11] + [100] * 12


@pytest.mark.slow  # fifteen updates of 200 documents, then a fresh index of them to compare with
def test_ranking_after_deletes_and_edits_is_a_fresh_index_s(tmp_path):
    """Deleted and replaced documents stay in an updated index until their segment is merged: the
    scores count live documents only, so every query ranks as over an index written afresh."""
    many = [(f"{item[0]}-{n}", item[1], f"{item[2]} " + "an ninh trật tự " * (n % 5) + "tuyên truyền " * (n % 3),
             *item[3:]) for n in range(8) for item in CORPUS]  # 200 documents

    def edited(item, text):
        return (item[0], f"{item[1]} {text}", f"{item[2]} {text}", *item[3:])

    many[152] = edited(many[152], "ở xóm Rạch Gốc")  # words of its own
    link = tmp_path / "updated" / "index"
    update_index(link, candidates(many))
    del many[150:155]  # deleted in the full build's segment
    many[3], many[40] = edited(many[3], "an ninh cơ sở"), edited(many[40], "bảo vệ biên giới")
    many += [("moi-1", "An ninh xóm mới", "Xóm mới lắp camera an ninh.", "Tin hoạt động", "Công an tỉnh", 2022)]
    update_index(link, candidates(many))
    for edit in range(11):  # a segment each, until the small ones are merged (with their deletions)
        many[60 + edit] = edited(many[60 + edit], f"hiệu đính lần {edit} an ninh")
        update_index(link, candidates(many))
    many = [item for item in many if item[0] not in ("camera-2", "moi-1", f"{many[61][0]}")]  # one merged away
    update_index(link, candidates(many))

    fresh = tmp_path / "fresh" / "index"
    update_index(fresh, candidates(many))
    updated_index, fresh_index = SearchIndex(link), SearchIndex(fresh)
    memory = updated_index._memory()
    assert memory.live_count == len(many) < memory.count  # deleted documents are still in the index
    for query, options in [("an ninh", {}), ("bao ve an ninh to quoc", {}), ("tuyên truyền", {}), ("to tu quan", {}),
                           ('"an ninh trat tu"', {}), ("camera", {}), ("ở", {}), ("1.691", {}), ("đường biên", {}),
                           ("dan", {}), ("hieu dinh an ninh", {}), ("an ninh", {"year": "2022"}),
                           ("tuyen truyen", {"sort": "newest"}), ("an ninh", {"page": 2})]:
        updated, written_afresh = (index.search(query, per_page=50, **options) for index in (updated_index, fresh_index))
        assert updated.total == written_afresh.total > 0, query
        assert ids(updated) == ids(written_afresh), query
        assert updated.scores == pytest.approx(written_afresh.scores, rel=0, abs=1e-9), query
        assert updated.facets == written_afresh.facets
    # Nor are words suggested that only deleted documents hold (those of many[152]).
    for misspelt in ("rachh", "rạchh gốc", "camea", "tuyen truyn", "hieu dinnh"):
        assert updated_index.search(misspelt).suggestion == fresh_index.search(misspelt).suggestion, misspelt
    assert fresh_index.search("camea").suggestion == "camera"


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


def test_neighbouring_words_rank_above_the_same_words_apart(tmp_path):
    items = [("apart", "Tin", "Công tác bảo đảm an toàn, vệ sinh môi trường.", "Tin hoạt động", "Công an tỉnh", 2021),
             ("together", "Tin tức", "Công tác bảo vệ môi trường, an toàn.", "Tin hoạt động", "Công an tỉnh", 2021)]
    link = tmp_path / "index"
    update_index(link, candidates(items))
    for query in ("bảo vệ", "bao ve", '"bao ve"'):
        assert ids(SearchIndex(link).search(query))[0] == "together", query
    assert ids(SearchIndex(link).search('"bao ve"')) == ["together"]
    assert all(math.isfinite(score) for score in SearchIndex(link).search("tin tức an toàn").scores)


def test_an_update_links_the_unchanged_segments_and_leaves_the_old_index_as_it_was(tmp_path):
    """An update takes the segments it keeps into its new folder as hard links, not copies; the
    folder searchers had until the swap keeps every file as it was, and still answers as before."""
    link = tmp_path / "index"
    update_index(link, candidates(CORPUS))
    old = link.resolve()
    before = {p.name: p.read_bytes() for p in old.iterdir()}
    changed = [item if item[0] != "an-toan" else (*item[:2], "Nay có camera ở cổng trường.", *item[3:])
               for item in CORPUS]
    update_index(link, candidates(changed))
    new = link.resolve()
    assert new != old
    assert {p.name: p.read_bytes() for p in old.iterdir()} == before
    kept = [p for p in old.iterdir() if p.suffix == ".seg" and (new / p.name).exists()]
    assert kept and all((new / p.name).stat().st_ino == p.stat().st_ino for p in kept)
    assert ids(SearchIndex(old).search("camera")) == ["camera"]
    assert sorted(ids(SearchIndex(link).search("camera"))) == ["an-toan", "camera"]


def test_an_index_with_a_segment_removed_by_hand_is_written_again_whole(tmp_path):
    link = tmp_path / "index"
    update_index(link, candidates(CORPUS[:12]))
    update_index(link, candidates(CORPUS))  # a second segment
    max(link.resolve().glob("*.seg"), key=lambda p: p.stat().st_size).unlink()
    report = update_index(link, candidates(CORPUS))
    assert (report.added, report.unchanged) == (len(CORPUS), 0)
    assert ids(SearchIndex(link).search("camera")) == ["camera"]
