"""toandan.accelerate.whoosh: segments written on its fast path read as the ones Whoosh writes (the
same postings and term statistics, the other files byte for byte), and with it off (switched off,
or a private name of Whoosh's moved) the index holds the same documents and ranks them the same."""

import random
from datetime import datetime

import pytest
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.fields import TEXT, Schema

from toandan import accelerate
from toandan.accelerate import whoosh as accelerated
from toandan.vietnamese.dates import TIMEZONE
from toandan.search import Candidate, SearchDocument, SearchIndex, update_index
from toandan.search.fields import fields_of, schema

SCHEMA = schema()

WORD_FIELDS = ("title", "body")


def _search_documents(count: int) -> list[SearchDocument]:
    """Documents of varied lengths whose common words are in hundreds of them (several blocks of
    postings per term) and whose rare words are in one (a block of one)."""
    rng = random.Random(3)
    common = "an ninh trật tự bảo vệ tổ quốc toàn dân xóm ấp đường biên".split()
    rare = [f"từ{a}{b}" for a in "abcdeghik" for b in "lmnopqrstuvxy"]
    documents = []
    for n in range(count):
        words = [rng.choice(common) for _ in range(rng.randint(5, 120))] + rng.sample(rare, 3)
        title = " ".join(rng.sample(common, rng.randint(1, 6)))
        documents.append(SearchDocument(f"d{n}", "article", f"/{n}/", title, " ".join(words), "Tin hoạt động · Công an",
                                        "Tin hoạt động", ["Công an tỉnh", "Tỉnh đoàn"][n % 2],
                                        datetime(2020 + n % 3, 1, 1 + n % 28, tzinfo=TIMEZONE), f"f{n}"))
    return documents


def _documents(count: int) -> list[dict]:
    return [fields_of(document) for document in _search_documents(count)]


@pytest.fixture
def public_path(monkeypatch):
    """Switches the fast path off for a test by the means given, and back on after it."""
    def switch_off(how: str) -> None:
        if how == "changed":  # a release of Whoosh in which a method this module calls takes other arguments
            original = whoosh3.W3Codec.__init__
            monkeypatch.setattr(whoosh3.W3Codec, "__init__", lambda self, *args, **kwargs: original(self, *args, **kwargs))
        else:
            monkeypatch.setenv(accelerate.ENVIRONMENT, "0")
        accelerate.check_again()

    yield switch_off
    monkeypatch.undo()
    accelerate.check_again()


def _segment_files(folder, schema, documents, ours: bool, limitmb: int, batch: bool = False) -> dict[str, bytes]:
    ix = whoosh_index.create_in(str(folder), schema)
    if batch:
        accelerated.write_batches(ix, [documents], 1, dict, compound=False)
    else:
        writer = accelerated.writer(ix, limitmb=limitmb, compound=False) if ours else \
            ix.writer(limitmb=limitmb, compound=False)
        for fields in documents:
            writer.add_document(**fields)
        writer.commit(merge=False)
    # A segment's files are named by a random id (MAIN_<id>.pst): keep what follows it.
    return {path.name.split(".", 1)[1]: path.read_bytes()
            for path in folder.iterdir() if path.suffix not in (".toc",) and "LOCK" not in path.name}


@pytest.mark.parametrize("limitmb, batch", [
    # Whoosh's pool, its postings sorted in memory, and spilled to runs and merged; each case writes
    # two indexes of hundreds of documents, so --fast keeps the first and leaves the others to the full run.
    (256, False), pytest.param(1, False, marks=pytest.mark.slow),
    pytest.param(256, True, marks=pytest.mark.slow),  # a full build's batch: its postings held by term
])
def test_segments_read_as_whooshs_own(tmp_path, limitmb, batch):
    assert accelerated.usable()
    documents = _documents(600)
    # Whoosh's own TEXT field, with the same analyzer, through Whoosh's own writing.
    plain = Schema(**{name: (TEXT(analyzer=SCHEMA[name].analyzer, phrase=True, stored=SCHEMA[name].stored)
                             if name in WORD_FIELDS else SCHEMA[name]) for name in SCHEMA.names()})
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "ours").mkdir()
    theirs = _segment_files(tmp_path / "whoosh", plain, documents, ours=False, limitmb=limitmb)
    ours = _segment_files(tmp_path / "ours", SCHEMA, documents, ours=True, limitmb=limitmb, batch=batch)
    assert {"trm", "pst", "_body_len.col", "_title_len.col"} <= set(ours) and sorted(ours) == sorted(theirs)
    for kind in set(ours) - {"trm", "pst"}:  # stored fields, lengths, columns
        assert ours[kind] == theirs[kind], kind
    # Compressed at another level, with each word-once position list pickled once per block:
    # other bytes, the same postings when read.
    assert _postings(tmp_path / "ours") == _postings(tmp_path / "whoosh")

    with whoosh_index.open_dir(str(tmp_path / "ours")).reader() as reader:
        blocks = [reader.term_info("body", word).doc_frequency() for word in ("an", "ninh", "biên")]
        assert min(blocks) > 2 * 128  # postings of several blocks (Whoosh's W3 blocks hold 128)
        assert reader.doc_frequency("body", "từal") >= 1


def _postings(folder) -> tuple[list, dict]:
    """Every posting with its value (its places, where the field keeps them), and every term's
    statistics, as a reader reads them."""
    with whoosh_index.open_dir(str(folder)).reader() as reader:
        formats = {name: reader.schema[name].format for name in reader.schema.names()}
        postings = [(*p[:4], formats[p[0]].decode_positions(p[4]) if formats[p[0]].supports("positions") else p[4])
                    for p in reader.iter_postings()]
        statistics = {}
        for field, term in reader.all_terms():
            info = reader.term_info(field, term)
            statistics[field, term] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                                       info.max_weight(), info.min_id(), info.max_id())
        return postings, statistics


