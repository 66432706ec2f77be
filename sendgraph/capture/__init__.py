"""Capture layer: polite, defensive fetching that returns archive-ready exchanges.

The fetcher obeys robots.txt (and Crawl-delay), rate-limits per host, retries with
backoff, sends conditional requests and vets every redirect. It does not write to the
archive: callers archive `FetchResult.all_exchanges()` and then `discard()` the result.
"""

from sendgraph.capture.exchange import (
    REASONS,
    FetchFailure,
    FetchRequest,
    FetchResult,
    HttpExchange,
)
from sendgraph.capture.fetcher import Fetcher
from sendgraph.capture.policy import (
    DEFAULT_CONTACT,
    FetchPolicy,
    host_allowed,
    make_user_agent,
)
from sendgraph.capture.politeness import HostScheduler
from sendgraph.capture.robots import RobotsRules

__all__ = [
    "DEFAULT_CONTACT",
    "REASONS",
    "FetchFailure",
    "FetchPolicy",
    "FetchRequest",
    "FetchResult",
    "Fetcher",
    "HostScheduler",
    "HttpExchange",
    "RobotsRules",
    "host_allowed",
    "make_user_agent",
]
