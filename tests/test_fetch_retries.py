"""Retries: backoff with full jitter, Retry-After, capped attempts, what is kept."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime

import httpx
import pytest

from sendgraph.capture.retry import Backoff, parse_retry_after, retryable_status
from tests.support.fetching import Canned, FakeClock, MockSite, quick_policy

URL = "https://dfe.example/safety-valve"


def _mock(*steps: object) -> MockSite:
    return MockSite().add(URL, *steps)  # type: ignore[arg-type]


def _policy(clock: FakeClock, **kw: object):
    return quick_policy(clock, obey_robots=False, min_delay=0.0, **kw)


def test_503_503_200_succeeds_on_the_third_attempt(tmp_path) -> None:
    clock = FakeClock()
    mock = _mock(Canned(503, b"busy"), Canned(503, b"busy"), Canned(200, b"<p>list</p>"))
    with mock.fetcher(_policy(clock, backoff_base=1.0), tmp_dir=tmp_path) as fetcher:
        result = fetcher.fetch(URL)
    assert result.ok and result.attempts == 3 and result.failure is None
    # Only the successful response is kept; the retried-away 503s were deleted.
    assert [ex.status for ex in result.exchanges] == [200]
    assert result.final is not None and result.final.read_body() == b"<p>list</p>"
    assert [p.name for p in tmp_path.iterdir()] == [result.final.body_path.name]
    # Full jitter: each wait is in [0, base * 2**(n-1)].
    assert len(clock.sleeps) == 2
    assert 0 <= clock.sleeps[0] <= 1.0 and 0 <= clock.sleeps[1] <= 2.0
    result.discard()
    assert list(tmp_path.iterdir()) == []


def test_retries_exhausted_keeps_the_last_error_response() -> None:
    clock = FakeClock()
    mock = _mock(Canned(503, b"down for maintenance"))
    with mock.fetcher(_policy(clock, max_attempts=4)) as fetcher:
        result = fetcher.fetch(URL)
    assert not result.ok
    failure = result.failure
    assert failure is not None
    assert failure.reason == "too_many_retries" and failure.cause == "http_error"
    assert failure.attempts == 4 == result.attempts and failure.status == 503
    assert URL in failure.detail and "4 attempt" in failure.detail
    assert mock.hits(URL) == 4 and len(clock.sleeps) == 3
    # The final 503 is evidence worth archiving.
    assert [ex.status for ex in result.exchanges] == [503] and result.final is result.exchanges[0]
    assert result.final.read_body() == b"down for maintenance"
    result.discard()


def test_429_retry_after_seconds_is_honoured() -> None:
    clock = FakeClock()
    mock = _mock(Canned(429, b"", {"Retry-After": "7"}), Canned(200, b"ok"))
    with mock.fetcher(_policy(clock, backoff_base=0.01)) as fetcher:
        result = fetcher.fetch(URL)
    assert result.ok and result.attempts == 2
    assert clock.sleeps == [7.0]


def test_retry_after_http_date_is_honoured() -> None:
    clock = FakeClock()
    when = format_datetime(clock.now() + timedelta(seconds=30), usegmt=True)
    mock = _mock(Canned(503, b"", {"Retry-After": when}), Canned(200, b"ok"))
    with mock.fetcher(_policy(clock, backoff_base=0.01)) as fetcher:
        assert fetcher.fetch(URL).ok
    assert clock.sleeps == [pytest.approx(30.0, abs=1.0)]


def test_retry_after_beyond_the_cap_gives_up_with_a_clear_reason() -> None:
    clock = FakeClock()
    mock = _mock(Canned(429, b"slow down", {"Retry-After": "86400"}), Canned(200))
    with mock.fetcher(_policy(clock, max_retry_after=300)) as fetcher:
        result = fetcher.fetch(URL)
    assert result.failure is not None and result.failure.reason == "retry_after_too_long"
    assert result.failure.status == 429 and result.failure.attempts == 1
    assert "86400" in result.failure.detail and "max_retry_after" in result.failure.detail
    assert mock.hits(URL) == 1 and clock.sleeps == []
    assert [ex.status for ex in result.exchanges] == [429]
    result.discard()


def test_retry_after_holds_back_the_whole_host() -> None:
    """A 429's Retry-After also delays the next URL on that host, retried or not."""
    clock = FakeClock()
    other = "https://dfe.example/other"
    mock = _mock(Canned(429, b"", {"Retry-After": "10"}))
    mock.page(other)
    with mock.fetcher(_policy(clock, max_attempts=1)) as fetcher:
        first = fetcher.fetch(URL)
        assert first.failure is not None and first.failure.reason == "http_error"
        assert first.failure.status == 429 and clock.sleeps == []
        assert fetcher.fetch(other).ok
    assert clock.sleeps == [10.0]
    first.discard()


