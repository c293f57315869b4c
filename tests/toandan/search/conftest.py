"""The corpus indexed once per test module."""

import pytest

from search_corpus import CORPUS, candidates
from toandan.search import SearchIndex, update_index


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    link = tmp_path_factory.mktemp("search") / "index"
    update_index(link, candidates(CORPUS))
    return SearchIndex(link)

