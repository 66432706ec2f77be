"""What the fetcher hands back: complete, self-describing captures and failures.

The fetcher never writes to the archive. It returns these objects and the crawl context
turns every `HttpExchange` into WARC request/response records, so each one carries
everything a record needs: the exact request headers, the response headers as received
and the raw entity body (still content-encoded, de-chunked) in a temporary file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

Headers = tuple[tuple[str, str], ...]


def header_value(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    """First value of a header, matched case-insensitively (None if absent)."""
    lname = name.lower()
    for key, value in headers:
        if key.lower() == lname:
            return value
    return None


@dataclass(frozen=True)
class HttpExchange:
    """One HTTP request/response pair exactly as it went over the wire.

    Header values are decoded as latin-1, so `value.encode("latin-1")` gives back the
    exact octets. `body_path` holds the raw entity body: Content-Encoding (gzip, …) is
    kept, Transfer-Encoding (chunked) is removed — what WARC calls the payload — and
    `payload_digest` is the SHA-256 of exactly those bytes. The file belongs to whoever
    holds the exchange: call `close()` once it has been archived.
    """

    url: str
    method: str
    request_headers: Headers
    http_version: str
    status: int
    reason: str
    response_headers: Headers
    body_path: Path
    body_length: int
    payload_digest: str
    started: datetime
    elapsed_ms: int
    ip: str | None = None
    # True when the body was deliberately cut short (only robots.txt, at the RFC 9309
    # 500 KiB parsing limit); the archive marks such records `WARC-Truncated: length`.
    truncated: bool = False

    def header(self, name: str) -> str | None:
        return header_value(self.response_headers, name)

    def request_header(self, name: str) -> str | None:
        return header_value(self.request_headers, name)

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")

    @property
    def content_encodings(self) -> tuple[str, ...]:
        """Content-Encoding tokens in the order they were applied (empty if identity)."""
        tokens: list[str] = []
        for key, value in self.response_headers:
            if key.lower() == "content-encoding":
                tokens.extend(t.strip().lower() for t in value.split(",") if t.strip())
        return tuple(t for t in tokens if t != "identity")

    def read_body(self) -> bytes:
        """The raw entity body (still content-encoded)."""
        return self.body_path.read_bytes()

    def close(self) -> None:
        """Delete the body file; safe to call more than once."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.body_path)

    discard = close


@dataclass(frozen=True)
class FetchFailure:
    """Why a fetch did not produce the wanted content.

    `reason` is a short machine code (see `REASONS`); `detail` is a sentence for people,
    naming the URL and what to do. `cause` is set when `reason` is "too_many_retries"
    (or another wrapper) and says what went wrong on the last attempt ("timeout",
    "http_error", …).
    """

    url: str
    reason: str
    detail: str
    attempts: int = 0
    status: int | None = None
    cause: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the project's `to_json` convention); `json.dumps` it as is."""
        return {
            "url": self.url,
            "reason": self.reason,
            "detail": self.detail,
            "attempts": self.attempts,
            "status": self.status,
            "cause": self.cause,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FetchFailure:
        return cls(
            url=data["url"],
            reason=data["reason"],
            detail=data["detail"],
            attempts=int(data.get("attempts") or 0),
            status=data.get("status"),
            cause=data.get("cause"),
        )


# Every reason code the capture layer produces, so callers can switch on them safely.
REASONS = frozenset(
    {
        "invalid_url",
        "bad_scheme",
        "host_not_allowed",
        "robots_disallowed",
        "robots_unavailable",
        "crawl_delay_too_long",
        "timeout",
        "connect_error",
        "network_error",
        "too_many_retries",
        "retry_after_too_long",
        "http_error",
        "too_large",
        "decode_error",
        "redirect_off_host",
        "redirect_loop",
        "too_many_redirects",
    }
)


@dataclass(frozen=True)
class FetchRequest:
    """One URL to fetch, with optional conditional-request validators."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    # None = use the policy's allowed hosts; an empty frozenset = any host.
    allowed_hosts: frozenset[str] | None = None


@dataclass(frozen=True)
class FetchResult:
    """The outcome of fetching one URL, redirects and retries included.

    - `exchanges`: every complete response received on the way, in order — each redirect
      hop, and the final response even when it is an HTTP error (a 404 or a 503 after the
      last retry is still a capture worth archiving). Responses that were retried away,
      cut off, too large or undecodable are not included (their files are already gone).
    - `final`: the response the outcome is about: the 2xx/304 when `ok`; the error
      response for "http_error"/"too_many_retries" on a status/"retry_after_too_long"; the
      refused redirect for redirect failures; None when no complete response arrived.
    - `attempts`: how many times the last hop's request was sent (1 + retries).
    """

    url: str
    exchanges: tuple[HttpExchange, ...] = ()
    final: HttpExchange | None = None
    ok: bool = False
    not_modified: bool = False
    failure: FetchFailure | None = None
    attempts: int = 0

    @property
    def final_url(self) -> str | None:
        return self.final.url if self.final is not None else None

    @property
    def status(self) -> int | None:
        return self.final.status if self.final is not None else None

    def discard(self) -> None:
        """Delete every temporary body file this result holds (after archiving them)."""
        for exchange in self.exchanges:
            exchange.close()

    close = discard

    def __enter__(self) -> FetchResult:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary (no bodies) for logs and `--format json` output."""
        return {
            "url": self.url,
            "ok": self.ok,
            "not_modified": self.not_modified,
            "attempts": self.attempts,
            "final_url": self.final_url,
            "status": self.status,
            "hops": [
                {"url": e.url, "status": e.status, "payload_digest": e.payload_digest}
                for e in self.exchanges
            ],
            "failure": self.failure.to_json() if self.failure else None,
        }
