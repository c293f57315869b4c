"""The endpoint measured under wrk, beside hello-world apps on the same server."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote_plus

from .corpus import ROOT
from .processes import median, percentile
from .queries import query_mix

HELLO = "async def app(scope, receive, send):\n    if scope['type'] != 'http':\n        return\n" \
        "    await send({'type': 'http.response.start', 'status': 200, 'headers': [(b'content-type', b'text/plain')]})\n" \
        "    await send({'type': 'http.response.body', 'body': b'Hello, world'})\n"
STARLETTE_HELLO = ("from starlette.applications import Starlette\nfrom starlette.responses import PlainTextResponse\n"
                   "from starlette.routing import Route\n\nasync def hello(request):\n"
                   "    return PlainTextResponse('Hello, world')\n\napp = Starlette(routes=[Route('/', hello)])\n")
WRK_POST = ('wrk.method = "POST"\nwrk.body = "{{}}"\nwrk.headers["Content-Type"] = "application/json"\n'
            'wrk.headers["Origin"] = "{origin}"\n')
WRK_SEARCH = ("local q = {{{queries}}}\nlocal i = 0\nrequest = function()\n  i = i + 1\n"
              "  return wrk.format('GET', '/api/search?q=' .. q[(i % #q) + 1])\nend\n")



def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(command: list[str], env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("the server did not start")


def wrk(url: str, seconds: int, script: str | None = None, connections: int = 50) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if script:
            lua.write(script)
            lua.flush()
            command[1:1] = ["-s", lua.name]
        output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)

    def latency(label: str) -> float | None:
        found = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", output)
        if not found or float(found.group(1)) == 0:
            return None  # wrk reports no latency when every request timed out
        return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]

    non_2xx = int(errors.group(1)) if errors else 0
    return {"rps": rps, "p50_ms": latency("50"), "p99_ms": latency("99"), "non_2xx": non_2xx,
            "answered_rps": rps * (requests - non_2xx) / requests if requests else 0.0,
            "timeouts": int(timeouts.group(1)) if timeouts else 0}


def _median_run(runs: list[dict]) -> dict:
    """The median of each figure over wrk runs of one route."""
    def middle(name):
        values = [r[name] for r in runs if r[name] is not None]
        return median(values)

    return {"rps": middle("rps"), "p50_ms": middle("p50_ms"), "p99_ms": middle("p99_ms"),
            "non_2xx": sum(r["non_2xx"] for r in runs), "timeouts": sum(r["timeouts"] for r in runs),
            "runs": len(runs)}


def measure_endpoint(site: Path, seconds: int, rounds: int = 1) -> dict:
    """Hello worlds and the endpoint on the same server (uvicorn), all started first; then rounds of
    wrk against each in turn, so a drift of the machine touches each alike. Figures are medians over
    the rounds, the ratio the median of each round's ratio."""
    queries = query_mix(site)
    folder = Path(tempfile.mkdtemp(prefix="bench-endpoint-"))
    manifest = site / "output" / "articles.json"
    ids = [a["id"] for a in json.loads(manifest.read_text(encoding="utf-8"))["articles"]]
    servers: list[subprocess.Popen] = []
    try:
        (folder / "hello.py").write_text(HELLO)
        (folder / "starlette_hello.py").write_text(STARLETTE_HELLO)
        urls = {}
        for name, module in (("hello", "hello:app"), ("hello_starlette", "starlette_hello:app")):
            port = _free_port()
            servers.append(_serve([sys.executable, "-m", "uvicorn", "--app-dir", str(folder), module,
                                   "--port", str(port), "--no-access-log", "--log-level", "warning"], {}, port))
            urls[name] = f"http://127.0.0.1:{port}/"
        port = _free_port()
        origin = f"http://127.0.0.1:{port}"
        env = {"TOANDAN_DATABASE": f"sqlite:///{folder / 'bench.sqlite3'}", "TOANDAN_MANIFEST": str(manifest),
               "TOANDAN_SEARCH_INDEX": str(site / "var" / "search-index"), "TOANDAN_ORIGINS": origin,
               "TOANDAN_WRITE_RATE": "100000000", "TOANDAN_READ_RATE": "100000000"}
        servers.append(_serve([sys.executable, "-m", "endpoint", "--port", str(port)], env, port))
        import httpx
        with httpx.Client(timeout=300) as client:
            # The search worker reads the index's common postings when the endpoint starts; a first
            # search is answered after that, so no measurement shares the cores with the warm-up.
            client.get(f"{origin}/api/search", params={"q": queries[0]}).raise_for_status()
        scripts = {"hello": None, "hello_starlette": None, "views": WRK_POST.format(origin=origin)}
        urls["views"] = f"{origin}/api/views/{ids[0]}"
        measured: dict[str, list[dict]] = {name: [] for name in scripts}
        for _ in range(rounds):
            for name, script in scripts.items():
                measured[name].append(wrk(urls[name], seconds, script))
        results = {name: _median_run(runs) for name, runs in measured.items()}
        results["views_ratio"] = median([v["rps"] / h["rps"] for v, h in zip(measured["views"], measured["hello"])])
        results["views_ratio_starlette"] = median(
            [v["rps"] / h["rps"] for v, h in zip(measured["views"], measured["hello_starlette"])])
        stats_url = f"{origin}/api/stats?ids={','.join(ids[:20])}"
        results["stats"] = wrk(stats_url, seconds)
        quoted = ", ".join(json.dumps(quote_plus(q)) for q in queries)
        # One search at a time by default (TOANDAN_SEARCH_SLOTS): measured with one client, and with 50
        # connections of one address, whose searches beyond the first running are refused at once (429).
        search = WRK_SEARCH.format(queries=quoted)
        results["search"] = wrk(f"{origin}/api/search", seconds, search, connections=1)
        results["search_50"] = wrk(f"{origin}/api/search", seconds, search)
        single = []
        with httpx.Client() as client:
            for _ in range(200):
                started = time.perf_counter()
                client.get(stats_url)
                single.append((time.perf_counter() - started) * 1000)
        results["stats_single_p50_ms"] = percentile(single, 0.5)
        results["rounds"] = rounds
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
            server.wait()
        shutil.rmtree(folder, ignore_errors=True)
    return results
