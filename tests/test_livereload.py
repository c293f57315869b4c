"""./dev livereload: an editor saves an article, and the served page and search show the edit;
a change to the code starts a new process."""

import os
import queue
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

from sitekit import ROOT, free_port, wait_for, write_article

SCRIPT = """
import sys
sys.path[:0] = [{root!r}, {plugins!r}]
from pathlib import Path
from invoke import Context
import tasks
from tasks import project
site = Path({site!r})
project.ROOT, project.CONTENT, project.SETTINGS, project.OUTPUT = site, site / "content", site / "sitesettings.py", site / "output"
project.WATCHED, project.CODE = [site / "content", site / "code"], [site / "code"]
tasks.livereload(Context(), port={port})
"""


def lines_of(process: subprocess.Popen) -> tuple[queue.Queue, threading.Thread]:
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True)
    reader.start()
    return lines, reader


def wait_for_line(lines: queue.Queue, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
        except queue.Empty:
            break
        if text in line:
            return line
    raise TimeoutError(f"no line with {text!r}")


@pytest.mark.slow
def test_a_saved_text_edit_is_served_and_found_without_a_full_build(site):
    for number in range(4):
        write_article(site, number)
    (site.root / "code").mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "TOANDAN_DATABASE": f"sqlite:///{site.root / 'live.sqlite3'}",
           "TOANDAN_MANIFEST": str(site.output / "articles.json"),
           "TOANDAN_SEARCH_INDEX": str(site.root / "var" / "search-index")}
    script = SCRIPT.format(root=str(ROOT), plugins=str(ROOT / "plugins"), site=str(site.root), port=port)
    process = subprocess.Popen([sys.executable, "-c", script], cwd=site.root, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, reader = lines_of(process)
    try:
        wait_for_line(lines, "Đã dựng lại toàn bộ")
        wait_for(f"{base}/api/health", process)
        page = next(site.output.glob("2021/*/bai-2/index.html")).relative_to(site.output).parent

        write_article(site, 2, body="Câu vừa sửa khi trang đang mở, về quyzzle.")
        assert "Đã cập nhật tại chỗ" in wait_for_line(lines, "Đã ")

        assert "Câu vừa sửa khi trang đang mở" in httpx.get(f"{base}/{page}/").text
        deadline = time.monotonic() + 10  # the endpoint looks for a new index every second
        while [hit["id"] for hit in httpx.get(f"{base}/api/search", params={"q": "quyzzle"}).json()["hits"]] \
                != ["bai-2"]:
            assert time.monotonic() < deadline, "the edit never reached the search"
            time.sleep(0.2)

        (site.root / "code" / "module.py").write_text("CHANGED = True\n")  # code: a new process loads it
        wait_for_line(lines, "khởi động lại")
        wait_for_line(lines, "Đã dựng lại toàn bộ")
        wait_for(f"{base}/api/health", process)
        assert "Câu vừa sửa khi trang đang mở" in httpx.get(f"{base}/{page}/").text
        process.send_signal(signal.SIGTERM)  # as `kill` does
        process.wait(timeout=30)
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{base}/api/health", timeout=2)  # the endpoint it started is stopped too
    finally:
        process.kill()
        process.wait(timeout=30)
        reader.join(timeout=10)  # the output ends when every process holding it has ended
        if not reader.is_alive():
            process.stdout.close()
