"""python -m endpoint: serve the endpoint (and optionally the built site) with uvicorn."""

import argparse
from pathlib import Path

import uvicorn

from .app import create_app
from .config import Config
from .uvicorn_protocol import server_settings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m endpoint", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--static", help="also serve this built site folder (for ./dev serve)")
    args = parser.parse_args()
    config = Config.from_env(**({"static_dir": Path(args.static)} if args.static else {}))
    # Forwarding headers are read by the application, from TOANDAN_TRUSTED_PROXIES only.
    uvicorn.run(create_app(config), host=args.host, port=args.port, proxy_headers=False,
                access_log=False, log_level="info",
                **server_settings(config.max_head, config.read_timeout, config.max_connections))


if __name__ == "__main__":
    main()
