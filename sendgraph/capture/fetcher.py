"""The polite, defensive HTTP fetcher.

One `Fetcher` per crawl run: it owns the connection pool, the robots.txt cache and the
per-host scheduler. `fetch()` never raises for anything the network or a server does —
every such outcome is a `FetchResult` (with a `FetchFailure` when it went wrong) — and it
never writes to the archive: exchanges come back with their raw bodies in temp files for
the crawl context to archive and then `discard()`.
"""

from __future__ import annotations

import http.cookiejar
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import httpx

from sendgraph.capture.attempt import Outcome, Spec, send_once
from sendgraph.capture.codings import CaptureError
from sendgraph.capture.exchange import FetchFailure, FetchRequest, FetchResult, HttpExchange
from sendgraph.capture.policy import FetchPolicy, host_allowed
from sendgraph.capture.politeness import HostScheduler
from sendgraph.capture.retry import Backoff, parse_retry_after, retryable_status
from sendgraph.capture.robots import RobotsCache, RobotsRules
from sendgraph.capture.transport import make_transport
from sendgraph.capture.urls import host_key, parse_url, redact_userinfo, visit_key

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ROBOTS_REDIRECTS = 5  # RFC 9309 §2.3.1.2: follow at least five


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Never store or send cookies: captures must not depend on session state, and no
    cookie may leak from one host to another."""

    def set_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return False

    def return_ok(self, cookie: http.cookiejar.Cookie, request: object) -> bool:
        return False


@dataclass
class _Chain:
    url: str
    exchanges: list[HttpExchange] = field(default_factory=list)

    def result(self, final: HttpExchange | None = None, *, ok: bool = False,
               not_modified: bool = False, failure: FetchFailure | None = None,
               attempts: int = 0) -> FetchResult:
        return FetchResult(self.url, tuple(self.exchanges), final, ok, not_modified, failure,
                           attempts)

    def fail(self, reason: str, detail: str, *, final: HttpExchange | None = None,
             attempts: int = 0, status: int | None = None, cause: str | None = None
             ) -> FetchResult:
        failure = FetchFailure(self.url, reason, detail, attempts, status, cause)
        return self.result(final, failure=failure, attempts=attempts)

    def discard(self) -> None:
        for exchange in self.exchanges:
            exchange.close()


def _as_request(item: str | FetchRequest | Mapping[str, Any]) -> FetchRequest:
    if isinstance(item, FetchRequest):
        return item
    if isinstance(item, str):
        return FetchRequest(item)
    hosts = item.get("allowed_hosts")
    return FetchRequest(str(item["url"]), item.get("etag"), item.get("last_modified"),
                        None if hosts is None else frozenset(hosts))


class Fetcher:
    """`Fetcher(policy, transport=None, tmp_dir=None)`; `transport` is for tests
    (e.g. `httpx.MockTransport`); `tmp_dir` is where body files are written."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        tmp_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.policy = p = policy or FetchPolicy()
        self._tmp_dir = tmp_dir
        if transport is None:
            transport = make_transport(max_connections=2 * p.max_concurrency + 2, proxy=p.proxy)
        self._transport = transport
        self._client = httpx.Client(
            transport=transport,
            # Only builds requests (merging default headers and timeouts); they are sent
            # straight to the transport, so httpx never follows redirects or stores cookies
            # (the refusing cookie jar is a second guard).
            trust_env=False,  # no .netrc credentials or env proxies sneaking in
            cookies=http.cookiejar.CookieJar(policy=_NoCookies()),
            timeout=httpx.Timeout(connect=p.connect_timeout, read=p.read_timeout,
                                  write=p.read_timeout, pool=p.connect_timeout),
            headers={"User-Agent": p.user_agent, "Accept": p.accept,
                     "Accept-Encoding": p.accept_encoding},
        )
        self.scheduler = HostScheduler(min_delay=p.min_delay, max_concurrency=p.max_concurrency,
                                       clock=p.clock, sleep=p.sleep)
        self._backoff = Backoff(base=p.backoff_base, cap=p.backoff_cap, seed=p.seed)
        self._robots = RobotsCache(p, self.scheduler, self._fetch_robots)
        self._robots_out: list[HttpExchange] = []
        self._robots_lock = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------
    def close(self) -> None:
        """Close connections and delete robots.txt bodies nobody drained."""
        for exchange in self.drain_robots_exchanges():
            exchange.close()
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def drain_robots_exchanges(self) -> list[HttpExchange]:
        """Take the robots.txt exchanges fetched since the last call, oldest first.

        robots.txt answers are evidence of what the crawl was allowed to do, so the caller
        archives them like any capture (draining before archiving a page keeps each
        robots.txt ahead of the pages it governed) and then `close()`s them. Every hop and
        every outcome is included: 200, 404, the final 5xx of an unreachable robots.txt.
        """
        with self._robots_lock:
            out, self._robots_out = self._robots_out, []
        return out

    def robots_rules(self, url: str) -> RobotsRules | None:
        """The cached robots.txt rules for `url`'s origin (None if not fetched yet)."""
        return self._robots.rules(httpx.URL(url))

    # -- public fetching ---------------------------------------------------------------
    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              allowed_hosts: Iterable[str] | None = None) -> FetchResult:
        """Fetch one URL. `etag`/`last_modified` (the validators from an earlier capture)
        make it conditional: a 304 is `ok=True, not_modified=True`. `allowed_hosts`
        overrides the policy's list for this call (empty = any host)."""
        hosts = None if allowed_hosts is None else frozenset(allowed_hosts)
        return self._fetch_request(FetchRequest(url, etag, last_modified, hosts))

    def fetch_many(
        self, requests: Iterable[str | FetchRequest | Mapping[str, Any]]
    ) -> Iterator[FetchResult]:
        """Fetch many URLs on up to `max_concurrency` threads, yielding results as they
        complete (match them up by `result.url`). Items are URLs, `FetchRequest`s or
        mappings with FetchRequest's fields. The input is read up front so work can
        be spread across hosts: the next request goes to the idle host that may be
        contacted soonest. Closing the iterator early cancels what has not started and
        discards results not yet yielded."""
        pending: dict[str, deque[FetchRequest]] = {}
        for item in requests:
            req = _as_request(item)
            pending.setdefault(self._host_of(req.url), deque()).append(req)
        running: dict[Future[FetchResult], str] = {}
        pool = ThreadPoolExecutor(max_workers=self.policy.max_concurrency,
                                  thread_name_prefix="sendgraph-fetch")
        try:
            while pending or running:
                while len(running) < self.policy.max_concurrency:
                    idle = [h for h in pending if h not in running.values()]
                    if not idle:
                        break
                    host = min(idle, key=self.scheduler.ready_at)
                    queue = pending[host]
                    running[pool.submit(self._fetch_request, queue.popleft())] = host
                    if not queue:
                        del pending[host]
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    result = future.result()  # a bug in a worker surfaces here, loudly
                    del running[future]
                    yield result
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            for future in running:
                if not future.cancelled() and future.exception() is None:
                    future.result().discard()

    # -- internals ---------------------------------------------------------------------
    @staticmethod
    def _host_of(url: str) -> str:
        try:
            return httpx.URL(url).host.lower()
        except (httpx.InvalidURL, TypeError, ValueError):
            return ""

    def _fetch_request(self, req: FetchRequest) -> FetchResult:
        conditional: dict[str, str] = {}
        if req.etag:
            conditional["If-None-Match"] = req.etag
        if req.last_modified:
            conditional["If-Modified-Since"] = req.last_modified
        allowed = self.policy.allowed_hosts if req.allowed_hosts is None else req.allowed_hosts
        spec = Spec(allowed=allowed, check_robots=self.policy.obey_robots,
                     max_bytes=self.policy.max_bytes, max_redirects=self.policy.max_redirects)
        return self._chain(req.url, conditional, spec)[0]

    def _fetch_robots(self, url: httpx.URL) -> tuple[FetchResult, bytes]:
        limit = self.policy.robots_max_bytes
        # Redirects of robots.txt may leave the allowed hosts (RFC 9309 follows them).
        spec = Spec(allowed=frozenset(), check_robots=False, max_bytes=limit,
                     max_redirects=_ROBOTS_REDIRECTS, truncate=True, keep_decoded=limit)
        result, text = self._chain(str(url), {}, spec)
        with self._robots_lock:
            self._robots_out.extend(result.exchanges)
        return result, text

    def _chain(self, url: str, conditional: dict[str, str], spec: Spec
               ) -> tuple[FetchResult, bytes]:
        chain = _Chain(url)
        try:
            return self._follow(chain, conditional, spec)
        except BaseException:
            chain.discard()  # nothing to hand back: don't leak temp files
            raise

    def _follow(self, chain: _Chain, conditional: dict[str, str], spec: Spec
                ) -> tuple[FetchResult, bytes]:
        try:
            target = parse_url(chain.url, self.policy.schemes)
        except CaptureError as exc:
            chain.url = redact_userinfo(chain.url)  # never report or store a password
            return chain.fail(exc.reason, f"{chain.url!r} was not fetched: {exc.message}; "
                              "fix the URL."), b""
        if not host_allowed(target.host, spec.allowed):
            return chain.fail("host_not_allowed", f"{target} was not fetched: host "
                              f"{target.host} is not among the allowed hosts "
                              f"({', '.join(sorted(spec.allowed))}); add it if it belongs "
                              "to this source."), b""
        visited = {visit_key(target)}
        headers = conditional
        for hop in range(spec.max_redirects + 1):
            last = chain.exchanges[-1] if chain.exchanges else None
            if spec.check_robots:
                verdict = self._robots.check(target)
                if not verdict.allowed:
                    return chain.fail(verdict.reason or "robots_disallowed",
                                      verdict.detail or str(target), final=last), b""
            out = self._hop(target, headers, spec)
            ex = out.exchange
            if ex is not None:
                chain.exchanges.append(ex)
            if out.error is not None:
                return chain.fail(out.error.reason, out.error.message, final=ex,
                                  attempts=out.attempts, status=ex.status if ex else None,
                                  cause=out.cause), b""
            assert ex is not None
            if 200 <= ex.status < 300:
                return chain.result(ex, ok=True, attempts=out.attempts), out.decoded
            if ex.status == 304 and headers:
                return chain.result(ex, ok=True, not_modified=True, attempts=out.attempts), b""
            location = ex.header("location") if ex.status in REDIRECT_STATUSES else None
            if not location or not location.strip():
                return chain.fail("http_error", f"{target} answered HTTP {ex.status} "
                                  f"{ex.reason}".rstrip() + "; the response is kept as evidence.",
                                  final=ex, attempts=out.attempts, status=ex.status), b""
            moved = f"the redirect from {target} to {location.strip()!r}"
            if hop == spec.max_redirects:
                return chain.fail("too_many_redirects", f"{moved} was not followed: more than "
                                  f"{spec.max_redirects} redirects (max_redirects).",
                                  final=ex, attempts=out.attempts, status=ex.status), b""
            try:
                target = parse_url(target.join(location.strip()), self.policy.schemes)
            except (CaptureError, httpx.InvalidURL, ValueError) as exc:
                reason = exc.reason if isinstance(exc, CaptureError) else "invalid_url"
                message = exc.message if isinstance(exc, CaptureError) else str(exc)
                return chain.fail(reason, f"{moved} was refused: {message}.", final=ex,
                                  attempts=out.attempts, status=ex.status), b""
            if not host_allowed(target.host, spec.allowed):
                return chain.fail("redirect_off_host", f"{moved} was refused: host "
                                  f"{target.host} is not among the allowed hosts; add it "
                                  "if the source really lives there.", final=ex,
                                  attempts=out.attempts, status=ex.status), b""
            key = visit_key(target)
            if key in visited:
                return chain.fail("redirect_loop", f"{moved} was refused: it loops back to "
                                  "a URL already visited in this chain.", final=ex,
                                  attempts=out.attempts, status=ex.status), b""
            visited.add(key)
            headers = {}  # validators belong to the URL they were captured from
        raise AssertionError("unreachable: the loop returns on its last hop")

    @staticmethod
    def _exhausted(target: httpx.URL, out: Outcome, attempt: int, cause: str) -> Outcome:
        """The last allowed attempt failed: "too_many_retries" (or, when the policy allows a
        single attempt, the cause itself), keeping any error response as evidence."""
        ex, err = out.exchange, out.error
        if err is not None:
            last = err.message
        else:
            assert ex is not None
            last = (f"HTTP {ex.status} {ex.reason}".strip() + "; the server may be down or "
                    "overloaded, try again later.")
        if attempt == 1:
            message = last if err is not None else f"{target} answered {last}"
            return Outcome(ex, CaptureError(cause, message), attempt, cause)
        message = f"{target} failed after {attempt} attempts; the last: {last}"
        return Outcome(ex, CaptureError("too_many_retries", message), attempt, cause)

    def _hop(self, target: httpx.URL, headers: dict[str, str], spec: Spec) -> Outcome:
        """One URL with retries: connect errors, timeouts, 429 and 5xx are retried with
        backoff (and Retry-After), holding back the whole host meanwhile."""
        p = self.policy
        host = host_key(target)
        attempt = 0
        while True:
            attempt += 1
            with self.scheduler.slot(host):
                out = send_once(self._client, self._transport, p, target, headers, spec,
                                self._tmp_dir)
                out.attempts = attempt
                ex, err = out.exchange, out.error
                if err is not None and not err.retryable:
                    return out
                if err is None and (ex is None or not retryable_status(ex.status)):
                    return out
                # Something retryable went wrong on this attempt.
                cause = err.reason if err is not None else "http_error"
                retry_after = None
                if ex is not None:
                    retry_after = parse_retry_after(ex.header("retry-after"), p.now())
                    if retry_after is not None:
                        # The server asked for a pause: honour it for every URL on the
                        # host, whether or not this one is retried.
                        self.scheduler.defer(host, min(retry_after, p.max_retry_after))
                if attempt >= p.max_attempts:
                    return self._exhausted(target, out, attempt, cause)
                if retry_after is not None and retry_after > p.max_retry_after:
                    message = (f"{target} answered HTTP {ex.status} with Retry-After "
                               f"{retry_after:g} s, "
                               f"above max_retry_after ({p.max_retry_after:g} s); try again "
                               "later.")
                    return Outcome(ex, CaptureError("retry_after_too_long", message), attempt,
                                   cause)
                wait_s = max(self._backoff.wait(attempt), retry_after or 0.0)
                if ex is not None:
                    ex.close()  # a response that is retried away is not kept
                self.scheduler.defer(host, wait_s)
