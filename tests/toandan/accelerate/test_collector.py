"""CPython's collector during a build: what survives a full collection is left out of later ones."""

import gc

import pytest

from toandan.accelerate.collector import survivors_frozen
from toandan.building.problems import ContentError


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_what_survives_a_full_collection_in_a_build_is_left_out_of_the_collections_after(unfrozen):
    callbacks = list(gc.callbacks)
    with survivors_frozen():
        survivor = [{"trang": 1}]
        gc.collect()
        assert not any(found is survivor for found in gc.get_objects())  # frozen objects are not listed
        assert gc.get_freeze_count() > 0
        made_after = [{"trang": 2}]
        gc.collect(1)  # a younger generation's collection freezes nothing
        assert any(found is made_after for found in gc.get_objects())
    assert gc.get_freeze_count() > 0  # a build is kept for updates: LiveSite.build lets it go
    assert gc.callbacks == callbacks


def test_a_failed_build_lets_what_it_froze_be_collected(unfrozen):
    callbacks = list(gc.callbacks)
    with pytest.raises(ContentError), survivors_frozen():
        gc.collect()
        raise ContentError([])
    assert gc.get_freeze_count() == 0
    assert gc.callbacks == callbacks


@pytest.mark.parametrize("steered", [True, False], ids=["the build steers the collector", "it does not"])
def test_a_forked_process_freezes_what_it_was_forked_with_where_the_build_steers_the_collector(
        unfrozen, alone, steered):
    from toandan.building import forking

    if steered:
        with survivors_frozen():
            assert forking.start_answering(gc.get_freeze_count).get() > 0
    else:  # ACCELERATE = False: the build never steers it, and its forks leave it alone
        assert forking.start_answering(gc.get_freeze_count).get() == 0