@pytest.mark.parametrize("status", [400, 403, 404, 410, 501])
def test_client_errors_are_not_retried_but_kept(status: int) -> None:
    clock = FakeClock()
    mock = _mock(Canned(status, b"<h1>gone</h1>"))
    with mock.fetcher(_policy(clock)) as fetcher:
        result = fetcher.fetch(URL)
    assert not result.ok and mock.hits(URL) == 1 and clock.sleeps == []
    assert result.failure is not None and result.failure.reason == "http_error"
    assert result.failure.status == status and result.failure.attempts == 1
    assert str(status) in result.failure.detail and URL in result.failure.detail
    assert result.final is not None and result.final.read_body() == b"<h1>gone</h1>"
    result.discard()


def test_connect_errors_are_retried_then_reported() -> None:
    clock = FakeClock()
    mock = _mock(httpx.ConnectError)
    with mock.fetcher(_policy(clock, max_attempts=3)) as fetcher:
        result = fetcher.fetch(URL)
    assert result.failure is not None
    assert result.failure.reason == "too_many_retries" and result.failure.cause == "connect_error"
    assert result.failure.attempts == 3 and result.exchanges == () and result.final is None


def test_single_attempt_reports_the_cause_itself() -> None:
    mock = _mock(httpx.ConnectError)
    with mock.fetcher(_policy(FakeClock(), max_attempts=1)) as fetcher:
        result = fetcher.fetch(URL)
    assert result.failure is not None and result.failure.reason == "connect_error"


def test_timeout_then_success() -> None:
    mock = _mock(httpx.ReadTimeout, Canned(200, b"ok"))
    with mock.fetcher(_policy(FakeClock())) as fetcher:
        result = fetcher.fetch(URL)
    assert result.ok and result.attempts == 2


def test_dropped_body_is_retried(site) -> None:
    from tests.support.http_server import Reply

    calls = []

    def flaky(req):
        calls.append(req)
        if len(calls) == 1:
            return Reply(200, b"x" * 1000, cut_after=100)  # connection dies mid-body
        return Reply(200, b"x" * 1000)

    site.route("/flaky", flaky)
    from sendgraph.capture import Fetcher

    with Fetcher(quick_policy(obey_robots=False, min_delay=0)) as fetcher:
        result = fetcher.fetch(site.url("/flaky"))
    assert result.ok and result.attempts == 2 and result.final.body_length == 1000  # type: ignore[union-attr]
    result.discard()


def test_backoff_is_full_jitter_capped_and_seeded() -> None:
    a = Backoff(base=1.0, cap=60.0, seed=3)
    b = Backoff(base=1.0, cap=60.0, seed=3)
    waits = [a.wait(n) for n in range(1, 12)]
    assert waits == [b.wait(n) for n in range(1, 12)]
    assert all(0 <= w <= min(60.0, 2 ** (n - 1)) for n, w in enumerate(waits, start=1))
    assert a.ceiling(50) == 60.0 and a.ceiling(10_000) == 60.0


def test_retry_after_parsing() -> None:
    now = FakeClock().now()
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("soon", now) is None
    past = format_datetime(now - timedelta(hours=1), usegmt=True)
    assert parse_retry_after(past, now) == 0.0


def test_retryable_statuses() -> None:
    assert retryable_status(429) and retryable_status(500) and retryable_status(503)
    assert not retryable_status(404) and not retryable_status(501) and not retryable_status(200)
