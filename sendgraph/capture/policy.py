"""How politely and how defensively the fetcher behaves.

Defaults suit a small research crawl of public-sector sites: one request at a time per
host, a second apart, an identifiable User-Agent with a contact, robots.txt obeyed, and
hard limits on size, time and redirects so a hostile or broken server cannot wedge a run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata

DEFAULT_CONTACT = "https://github.com/sendgraph/sendgraph"
CONTACT_ENV = "SENDGRAPH_CONTACT"
ROBOTS_TOKEN = "sendgraph"
SUPPORTED_SCHEMES = frozenset({"http", "https"})

MB = 1024 * 1024


def _version() -> str:
    # Read from the installed distribution: the capture layer imports nothing from
    # sendgraph outside itself (and the archive's digest helpers).
    try:
        return metadata.version("sendgraph")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0"


def make_user_agent(contact: str | None = None) -> str:
    """`sendgraph/<version> (+<contact>)`; contact from the argument, $SENDGRAPH_CONTACT,
    or the project page, so site owners can always find out who is crawling them."""
    contact = contact or os.environ.get(CONTACT_ENV) or DEFAULT_CONTACT
    return f"{ROBOTS_TOKEN}/{_version()} (+{contact})"


def _utc_now() -> datetime:
    return datetime.now(UTC)


def normalise_host(host: str) -> str:
    return host.strip().rstrip(".").lower()


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """Whether `host` matches the allow-list: empty = any host; otherwise an exact name, or
    a `*.example.org` wildcard matching any subdomain (but not example.org itself — list
    that separately, as TLS wildcards do)."""
    patterns = [normalise_host(p) for p in allowed]
    if not patterns:
        return True
    host = normalise_host(host)
    for pattern in patterns:
        if pattern.startswith("*."):
            if host.endswith(pattern[1:]) and len(host) > len(pattern) - 1:
                return True
        elif host == pattern:
            return True
    return False


@dataclass(frozen=True)
class FetchPolicy:
    """Politeness, limits and retry behaviour for one `Fetcher`.

    Times are seconds, sizes bytes. `clock`/`sleep`/`now` are injectable so tests never
    really wait: `clock` and `sleep` drive politeness delays and backoff, `now` stamps
    capture times. Per-attempt I/O deadlines always use real time.
    """

    user_agent: str = field(default_factory=make_user_agent)
    # The product token robots.txt groups are matched against.
    robots_token: str = ROBOTS_TOKEN
    accept: str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    # Only codings the fetcher can verify; the raw encoded bytes are what gets archived.
    accept_encoding: str = "gzip, deflate"

    connect_timeout: float = 10.0
    # Longest silence while waiting for headers or body bytes.
    read_timeout: float = 30.0
    # Hard cap on one attempt (connect + headers + whole body): defeats slow-drip servers.
    total_timeout: float = 120.0

    # Raw (encoded) body limit; a larger Content-Length is refused before reading.
    max_bytes: int = 50 * MB
    # Limit on the decoded size when checking Content-Encoding (compression-bomb defence).
    max_decoded_bytes: int = 200 * MB
    max_redirects: int = 5

    # Minimum gap between request starts to one host; robots.txt Crawl-delay may raise it.
    min_delay: float = 1.0
    # Requests in flight across all hosts (never more than one per host).
    max_concurrency: int = 4

    max_attempts: int = 4
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    # A Retry-After longer than this ends the fetch ("retry_after_too_long") instead of
    # stalling the crawl.
    max_retry_after: float = 300.0

    obey_robots: bool = True
    # A Crawl-delay longer than this refuses the host ("crawl_delay_too_long").
    max_crawl_delay: float = 60.0
    # RFC 9309 §2.5: parse at least 500 KiB; anything after is ignored.
    robots_max_bytes: int = 500 * 1024

    # Empty = any host. Exact names or "*.gov.uk" wildcards; checked on every redirect hop.
    allowed_hosts: frozenset[str] = frozenset()
    schemes: frozenset[str] = SUPPORTED_SCHEMES
    proxy: str | None = None

    seed: int | None = None
    clock: Callable[[], float] = field(default=time.monotonic, compare=False, repr=False)
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)
    now: Callable[[], datetime] = field(default=_utc_now, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Accept any iterable of hosts but store a frozenset (hashable, immutable).
        object.__setattr__(self, "allowed_hosts", frozenset(self.allowed_hosts))
        object.__setattr__(self, "schemes", frozenset(s.lower() for s in self.schemes))
        positive = ("connect_timeout", "read_timeout", "total_timeout", "max_bytes",
                    "max_decoded_bytes", "max_concurrency", "max_attempts", "robots_max_bytes")
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(f"FetchPolicy.{name} must be positive, "
                                 f"got {getattr(self, name)!r}")
        non_negative = ("max_redirects", "min_delay", "backoff_base", "backoff_cap",
                        "max_retry_after", "max_crawl_delay")
        for name in non_negative:
            if getattr(self, name) < 0:
                raise ValueError(f"FetchPolicy.{name} must not be negative, "
                                 f"got {getattr(self, name)!r}")
        if not self.schemes or not self.schemes <= SUPPORTED_SCHEMES:
            raise ValueError(f"FetchPolicy.schemes must be a non-empty subset of "
                             f"{sorted(SUPPORTED_SCHEMES)}, got {sorted(self.schemes)}")

    def allows_host(self, host: str, allowed: Iterable[str] | None = None) -> bool:
        return host_allowed(host, self.allowed_hosts if allowed is None else allowed)
