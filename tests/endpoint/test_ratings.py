"""A vote belongs to a browser (its rating cookie), and one address adds only so many new votes a day."""

import pytest

from endpoint.identity import RATER_COOKIE
from endpoint_harness import Endpoint

SHARED = "203.0.113.50"  # one public address: a carrier's NAT, an office, a school


def test_two_browsers_behind_one_address_each_get_a_vote(endpoint):
    assert endpoint.post("/api/ratings/bai-viet-1", {"stars": 5}, visitor=SHARED, browser="phone").status_code == 200
    second = endpoint.post("/api/ratings/bai-viet-1", {"stars": 3}, visitor=SHARED, browser="laptop").json()
    assert (second["rating_count"], second["rating_sum"], second["mine"]) == (2, 8, 3)
    # The same browser rating again changes its vote, even from another address.
    again = endpoint.post("/api/ratings/bai-viet-1", {"stars": 1}, visitor="198.51.100.3", browser="phone").json()
    assert (again["rating_count"], again["rating_sum"], again["mine"]) == (2, 4, 1)
    assert endpoint.stats("bai-viet-1", visitor=SHARED, browser="phone")["mine"] == 1
    assert endpoint.stats("bai-viet-1", visitor=SHARED, browser="laptop")["mine"] == 3
    assert endpoint.stats("bai-viet-1", visitor=SHARED, browser="tablet")["mine"] is None
    assert endpoint.stats("bai-viet-1", visitor=SHARED, browser=None)["rating_count"] == 2  # read without a cookie


def test_a_rating_without_the_cookie_sets_it_and_stores_nothing(endpoint):
    refused = endpoint.post("/api/ratings/bai-viet-2", {"stars": 4}, browser=None)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "cookie_required"
    assert "cookie" in refused.json()["error"]["message"]
    cookie = refused.headers["set-cookie"]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "path", "max-age"} <= attributes and "secure" not in attributes  # plain http
    assert "samesite=lax" in cookie.lower() and "path=/api/" in cookie.lower()
    assert endpoint.stats("bai-viet-2", browser=None)["rating_count"] == 0

    token = cookie.split(";")[0].split("=", 1)[1]
    sent_back = endpoint.post("/api/ratings/bai-viet-2", {"stars": 4}, browser=None,
                              headers={"Cookie": f"{RATER_COOKIE}={token}"})
    assert sent_back.status_code == 200 and sent_back.json()["rating_count"] == 1
    made_up = endpoint.post("/api/ratings/bai-viet-2", {"stars": 4}, browser=None,
                            headers={"Cookie": f"{RATER_COOKIE}=not-a-token"})
    assert made_up.status_code == 403  # only a token of the endpoint's form counts


def test_the_cookie_is_secure_behind_a_trusted_https_proxy(endpoint):
    answer = endpoint.post("/api/ratings/bai-viet-3", {"stars": 2}, headers={"X-Forwarded-Proto": "https"})
    assert answer.status_code == 200 and "; secure" in answer.headers["set-cookie"].lower()


@pytest.fixture
def capped(database, tmp_path):
    server = Endpoint(database, tmp_path, TOANDAN_NEW_VOTES_PER_ADDRESS="3")
    yield server
    server.stop()


def test_one_address_adds_at_most_the_cap_of_new_votes_a_day(capped):
    for n in range(3):
        assert capped.post("/api/ratings/bai-viet-1", {"stars": 5}, visitor=SHARED, browser=f"b{n}").status_code == 200
    refused = capped.post("/api/ratings/bai-viet-1", {"stars": 1}, visitor=SHARED, browser="b3")
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "too_many_new_votes"
    assert 0 < int(refused.headers["retry-after"]) <= 24 * 3600  # until the next day starts
    stats = capped.stats("bai-viet-1", visitor=SHARED, browser="b3")
    assert (stats["rating_count"], stats["rating_sum"], stats["mine"]) == (3, 15, None)  # nothing stored

    # Changing a vote is not a new one; another article, or another address, has a count of its own.
    assert capped.post("/api/ratings/bai-viet-1", {"stars": 2}, visitor=SHARED, browser="b0").status_code == 200
    assert capped.post("/api/ratings/bai-viet-2", {"stars": 4}, visitor=SHARED, browser="b3").status_code == 200
    assert capped.post("/api/ratings/bai-viet-1", {"stars": 4}, visitor="198.51.100.4", browser="b3").status_code == 200
    assert capped.stats("bai-viet-1", browser="b3")["rating_count"] == 4


def test_addresses_of_one_ipv6_64_share_one_count(capped):
    for n in range(3):
        assert capped.post("/api/ratings/bai-viet-5", {"stars": 3}, visitor=f"2001:db8:1:2::{n + 1}",
                           browser=f"b{n}").status_code == 200
    assert capped.post("/api/ratings/bai-viet-5", {"stars": 3}, visitor="2001:db8:1:2::ffff",
                       browser="b3").status_code == 429
    assert capped.post("/api/ratings/bai-viet-5", {"stars": 3}, visitor="2001:db8:1:3::1",
                       browser="b3").status_code == 200
