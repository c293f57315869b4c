"""Endpoint configuration, read once from the environment."""

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _origins(value: str) -> tuple[str, ...]:
    return tuple(origin.strip().rstrip("/") for origin in value.split(",") if origin.strip())


@dataclass(frozen=True)
class Config:
    """Every setting the endpoint reads; see README 'Endpoint settings'."""

    database: str = f"sqlite:///{ROOT / 'var' / 'toandan.sqlite3'}"
    secret_file: Path = ROOT / "var" / "endpoint-secret"  # the key of rater hashes; never in the database
    manifest: Path = ROOT / "output" / "articles.json"
    search_index: Path = ROOT / "var" / "search-index"
    origins: tuple[str, ...] = ("http://127.0.0.1:8000", "http://localhost:8000")
    static_dir: Path | None = None
    write_rate: int = 300  # write requests per minute per client
    read_rate: int = 1200  # read requests per minute per client
    max_body: int = 1024  # bytes
    search_slots: int = 1  # search worker processes; a search arriving when all are busy gets 503 at once

    @classmethod
    def from_env(cls, environ=os.environ, **overrides) -> "Config":
        """Read TOANDAN_* variables; unset ones keep their defaults."""
        values: dict = {}
        casts = {
            "TOANDAN_DATABASE": ("database", str),
            "TOANDAN_SECRET_FILE": ("secret_file", Path),
            "TOANDAN_MANIFEST": ("manifest", Path),
            "TOANDAN_SEARCH_INDEX": ("search_index", Path),
            "TOANDAN_ORIGINS": ("origins", _origins),
            "TOANDAN_STATIC_DIR": ("static_dir", Path),
            "TOANDAN_WRITE_RATE": ("write_rate", int),
            "TOANDAN_READ_RATE": ("read_rate", int),
            "TOANDAN_MAX_BODY": ("max_body", int),
            "TOANDAN_SEARCH_SLOTS": ("search_slots", int),
        }
        for variable, (name, cast) in casts.items():
            if environ.get(variable):
                values[name] = cast(environ[variable])
        values.update(overrides)
        return cls(**values)


ENVIRONMENT = ("TOANDAN_DATABASE", "TOANDAN_SECRET_FILE", "TOANDAN_MANIFEST", "TOANDAN_SEARCH_INDEX", "TOANDAN_ORIGINS", "TOANDAN_STATIC_DIR",
               "TOANDAN_WRITE_RATE", "TOANDAN_READ_RATE", "TOANDAN_MAX_BODY", "TOANDAN_SEARCH_SLOTS")
