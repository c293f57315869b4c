"""Results kept on disk between builds, one pickle per key, under a folder named for what they
depend on besides the key (code, settings, registries): a change there starts a fresh folder."""

import hashlib
import os
import pickle
import shutil
import tempfile
from importlib.metadata import version
from pathlib import Path

from toandan.build import forking


def fingerprint(*parts: bytes, libraries: tuple = (), files: list[Path] = ()) -> str:
    """A folder name for the given parts, library versions and files' names and bytes."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part + b"\n")
    for library in libraries:
        digest.update(f"{library}={version(library)}\n".encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def cache_folder(settings: dict, name: str) -> Path:
    """CACHE_PATH/name; a relative CACHE_PATH is beside the content folder, like the site's other files."""
    return Path(settings["PATH"]).parent / settings["CACHE_PATH"] / name


def sources(*folders: Path) -> list[Path]:
    """The Python files under folders, except a bench/ package in them (the benchmark task)."""
    return sorted(p for folder in folders for p in folder.rglob("*.py") if "bench" not in p.relative_to(folder).parts)


class DiskCache:
    """One pickle per key under folder/<fingerprint>/; other fingerprints' folders are removed."""

    def __init__(self, folder: Path, fingerprint: str):
        self.folder = folder / fingerprint
        if folder.is_dir():
            for other in folder.iterdir():
                if other.name != fingerprint:
                    shutil.rmtree(other, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._held: dict | None = None  # entries put while holding (hold), by key
        self._holding = False

    def hold(self) -> None:
        """Keeps what is put from now on in memory, until write_held_behind."""
        self._held, self._holding = {}, True

    def write_held_behind(self, minimum: int = 64) -> None:
        """Writes what was held to disk beside the build (forking.beside), leaving this process's
        time to the build; fewer than minimum entries are written here at once. Each entry held is
        still answered once from memory after."""
        held, self._holding = self._held or {}, False
        if len(held) >= minimum:
            # A build's process waits for it at exit (not a daemon).
            forking.beside(self._put_all, held, daemon=False, name="toandan-cache-writer")
        else:
            self._put_all(held)

    def _put_all(self, entries: dict) -> None:
        for key, value in entries.items():
            self._write(key, value)

    @staticmethod
    def key(*parts: bytes) -> str:
        digest = hashlib.blake2b(digest_size=24)
        for part in parts:
            digest.update(len(part).to_bytes(8, "little") + part)
        return digest.hexdigest()

    def holds(self, key: str) -> bool:
        return bool(self._held and key in self._held) or (self.folder / key).is_file()

    def get(self, key: str):
        if self._held and key in self._held:
            return self._held.pop(key)  # once: whoever takes it may change it
        try:
            with open(self.folder / key, "rb") as stored:
                return pickle.load(stored)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None  # a damaged or outdated entry is read again, and replaced

    def put(self, key: str, value) -> None:
        if self._holding:
            self._held[key] = value
        else:
            self._write(key, value)

    def _write(self, key: str, value) -> None:
        """Written beside, then renamed: a build killed midway leaves no half entry."""
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".")
        try:
            with os.fdopen(handle, "wb") as stored:
                pickle.dump(value, stored, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / key)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
