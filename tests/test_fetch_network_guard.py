"""The suite-wide guard: nothing may leave the machine, and it fails loudly if tried."""

from __future__ import annotations

import socket

import pytest

from sendgraph.capture import Fetcher
from tests.support.fetching import quick_policy
from tests.support.http_server import LocalSite
from tests.support.network_guard import is_local


def test_connecting_outside_raises_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match=r"test tried to reach the internet: 192\.0\.2\.1:80"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.1)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(RuntimeError, match=r"192\.0\.2\.1:443"):
            sock.connect(("192.0.2.1", 443))
        with pytest.raises(RuntimeError, match=r"192\.0\.2\.1:8080"):
            sock.connect_ex(("192.0.2.1", 8080))
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock6, \
            pytest.raises(RuntimeError, match="2001:db8::1"):
        sock6.connect(("2001:db8::1", 80, 0, 0))


def test_dns_lookups_are_refused() -> None:
    with pytest.raises(RuntimeError, match=r"example\.org:80 \(DNS lookup\)"):
        socket.getaddrinfo("example.org", 80)


def test_loopback_is_allowed(site: LocalSite) -> None:
    site.static("/", "local")
    for host in ("127.0.0.1", "localhost"):
        with socket.create_connection((host, site.port), timeout=1):
            pass
    assert is_local("::1") and is_local("127.0.0.53") and is_local("[::1]")
    assert not is_local("10.0.0.1") and not is_local("example.org")


def test_the_fetcher_does_not_swallow_the_guard() -> None:
    """An escape attempt is a test bug, not a `connect_error` to shrug off."""
    with Fetcher(quick_policy(obey_robots=False, max_attempts=1)) as fetcher, \
            pytest.raises(RuntimeError, match="test tried to reach the internet"):
        fetcher.fetch("http://192.0.2.1/")
    with Fetcher(quick_policy(obey_robots=False, max_attempts=1)) as fetcher, \
            pytest.raises(RuntimeError, match=r"www\.gov\.uk:443"):
        fetcher.fetch("https://www.gov.uk/")
