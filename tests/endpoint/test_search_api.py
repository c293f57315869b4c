"""GET /api/search over HTTP: answers, validation, hostile queries, and who searches when search is busy."""

import asyncio
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import yaml

from endpoint.search import SearchRefused, SearchSlots
from endpoint_harness import Endpoint
from bench.corpus import generate, vocabulary
from toandan.vietnamese.dates import TIMEZONE
from toandan.search import Candidate, SearchDocument, update_index

DOCS = [("bao-ve", "Bảo vệ an ninh Tổ quốc", "Toàn dân bảo vệ an ninh Tổ quốc <b>ở</b> khu dân cư.", 2021),
        ("dang-uy", "Đảng ủy lãnh đạo", "Đảng ủy Công an tỉnh & nhân dân.", 2022)]


@pytest.fixture
def searching(tmp_path):
    link = tmp_path / "index"
    update_index(link, [Candidate(i, t, (lambda i=i, t=t, b=b, y=y: SearchDocument(
        i, "article", f"{y}/01/{i}/", t, b, "Tin hoạt động", "Tin hoạt động", "Công an tỉnh",
        datetime(y, 1, 5, tzinfo=TIMEZONE), t))) for i, t, b, y in DOCS])
    server = Endpoint(f"sqlite:///{tmp_path / 's.sqlite3'}", tmp_path, TOANDAN_SEARCH_INDEX=str(link))
    yield server
    server.stop()


@pytest.mark.slow
def test_search_answers(searching):
    answer = searching.get("/api/search?q=bao+ve+an+ninh").json()
    assert answer["total"] == 1 and answer["pages"] == 1 and answer["page"] == 1
    hit = answer["hits"][0]
    assert (hit["id"], hit["url"], hit["category"]) == ("bao-ve", "2021/01/bao-ve/", "Tin hoạt động")
    assert "<mark" in hit["snippet"] and "&lt;b&gt;" in hit["snippet"] and "<b>" not in hit["snippet"]
    assert answer["facets"] == {"category": {"Tin hoạt động": 1}, "year": {"2021": 1}}
    assert searching.get("/api/search?q=dang").json()["hits"][0]["id"] == "dang-uy"
    assert searching.get("/api/search?q=dang&year=2021").json()["total"] == 0
    assert searching.get("/api/search?q=").json()["total"] == 0


