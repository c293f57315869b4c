"""Segments written through toandan.whoosh_segments read as the ones Whoosh writes: the same
postings and term statistics, the other files byte for byte."""

import random
from datetime import datetime

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3FieldWriter
from whoosh.fields import TEXT, Schema
from whoosh.writing import SegmentWriter

from toandan import search, whoosh_segments
from toandan.vietnamese.dates import TIMEZONE
from toandan.search import SearchDocument


def _documents(count: int) -> list[dict]:
    """Documents of varied lengths whose common words are in hundreds of them (several blocks of
    postings per term) and whose rare words are in one (a block of one)."""
    rng = random.Random(3)
    common = "an ninh trật tự bảo vệ tổ quốc toàn dân xóm ấp đường biên".split()
    rare = [f"từ{a}{b}" for a in "abcdeghik" for b in "lmnopqrstuvxy"]
    documents = []
    for n in range(count):
        words = [rng.choice(common) for _ in range(rng.randint(5, 120))] + rng.sample(rare, 3)
        title = " ".join(rng.sample(common, rng.randint(1, 6)))
        document = SearchDocument(f"d{n}", "article", f"/{n}/", title, " ".join(words), "Tin hoạt động · Công an",
                                  "Tin hoạt động", ["Công an tỉnh", "Tỉnh đoàn"][n % 2],
                                  datetime(2020 + n % 3, 1, 1 + n % 28, tzinfo=TIMEZONE), f"f{n}")
        documents.append(search._fields(document))
    return documents


def _segment_files(folder, schema, documents, monkeypatch, whooshs_own: bool, limitmb: int,
                   batch: bool = False) -> dict[str, bytes]:
    with monkeypatch.context() as patch:
        if whooshs_own:
            patch.setattr(W3FieldWriter, "add_postings", whoosh_segments.WHOOSH_ADD_POSTINGS)
            patch.setattr(SegmentWriter, "per_document_reader", whoosh_segments.WHOOSH_PER_DOCUMENT_READER)
        ix = whoosh_index.create_in(str(folder), schema)
        if batch:
            whoosh_segments.write_batches(ix, [documents], 1, dict, compound=False)
        else:
            writer = ix.writer(limitmb=limitmb, compound=False)
            for fields in documents:
                writer.add_document(**fields)
            writer.commit(merge=False)
    # A segment's files are named by a random id (MAIN_<id>.pst): keep what follows it.
    return {path.name.split(".", 1)[1]: path.read_bytes()
            for path in folder.iterdir() if path.suffix not in (".toc",) and "LOCK" not in path.name}


@pytest.mark.parametrize("limitmb, batch", [
    (256, False), (1, False),  # Whoosh's pool, its postings sorted in memory, and spilled to runs and merged
    (256, True),  # a full build's batch: BatchWriter, its postings held by term
])
def test_segments_read_as_whooshs_own(tmp_path, monkeypatch, limitmb, batch):
    documents = _documents(600)
    # Whoosh's own TEXT field, with the same analyzer, through Whoosh's own writing.
    plain = Schema(**{name: (TEXT(analyzer=search.EXACT, phrase=True, stored=search.SCHEMA[name].stored)
                             if name in search.TEXT_FIELDS else search.SCHEMA[name])
                      for name in search.SCHEMA.names()})
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "ours").mkdir()
    theirs = _segment_files(tmp_path / "whoosh", plain, documents, monkeypatch, whooshs_own=True, limitmb=limitmb)
    ours = _segment_files(tmp_path / "ours", search.SCHEMA, documents, monkeypatch, whooshs_own=False,
                          limitmb=limitmb, batch=batch)
    assert {"trm", "pst", "_body_len.col"} <= set(ours) and sorted(ours) == sorted(theirs)
    for kind in set(ours) - {"trm", "pst"}:  # stored fields, lengths, columns
        assert ours[kind] == theirs[kind], kind
    # The postings' blocks are pickled with each word-once position list made once, so pickle
    # writes it once per block and refers to it after: other bytes, the same postings when read.
    assert _postings(tmp_path / "ours") == _postings(tmp_path / "whoosh")
    assert len(ours["pst"]) <= len(theirs["pst"])

    with whoosh_index.open_dir(str(tmp_path / "ours")).reader() as reader:
        blocks = [reader.term_info("body", word).doc_frequency() for word in ("an", "ninh", "biên")]
        assert min(blocks) > 2 * 128  # postings of several blocks (Whoosh's W3 blocks hold 128)
        assert reader.doc_frequency("body", "từal") >= 1


def _postings(folder) -> tuple[list, dict]:
    """Every posting with its value, and every term's statistics, as a reader reads them."""
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        postings = list(reader.iter_postings())
        statistics = {}
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            statistics[field, term] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                       info.max_weight(), info.min_id(), info.max_id())
        return postings, statistics


def test_a_text_field_indexes_what_whooshs_own_indexes():
    field, plain = search.SCHEMA["body"], TEXT(analyzer=search.EXACT, phrase=True)
    text = "Đường biên, đường BIÊN: 1.691 tổ — và ﬁ"
    assert sorted(field.index(text)) == sorted(plain.index(text))
    assert len(field.index(text)) == 6


def test_batches_are_numbered_in_order_and_a_failure_commits_nothing(tmp_path):
    documents = _documents(300)
    ix = whoosh_index.create_in(str(tmp_path), search.SCHEMA)
    whoosh_segments.write_batches(ix, [documents[n:n + 50] for n in range(0, 300, 50)], 2, dict)
    with ix.searcher() as searcher:
        assert [fields["id"] for fields in searcher.all_stored_fields()] == [f"d{n}" for n in range(300)]
        assert len(searcher.reader().leaf_readers()) == 6

    def broken(fields):
        if fields["id"] == "d170":
            raise ValueError("bài d170 hỏng")
        return fields

    failed = whoosh_index.create_in(str(tmp_path), search.SCHEMA, indexname="failed")
    with pytest.raises(ValueError, match="d170"):
        whoosh_segments.write_batches(failed, [documents[:150], documents[150:]], 2, broken)
    assert failed.doc_count_all() == 0
    assert not (tmp_path / "failed.tmp").exists()  # the writers' temporary folder is gone
