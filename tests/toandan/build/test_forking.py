"""Work shared between forked processes."""

import os

import pytest

from toandan.build import forking


def _take_all(claims: forking.Claims) -> list:
    return [(os.getpid(), item) for item in claims]


@pytest.mark.skipif(not forking.can_fork(), reason="forks only while no other thread runs")
def test_claims_hand_each_item_to_one_process_only():
    items = list(range(1000))
    claims = forking.Claims(items, chunk=7, start=10)  # the first ten were handed out beforehand
    answers = [forking.start_answering(_take_all, claims) for _ in range(2)]
    taken = _take_all(claims) + [pair for answer in answers for pair in answer.get()]

    # Once each: a counter that was not shared would give every process every item.
    assert sorted(item for _, item in taken) == items[10:]
    assert claims.take() == []


def test_a_forked_answer_raises_what_the_process_raised():
    def fail():
        raise ValueError("không đọc được")

    with pytest.raises(ValueError, match="không đọc được"):
        forking.start_answering(fail).get()
