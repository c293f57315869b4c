"""Old counters into the endpoint's store: views continue from the old number, ratings from the old
totals, and importing again changes nothing."""

import json

import pytest

from endpoint.legacy import LegacyError, import_legacy, legacy_stars
from endpoint.manifest import Manifest
from endpoint.storage import open_store


@pytest.mark.parametrize("points, count, stars", [(9, 2, [5, 4]), (5, 1, [5]), (7, 3, [3, 2, 2]), (3, 3, [1, 1, 1]),
                                                  (0, 0, [])])
def test_old_rating_totals_become_whole_stars_with_the_same_sum(points, count, stars):
    assert legacy_stars(points, count) == stars


def test_views_and_ratings_are_seeded_and_a_second_import_changes_nothing(tmp_path):
    manifest = tmp_path / "articles.json"
    manifest.write_text(json.dumps({"articles": [{"id": "bai-cu"}, {"id": "bai-khac"}]}), encoding="utf-8")
    seeds = tmp_path / "legacy-counters.csv"
    seeds.write_text("kind,key,value\nview,bai-cu,297\nrating,bai-cu,9/2\nrating,bai-khac,0/0\n", encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path / "secret")
    try:
        for _ in range(2):
            import_legacy(seeds, Manifest(manifest), store)
            numbers = store.stats(["bai-cu", "bai-khac"])
            assert (numbers["bai-cu"].views, numbers["bai-cu"].rating_sum, numbers["bai-cu"].rating_count) == (297, 9, 2)
            assert numbers["bai-khac"].rating_count == 0
        seeds.write_text("kind,key,value\nrating,bai-cu,11/2\nrating,bai-cu,x\nrating,khong-co,5/1\n", encoding="utf-8")
        with pytest.raises(LegacyError) as refused:
            import_legacy(seeds, Manifest(manifest), store)
        assert [problem.split(": ", 1)[0].rsplit(":", 1)[1] for problem in refused.value.problems] == ["2", "3", "4"]
        assert store.stats(["bai-cu"])["bai-cu"].rating_sum == 9  # nothing from a bad file
    finally:
        store.close()
