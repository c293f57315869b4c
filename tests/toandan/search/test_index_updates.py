"""Writing the index: only changed documents re-indexed, postings as Whoosh writes them, full
indexes in batches, updates merged by tiers, the unchanged segments linked."""


import pytest

from search_corpus import CORPUS, candidates, document, ids
from toandan.search import SearchIndex, update_index


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
            with ix.reader() as reader:
                return sorted(segment.doc_count_all() for segment, _ in reader.leaf_readers())
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
