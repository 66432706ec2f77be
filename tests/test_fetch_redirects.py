"""Redirects: every hop vetted (scheme, host, loops, count, robots) and recorded."""

from __future__ import annotations

import pytest

from sendgraph.capture import Fetcher
from tests.support.fetching import Canned, MockSite, quick_policy
from tests.support.http_server import LocalSite

BASE = "https://www.gov.example"


def _moved(location: str, status: int = 301) -> Canned:
    return Canned(status, b"moved", [("Location", location)])


def _policy(**kw: object):
    return quick_policy(obey_robots=False, min_delay=0.0, **kw)


def test_redirect_within_host_keeps_every_hop(site: LocalSite) -> None:
    site.redirect("/old", "/newer", status=301)
    site.redirect("/newer", site.url("/final"), status=302)
    site.static("/final", "<p>here</p>")
    with Fetcher(_policy(allowed_hosts={"127.0.0.1"})) as fetcher:
        result = fetcher.fetch(site.url("/old"))
    assert result.ok and result.url == site.url("/old")
    assert [(ex.url, ex.status) for ex in result.exchanges] == [
        (site.url("/old"), 301), (site.url("/newer"), 302), (site.url("/final"), 200)]
    assert result.final is result.exchanges[-1] and result.final_url == site.url("/final")
    assert [ex.header("location") for ex in result.exchanges[:2]] == ["/newer", site.url("/final")]
    assert [r.path for r in site.requests] == ["/old", "/newer", "/final"]
    result.discard()


def test_conditional_headers_only_go_to_the_first_hop(site: LocalSite) -> None:
    site.redirect("/a", "/b")
    site.static("/b", "b")
    with Fetcher(_policy()) as fetcher:
        result = fetcher.fetch(site.url("/a"), etag='"v1"')
    assert result.ok
    first, second = site.requests
    assert first.header("if-none-match") == '"v1"' and second.header("if-none-match") is None
    result.discard()


def test_redirect_off_host_is_refused_and_not_requested() -> None:
    mock = MockSite().add(f"{BASE}/doc", _moved("https://tracker.example/doc"))
    with mock.fetcher(_policy(allowed_hosts={"www.gov.example"})) as fetcher:
        result = fetcher.fetch(f"{BASE}/doc")
    assert result.failure is not None and result.failure.reason == "redirect_off_host"
    assert "tracker.example" in result.failure.detail and f"{BASE}/doc" in result.failure.detail
    assert mock.urls() == [f"{BASE}/doc"]
    # The refused redirect itself is kept: it is evidence of where the page went.
    assert [ex.status for ex in result.exchanges] == [301] and result.final is result.exchanges[0]
    result.discard()


def test_wildcard_allowed_hosts_accept_subdomains() -> None:
    mock = MockSite()
    mock.add(f"{BASE}/doc", _moved("https://assets.publishing.gov.example/doc.pdf"))
    mock.page("https://assets.publishing.gov.example/doc.pdf", b"%PDF-1.7")
    with mock.fetcher(_policy(allowed_hosts={"*.gov.example"})) as fetcher:
        result = fetcher.fetch(f"{BASE}/doc")
    assert result.ok and [ex.status for ex in result.exchanges] == [301, 200]
    result.discard()


def test_empty_allowed_hosts_means_any_host() -> None:
    mock = MockSite().add(f"{BASE}/doc", _moved("https://elsewhere.example/doc"))
    mock.page("https://elsewhere.example/doc")
    with mock.fetcher(_policy()) as fetcher:
        result = fetcher.fetch(f"{BASE}/doc")
    assert result.ok
    result.discard()


def test_per_call_allowed_hosts_override_the_policy() -> None:
    mock = MockSite().page(f"{BASE}/doc")
    with mock.fetcher(_policy(allowed_hosts={"other.example"})) as fetcher:
        refused = fetcher.fetch(f"{BASE}/doc")
        allowed = fetcher.fetch(f"{BASE}/doc", allowed_hosts={"www.gov.example"})
    assert refused.failure is not None and refused.failure.reason == "host_not_allowed"
    assert allowed.ok
    allowed.discard()


