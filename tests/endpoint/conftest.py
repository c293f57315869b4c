"""Fixtures: a real endpoint over HTTP, on SQLite and on a real PostgreSQL server."""

import shutil
import tempfile
from pathlib import Path

import pytest

from endpoint_harness import Endpoint, PostgresServer


@pytest.fixture(scope="session")
def postgres():
    # Not under pytest's temporary folder: that one is private to root, and PostgreSQL runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="toandan-postgres-"))
    try:
        server = PostgresServer(folder)
        yield server
        server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'endpoint.sqlite3'}"
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def endpoint(database, tmp_path):
    server = Endpoint(database, tmp_path)
    yield server
    server.stop()
