import pytest

from desk_harness import DeskClient, DeskServer, make_desk


@pytest.fixture
def desk_site(tmp_path):
    return make_desk(tmp_path)


@pytest.fixture
def desk_server(desk_site):
    server = DeskServer(desk_site[1])
    yield server
    server.stop()


@pytest.fixture
def client(desk_server):
    return DeskClient(desk_server)


@pytest.fixture
def approver(desk_server):
    client = DeskClient(desk_server)
    assert client.login("hung").status_code == 303
    return client


@pytest.fixture
def editor(client):
    assert client.login("lan").status_code == 303
    return client