@pytest.mark.parametrize("location", ["ftp://files.gov.example/x.pdf", "javascript:alert(1)",
                                      "file:///etc/passwd", "data:text/html,hi"])
def test_redirect_to_a_non_http_scheme_is_refused(location: str) -> None:
    mock = MockSite().add(f"{BASE}/doc", _moved(location, 302))
    with mock.fetcher(_policy()) as fetcher:
        result = fetcher.fetch(f"{BASE}/doc")
    assert result.failure is not None and result.failure.reason == "bad_scheme"
    assert location.split(":")[0] in result.failure.detail
    assert mock.urls() == [f"{BASE}/doc"]
    result.discard()


def test_redirect_loop_is_detected() -> None:
    mock = MockSite()
    mock.add(f"{BASE}/a", _moved(f"{BASE}/b"))
    mock.add(f"{BASE}/b", _moved(f"{BASE}/a#section"))  # the fragment does not make it new
    with mock.fetcher(_policy()) as fetcher:
        result = fetcher.fetch(f"{BASE}/a")
    assert result.failure is not None and result.failure.reason == "redirect_loop"
    assert mock.urls() == [f"{BASE}/a", f"{BASE}/b"]
    assert len(result.exchanges) == 2
    result.discard()


def test_too_many_redirects() -> None:
    mock = MockSite()
    for i in range(10):
        mock.add(f"{BASE}/r{i}", _moved(f"{BASE}/r{i + 1}", 307))
    with mock.fetcher(_policy(max_redirects=3)) as fetcher:
        result = fetcher.fetch(f"{BASE}/r0")
    assert result.failure is not None and result.failure.reason == "too_many_redirects"
    assert "max_redirects" in result.failure.detail
    assert mock.urls() == [f"{BASE}/r{i}" for i in range(4)]  # 3 redirects followed
    assert len(result.exchanges) == 4
    result.discard()


def test_redirect_hop_is_checked_against_robots() -> None:
    mock = MockSite()
    mock.add(f"{BASE}/robots.txt", Canned(200, b"User-agent: *\nDisallow: /internal/\n"))
    mock.add(f"{BASE}/public", _moved(f"{BASE}/internal/page"))
    mock.page(f"{BASE}/internal/page")
    with mock.fetcher(quick_policy(min_delay=0.0)) as fetcher:
        result = fetcher.fetch(f"{BASE}/public")
        for ex in fetcher.drain_robots_exchanges():
            ex.close()
    assert result.failure is not None and result.failure.reason == "robots_disallowed"
    assert mock.hits(f"{BASE}/internal/page") == 0
    assert [ex.status for ex in result.exchanges] == [301]
    result.discard()


def test_redirect_without_location_is_an_http_error() -> None:
    mock = MockSite().add(f"{BASE}/a", Canned(302, b"no location"))
    with mock.fetcher(_policy()) as fetcher:
        result = fetcher.fetch(f"{BASE}/a")
    assert result.failure is not None and result.failure.reason == "http_error"
    assert result.failure.status == 302
    result.discard()


@pytest.mark.parametrize(("url", "reason"), [
    ("ftp://files.example/x", "bad_scheme"),
    ("javascript:alert(1)", "bad_scheme"),
    ("mailto:someone@example.org", "bad_scheme"),
    ("not a url", "bad_scheme"),
    ("http://", "invalid_url"),
    ("http://exa mple.org/", "invalid_url"),
])
def test_unfetchable_urls_fail_without_a_request(url: str, reason: str) -> None:
    mock = MockSite()
    with mock.fetcher(_policy()) as fetcher:
        result = fetcher.fetch(url)
    assert result.failure is not None and result.failure.reason == reason
    assert repr(url) in result.failure.detail
    assert mock.urls() == []
