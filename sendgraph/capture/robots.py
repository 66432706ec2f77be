"""robots.txt, per origin (scheme, host, port), fetched once per Fetcher and cached.

RFC 9309 semantics: 2xx → parse (first 500 KiB); 4xx (except 429) → no restrictions;
429, 5xx, network failure or an unreadable file → the origin is fully disallowed for the
rest of the run ("robots_unavailable"). Following the RFC, more than five redirects (or a
redirect loop) counts as "unavailable", i.e. no restrictions. `Crawl-delay` raises the
host's politeness delay; one longer than `max_crawl_delay` refuses the host.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from protego import Protego

from sendgraph.capture.exchange import FetchResult
from sendgraph.capture.policy import FetchPolicy
from sendgraph.capture.politeness import HostScheduler
from sendgraph.capture.urls import host_key, origin_of, robots_url

# Fetches a robots.txt URL; returns the result and the decoded text of its final body.
RobotsFetch = Callable[[httpx.URL], tuple[FetchResult, bytes]]

PARSED, ALLOW_ALL, UNREACHABLE = "parsed", "allow_all", "unreachable"


@dataclass(frozen=True)
class RobotsRules:
    robots_url: str
    state: str
    note: str
    crawl_delay: float | None = None
    parser: Protego | None = field(default=None, compare=False, repr=False)

    def allows(self, url: str, token: str) -> bool:
        if self.state == ALLOW_ALL:
            return True
        if self.state == UNREACHABLE or self.parser is None:
            return False
        return bool(self.parser.can_fetch(url, token))


@dataclass(frozen=True)
class RobotsVerdict:
    allowed: bool
    reason: str | None = None
    detail: str | None = None


def rules_from(result: FetchResult, text: bytes, token: str) -> RobotsRules:
    """Interpret one robots.txt fetch."""
    url = result.url
    final = result.final
    if result.ok and final is not None and 200 <= final.status < 300:
        try:
            # RFC 9309: the file is UTF-8; a BOM is allowed and ignored.
            parser = Protego.parse(text.decode("utf-8", errors="replace").lstrip("\ufeff"))
            delay = parser.crawl_delay(token)
        except Exception as exc:  # a parser crash must not kill the crawl
            return RobotsRules(url, UNREACHABLE, f"robots.txt could not be parsed ({exc})")
        note = f"HTTP {final.status}" + (", truncated at the size limit" if final.truncated else "")
        return RobotsRules(url, PARSED, note, float(delay) if delay else None, parser)
    failure = result.failure
    if final is not None and 400 <= final.status < 500 and final.status != 429:
        return RobotsRules(url, ALLOW_ALL, f"HTTP {final.status}: no robots.txt, no restrictions")
    if failure is not None and failure.reason in ("too_many_redirects", "redirect_loop"):
        return RobotsRules(url, ALLOW_ALL, f"{failure.reason}: treated as unavailable (RFC 9309)")
    if failure is not None:
        status = f", HTTP {failure.status}" if failure.status else ""
        cause = f" ({failure.cause})" if failure.cause else ""
        note = f"{failure.reason}{cause}{status} after {failure.attempts} attempt(s)"
    else:
        note = f"unexpected HTTP {final.status if final else 'response'}"
    return RobotsRules(url, UNREACHABLE, note)


class RobotsCache:
    def __init__(self, policy: FetchPolicy, scheduler: HostScheduler, fetch: RobotsFetch) -> None:
        self._policy = policy
        self._scheduler = scheduler
        self._fetch = fetch
        self._rules: dict[tuple[str, str, int], RobotsRules] = {}
        self._locks: dict[tuple[str, str, int], threading.Lock] = {}
        self._guard = threading.Lock()

    def rules(self, url: httpx.URL) -> RobotsRules | None:
        """The cached rules for `url`'s origin, if fetched already."""
        return self._rules.get(origin_of(url))

    def _load(self, url: httpx.URL) -> RobotsRules:
        origin = origin_of(url)
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        # One fetch per origin: concurrent fetches to the same origin wait for the first.
        with lock:
            cached = self._rules.get(origin)
            if cached is not None:
                return cached
            result, text = self._fetch(robots_url(url))
            rules = rules_from(result, text, self._policy.robots_token)
            if rules.crawl_delay is not None and rules.crawl_delay <= self._policy.max_crawl_delay:
                self._scheduler.raise_delay(host_key(url), rules.crawl_delay)
            self._rules[origin] = rules
            return rules

    def check(self, url: httpx.URL) -> RobotsVerdict:
        """May `url` be fetched? Fetches the origin's robots.txt on first use."""
        rules = self._load(url)
        shown = str(url)
        token = self._policy.robots_token
        if rules.state == UNREACHABLE:
            return RobotsVerdict(
                False,
                "robots_unavailable",
                f"{shown} was not fetched: {rules.robots_url} could not be read "
                f"({rules.note}); RFC 9309 says to treat the site as fully disallowed, "
                "so try the crawl again later.",
            )
        if rules.crawl_delay is not None and rules.crawl_delay > self._policy.max_crawl_delay:
            return RobotsVerdict(
                False,
                "crawl_delay_too_long",
                f"{shown} was not fetched: {rules.robots_url} asks for a Crawl-delay of "
                f"{rules.crawl_delay:g} s, above max_crawl_delay ({self._policy.max_crawl_delay:g}"
                " s); raise max_crawl_delay for this source if that pace is acceptable.",
            )
        if not rules.allows(shown, token):
            return RobotsVerdict(
                False,
                "robots_disallowed",
                f"{shown} is disallowed for user-agent {token!r} by {rules.robots_url}; "
                "leave it out, or ask the site owner for permission.",
            )
        return RobotsVerdict(True)
