"""python -m desk --host 127.0.0.1 --port 8001: the desk under uvicorn (./dev desk)."""

import argparse

import uvicorn

from .app import app


def main() -> None:
    parser = argparse.ArgumentParser(prog="desk", description="Bàn biên tập")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--root-path", default="", help="the path nginx serves the desk under, e.g. /ban-bien-tap")
    options = parser.parse_args()
    # One process: sessions and login limits are held in its memory.
    uvicorn.run(app(), host=options.host, port=options.port, root_path=options.root_path,
                proxy_headers=False, server_header=False, log_level="warning")


if __name__ == "__main__":
    main()
