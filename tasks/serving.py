"""Serving on this machine: the site with the reader endpoint (serve, livereload), and the
editors' desk."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from invoke import Exit, task

from . import project
from .building import build_site, say_built

WATCH_WAKE = 500  # ms: how long a new watch looks for changes before it answers that it is in place


def _endpoint(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "endpoint", "--host", host, "--port", str(port), "--static", str(project.OUTPUT)]


def _endpoint_env(host: str, port: int) -> dict:
    """Writes are accepted from the pages this server serves, unless TOANDAN_ORIGINS says otherwise."""
    return {"TOANDAN_ORIGINS": f"http://{host}:{port}", **os.environ}


def _interrupt_on_terminate(stopped: threading.Event | None = None) -> None:
    """SIGTERM (kill, a process manager) stops the task as Ctrl+C does: the endpoint it started is
    stopped too, instead of being left running. stopped, if given, is set as well: an interrupt
    raised while a finalizer runs (a cache closing its file) is swallowed there, the event is not."""
    def interrupt(signum, frame):
        if stopped is not None:
            stopped.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


@task(help={"host": "address to listen on", "port": "port to listen on"})
def serve(c, host="127.0.0.1", port=8000):
    """Build the site, then serve it and the reader endpoint (SQLite) on http://127.0.0.1:8000."""
    build_site(project.SETTINGS)
    _interrupt_on_terminate()
    print(f"Đang phục vụ trang và dịch vụ bạn đọc tại http://{host}:{port}/ (Ctrl+C để dừng)")
    try:
        subprocess.run(_endpoint(host, int(port)), env=_endpoint_env(host, int(port)), check=False)
    except KeyboardInterrupt:
        pass


@task(help={"host": "address to listen on", "port": "port to listen on"})
def livereload(c, host="127.0.0.1", port=8000):
    """Serve the site and endpoint, and rebuild whenever content, theme or code changes."""
    from watchfiles import DefaultFilter, watch

    from toandan.building.live import LiveSite
    from toandan.building.publish import quiet_logging

    quiet_logging()
    stopped = threading.Event()
    _interrupt_on_terminate(stopped)
    site = LiveSite(project.SETTINGS, project.OUTPUT)
    places, usual = [place.resolve() for place in project.WATCHED], DefaultFilter()
    # The files outside content/ and theme/ that pages are made from (the readership snapshot) are
    # watched too, but not the rest of their folders (var/ also holds the search index each build
    # writes). The build names them.
    outside: set[Path] = set()

    def watched(change, name: str) -> bool:
        path = Path(name).resolve()
        return usual(change, name) and (path in outside or any(
            path == place or place in path.parents for place in places))

    def watching(folders) -> tuple:
        """Changes in folders from now on, and the first of them: that first answer (nothing, or what
        changed, within WATCH_WAKE ms) comes once the watches are in place."""
        changes = watch(*folders, watch_filter=watched, stop_event=stopped, yield_on_timeout=True,
                        rust_timeout=WATCH_WAKE)
        return changes, next(changes, None) or set()

    server = None

    def react(changes) -> None:
        paths = [Path(path) for _, path in changes]
        if any(path.suffix == ".py" and any(code in path.parents for code in project.CODE) for path in paths):
            print("Mã nguồn đã thay đổi: khởi động lại để dùng mã mới...", flush=True)
            if server is not None:
                server.terminate()
                server.wait()
            os.execv(sys.executable, sys.orig_argv)  # Python does not reload what it has imported
        try:
            say_built(site.update, paths)
        except Exit:
            pass  # problems are printed; keep serving the last good build

    # Content, theme and code are watched from before the first build, so that a file saved while it
    # runs is built after it; the files outside them are known once it has run.
    during_build, _ = watching(project.WATCHED)  # what it saw first, the build reads anyway
    say_built(site.build)
    outside.update(Path(name).resolve() for name in site.outside)
    for folder in {path.parent for path in outside}:
        folder.mkdir(parents=True, exist_ok=True)
    changes_seen, saved_meanwhile = watching([*project.WATCHED, *{path.parent for path in outside}])
    saved_meanwhile |= next(during_build, None) or set()  # saved until the second watch took over
    during_build.close()
    try:
        if stopped.is_set():  # asked to stop while building
            return
        server = subprocess.Popen(_endpoint(host, int(port)), env=_endpoint_env(host, int(port)))
        print(f"Đang phục vụ tại http://{host}:{port}/ và theo dõi thay đổi (Ctrl+C để dừng)", flush=True)
        if saved_meanwhile:
            react(saved_meanwhile)
        for changes in changes_seen:
            if changes:  # else the wait ran out with nothing changed
                react(changes)
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.terminate()
            server.wait()


@task(help={"host": "address to listen on (keep 127.0.0.1 behind nginx)", "port": "port to listen on",
            "root_path": "the path nginx serves the desk under, e.g. /ban-bien-tap"})
def desk(c, host="127.0.0.1", port=8001, root_path=""):
    """Run the editors' desk (write, check, review, publish in a browser) on http://127.0.0.1:8001."""
    print(f"Bàn biên tập đang chạy tại http://{host}:{port}{root_path}/ (Ctrl+C để dừng)", flush=True)
    _interrupt_on_terminate()
    try:
        subprocess.run([sys.executable, "-m", "desk", "--host", host, "--port", str(port), "--root-path", root_path],
                       check=False)
    except KeyboardInterrupt:
        pass
