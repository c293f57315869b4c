"""Work shared between forked processes."""

import os
import threading

import pytest

from toandan.building import forking


def _take_all(work_list: forking.WorkList) -> list:
    return [(os.getpid(), item) for item in work_list]


def test_a_work_list_hands_each_item_to_one_process_only(alone):
    items = list(range(1000))
    work_list = forking.WorkList(items, chunk=7, start=10)  # the first ten were handed out beforehand
    answers = [forking.start_answering(_take_all, work_list) for _ in range(2)]
    taken = _take_all(work_list) + [pair for answer in answers for pair in answer.get()]

    # Once each: a counter that was not shared would give every process every item.
    assert sorted(item for _, item in taken) == items[10:]
    assert work_list.take() == []


def test_a_forked_answer_raises_what_the_process_raised():
    def fail():
        raise ValueError("không đọc được")

    with pytest.raises(ValueError, match="không đọc được"):
        forking.start_answering(fail).get()


def _long_answer() -> str:
    return "số liệu " * 100_000  # far more than a pipe holds


def test_a_forked_process_whose_answer_nobody_asks_for_still_ends(alone):
    # A build that fails after forking its indexing never asks for the answer; it must not wait
    # for that process forever when it exits.
    answer = forking.start_answering(_long_answer)
    answer.process.join(timeout=60)
    assert answer.process.exitcode == 0
    assert answer.get() == _long_answer()


@pytest.fixture
def another_thread():
    """A thread running beside the test, as the live server's are: the build cannot fork then."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    yield
    stop.set()
    thread.join()


def _write_pid(path: str) -> None:
    with open(path, "w") as file:
        file.write(str(os.getpid()))


def test_work_beside_the_build_runs_in_a_forked_process(tmp_path, alone):
    marker = tmp_path / "pid"
    beside = forking.beside(_write_pid, str(marker))
    beside.join()
    assert beside.forked and int(marker.read_text()) != os.getpid()
    assert forking.processes_for(10_000, 64) == min(os.cpu_count(), 10_000 // 64)
    assert forking.detached(_write_pid, str(marker)) is True


def test_without_forking_work_runs_in_this_process(tmp_path, another_thread):
    marker = tmp_path / "pid"
    beside = forking.beside(_write_pid, str(marker))
    beside.join()
    assert not beside.forked and int(marker.read_text()) == os.getpid()  # in a thread of this process
    assert forking.processes_for(10_000, 64) == 1
    marker.unlink()
    assert forking.detached(_write_pid, str(marker)) is False
    assert int(marker.read_text()) == os.getpid()  # done before detached returned


def _pid_and_niceness_asked(asked: list, fails: bool) -> tuple[int, list]:
    if fails:
        raise ValueError("chỉ mục hỏng")
    return os.getpid(), asked


@pytest.fixture
def niceness_asked(monkeypatch) -> list:
    """The increments asked of os.nice from now on (in this process, and in a process forked after)."""
    asked, nice = [], os.nice

    def recorded(increment: int) -> int:
        asked.append(increment)
        return nice(increment)

    monkeypatch.setattr(os, "nice", recorded)
    return asked


def test_work_beside_the_build_answers_from_a_forked_process_at_its_niceness(alone, niceness_asked):
    beside = forking.beside(_pid_and_niceness_asked, niceness_asked, False, niceness=3, answering=True)
    pid, asked = beside.get()
    assert beside.forked and pid != os.getpid() and asked == [3] and niceness_asked == []
    with pytest.raises(ValueError, match="chỉ mục hỏng"):
        forking.beside(_pid_and_niceness_asked, niceness_asked, True, answering=True).get()


def test_without_forking_work_beside_answers_from_a_thread_at_this_process_niceness(another_thread, niceness_asked):
    beside = forking.beside(_pid_and_niceness_asked, niceness_asked, False, niceness=3, answering=True)
    assert beside.get() == (os.getpid(), []) and not beside.forked
    with pytest.raises(ValueError, match="chỉ mục hỏng"):
        forking.beside(_pid_and_niceness_asked, niceness_asked, True, answering=True).get()
