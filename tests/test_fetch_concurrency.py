"""Politeness under concurrency: parallel across hosts, one at a time (and spaced) per host."""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path

from sendgraph.capture import Fetcher, HostScheduler
from tests.support.fetching import Canned, FakeClock, MockSite, quick_policy
from tests.support.http_server import LocalSite, RecordedRequest, Reply


def _overlaps(a: RecordedRequest, b: RecordedRequest) -> bool:
    assert a.finished is not None and b.finished is not None
    return a.received < b.finished and b.received < a.finished


def test_fetch_many_parallel_across_hosts_serial_per_host(site: LocalSite) -> None:
    site.route("/work", Reply(200, b"done", delay=0.1))
    delay = 0.15
    urls = [site.url(f"/work?n={i}", host=host) for i in range(3)
            for host in ("127.0.0.1", "localhost")]
    policy = quick_policy(real_time=True, obey_robots=False, min_delay=delay, max_concurrency=4)
    started = time.monotonic()
    with Fetcher(policy) as fetcher:
        results = list(fetcher.fetch_many(urls))
    elapsed = time.monotonic() - started
    assert sorted(r.url for r in results) == sorted(urls) and all(r.ok for r in results)
    by_host: dict[str, list[RecordedRequest]] = {}
    for req in site.requests:
        by_host.setdefault(req.hostname, []).append(req)
    assert set(by_host) == {"127.0.0.1", "localhost"}
    for reqs in by_host.values():
        reqs.sort(key=lambda r: r.received)
        for before, after in itertools.pairwise(reqs):
            assert not _overlaps(before, after)  # never two in flight on one host
    # Request starts (as the fetcher stamped them) are at least min_delay apart per host.
    for host in ("127.0.0.1", "localhost"):
        mine = [r.final for r in results if r.final is not None and f"//{host}:" in r.url]
        starts = sorted(ex.started for ex in mine)
        gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(starts)]
        assert len(gaps) == 2 and min(gaps) >= delay - 0.005, gaps
    # The two hosts were worked on at the same time.
    assert any(_overlaps(a, b) for a in by_host["127.0.0.1"] for b in by_host["localhost"])
    serial = 6 * 0.1 + 4 * (delay - 0.1)
    assert elapsed < serial, f"{elapsed:.2f}s: hosts were not fetched in parallel"
    for r in results:
        r.discard()


def test_fetch_many_yields_results_as_they_complete(site: LocalSite) -> None:
    site.route("/slow", Reply(200, b"slow", delay=0.4))
    site.static("/fast", "fast")
    with Fetcher(quick_policy(obey_robots=False, min_delay=0.0)) as fetcher:
        order = [r.url for r in fetcher.fetch_many([site.url("/slow"),
                                                    site.url("/fast", host="localhost")])]
    assert order == [site.url("/fast", host="localhost"), site.url("/slow")]


def test_closing_fetch_many_early_discards_unyielded_results(tmp_path: Path) -> None:
    mock = MockSite()
    urls = [f"https://h{i}.example/" for i in range(6)]
    for url in urls:
        mock.add(url, Canned(200, b"body"))
    with mock.fetcher(quick_policy(obey_robots=False, max_concurrency=3), tmp_dir=tmp_path) as f:
        stream = f.fetch_many(urls)
        first = next(stream)
        stream.close()
        first.discard()
    assert list(tmp_path.iterdir()) == []
    assert len(mock.requests) <= 6


def test_scheduler_one_in_flight_per_host() -> None:
    clock = FakeClock()
    sched = HostScheduler(min_delay=0.0, max_concurrency=4, clock=clock.monotonic,
                          sleep=clock.sleep)
    sched.acquire("a.example")
    entered = threading.Event()

    def second() -> None:
        with sched.slot("a.example"):
            entered.set()

    worker = threading.Thread(target=second)
    worker.start()
    assert not entered.wait(0.1)  # blocked while the first request is in flight
    with sched.slot("b.example"):  # another host is not blocked
        pass
    sched.release("a.example")
    assert entered.wait(2)
    worker.join()


def test_scheduler_global_bound() -> None:
    clock = FakeClock()
    sched = HostScheduler(min_delay=0.0, max_concurrency=1, clock=clock.monotonic,
                          sleep=clock.sleep)
    sched.acquire("a.example")
    entered = threading.Event()
    worker = threading.Thread(target=lambda: (sched.acquire("b.example"), entered.set()))
    worker.start()
    assert not entered.wait(0.1)
    sched.release("a.example")
    assert entered.wait(2)
    worker.join()
    sched.release("b.example")


def test_scheduler_delay_defer_and_crawl_delay() -> None:
    clock = FakeClock()
    sched = HostScheduler(min_delay=1.0, max_concurrency=2, clock=clock.monotonic,
                          sleep=clock.sleep)
    assert sched.ready_at("x") == float("-inf")
    assert [sched.acquire("x"), sched.release("x")][0] == 0.0
    with sched.slot("x") as waited:
        assert waited == 1.0
    sched.raise_delay("x", 4.0)
    sched.raise_delay("x", 2.0)  # never lowered
    assert sched.delay_for("x") == 4.0
    with sched.slot("x") as waited:
        assert waited == 4.0
    sched.defer("x", 30.0)
    with sched.slot("x") as waited:
        assert waited == 30.0
    assert clock.sleeps == [1.0, 4.0, 30.0]
