"""A full index written in batches forks its writers only when the process can fork: with another
thread running (the live server's, or the build's index written in a thread as its fallback), a
fork would copy a lock that thread holds, held for ever in the child (toandan.building.forking)."""

import threading
from datetime import datetime

import pytest

from toandan.building import forking
from toandan.search import Candidate, SearchDocument, update_index
from toandan.vietnamese.dates import TIMEZONE


def _documents(count: int) -> list[SearchDocument]:
    return [SearchDocument(f"d{n}", "article", f"/{n}/", f"Bài {n}", f"an ninh trật tự xóm {n}", "Tin hoạt động",
                           "Tin hoạt động", "Công an tỉnh", datetime(2021, 1, 1 + n % 28, tzinfo=TIMEZONE), f"f{n}")
            for n in range(count)]


@pytest.mark.slow  # an index of 600 documents
def test_a_full_index_forks_no_writer_while_another_thread_runs(tmp_path, monkeypatch):
    forked = []
    start = forking.start

    def recording(target, *args, **kwargs):
        forked.append(getattr(target, "__name__", target))
        return start(target, *args, **kwargs)

    monkeypatch.setattr(forking, "start", recording)
    documents = _documents(600)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # a thread of the process, as the live server's
    other.start()
    try:
        assert not forking.can_fork()
        update_index(tmp_path / "index", [Candidate(d.id, d.fingerprint, lambda d=d: d) for d in documents],
                     processes=2)
    finally:
        stop.set()
        other.join()
    assert forked == []
