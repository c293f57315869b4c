"""Full-text search in Vietnamese, typed with or without diacritics, shared by the build (writing)
and the endpoint (searching). Queries are built in code from word tokens, never parsed as query
syntax, so no input can turn into an operator.

- analysis: text to terms (syllables, exact or folded);
- fields: the schema and the documents indexed;
- writing: update_index, an atomic update of the index's folder;
- query: a reader's query as words, pairs and phrases;
- arrays: one index generation as NumPy arrays, and BM25F over them;
- phrases, ranking, suggestions, snippets: answering a query;
- searching: SearchIndex, what the endpoint holds open.

Whoosh's internals are used only in toandan.accelerate.whoosh.
"""

from .arrays import WARM_DF
from .fields import SCHEMA_VERSION, Candidate, SearchDocument
from .query import ParsedQuery, parse_query
from .searching import SearchIndex, SearchResult
from .writing import IndexReport, readable_index, update_index

__all__ = ["WARM_DF", "SCHEMA_VERSION", "Candidate", "SearchDocument", "ParsedQuery", "parse_query",
           "SearchIndex", "SearchResult", "IndexReport", "readable_index", "update_index"]
