"""The desk's settings, read once from the environment with casts."""

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Variable: what it holds (README, "Viết bài trên bàn biên tập").
ENVIRONMENT = {
    "TOANDAN_DESK_SETTINGS": "the Pelican settings file the desk checks and builds with",
    "TOANDAN_DESK_OUTPUT": "the published site's folder (the atomic build's link)",
    "TOANDAN_DESK_USERS": "the accounts file",
    "TOANDAN_DESK_AUDIT": "the audit log, one JSON line per action",
    "TOANDAN_DESK_SECRET": "the file holding the key that signs session cookies (made on first start)",
    "TOANDAN_DESK_IDLE_MINUTES": "minutes without a request after which a session ends",
    "TOANDAN_DESK_LOCK_MINUTES": "minutes an account or address stays locked after too many wrong passwords",
    "TOANDAN_DESK_BEHIND_PROXY": "1 behind nginx: trust its X-Real-IP and X-Forwarded-Proto",
}


@dataclass(frozen=True)
class DeskConfig:
    settings: Path  # pelicanconf.py: where content/ and the registries are
    output: Path
    users: Path
    audit: Path
    secret: Path
    idle_minutes: int = 30
    lock_minutes: int = 15
    behind_proxy: bool = False

    @classmethod
    def from_env(cls, environ=os.environ) -> "DeskConfig":
        def path(name: str, default: str) -> Path:
            return Path(environ.get(name) or ROOT / default).absolute()

        return cls(
            settings=path("TOANDAN_DESK_SETTINGS", "pelicanconf.py"),
            output=path("TOANDAN_DESK_OUTPUT", "output"),
            users=path("TOANDAN_DESK_USERS", "var/desk-users.toml"),
            audit=path("TOANDAN_DESK_AUDIT", "var/desk-audit.log"),
            secret=path("TOANDAN_DESK_SECRET", "var/desk-secret"),
            idle_minutes=int(environ.get("TOANDAN_DESK_IDLE_MINUTES") or 30),
            lock_minutes=int(environ.get("TOANDAN_DESK_LOCK_MINUTES") or 15),
            behind_proxy=environ.get("TOANDAN_DESK_BEHIND_PROXY", "") in ("1", "true", "yes"),
        )
