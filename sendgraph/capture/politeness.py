"""Per-host politeness: one request in flight per host, a minimum gap between request
starts to the same host, and a global bound on requests in flight.

Thread-safe; every fetch (robots.txt and retries included) goes through `slot(host)`.
Time comes from injectable `clock`/`sleep` so tests can assert the waits without waiting.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class _HostState:
    delay: float
    busy: bool = False
    next_start: float = float("-inf")
    last_start: float | None = None


class HostScheduler:
    def __init__(
        self,
        *,
        min_delay: float,
        max_concurrency: int,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        self._min_delay = min_delay
        self._max_concurrency = max_concurrency
        self._clock = clock
        self._sleep = sleep
        self._cond = threading.Condition()
        self._hosts: dict[str, _HostState] = {}
        self._active = 0

    def _state(self, host: str) -> _HostState:
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _HostState(delay=self._min_delay)
        return state

    def delay_for(self, host: str) -> float:
        with self._cond:
            return self._state(host).delay

    def raise_delay(self, host: str, delay: float) -> None:
        """Raise a host's gap (robots.txt Crawl-delay); it never drops below the policy's."""
        with self._cond:
            state = self._state(host)
            state.delay = max(state.delay, delay)
            if state.last_start is not None:
                state.next_start = max(state.next_start, state.last_start + state.delay)

    def defer(self, host: str, seconds: float) -> None:
        """Hold back the next request to `host` for `seconds` from now (backoff, Retry-After):
        a struggling server gets the pause whichever URL comes next."""
        with self._cond:
            state = self._state(host)
            state.next_start = max(state.next_start, self._clock() + seconds)

    def ready_at(self, host: str) -> float:
        """Clock time at which `host` may next be contacted (-inf if never contacted)."""
        with self._cond:
            state = self._hosts.get(host)
            return state.next_start if state is not None else float("-inf")

    def acquire(self, host: str) -> float:
        """Block until a request to `host` may start; returns the politeness wait applied."""
        with self._cond:
            state = self._state(host)
            while state.busy:
                self._cond.wait()
            state.busy = True
        try:
            # Sleep outside the lock so other hosts stay free. Re-check afterwards: a
            # Crawl-delay learned meanwhile may have pushed next_start further out.
            waited = 0.0
            while True:
                with self._cond:
                    wait = state.next_start - self._clock()
                if wait <= 0:
                    break
                before = self._clock()
                self._sleep(wait)
                waited += wait
                if self._clock() <= before:
                    break  # an injected sleep that does not move the clock: don't spin
            # Take a global slot only once this host is ready, so a slow host never holds
            # one of the shared slots while it waits out its delay.
            with self._cond:
                while self._active >= self._max_concurrency:
                    self._cond.wait()
                self._active += 1
                start = self._clock()
                state.last_start = start
                state.next_start = max(state.next_start, start + state.delay)
        except BaseException:
            with self._cond:
                state.busy = False
                self._cond.notify_all()
            raise
        return waited

    def release(self, host: str) -> None:
        with self._cond:
            self._hosts[host].busy = False
            self._active -= 1
            self._cond.notify_all()

    @contextmanager
    def slot(self, host: str) -> Iterator[float]:
        waited = self.acquire(host)
        try:
            yield waited
        finally:
            self.release(host)
