"""The site the tasks act on: this checkout's folders. Tests point them at a site of their own."""

from pathlib import Path

ROOT = Path(__file__).parent.parent
SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
OUTPUT = ROOT / "output"
CONTENT = ROOT / "content"
WATCHED = [CONTENT, ROOT / "theme", ROOT / "plugins", ROOT / "toandan", SETTINGS]  # what ./dev livereload watches
CODE = [ROOT / "plugins", ROOT / "toandan"]  # imported once per process: a change needs a new process
