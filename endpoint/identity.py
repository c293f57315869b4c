"""Who a request comes from, without ever storing an IP address or a user agent."""

import functools
import hashlib
import hmac
import ipaddress


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


def rater_key(secret: bytes, host: str) -> str:
    """A rater, stable across days so a second vote replaces the first."""
    return hmac.new(secret, network(host).encode(), hashlib.sha256).hexdigest()[:32]
