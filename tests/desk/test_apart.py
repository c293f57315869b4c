"""The desk stands apart: the reader endpoint never imports it, and its pages load nothing from outside."""

import re
import subprocess
import sys

from sitekit import ROOT


def test_the_endpoint_never_imports_the_desk():
    loaded = subprocess.run([sys.executable, "-c", "import sys, endpoint.app, endpoint.__main__; "
                             "print([m for m in sys.modules if m == 'desk' or m.startswith('desk.')])"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
    for source in (ROOT / "endpoint").rglob("*.py"):
        assert not re.search(r"^\s*(from|import) desk\b", source.read_text(encoding="utf-8"), re.M), source


def test_desk_pages_load_nothing_from_outside():
    for template in (ROOT / "desk" / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"""(src|href|action)=["'](https?:)?//""", text), template
    for static in (ROOT / "desk" / "static").iterdir():
        assert "http://" not in static.read_text(encoding="utf-8").replace("http://www.w3.org/2000/svg", "")
