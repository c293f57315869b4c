"""Parallel clients: totals stay exact on both backends."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from endpoint_harness import ORIGIN, rater_cookie

CLIENTS, HITS = 20, 500
HEADERS = {"Origin": ORIGIN, "Content-Type": "application/json"}


def test_parallel_view_hits_are_all_counted(endpoint):
    def client(number: int) -> int:
        ok = 0
        with httpx.Client(base_url=endpoint.base, timeout=30) as http:
            for _ in range(HITS):
                answer = http.post("/api/views/bai-viet-1",
                                   headers={**HEADERS, "X-Forwarded-For": f"10.1.{number}.1"})
                ok += answer.status_code == 200
        return ok

    with ThreadPoolExecutor(CLIENTS) as pool:
        acknowledged = sum(pool.map(client, range(CLIENTS)))
    assert acknowledged == CLIENTS * HITS
    assert endpoint.stats("bai-viet-1")["views"] == CLIENTS * HITS


def test_parallel_visits_from_many_visitors(endpoint):
    def visitor(number: int) -> None:
        with httpx.Client(base_url=endpoint.base, timeout=30) as http:
            for _ in range(20):
                http.post("/api/visitors", headers={**HEADERS, "X-Forwarded-For": f"10.4.{number}.1"})

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(visitor, range(CLIENTS)))
    counts = endpoint.get("/api/visitors").json()
    assert (counts["online"], counts["today"], counts["total"]) == (CLIENTS, CLIENTS, CLIENTS)


def test_parallel_ratings_from_distinct_and_repeated_visitors(endpoint):
    # Visitor n rates 1, 2, ... up to its final rating (n % 5) + 1, in order, all visitors at once.
    visitors = 60

    def visitor(number: int) -> int:
        final = number % 5 + 1
        with httpx.Client(base_url=endpoint.base, timeout=30) as http:
            for stars in range(1, final + 1):
                for article in ("bai-viet-1", "bai-viet-2"):
                    answer = http.post(f"/api/ratings/{article}", content=f'{{"stars": {stars}}}',
                                       headers={**HEADERS, "X-Forwarded-For": f"10.2.{number}.9",
                                                **rater_cookie(f"visitor {number}")})
                    assert answer.status_code == 200
        return final

    with ThreadPoolExecutor(20) as pool:
        finals = list(pool.map(visitor, range(visitors)))
    for article in ("bai-viet-1", "bai-viet-2"):
        stats = endpoint.stats(article)
        assert stats["rating_count"] == visitors
        assert stats["rating_sum"] == sum(finals)
        assert stats["rating_average"] == round(sum(finals) / visitors, 2)
