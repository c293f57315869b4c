"""Publishing from the desk: the same atomic build as ./dev build, in a process of its own, one at a time,
in the background, with its progress kept for the status page.

A process of its own because a build changes process-wide state (Pelican's signals, its caches). If
it fails, the published site is the one before it (toandan.building). Builds wait their turn in the
order they were asked for; each job is remembered (the last JOBS_KEPT) so its page can be reloaded.
"""

import secrets
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# What tasks.build runs (toandan.building.live.build_or_update), the problems printed as ./dev check
# prints them, and a line on standard output as each step ends (Pelican's signals in the build's process).
BUILD = """\
import sys
from pelican import signals
from toandan.building.publish import quiet_logging
from toandan.building.live import build_or_update
from toandan.building.problems import ContentError

def step(name):
    print(STEP + name, flush=True)

def read(generators):
    step("doc")

def pages(generator, **_):
    step("trang")

def finished(pelican):
    step("tong-hop")

def plugins_in(pelican):
    # After the plugins' own receivers, the content check's among them: reading is done once it passed.
    signals.all_generators_finalized.connect(read)

signals.initialized.connect(plugins_in)
signals.page_writer_finalized.connect(pages)
signals.finalized.connect(finished)
quiet_logging()
try:
    build_or_update(sys.argv[1], sys.argv[2])
except ContentError as error:
    print(error.report(), file=sys.stderr)
    sys.exit(error.exitcode)
step("xuat-ban")
"""
STEP_MARK = "toandan-desk-step:"
# The build's steps in order, as the status page names them.
STEPS = (
    ("doc", "Đọc và kiểm tra toàn bộ nội dung"),
    ("trang", "Viết trang các bài"),
    ("tong-hop", "Trang tổng hợp, thống kê và chỉ mục tìm kiếm"),
    ("xuat-ban", "Đưa bản mới lên trang công khai"),
)
WAITING, RUNNING, DONE, FAILED = "waiting", "running", "done", "failed"
JOBS_KEPT = 50
POLL_SECONDS = 0.2  # how often the build's progress file is read while it runs


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    problems: list[str]  # the build's report, line by line, when it failed


def build_site(settings: Path, output: Path, on_step: Callable[[str], None] = lambda step: None) -> BuildResult:
    """One build; on_step(name) as each of STEPS ends. Its output goes to files, not pipes: a process
    the build leaves behind (the snapshot it saves) must not keep the desk waiting. The build appends
    to them; the desk reads them through its own opening, at its own place."""
    script = f"STEP = {STEP_MARK!r}\n{BUILD}"
    with tempfile.TemporaryDirectory(prefix="desk-build-") as folder:
        steps, errors = Path(folder) / "steps", Path(folder) / "errors"
        with steps.open("ab") as steps_out, errors.open("ab") as errors_out:
            # The settings' folder is where ./dev build runs: relative paths in them (var/...) mean the same.
            process = subprocess.Popen([sys.executable, "-c", script, str(settings), str(output)],
                                       cwd=settings.parent, stdin=subprocess.DEVNULL, stdout=steps_out,
                                       stderr=errors_out)
        reported = 0
        while True:
            try:
                process.wait(POLL_SECONDS)
                ended = True
            except subprocess.TimeoutExpired:
                ended = False
            lines = [line[len(STEP_MARK):].strip() for line in steps.read_text(encoding="utf-8", errors="replace")
                     .splitlines(keepends=True) if line.startswith(STEP_MARK) and line.endswith("\n")]
            for name in lines[reported:]:
                on_step(name)
            reported = len(lines)
            if ended:
                break
        report = errors.read_text(encoding="utf-8", errors="replace")
    if process.returncode == 0:
        return BuildResult(True, [])
    lines = [line.strip() for line in report.splitlines() if line.strip()]
    return BuildResult(False, lines[-50:] or [f"quá trình dựng trang dừng với mã {process.returncode}"])


@dataclass
class Job:
    """One build asked for by a publish or an unpublish, and what to say when it ends."""

    account: str
    target: str  # the article, under content/articles/
    action: str  # xuat-ban or go-bai
    title: str
    address: str = ""  # the published page, to link to once done
    notice: str = ""  # said once done, instead of the usual
    # Run in the build's thread when it fails; answers lines to show under the build's problems.
    after_failure: Callable[[BuildResult], list[str]] | None = None
    id: str = field(default_factory=lambda: secrets.token_urlsafe(12))
    state: str = WAITING
    done_steps: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    aftermath: list[str] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.state in (DONE, FAILED)

    def steps(self) -> list[tuple[str, str]]:
        """Each step's label and 'xong' (done), 'dang-lam' (under way), 'hong' (where it failed) or 'cho'."""
        shown, current = [], {RUNNING: "dang-lam", FAILED: "hong"}.get(self.state)
        for key, label in STEPS:
            if key in self.done_steps or self.state == DONE:
                shown.append((label, "xong"))
            elif current:
                shown.append((label, current))
                current = None
            else:
                shown.append((label, "cho"))
        return shown


class Publisher:
    """Runs the builds the desk asks for, one at a time, in a thread of its own while there are any."""

    def __init__(self, settings: Path, output: Path):
        self.settings, self.output = settings, output
        self.turn = threading.Lock()  # held while a build runs
        self._guard = threading.Lock()  # the queue, the jobs and the worker
        self._queue: deque[Job] = deque()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._worker: threading.Thread | None = None

    def submit(self, job: Job) -> Job:
        with self._guard:
            self._jobs[job.id] = job
            for old in [old for old in self._jobs.values() if old.finished][: max(0, len(self._jobs) - JOBS_KEPT)]:
                del self._jobs[old.id]  # the oldest finished ones go; a page asking for one says it is unknown
            self._queue.append(job)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="desk-publisher", daemon=True)
                self._worker.start()
        return job

    def job(self, job_id: str) -> Job | None:
        with self._guard:
            return self._jobs.get(job_id)

    def unfinished_for(self, target: str) -> Job | None:
        """The last build asked for this article, while it waits or runs."""
        with self._guard:
            return next((job for job in reversed(self._jobs.values()) if job.target == target and not job.finished),
                        None)

    def waiting_before(self, job: Job) -> int:
        """How many builds run or wait before this one."""
        with self._guard:
            if job not in self._queue:
                return 0
            return self._queue.index(job) + (1 if self.turn.locked() else 0)

    def _work(self) -> None:
        while True:
            with self._guard:
                if not self._queue:
                    self._worker = None
                    return
                job = self._queue[0]
            with self.turn:
                with self._guard:
                    self._queue.popleft()
                    job.state = RUNNING
                self._run(job)

    def _run(self, job: Job) -> None:
        try:
            result = build_site(self.settings, self.output, job.done_steps.append)
        except Exception as error:  # noqa: BLE001 - the job says so; the next one still runs
            result = BuildResult(False, [f"không chạy được quá trình dựng trang: {error}"])
        if not result.ok and job.after_failure is not None:
            try:
                job.aftermath = job.after_failure(result)
            except Exception as error:  # noqa: BLE001 - said on the page, with the build's problems
                job.aftermath = [f"không trả được bài về trạng thái trước: {error}"]
        job.problems = result.problems
        job.state = DONE if result.ok else FAILED
