"""One progress line for a long run: pages done and failed, pages a second, time left."""

import sys
import threading
import time

from toandan.vietnamese.numbers import format_number
from decimal import Decimal

QUIET_FOR = 2.0  # seconds: a run shorter than this prints no progress
EVERY = 1.0  # seconds between two lines


class Progress:
    def __init__(self, total: int, stream=None, clock=time.monotonic):
        self.total = total
        self.stream = stream or sys.stderr
        self.clock = clock
        self.started = clock()
        self.succeeded = self.failed = 0
        self._printed = self.started
        self._lock = threading.Lock()

    def done(self, ok: bool) -> None:
        with self._lock:
            if ok:
                self.succeeded += 1
            else:
                self.failed += 1
            now = self.clock()
            finished = self.succeeded + self.failed == self.total
            if now - self.started >= QUIET_FOR and (now - self._printed >= EVERY or finished):
                self._printed = now
                print(self.line(now), file=self.stream, flush=True)

    def line(self, now: float) -> str:
        finished = self.succeeded + self.failed
        elapsed = max(now - self.started, 1e-9)
        rate = Decimal(finished) / Decimal(str(round(elapsed, 3)) if elapsed >= 0.001 else "0.001")
        left = (self.total - finished) / float(rate) if rate else 0
        return (f"Đã tải {finished}/{self.total} trang, lỗi {self.failed}, "
                f"{format_number(rate.quantize(Decimal('0.1')))} trang/giây, còn khoảng {_duration(left)}")


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds} giây"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} phút {seconds} giây"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} giờ {minutes} phút"
