"""Old addresses in one form, shared by the importer (matching links) and the build (redirects)."""

from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

# What stays as written in a path or query: everything else is percent-encoded, so an address
# is one token in nginx's configuration and compares equal however it was written.
_SAFE = "/%:@&=+,!*()~.-_"


def normal(address: str, base: str = "") -> str:
    """Absolute, host in lower case, no fragment, path and query percent-encoded the same way,
    and without Plone's trailing '/view'."""
    parts = urlsplit(urljoin(base, address.strip()) if base else address.strip())
    path = quote(unquote(parts.path or "/"), safe=_SAFE)
    if path.endswith("/view"):
        path = path[: -len("/view")] or "/"
    query = quote(unquote(parts.query), safe=_SAFE + "?")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def request_target(address: str) -> str:
    """What a browser asks the server for at address: its path and query ('/a/b.html?x=1')."""
    parts = urlsplit(normal(address, "http://old.invalid/"))
    return parts.path + (f"?{parts.query}" if parts.query else "")
