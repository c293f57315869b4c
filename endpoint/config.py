"""Endpoint configuration, read once from the environment."""

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _origins(value: str) -> tuple[str, ...]:
    return tuple(origin.strip().rstrip("/") for origin in value.split(",") if origin.strip())


def _networks(value: str) -> tuple[str, ...]:
    """Addresses and networks (10.0.0.0/8), comma-separated; anything else stops the endpoint from starting."""
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)) if "/" in item
                            else str(ipaddress.ip_address(item)))
        except ValueError:
            raise ValueError(f"TOANDAN_TRUSTED_PROXIES: {item!r} is not an IP address or network") from None
    return tuple(networks)


@dataclass(frozen=True)
class Config:
    """Every setting the endpoint reads; see README 'Endpoint settings'."""

    database: str = f"sqlite:///{ROOT / 'var' / 'toandan.sqlite3'}"
    secret_file: Path = ROOT / "var" / "endpoint-secret"  # the key of rater hashes; never in the database
    manifest: Path = ROOT / "output" / "articles.json"
    search_index: Path = ROOT / "var" / "search-index"
    search_page: Path = ROOT / "output" / "tim-kiem" / "index.html"  # the built page /tim-kiem/?q= is rendered into
    origins: tuple[str, ...] = ("http://127.0.0.1:8000", "http://localhost:8000")
    static_dir: Path | None = None
    write_rate: int = 300  # write requests per minute per client
    read_rate: int = 1200  # read requests per minute per client
    max_body: int = 1024  # bytes
    search_slots: int = 1  # search worker processes; see endpoint.search.SearchSlots for who gets one
    search_time_limit: float = 2.0  # seconds a search's quoted phrases may take
    trusted_proxies: tuple[str, ...] = ()  # peers whose X-Forwarded-For and X-Forwarded-Proto are believed
    max_head: int = 16 * 1024  # bytes of request line and headers
    read_timeout: float = 10.0  # seconds a client has to send a whole request
    max_connections: int = 1000  # open connections; one more closes the oldest idle or still sending one
    new_votes_per_address: int = 30  # new ratings of one article from one address (IPv6: /64) in one day

    def __post_init__(self):
        if self.new_votes_per_address < 1:
            raise ValueError("TOANDAN_NEW_VOTES_PER_ADDRESS must be at least 1")

    @classmethod
    def from_env(cls, environ=os.environ, **overrides) -> "Config":
        """Read TOANDAN_* variables; unset ones keep their defaults."""
        values: dict = {}
        casts = {
            "TOANDAN_DATABASE": ("database", str),
            "TOANDAN_SECRET_FILE": ("secret_file", Path),
            "TOANDAN_MANIFEST": ("manifest", Path),
            "TOANDAN_SEARCH_INDEX": ("search_index", Path),
            "TOANDAN_SEARCH_PAGE": ("search_page", Path),
            "TOANDAN_ORIGINS": ("origins", _origins),
            "TOANDAN_STATIC_DIR": ("static_dir", Path),
            "TOANDAN_WRITE_RATE": ("write_rate", int),
            "TOANDAN_READ_RATE": ("read_rate", int),
            "TOANDAN_MAX_BODY": ("max_body", int),
            "TOANDAN_SEARCH_SLOTS": ("search_slots", int),
            "TOANDAN_SEARCH_TIME_LIMIT": ("search_time_limit", float),
            "TOANDAN_TRUSTED_PROXIES": ("trusted_proxies", _networks),
            "TOANDAN_MAX_HEAD": ("max_head", int),
            "TOANDAN_READ_TIMEOUT": ("read_timeout", float),
            "TOANDAN_MAX_CONNECTIONS": ("max_connections", int),
            "TOANDAN_NEW_VOTES_PER_ADDRESS": ("new_votes_per_address", int),
        }
        for variable, (name, cast) in casts.items():
            if environ.get(variable):
                values[name] = cast(environ[variable])
        values.update(overrides)
        return cls(**values)


ENVIRONMENT = ("TOANDAN_DATABASE", "TOANDAN_SECRET_FILE", "TOANDAN_MANIFEST", "TOANDAN_SEARCH_INDEX", "TOANDAN_ORIGINS",
               "TOANDAN_SEARCH_PAGE", "TOANDAN_STATIC_DIR", "TOANDAN_WRITE_RATE", "TOANDAN_READ_RATE", "TOANDAN_MAX_BODY", "TOANDAN_SEARCH_SLOTS",
               "TOANDAN_SEARCH_TIME_LIMIT", "TOANDAN_TRUSTED_PROXIES", "TOANDAN_MAX_HEAD", "TOANDAN_READ_TIMEOUT",
               "TOANDAN_MAX_CONNECTIONS", "TOANDAN_NEW_VOTES_PER_ADDRESS")
