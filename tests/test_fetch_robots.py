"""robots.txt: permission, Crawl-delay, unavailable vs unreachable (RFC 9309), evidence."""

from __future__ import annotations

import httpx
import pytest

from sendgraph.capture import Fetcher
from tests.support.fetching import Canned, FakeClock, MockSite, quick_policy
from tests.support.http_server import LocalSite, gzip_bytes

BASE = "https://council.example"
ROBOTS = f"{BASE}/robots.txt"


def _robots(text: str, status: int = 200) -> Canned:
    return Canned(status, text.encode(), [("Content-Type", "text/plain")])


def test_disallowed_page_is_never_requested() -> None:
    mock = MockSite().add(ROBOTS, _robots("User-agent: *\nDisallow: /private/\n"))
    mock.page(f"{BASE}/private/minutes.html", "secret")
    with mock.fetcher() as fetcher:
        result = fetcher.fetch(f"{BASE}/private/minutes.html")
        robots = fetcher.drain_robots_exchanges()
    assert not result.ok
    assert result.failure is not None and result.failure.reason == "robots_disallowed"
    assert "private/minutes.html" in result.failure.detail and ROBOTS in result.failure.detail
    assert result.exchanges == () and result.final is None
    assert mock.urls() == [ROBOTS]  # the page itself was never requested
    # robots.txt is evidence of what we were (not) allowed to do: it comes back to archive.
    assert [ex.url for ex in robots] == [ROBOTS] and robots[0].status == 200
    assert robots[0].read_body().startswith(b"User-agent")
    for ex in robots:
        ex.close()


def test_group_for_our_token_wins_over_star() -> None:
    text = "User-agent: *\nDisallow: /\n\nUser-agent: sendgraph\nAllow: /\nDisallow: /drafts/\n"
    mock = MockSite().add(ROBOTS, _robots(text))
    mock.page(f"{BASE}/reports/a.html").page(f"{BASE}/drafts/b.html")
    with mock.fetcher() as fetcher:
        assert fetcher.fetch(f"{BASE}/reports/a.html").ok
        refused = fetcher.fetch(f"{BASE}/drafts/b.html")
    assert refused.failure is not None and refused.failure.reason == "robots_disallowed"
    assert mock.hits(ROBOTS) == 1  # fetched once per origin and cached


def test_crawl_delay_raises_the_gap_between_requests() -> None:
    clock = FakeClock()
    mock = MockSite().add(ROBOTS, _robots("User-agent: *\nCrawl-delay: 5\n"))
    for i in range(3):
        mock.page(f"{BASE}/p{i}")
    with mock.fetcher(quick_policy(clock, min_delay=1.0)) as fetcher:
        results = [fetcher.fetch(f"{BASE}/p{i}") for i in range(3)]
        assert fetcher.scheduler.delay_for("council.example") == 5.0
    assert all(r.ok for r in results)
    # robots.txt at t=0, then each page 5 s after the previous request started.
    assert clock.sleeps == [5.0, 5.0, 5.0]


def test_crawl_delay_never_lowers_the_policy_delay() -> None:
    clock = FakeClock()
    mock = MockSite().add(ROBOTS, _robots("User-agent: *\nCrawl-delay: 0.5\n"))
    mock.page(f"{BASE}/a").page(f"{BASE}/b")
    with mock.fetcher(quick_policy(clock, min_delay=2.0)) as fetcher:
        assert fetcher.fetch(f"{BASE}/a").ok and fetcher.fetch(f"{BASE}/b").ok
    assert clock.sleeps == [2.0, 2.0]


def test_crawl_delay_beyond_the_cap_refuses_the_host() -> None:
    mock = MockSite().add(ROBOTS, _robots("User-agent: *\nCrawl-delay: 3600\n"))
    mock.page(f"{BASE}/a")
    with mock.fetcher(quick_policy(max_crawl_delay=60)) as fetcher:
        result = fetcher.fetch(f"{BASE}/a")
    assert result.failure is not None and result.failure.reason == "crawl_delay_too_long"
    assert "3600" in result.failure.detail and "max_crawl_delay" in result.failure.detail
    assert mock.hits(f"{BASE}/a") == 0


@pytest.mark.parametrize("status", [404, 410, 401, 403])
def test_robots_4xx_means_no_restrictions(status: int) -> None:
    mock = MockSite().add(ROBOTS, Canned(status, b"nope"))
    mock.page(f"{BASE}/a")
    with mock.fetcher() as fetcher:
        result = fetcher.fetch(f"{BASE}/a")
        rules = fetcher.robots_rules(f"{BASE}/a")
        robots = fetcher.drain_robots_exchanges()
    assert result.ok
    assert rules is not None and rules.state == "allow_all"
    assert [ex.status for ex in robots] == [status]  # the 404 is archived too
    for ex in robots:
        ex.close()


