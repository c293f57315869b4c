"""python -m endpoint: serve the endpoint (and optionally the built site) with uvicorn."""

import argparse
import os
import signal
from pathlib import Path

import uvicorn

from .app import create_app
from .config import Config
from .uvicorn_protocol import server_settings


def _stopped(signum, frame) -> None:
    raise SystemExit(0)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m endpoint", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--static", help="also serve this built site folder (for ./dev serve)")
    args = parser.parse_args()
    overrides = {}
    if args.static:
        overrides["static_dir"] = Path(args.static)
        if not os.environ.get("TOANDAN_SEARCH_PAGE"):  # the served site's own search page, unless told otherwise
            overrides["search_page"] = Path(args.static) / "tim-kiem" / "index.html"
    config = Config.from_env(**overrides)
    # uvicorn shuts down cleanly on SIGTERM, then raises the signal again with the handler it found:
    # this one makes that a clean exit (status 0, the pools' exit hooks run) instead of death by signal.
    signal.signal(signal.SIGTERM, _stopped)
    # Forwarding headers are read by the application, from TOANDAN_TRUSTED_PROXIES only.
    uvicorn.run(create_app(config), host=args.host, port=args.port, proxy_headers=False,
                access_log=False, log_level="info",
                **server_settings(config.max_head, config.read_timeout, config.max_connections))


if __name__ == "__main__":
    main()
