"""What a cached read depends on besides the file itself.

An entry's key is the file's path and bytes; the folder's name is everything else: the registries,
the settings that shape the HTML, the reading code and the versions of the libraries it calls.
Change any of those and every file is read afresh.
"""

from pathlib import Path

import toandan
from toandan.building.diskcache import fingerprint, sources

LIBRARIES = ("markdown", "typogrify", "smartypants", "pyyaml", "pelican", "nh3")
# Settings that change what reading a file produces (HTML, typography, validation, metadata).
READ_SETTINGS = ("TYPOGRIFY", "TYPOGRIFY_IGNORE_TAGS", "TYPOGRIFY_OMIT_FILTERS", "TYPOGRIFY_DASHES",
                 "CONTENT_MODEL", "PATH", "ARTICLE_PATHS", "PAGE_PATHS", "TIMEZONE", "DEFAULT_LANG",
                 "SLUGIFY_SOURCE", "SLUG_REGEX_SUBSTITUTIONS", "DEFAULT_CATEGORY")


def read_fingerprint(settings: dict, markdown: dict, data_dir: Path) -> str:
    """What a read depends on besides the file itself."""
    named = [f"{name}={settings.get(name)!r}".encode() for name in READ_SETTINGS]
    registries = sorted(p for p in data_dir.rglob("*") if p.is_file()) if data_dir.is_dir() else []
    return fingerprint(repr(markdown).encode(), *named, libraries=LIBRARIES,
                       files=sources(Path(__file__).parent, Path(toandan.__file__).parent) + registries)
