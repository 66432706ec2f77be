"""When to retry and how long to wait: exponential backoff with full jitter, Retry-After."""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# 501 Not Implemented and 505 HTTP Version Not Supported will not change on a retry.
_PERMANENT_5XX = frozenset({501, 505})


def retryable_status(status: int) -> bool:
    return status == 429 or (500 <= status <= 599 and status not in _PERMANENT_5XX)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None
    when absent or unparseable. A date in the past means 0."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


class Backoff:
    """Full-jitter exponential backoff (AWS architecture blog): wait a uniform random time
    in [0, min(cap, base * 2**(attempt-1))]. Jitter spreads retries from many workers;
    a seed makes runs reproducible. Thread-safe."""

    def __init__(self, *, base: float, cap: float, seed: int | None = None) -> None:
        self._base = base
        self._cap = cap
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def ceiling(self, attempt: int) -> float:
        return min(self._cap, self._base * (2 ** min(max(attempt - 1, 0), 60)))

    def wait(self, attempt: int) -> float:
        """Wait after failed attempt number `attempt` (1-based)."""
        with self._lock:
            return self._rng.uniform(0.0, self.ceiling(attempt))
