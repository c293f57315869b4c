"""Who a request comes from, without ever storing an IP address, a user agent or a browser's token."""

import functools
import hashlib
import hmac
import ipaddress
import re
import secrets

RATER_COOKIE = "toandan_rater"  # the browser's rating token: set by POST /api/ratings, read by it and by ?mine=1
RATER_COOKIE_DAYS = 365  # the browser keeps it this long after its last rating
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # what new_rater_token() makes: 32 random bytes, base64url


@functools.lru_cache(maxsize=4096)  # every request asks; parsing an address is most of a rate check
def network(host: str) -> str:
    """The client's address, or its /64 for IPv6 (one household or phone gets one /64)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def visitor_key(daily_salt: bytes, host: str, user_agent: str) -> str:
    """A visitor for one day: the salt is deleted after its day, so the key cannot be traced back."""
    return hmac.new(daily_salt, f"{host}\n{user_agent}".encode(), hashlib.sha256).hexdigest()[:32]


def new_rater_token() -> str:
    return secrets.token_urlsafe(32)


def rater_token(cookie: str | None) -> str | None:
    """The browser's rating token from its cookie, if it is one this endpoint could have made."""
    return cookie if cookie and _TOKEN.fullmatch(cookie) else None


def rater_key(secret: bytes, token: str) -> str:
    """A rater: one browser, stable across days so a second vote replaces the first."""
    return hmac.new(secret, f"browser\n{token}".encode(), hashlib.sha256).hexdigest()[:32]


def address_key(secret: bytes, host: str) -> str:
    """The client's address (IPv6: its /64) for counting its new votes of the day; kept only that day."""
    return hmac.new(secret, f"address\n{network(host)}".encode(), hashlib.sha256).hexdigest()[:32]
