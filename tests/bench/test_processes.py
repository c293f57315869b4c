"""The benchmark's timing of a command: it waits for the command however much it says, and counts
the CPU time of what the command leaves running, as a build's background save."""

import sys
import threading

from bench.processes import timed

# Forks twice, as a build's background save does (toandan.building.forking.detached): the grandchild is
# nobody's child to wait for. It works a while, then writes the CPU time it used, and a mark.
DETACHED = """
import os, sys, time
if os.fork() == 0:
    if os.fork() == 0:
        total = sum(i * i for i in range(3_000_000))
        with open(sys.argv[1] + ".tmp", "w") as out:
            out.write(str(time.process_time()))
        os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    os._exit(0)
os.wait()
"""


def test_a_command_that_says_much_on_standard_error_is_waited_for(tmp_path):
    loud = [sys.executable, "-c", "import sys\nfor _ in range(4000): sys.stderr.write('cảnh báo ' * 10 + '\\n')"]
    finished = []
    thread = threading.Thread(target=lambda: finished.append(timed(loud, tmp_path)), daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert finished and finished[0].seconds > 0


def test_the_cpu_time_of_what_the_command_left_running_is_counted(tmp_path):
    mark = tmp_path / "done"

    def wait_for_mark() -> None:
        while not mark.exists():
            threading.Event().wait(0.05)

    run = timed([sys.executable, "-c", DETACHED, str(mark)], tmp_path, after=wait_for_mark)
    assert run.after_seconds > 0 and run.total_seconds == run.seconds + run.after_seconds
    assert run.cpu_seconds >= float(mark.read_text())  # the grandchild's own, among the rest
