import pytest

from desk_harness import DeskClient, DeskServer, make_desk


@pytest.fixture
def desk_site(tmp_path):
    return make_desk(tmp_path)


@pytest.fixture(scope="module")
def stopping() -> list:
    """The desk servers of a module's tests, stopping beside the tests after them: each takes
    uvicorn's shutdown ticks, a fifth of a second. All have ended when the module ends."""
    servers: list[DeskServer] = []
    yield servers
    for server in servers:
        server.join()


@pytest.fixture
def desk_server(desk_site, stopping):
    server = DeskServer(desk_site[1])
    yield server
    server.stop(wait=False)
    stopping.append(server)


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
