"""Where a saved page came from: the address its redirect starts at."""

import re

from bs4 import BeautifulSoup, Comment

_SAVED_FROM = re.compile(r"saved from url=\(\d+\)(\S+)")


def saved_address(soup: BeautifulSoup) -> str:
    """The address a saved page was saved from: its canonical link, og:url, or the browser's note."""
    canonical = soup.find("link", rel="canonical")
    if canonical is not None and canonical.get("href", "").startswith(("http://", "https://")):
        return canonical["href"].strip()
    og = soup.find("meta", attrs={"property": "og:url"})
    if og is not None and og.get("content", "").startswith(("http://", "https://")):
        return og["content"].strip()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        if match := _SAVED_FROM.search(comment):
            return match.group(1)
    return ""