@pytest.mark.parametrize("query", [
    "%22unbalanced", "*", "a*", "OR+OR", "title%3A", "title%3Ab%E1%BA%A3o", "x" * 5000, "%00%01%1F%7F",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%E2%80%AE", "((((", "%5B%5D%7B%7D",
])
@pytest.mark.slow
def test_hostile_queries_never_fail(searching, query):
    answer = searching.get(f"/api/search?q={query}")
    assert answer.status_code == 200
    assert "<script" not in answer.text


@pytest.mark.parametrize("params", [
    "q=a&page=0", "q=a&page=-1", "q=a&page=abc", "q=a&page=100000", "q=a&per_page=1000", "q=a&sort=oldest",
    "q=a&year=21", "q=a&year=2021;drop", "q=a&category=" + "x" * 300,
])
@pytest.mark.slow
def test_bad_parameters_are_400(searching, params):
    answer = searching.get(f"/api/search?{params}")
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "bad_query"


def test_search_without_an_index_is_503(endpoint):
    answer = endpoint.get("/api/search?q=bao")
    assert answer.status_code == 503 and answer.json()["error"]["code"] == "search_unavailable"


@pytest.mark.slow
def test_a_search_that_finds_no_slot_in_time_is_refused_with_when_to_retry(tmp_path):
    server = Endpoint(f"sqlite:///{tmp_path / 'b.sqlite3'}", tmp_path, TOANDAN_SEARCH_SLOTS="0",
                      TOANDAN_SEARCH_TIME_LIMIT="0.2")
    try:
        busy = server.get("/api/search?q=bao")
        assert busy.status_code == 503 and busy.json()["error"]["code"] == "search_busy"
        assert busy.headers["retry-after"] == "1" and busy.json()["error"]["retry_after"] == 1
        assert server.post("/api/views/bai-viet-1").status_code == 200  # the counters are not affected
    finally:
        server.stop()


# -- who searches next (SearchSlots), on the event loop alone ---------------------------------------

async def _taken(slots: SearchSlots, client: str, log: list, hold: asyncio.Event) -> None:
    """client's search: logged when it gets a slot or is refused; holds its slot until hold is set."""
    try:
        await slots.enter(client)
    except SearchRefused as refusal:
        log.append((client, refusal.status, refusal.code, refusal.retry_after))
        return
    log.append((client, "slot"))
    await hold.wait()
    slots.leave(client)


def test_slots_go_to_waiting_clients_in_turn_and_one_search_per_client():
    async def scenario() -> list:
        slots, log, hold = SearchSlots(1, time_limit=5.0, queue_per_slot=2), [], asyncio.Event()
        tasks = []
        for client in ("a", "a", "b", "c", "d"):  # a holds the slot; a again; b and c wait; d finds no room
            tasks.append(asyncio.create_task(_taken(slots, client, log, hold)))
            await asyncio.sleep(0)
        await asyncio.sleep(0.01)
        hold.set()  # each search ends in turn, handing its slot to the longest waiting
        await asyncio.gather(*tasks)
        assert slots.free == 1 and not slots.running and not slots.waiting
        return log

    assert asyncio.run(scenario()) == [("a", "slot"), ("a", 429, "search_pending", 5), ("d", 503, "search_busy", 5),
                                       ("b", "slot"), ("c", "slot")]


@pytest.mark.slow
def test_a_search_waits_for_a_slot_at_most_its_time_limit_and_a_second():
    async def scenario() -> list:
        slots, log, hold = SearchSlots(1, time_limit=0.05), [], asyncio.Event()
        first = asyncio.create_task(_taken(slots, "a", log, hold))
        await asyncio.sleep(0)
        await _taken(slots, "b", log, hold)  # a never ends in time
        hold.set()
        await first
        await _taken(slots, "b", log, hold)  # the slot is free again
        return log

    assert asyncio.run(scenario()) == [("a", "slot"), ("b", 503, "search_busy", 1), ("b", "slot")]


def test_a_search_given_up_while_waiting_leaves_its_turn_to_the_next():
    async def scenario() -> list:
        slots, log, hold = SearchSlots(1, time_limit=5.0), [], asyncio.Event()
        tasks = [asyncio.create_task(_taken(slots, client, log, hold)) for client in ("a", "b", "c")]
        await asyncio.sleep(0.01)
        tasks[1].cancel()  # b's reader went away while waiting
        await asyncio.sleep(0.01)
        hold.set()
        await asyncio.gather(tasks[0], tasks[2])
        assert slots.free == 1 and not slots.running and not slots.waiting
        return log

    assert asyncio.run(scenario()) == [("a", "slot"), ("c", "slot")]


# -- the worst phrase at 10,000 articles, over HTTP ---------------------------------------------

def _articles(site: Path):
    """The benchmark corpus's articles as the build indexes them (title; summary and text; labels)."""
    for path in sorted((site / "content" / "articles").rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        date = datetime.strptime(str(meta["date"]), "%Y-%m-%d %H:%M").replace(tzinfo=TIMEZONE)
        labels = " · ".join([meta["category"], meta["unit"], *meta["tags"]])
        document = SearchDocument(meta["slug"], "article", f"{date:%Y/%m}/{meta['slug']}/", meta["title"],
                                  f"{meta['summary']}\n{body}", labels, meta["category"], meta["unit"], date,
                                  meta["slug"])
        yield Candidate(document.id, document.fingerprint, lambda document=document: document)


@pytest.fixture(scope="module")
def large_index(tmp_path_factory) -> Path:
    """The search index alone (no site) of the benchmark's corpus of 10,000 articles."""
    folder = tmp_path_factory.mktemp("large")
    generate(folder / "corpus", 10_000)
    link = folder / "index"
    report = update_index(link, list(_articles(folder / "corpus" / "site")), processes=2)
    assert report.documents == 10_000
    return link


def _worst_phrase() -> str:
    """The corpus's twelve most common syllables, quoted: each in nearly every article, and never
    in this order. Their pairs are indexed (toandan.search.phrases), so it is answered from eleven
    terms' postings, quickly: with no time allowed, it is cut at the first."""
    return '"' + " ".join(word for word, _ in Counter(vocabulary()).most_common(12)) + '"'


@pytest.mark.slow  # writes the index of 10,000 articles
def test_the_worst_phrase_is_cut_at_its_time_limit_and_other_readers_are_served_meanwhile(large_index, tmp_path):
    server = Endpoint(f"sqlite:///{tmp_path / 'l.sqlite3'}", tmp_path, TOANDAN_SEARCH_INDEX=str(large_index),
                      TOANDAN_SEARCH_TIME_LIMIT="0")
    # Two readers at two addresses of the loopback network, neither behind a proxy.
    first = httpx.Client(base_url=server.base, timeout=60)
    other = httpx.Client(base_url=server.base, timeout=60,
                         transport=httpx.HTTPTransport(local_address="127.0.0.2"))
    phrase = _worst_phrase()
    try:
        warmed = other.get("/api/search", params={"q": "an ninh"})  # answered once the worker has warmed up
        assert warmed.status_code == 200 and warmed.json()["total"] > 1000, warmed.text

        answers = []
        with ThreadPoolExecutor(1) as pool:
            slow = pool.submit(lambda: [first.get("/api/search", params={"q": phrase}) for _ in range(4)])
            while not answers or not slow.done() and len(answers) < 3:  # the other reader, meanwhile
                answers.append(other.get("/api/search", params={"q": "an ninh", "per_page": 5}))
            cut = slow.result()
        for answer in cut:  # answered, with what was found in the time allowed (nothing, for this phrase)
            assert answer.status_code == 200 and answer.json()["partial"] is True, answer.text
        assert answers and [answer.status_code for answer in answers] == [200] * len(answers)
        assert all(answer.json()["total"] == warmed.json()["total"] for answer in answers)

        # One address, two searches at once: the second is refused. The search workers are paused,
        # so the first holds its slot until both have arrived, however quickly it would be answered.
        with ThreadPoolExecutor(2) as pool:
            with server.helpers_paused():
                both = [pool.submit(first.get, "/api/search", params={"q": phrase}) for _ in range(2)]
                done, pending = wait(both, timeout=30, return_when=FIRST_COMPLETED)
                assert len(done) == 1 and len(pending) == 1, "one search is answered without a worker"
            refused, held = next(iter(done)).result(), next(iter(pending)).result()
        assert refused.status_code == 429, refused.text
        assert refused.headers["retry-after"] == "1" and refused.json()["error"]["retry_after"] == 1
        assert refused.json()["error"]["code"] == "search_pending"
        assert held.status_code == 200 and held.json()["partial"] is True, held.text
    finally:
        first.close()
        other.close()
        server.stop()
