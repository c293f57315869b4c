"""python -m endpoint: serve the endpoint (and optionally the built site) with uvicorn."""

import argparse
import signal
from pathlib import Path

import uvicorn

from .app import create_app
from .config import Config


def _stopped(signum, frame) -> None:
    raise SystemExit(0)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m endpoint", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--static", help="also serve this built site folder (for ./dev serve)")
    parser.add_argument("--forwarded-allow-ips", default="127.0.0.1",
                        help="proxies whose X-Forwarded-For is trusted (nginx on the same machine)")
    args = parser.parse_args()
    overrides = {"static_dir": Path(args.static)} if args.static else {}
    # uvicorn shuts down cleanly on SIGTERM, then raises the signal again with the handler it found:
    # this one makes that a clean exit (status 0, the pools' exit hooks run) instead of death by signal.
    signal.signal(signal.SIGTERM, _stopped)
    uvicorn.run(create_app(Config.from_env(**overrides)), host=args.host, port=args.port,
                proxy_headers=True, forwarded_allow_ips=args.forwarded_allow_ips,
                access_log=False, log_level="info")


if __name__ == "__main__":
    main()
