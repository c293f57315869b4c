"""Finished reads kept on disk, so a rebuild parses only the files that changed.

An entry's key is the file's bytes and its path; the folder's name is everything else a read
depends on: the registries, the settings that shape the HTML, the reading code and the versions of
the libraries it calls. Change any of those and every file is read afresh.
"""

import hashlib
import os
import pickle
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path

import toandan

LIBRARIES = ("markdown", "typogrify", "smartypants", "pyyaml", "pelican")
# Settings that change what reading a file produces (HTML, typography, validation, metadata).
READ_SETTINGS = ("TYPOGRIFY", "TYPOGRIFY_IGNORE_TAGS", "TYPOGRIFY_OMIT_FILTERS", "TYPOGRIFY_DASHES",
                 "CONTENT_MODEL", "PATH", "ARTICLE_PATHS", "PAGE_PATHS", "TIMEZONE", "DEFAULT_LANG",
                 "SLUGIFY_SOURCE", "SLUG_REGEX_SUBSTITUTIONS", "DEFAULT_CATEGORY")


def _sources(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*.py") if "bench" not in p.parts)


def fingerprint(settings: dict, markdown: dict, data_dir: Path) -> str:
    """What a read depends on besides the file itself."""
    digest = hashlib.sha256(repr(markdown).encode() + b"\n")
    for name in READ_SETTINGS:
        digest.update(f"{name}={settings.get(name)!r}\n".encode())
    for library in LIBRARIES:
        digest.update(f"{library}={version(library)}\n".encode())
    code = _sources(Path(__file__).parent, Path(toandan.__file__).parent)
    registries = sorted(p for p in data_dir.rglob("*") if p.is_file()) if data_dir.is_dir() else []
    for path in code + registries:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


class ReadCache:
    """One pickle per read file under folder/<fingerprint>/; other fingerprints' folders are removed."""

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = folder / fingerprint
        if folder.is_dir():
            for other in folder.iterdir():
                if other.name != fingerprint:
                    shutil.rmtree(other, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)

    def key(self, path: Path) -> str:
        return hashlib.sha256(str(path).encode() + b"\0" + path.read_bytes()).hexdigest()

    def get(self, key: str):
        try:
            with open(self.folder / key, "rb") as stored:
                return pickle.load(stored)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None  # a damaged or outdated entry is read again, and replaced

    def put(self, key: str, value) -> None:
        """Written beside, then renamed: a build killed midway leaves no half entry."""
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".")
        try:
            with os.fdopen(handle, "wb") as stored:
                pickle.dump(value, stored, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / key)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
