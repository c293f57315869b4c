"""Per-client rate limits and the legacy import task."""

import pytest
from invoke import Context, Exit

import tasks
from endpoint_harness import Endpoint


@pytest.fixture
def limited(tmp_path):
    server = Endpoint(f"sqlite:///{tmp_path / 'limited.sqlite3'}", tmp_path, TOANDAN_WRITE_RATE="5")
    yield server
    server.stop()


def test_a_fast_client_is_slowed_down_and_stores_nothing_more(limited):
    answers = [limited.post("/api/views/bai-viet-1", visitor="192.0.2.50").status_code for _ in range(8)]
    assert answers[:5] == [200] * 5 and set(answers[5:]) == {429}
    refused = limited.post("/api/views/bai-viet-1", visitor="192.0.2.50")
    assert refused.json()["error"]["code"] == "rate_limited" and refused.headers["retry-after"] == "60"
    assert limited.stats("bai-viet-1")["views"] == 5
    assert limited.post("/api/views/bai-viet-1", visitor="192.0.2.51").status_code == 200


def test_import_legacy_counters(endpoint, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TOANDAN_DATABASE", endpoint.database)
    monkeypatch.setenv("TOANDAN_MANIFEST", str(endpoint.manifest))
    legacy = tmp_path / "legacy.csv"
    legacy.write_text("kind,key,value\nview,bai-viet-1,297\nvisits,total,1.398.431\n"
                      "visits,2030-01-01,2744\n", encoding="utf-8")
    tasks.import_legacy(Context(), str(legacy))
    assert "297" not in capsys.readouterr().err
    assert endpoint.stats("bai-viet-1")["views"] == 297
    assert endpoint.get("/api/visitors").json()["total"] == 1398431

    legacy.write_text("kind,key,value\nview,bai-viet-1,300\nview,khong-co,5\nvisits,hom-qua,1\n"
                      "visits,total,1,398,431\n", encoding="utf-8")
    with pytest.raises(Exit):
        tasks.import_legacy(Context(), str(legacy))
    errors = capsys.readouterr().err
    assert "legacy.csv:3" in errors and "legacy.csv:4" in errors and "legacy.csv:5" in errors
    assert endpoint.stats("bai-viet-1")["views"] == 297  # nothing imported from a bad file


def test_export_readership_snapshot(endpoint, tmp_path, monkeypatch):
    import json

    endpoint.post("/api/views/bai-viet-1")
    endpoint.post("/api/views/bai-viet-1")
    endpoint.post("/api/ratings/bai-viet-2", {"stars": 5})
    monkeypatch.setenv("TOANDAN_DATABASE", endpoint.database)
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    tasks.export_readership(Context(), "snapshot.json")
    snapshot = json.loads((tmp_path / "snapshot.json").read_text(encoding="utf-8"))
    assert snapshot["articles"]["bai-viet-1"] == {"views": 2, "rating_sum": 0, "rating_count": 0}
    assert snapshot["articles"]["bai-viet-2"] == {"views": 0, "rating_sum": 5, "rating_count": 1}
    assert snapshot["generated"]
