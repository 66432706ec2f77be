"""Helpers for fetcher tests: fake time, quick policies, and an httpx MockTransport
route table that records every request."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from sendgraph.capture import Fetcher, FetchPolicy


class FakeClock:
    """Monotonic clock + sleep + wall clock that only move when something sleeps."""

    def __init__(self, start: float = 1000.0) -> None:
        self.t = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.t

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.t += max(seconds, 0.0)

    def now(self) -> datetime:
        with self._lock:
            return datetime(2025, 1, 1, tzinfo=UTC) + timedelta(seconds=self.t)


def quick_policy(clock: FakeClock | None = None, *, real_time: bool = False,
                 **overrides: Any) -> FetchPolicy:
    """A policy for tests: short I/O timeouts, seeded jitter and — unless `real_time` —
    a fake clock, so politeness delays and backoff are recorded instead of waited out."""
    settings: dict[str, Any] = {"connect_timeout": 2.0, "read_timeout": 2.0,
                                "total_timeout": 5.0, "seed": 7}
    if not real_time:
        clock = clock or FakeClock()
        settings.update(clock=clock.monotonic, sleep=clock.sleep, now=clock.now)
    settings.update(overrides)
    return FetchPolicy(**settings)


@dataclass(frozen=True)
class Canned:
    """A response to build afresh for each request (httpx responses are single-use)."""

    status: int = 200
    body: bytes = b""
    headers: Sequence[tuple[str, str]] | Mapping[str, str] = ()

    def build(self, request: httpx.Request) -> httpx.Response:
        items = list(self.headers.items()) if isinstance(self.headers, Mapping) else list(
            self.headers)
        if not any(k.lower() in ("content-length", "transfer-encoding") for k, _ in items):
            items.append(("Content-Length", str(len(self.body))))
        # stream=, not content=: httpx would otherwise read (and decode) it up front.
        return httpx.Response(self.status, headers=items, stream=httpx.ByteStream(self.body),
                              request=request)


Step = Canned | Callable[[httpx.Request], httpx.Response] | type[Exception]


class MockSite:
    """URL → a sequence of steps, consumed one per request (the last one repeats).

    A step is a `Canned` response, a callable(request) -> httpx.Response, or an httpx
    exception class (raised as if the network failed). Unrouted URLs answer 404.
    """

    def __init__(self) -> None:
        self._routes: dict[str, deque[Step]] = {}
        self.requests: list[httpx.Request] = []
        self._lock = threading.Lock()

    def add(self, url: str, *steps: Step) -> MockSite:
        self._routes[url] = deque(steps)
        return self

    def page(self, url: str, body: bytes | str = b"ok", *, status: int = 200,
             headers: Sequence[tuple[str, str]] = ()) -> MockSite:
        data = body.encode() if isinstance(body, str) else body
        return self.add(url, Canned(status, data, list(headers)))

    def _handle(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            steps = self._routes.get(str(request.url))
            step: Step = Canned(404, b"not found")
            if steps:
                step = steps.popleft() if len(steps) > 1 else steps[0]
        if isinstance(step, Canned):
            return step.build(request)
        if isinstance(step, type) and issubclass(step, Exception):
            raise step("simulated network failure", request=request)  # type: ignore[call-arg]
        return step(request)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    def fetcher(self, policy: FetchPolicy | None = None, **kwargs: Any) -> Fetcher:
        return Fetcher(policy or quick_policy(), transport=self.transport(), **kwargs)

    def urls(self) -> list[str]:
        with self._lock:
            return [str(r.url) for r in self.requests]

    def hits(self, url: str) -> int:
        return self.urls().count(url)
