"""The importer's fixtures (in importer_fixtures.py, a name no other test folder uses)."""

from importer_fixtures import project, saved_pages  # noqa: F401 - pytest finds fixtures by name
