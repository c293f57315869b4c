"""A real endpoint over HTTP, on SQLite and on a real PostgreSQL server."""

import base64
import glob
import hashlib
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import pytest

from endpoint.identity import RATER_COOKIE
from bench.processes import process_tree
from sitekit import ROOT, free_port, wait_for


ORIGIN = "http://127.0.0.1:8000"
ARTICLE_IDS = [f"bai-viet-{n}" for n in range(1, 121)]


class PostgresServer:
    """A private PostgreSQL cluster in a temporary folder, on a free loopback port."""

    def __init__(self, folder: Path):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not binaries:
            pytest.fail("PostgreSQL is not installed: ./dev test installs it (apt-get install postgresql)")
        self.bin = Path(binaries[-1]).parent
        self.folder = folder
        self.port = free_port()
        self.as_user = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            account = pwd.getpwnam("postgres")
            os.chown(folder, account.pw_uid, account.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        data = self.data = folder / "data"
        subprocess.run([*self.as_user, self.bin / "initdb", "-D", data, "-U", "toandan", "--auth=trust",
                        "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
        self.count = 0
        self.start()

    def start(self) -> None:
        """Start the server (again, after stop()) and return once it accepts connections."""
        self.process = subprocess.Popen(
            [*self.as_user, self.bin / "postgres", "-D", self.data, "-p", str(self.port), "-k", self.folder,
             "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            ready = subprocess.run([self.bin / "pg_isready", "-h", "127.0.0.1", "-p", str(self.port)],
                                   capture_output=True)
            if ready.returncode == 0:
                break
            time.sleep(0.1)
        else:
            raise TimeoutError("PostgreSQL did not start")

    def new_database(self) -> str:
        import psycopg
        self.count += 1
        name = f"toandan_{self.count}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def url(self, database: str) -> str:
        return f"postgresql://toandan@127.0.0.1:{self.port}/{database}"

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: "fast" ends every session, "immediate" as if the machine lost power."""
        # runuser does not pass signals on; pg_ctl asks the server itself to stop.
        subprocess.run([*self.as_user, self.bin / "pg_ctl", "stop", "-D", self.data, "-m", mode],
                       capture_output=True, check=False)
        self.process.wait(timeout=30)


def command_line(pid: int) -> str:
    """The process's command line, NUL-separated; empty once it has ended."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def write_manifest(path: Path, ids) -> Path:
    path.write_text(json.dumps({"articles": [{"id": i, "title": i, "url": f"{i}/"} for i in ids]}))
    return path


class Endpoint:
    """`python -m endpoint` in a subprocess, and an HTTP client for it."""

    def __init__(self, database: str, folder: Path, **env):
        self.database = database
        self.folder = folder
        self.manifest = write_manifest(folder / "articles.json", ARTICLE_IDS)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "TOANDAN_DATABASE": database, "TOANDAN_MANIFEST": str(self.manifest),
                    "TOANDAN_ORIGINS": ORIGIN, "TOANDAN_WRITE_RATE": "1000000",
                    "TOANDAN_READ_RATE": "1000000", "TOANDAN_SEARCH_INDEX": str(folder / "no-index"),
                    "TOANDAN_SECRET_FILE": str(folder / "endpoint-secret"),
                    "TOANDAN_TRUSTED_PROXIES": "127.0.0.1", **env}  # the tests play nginx: visitor= is X-Forwarded-For
        self.client = httpx.Client(base_url=self.base, timeout=30)
        self.process = None
        self.start()

    def start(self) -> None:
        with open(self.folder / "endpoint.log", "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "endpoint", "--port", str(self.port)], cwd=ROOT, env=self.env,
                stdout=subprocess.DEVNULL, stderr=log)
        wait_for(f"{self.base}/api/health", self.process)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def helpers(self) -> list[int]:
        """The processes the endpoint started beside it: its writer and its search workers."""
        return [pid for pid in process_tree(self.process.pid)[1:] if "spawn_main" in command_line(pid)]

    @contextmanager
    def helpers_paused(self):
        """Every helper stopped (SIGSTOP) until the block ends: a search sent meanwhile holds its
        slot for as long as the block wants, whatever the machine's speed. The writer is paused
        too: a write sent meanwhile waits for the block's end."""
        helpers, paused = self.helpers(), []
        assert helpers, "the endpoint runs its writer and search workers beside it"
        try:
            for pid in helpers:
                with suppress(ProcessLookupError):  # ended since it was listed
                    os.kill(pid, signal.SIGSTOP)
                    paused.append(pid)
            yield paused
        finally:
            for pid in paused:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.client.close()

    def post(self, path: str, json_body=None, visitor: str = "203.0.113.1", browser: str | None = "",
                   **kwargs) -> httpx.Response:
        """browser: whose rating cookie goes with the request; by default the visitor's own (one browser
        per address), None for none."""
        headers = {"Origin": ORIGIN, "Content-Type": "application/json", "X-Forwarded-For": visitor,
                   **(rater_cookie(browser or visitor) if browser is not None else {}), **kwargs.pop("headers", {})}
        content = kwargs.pop("content", None)
        if content is None and json_body is not None:
            content = json.dumps(json_body)
        return self.client.post(path, content=content, headers=headers, **kwargs)

    def get(self, path: str, visitor: str = "203.0.113.1", browser: str | None = "", **kwargs) -> httpx.Response:
        headers = {"X-Forwarded-For": visitor, **(rater_cookie(browser or visitor) if browser is not None else {}),
                   **kwargs.pop("headers", {})}
        return self.client.get(path, headers=headers, **kwargs)

    def stats(self, article_id: str, visitor: str = "203.0.113.1", browser: str | None = "") -> dict:
        return self.get(f"/api/stats?ids={article_id}&mine=1", visitor=visitor, browser=browser).json()["articles"][0]


def rater_cookie(browser: str) -> dict:
    """The Cookie header of the browser named `browser`: a rating token of the form the endpoint makes."""
    token = base64.urlsafe_b64encode(hashlib.sha256(browser.encode()).digest()).decode().rstrip("=")
    return {"Cookie": f"{RATER_COOKIE}={token}"}
