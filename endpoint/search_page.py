"""The search page with its results rendered on the server: GET /tim-kiem/?q=... works without JavaScript.

The build writes the search page with its form and results between two markers, and beside them
what rendering needs (the form's address, the site root, the filter choices) as JSON. For a query,
the endpoint renders the theme's own partial (theme/templates/_search.html) with the reader's
query and its result, and answers the built page with that region in place of the build's.
"""

import json
import os
import re
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from toandan.building.templating import FILTERS

from .errors import MESSAGES, ApiError
from .search import SearchQuery, SearchRefused, run_search

PATH = "/tim-kiem/"  # the site's SEARCH_URL, where nginx sends a search with a query string
TEMPLATES = Path(__file__).resolve().parent.parent / "theme" / "templates"
START, END = "<!-- search-region -->", "<!-- /search-region -->"
PAGE_DATA = re.compile(r'<script type="application/json" id="search-page">(.*?)</script>', re.S)
PARAMETERS = ("q", "category", "unit", "year", "sort", "page")  # what a link on the page carries along


class BuiltPageError(Exception):
    """The built search page is missing or lacks its markers: the build and the endpoint disagree."""


@dataclass(frozen=True)
class BuiltPage:
    before: str
    after: str
    data: dict

    @classmethod
    def parse(cls, text: str) -> "BuiltPage":
        start, end = text.find(START), text.find(END)
        found = PAGE_DATA.search(text)
        if start < 0 or end < start or not found:
            raise BuiltPageError("the search page has no marked region")
        return cls(text[:start + len(START)], text[end:], json.loads(found.group(1)))


class _MarkedParts(HTMLParser):
    """Text of an HTML fragment as (text, inside <mark>) parts; every other tag is dropped, its text kept."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, bool]] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "mark"

    def handle_endtag(self, tag):
        if tag == "mark" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        self.parts.append((data, self.depth > 0))


def marked_parts(fragment: str) -> list[tuple[str, bool]]:
    """The search index's title_html and snippet (escaped text, matches in <mark>) as text parts:
    read as the page's script reads them, so the template escapes all of it and adds only <mark>."""
    parser = _MarkedParts()
    parser.feed(fragment)
    parser.close()
    return parser.parts


def _meta(hit: dict) -> str:
    """'26/12/2021 · Tin hoạt động'."""
    day = ""
    if hit.get("date"):
        year, month, date = hit["date"][:10].split("-")
        day = f"{date}/{month}/{year}"
    return " · ".join(part for part in (day, hit.get("category")) if part)


class SearchPage:
    """The built page, read again when a build replaces it, and the theme's templates."""

    def __init__(self, built: Path):
        self.built = Path(built)
        self._page: tuple[tuple, BuiltPage] | None = None
        self._lock = threading.Lock()
        self.templates = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
        self.templates.filters.update(FILTERS)

    def page(self) -> BuiltPage:
        try:
            stat = os.stat(self.built)  # follows output/ to the newest build
        except FileNotFoundError:
            raise BuiltPageError(f"no built search page at {self.built}") from None
        signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._page is None or self._page[0] != signature:
                self._page = (signature, BuiltPage.parse(self.built.read_text(encoding="utf-8")))
            return self._page[1]

    def render(self, page: BuiltPage, state: dict, result=None, error: str | None = None) -> str:
        def url(**changes) -> str:
            """This search's address with changes; an empty value drops the parameter."""
            merged = {name: state.get(name) for name in PARAMETERS}
            merged.update(changes)
            return "?" + urlencode({name: value for name, value in merged.items() if value not in (None, "")})

        if result is not None:
            result = {"total": result.total, "page": result.page, "per_page": result.per_page,
                      "pages": result.pages, "facets": result.facets, "suggestion": result.suggestion,
                      "hits": [{"url": hit["url"], "meta": _meta(hit), "title_parts": marked_parts(hit["title_html"]),
                                "snippet_parts": marked_parts(hit["snippet"])} for hit in result.hits]}
        region = self.templates.get_template("_search.html").module.search_region(
            page.data, {"state": state, "result": result, "error": error, "url": url})
        return page.before + str(region) + page.after


def _state(params) -> dict:
    """What the reader asked for, shown back in the form whether or not it is valid."""
    return {name: (params.get(name) or "")[:200] for name in PARAMETERS}


async def search_page(request: Request) -> HTMLResponse:
    """GET /tim-kiem/?q=&category=&unit=&year=&sort=&page=: the search page with its results."""
    view: SearchPage = request.app.state.search_page
    try:
        page = view.page()
    except BuiltPageError:
        raise ApiError(503, "search_unavailable") from None
    params = request.query_params
    state = _state(params)
    headers = {"Cache-Control": "no-store"}
    try:
        query = SearchQuery.from_params(params)
    except ApiError as error:
        return HTMLResponse(view.render(page, state, error=MESSAGES[error.code][0]), error.status, headers)
    if not query.q.strip():
        return HTMLResponse(view.render(page, state), headers=headers)
    try:
        result = await run_search(request, query)
    except SearchRefused as refusal:
        headers["Retry-After"] = str(refusal.retry_after)
        return HTMLResponse(view.render(page, state, error=MESSAGES[refusal.code][0]), refusal.status, headers)
    except ApiError as error:
        return HTMLResponse(view.render(page, state, error=MESSAGES[error.code][0]), error.status, headers)
    return HTMLResponse(view.render(page, state, result), headers=headers)
