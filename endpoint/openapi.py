"""The OpenAPI document of the endpoint, served at /api/openapi.json."""

from starlette.requests import Request
from starlette.responses import JSONResponse

ERROR = {"$ref": "#/components/schemas/Error"}


def _errors(*statuses: int) -> dict:
    return {str(status): {"description": "JSON error", "content": {"application/json": {"schema": ERROR}}}
            for status in statuses}


def _ok(schema: dict, description: str = "OK") -> dict:
    return {"200": {"description": description, "content": {"application/json": {"schema": schema}}}}


ARTICLE_ID = {"name": "article_id", "in": "path", "required": True,
              "schema": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 200}}
WRITE_ERRORS = _errors(400, 403, 404, 413, 415, 422, 429, 503)
RATER_COOKIE = {"name": "toandan_rater", "in": "cookie", "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$"},
                "description": "this browser's rating token, as POST /api/ratings set it"}
VISITORS = {"type": "object", "required": ["online", "today", "week", "month", "year", "total"],
            "properties": {name: {"type": ["integer", "null"], "minimum": 0}  # null: counted, not readable now
                           for name in ("online", "today", "week", "month", "year", "total")}}
STATS = {"type": "object", "properties": {
    "id": {"type": "string"}, "views": {"type": "integer"},
    "rating_average": {"type": ["number", "null"]}, "rating_sum": {"type": "integer"},
    "rating_count": {"type": "integer"},
    "mine": {"type": ["integer", "null"], "minimum": 1, "maximum": 5, "description": "this browser's own rating"}}}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "toandan reader endpoint", "version": "1",
             "description": "View counts, star ratings, visitor statistics and search for the static site. "
                            "Writes need Content-Type: application/json and the site's own Origin. "
                            "Every error is an Error object; besides those listed, any request may get 400 "
                            "(malformed HTTP), 408 (sent too slowly), 431 (request line and headers over the "
                            "limit) or 503 (too many connections), and nothing redirects."},
    "paths": {
        "/api/health": {"get": {"summary": "Liveness and the number of published articles",
                                "responses": _ok({"type": "object"})}},
        "/api/ready": {"get": {"summary": "Readiness: 200 when the database answers, 503 'unavailable' with "
                                          "Retry-After when it cannot; a load balancer sends readers elsewhere",
                               "responses": {**_ok({"type": "object", "properties": {"status": {"enum": ["ready"]}}}),
                                             **_errors(503)}}},
        "/api/openapi.json": {"get": {"summary": "This document", "responses": _ok({"type": "object"})}},
        "/api/views/{article_id}": {"post": {
            "summary": "Count a view of a published article; answers the new total",
            "parameters": [ARTICLE_ID],
            "responses": {**_ok({"type": "object", "properties": {"id": {"type": "string"},
                                                                  "views": {"type": "integer"}}}),
                          **WRITE_ERRORS}}},
        "/api/ratings/{article_id}": {"post": {
            "summary": "Rate an article 1-5 stars; a browser's new rating replaces its earlier one",
            "description": "The browser is its toandan_rater cookie. Without one the answer is 403 "
                           "cookie_required, with the cookie set (HttpOnly, SameSite=Lax, Path=/api/, "
                           "Secure over https): send the rating again with it. One address (IPv6: its /64) "
                           "adds at most TOANDAN_NEW_VOTES_PER_ADDRESS new votes to an article a day; more "
                           "get 429 too_many_new_votes, with Retry-After, and nothing is stored.",
            "parameters": [ARTICLE_ID, RATER_COOKIE],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["stars"], "additionalProperties": False,
                "properties": {"stars": {"type": "integer", "minimum": 1, "maximum": 5}}}}}},
            "responses": {**_ok(STATS), **WRITE_ERRORS}}},
        "/api/stats": {"get": {
            "summary": "Views and ratings of up to 100 articles",
            "parameters": [
                {"name": "ids", "in": "query", "required": True, "schema": {"type": "string"},
                 "description": "comma-separated article ids"},
                {"name": "mine", "in": "query", "schema": {"enum": ["1"]},
                 "description": "also answer this browser's own rating (from its toandan_rater cookie)"},
                RATER_COOKIE],
            "responses": {**_ok({"type": "object", "properties": {
                "articles": {"type": "array", "items": STATS},
                "unknown": {"type": "array", "items": {"type": "string"}}}}), **_errors(400, 429, 503)}}},
        "/api/visitors": {
            "get": {"summary": "Online now (last 5 minutes), visits today, this week, month, year and in total",
                    "responses": {**_ok(VISITORS), **_errors(429, 503)}},
            "post": {"summary": "Mark the visitor active (a first request after 30 minutes is a visit), "
                                "then answer the counters",
                     "responses": {**_ok(VISITORS), **_errors(400, 403, 413, 415, 429, 503)}}},
        "/api/search": {"get": {
            "summary": "Search articles and pages, typed with or without diacritics",
            "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string"},
                 "description": 'words and "quoted phrases"; nothing else is syntax'},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50}},
                {"name": "category", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                {"name": "unit", "in": "query", "schema": {"type": "string", "maxLength": 200}},
                {"name": "year", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{4}$"}},
                {"name": "sort", "in": "query", "schema": {"enum": ["relevance", "newest"]}}],
            "responses": {**_ok({"type": "object", "properties": {
                "total": {"type": "integer"}, "page": {"type": "integer"}, "per_page": {"type": "integer"},
                "pages": {"type": "integer"}, "suggestion": {"type": ["string", "null"]},
                "partial": {"type": "boolean", "description": "a quoted phrase ran out of time"},
                "facets": {"type": "object"},
                "hits": {"type": "array", "items": {"type": "object", "properties": {
                    "id": {"type": "string"}, "title": {"type": "string"},
                    "title_html": {"type": "string", "description": "HTML-escaped, matches in <mark>"},
                    "url": {"type": "string"}, "date": {"type": ["string", "null"]},
                    "category": {"type": "string"}, "unit": {"type": "string"},
                    "snippet": {"type": "string", "description": "HTML-escaped, matches in <mark>"}}}}}}),
                **_errors(400, 429, 503)}}},
    },
    "components": {"schemas": {"Error": {"type": "object", "properties": {"error": {
        "type": "object", "required": ["code", "message", "message_en"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "message_en": {"type": "string"}}}}}}},
}


async def openapi(request: Request) -> JSONResponse:
    return JSONResponse(DOCUMENT)