@pytest.mark.parametrize("step", [Canned(500, b"oops"), Canned(503), Canned(429),
                                  httpx.ConnectError, httpx.ReadTimeout])
def test_robots_unreachable_disallows_the_whole_origin(step: object) -> None:
    mock = MockSite().add(ROBOTS, step)  # type: ignore[arg-type]
    mock.page(f"{BASE}/a").page(f"{BASE}/b")
    with mock.fetcher(quick_policy(max_attempts=2)) as fetcher:
        first = fetcher.fetch(f"{BASE}/a")
        second = fetcher.fetch(f"{BASE}/b")
        fetcher.drain_robots_exchanges()
    for result in (first, second):
        assert not result.ok
        assert result.failure is not None and result.failure.reason == "robots_unavailable"
        assert ROBOTS in result.failure.detail and "RFC 9309" in result.failure.detail
    assert mock.hits(f"{BASE}/a") == mock.hits(f"{BASE}/b") == 0
    assert mock.hits(ROBOTS) == 2  # retried like any fetch, then cached for the run


def test_robots_redirect_is_followed_across_hosts() -> None:
    mock = MockSite()
    mock.add(ROBOTS, Canned(301, b"", [("Location", "https://www.council.example/robots.txt")]))
    mock.add("https://www.council.example/robots.txt", _robots("User-agent: *\nDisallow: /x\n"))
    mock.page(f"{BASE}/x").page(f"{BASE}/y")
    with mock.fetcher(quick_policy(allowed_hosts={"council.example"})) as fetcher:
        assert fetcher.fetch(f"{BASE}/x").failure.reason == "robots_disallowed"  # type: ignore[union-attr]
        assert fetcher.fetch(f"{BASE}/y").ok
        robots = fetcher.drain_robots_exchanges()
    assert [ex.status for ex in robots] == [301, 200]
    for ex in robots:
        ex.close()


def test_oversized_robots_is_truncated_but_still_obeyed() -> None:
    text = "User-agent: *\nDisallow: /secret\n" + "# padding\n" * 60_000  # ~600 KB
    mock = MockSite().add(ROBOTS, _robots(text))
    mock.page(f"{BASE}/secret").page(f"{BASE}/open")
    with mock.fetcher() as fetcher:
        assert fetcher.fetch(f"{BASE}/secret").failure.reason == "robots_disallowed"  # type: ignore[union-attr]
        assert fetcher.fetch(f"{BASE}/open").ok
        (robots,) = fetcher.drain_robots_exchanges()
    assert robots.truncated and robots.body_length == 500 * 1024
    robots.close()


def test_gzip_encoded_robots_is_decoded_for_parsing() -> None:
    body = gzip_bytes(b"User-agent: *\nDisallow: /no\n")
    mock = MockSite().add(ROBOTS, Canned(200, body, [("Content-Encoding", "gzip")]))
    mock.page(f"{BASE}/no")
    with mock.fetcher() as fetcher:
        assert fetcher.fetch(f"{BASE}/no").failure.reason == "robots_disallowed"  # type: ignore[union-attr]
        (robots,) = fetcher.drain_robots_exchanges()
    assert robots.read_body() == body  # archived raw, as sent
    robots.close()


def test_obey_robots_false_skips_robots() -> None:
    mock = MockSite().page(f"{BASE}/a")
    with mock.fetcher(quick_policy(obey_robots=False)) as fetcher:
        assert fetcher.fetch(f"{BASE}/a").ok
    assert mock.urls() == [f"{BASE}/a"]


def test_robots_scope_is_scheme_host_and_port(site: LocalSite) -> None:
    site.robots("User-agent: *\nDisallow: /\n")
    site.static("/page", "hi")
    policy = quick_policy(min_delay=0)
    with Fetcher(policy) as fetcher:
        assert fetcher.fetch(site.url("/page")).failure.reason == "robots_disallowed"  # type: ignore[union-attr]
        # Another host name is another origin with its own robots.txt lookup.
        assert fetcher.fetch(site.url("/page", host="localhost")).failure.reason == (  # type: ignore[union-attr]
            "robots_disallowed")
        for ex in fetcher.drain_robots_exchanges():
            ex.close()
    assert site.hits("/robots.txt") == 2 and site.hits("/page") == 0
    assert {r.hostname for r in site.requests_to("/robots.txt")} == {"127.0.0.1", "localhost"}


def test_undrained_robots_bodies_are_removed_on_close(tmp_path) -> None:
    mock = MockSite().add(ROBOTS, _robots("User-agent: *\nAllow: /\n")).page(f"{BASE}/a")
    fetcher = mock.fetcher(tmp_dir=tmp_path)
    fetcher.fetch(f"{BASE}/a").discard()
    assert len(list(tmp_path.iterdir())) == 1  # the robots body, waiting to be archived
    fetcher.close()
    assert list(tmp_path.iterdir()) == []