def _indexed(field, text: str) -> list:
    """What a field indexes of a text, each term's places decoded (ours are not pickled)."""
    return sorted((term, count, weight, field.format.decode_positions(value))
                  for term, count, weight, value in field.index(text))


def test_a_text_field_indexes_what_whooshs_own_indexes():
    field, plain = SCHEMA["body"], TEXT(analyzer=SCHEMA["body"].analyzer, phrase=True)
    for text in ("Đường biên, đường BIÊN: 1.691 tổ — và ﬁ", "Bảo vệ an ninh, bảo vệ Tổ quốc và biên giới", ""):
        assert _indexed(field, text) == _indexed(plain, text)
    assert len(SCHEMA["body"].index("Đường biên, đường BIÊN: 1.691 tổ — và ﬁ")) == 6


def test_batches_are_numbered_in_order_and_a_failure_commits_nothing(tmp_path):
    documents = _documents(300)
    ix = whoosh_index.create_in(str(tmp_path), SCHEMA)
    accelerated.write_batches(ix, [documents[n:n + 50] for n in range(0, 300, 50)], 2, dict)
    with ix.searcher() as searcher:
        assert [fields["id"] for fields in searcher.all_stored_fields()] == [f"d{n}" for n in range(300)]
        assert len(searcher.reader().leaf_readers()) == 6

    def broken(fields):
        if fields["id"] == "d170":
            raise ValueError("bài d170 hỏng")
        return fields

    failed = whoosh_index.create_in(str(tmp_path), SCHEMA, indexname="failed")
    with pytest.raises(ValueError, match="d170"):
        accelerated.write_batches(failed, [documents[:150], documents[150:]], 2, broken)
    assert failed.doc_count_all() == 0
    assert not (tmp_path / "failed.tmp").exists()  # the writers' temporary folder is gone


QUERIES = ["an ninh", "bao ve", "bảo vệ tổ quốc", '"trật tự"', '"an ninh trat tu"', '"xom ap duong"', "từal",
           "toan dan xom", "đường biên", "tu quoc"]


def _answers(link) -> tuple[list, dict]:
    """The index's documents, and for each query its documents and scores, an edit applied."""
    index = SearchIndex(link)
    results = {query: index.search(query, per_page=1000) for query in QUERIES}
    with index._memory().searcher as searcher:
        stored = sorted((fields["id"], sorted(fields.items())) for fields in searcher.all_stored_fields())
    return stored, {query: ([hit["id"] for hit in r.hits], r.scores, r.suggestion) for query, r in results.items()}


def _index(link, documents: list[SearchDocument]) -> None:
    candidates = [Candidate(d.id, d.fingerprint, lambda d=d: d) for d in documents]
    update_index(link, candidates, processes=2)  # a full index of more than 500: batches in forked processes
    edited = SearchDocument(**{**documents[7].__dict__, "body": "Sửa lại: an ninh trật tự xóm ấp.", "fingerprint": "e"})
    update_index(link, [*candidates[:7], Candidate(edited.id, "e", lambda: edited), *candidates[8:]])


@pytest.mark.slow  # two indexes of 700 documents, the first in forked batches
@pytest.mark.parametrize("how", ["changed", "switched off"])
def test_with_the_fast_path_off_the_index_holds_and_ranks_the_same(tmp_path, public_path, capfd, how):
    documents = _search_documents(700)
    _index(tmp_path / "fast" / "index", documents)
    fast = _answers(tmp_path / "fast" / "index")
    assert len(list((tmp_path / "fast" / "index").resolve().glob("*.seg"))) >= 2  # written in batches

    public_path(how)
    assert not accelerated.usable()
    _index(tmp_path / "public" / "index", documents)
    public = _answers(tmp_path / "public" / "index")
    assert len(list((tmp_path / "public" / "index").resolve().glob("*.seg"))) <= 2  # Whoosh's one writer, an edit
    assert public == fast
    assert all(ids for ids, _, _ in fast[1].values() if ids is not None) and fast[1]['"an ninh trat tu"'][0]
    said = [line for line in capfd.readouterr().err.splitlines() if line.startswith("Tăng tốc")]
    # A Whoosh that changed is said once, in the line every accelerator says; turned off on purpose, not at all.
    if how == "changed":
        assert len(said) == 1 and said[0].startswith("Tăng tốc whoosh tắt: ") and "nay nhận" in said[0], said
    else:
        assert said == []


def test_a_release_outside_the_checked_range_or_without_a_name_turns_the_fast_path_off(monkeypatch, public_path,
                                                                                         capsys):
    import importlib.metadata

    installed = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "2.8.0" if name == "whoosh-reloaded" else installed(name))
    accelerate.check_again()
    assert not accelerated.usable()
    assert capsys.readouterr().err == ("Tăng tốc whoosh tắt: whoosh-reloaded 2.8.0 nằm ngoài khoảng đã kiểm tra "
                                       "(2.7.5 đến dưới 2.8); dùng cách thông thường của thư viện (đúng, chậm hơn).\n")
    monkeypatch.undo()

    class Moved:  # W3FieldWriter as a release without start_field would have it
        start_term = finish_term = finish_field = close = None

    monkeypatch.setitem(accelerated.NEEDED, Moved, accelerated.NEEDED[whoosh3.W3FieldWriter])
    accelerate.check_again()
    assert not accelerated.usable() and not accelerated.usable()
    assert capsys.readouterr().err.splitlines() == [  # said once
        "Tăng tốc whoosh tắt: Moved không còn start_field; dùng cách thông thường của thư viện (đúng, chậm hơn)."]
