"""One HTTP attempt: send a request, stream and check its body, classify what went wrong.

Every network condition becomes a `CaptureError` with a reason code and a sentence that
names the URL; `retryable` marks the ones worth another try (timeouts, connection
failures, dropped bodies). Anything else (a bug, the test suite's no-internet guard)
propagates.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from sendgraph.capture.body import capture_body
from sendgraph.capture.codings import CaptureError
from sendgraph.capture.exchange import HttpExchange
from sendgraph.capture.policy import FetchPolicy
from sendgraph.capture.transport import deadline, server_ip

_HINTS = {
    "too_large": "raise max_bytes/max_decoded_bytes if the file is wanted",
    "decode_error": "the server sent a broken body; try again later",
    "timeout": "try again later",
}


@dataclass(frozen=True)
class Spec:
    """How one redirect chain is fetched (pages and robots.txt differ)."""

    allowed: frozenset[str]
    check_robots: bool
    max_bytes: int
    max_redirects: int
    # robots.txt: cut at max_bytes (marked truncated) instead of refusing.
    truncate: bool = False
    # robots.txt: keep this much decoded text for parsing.
    keep_decoded: int = 0


@dataclass
class Outcome:
    """An attempt (or a hop after retries): a complete response, an error, or both (an
    error response kept as evidence)."""

    exchange: HttpExchange | None = None
    error: CaptureError | None = None
    attempts: int = 0
    cause: str | None = None
    decoded: bytes = b""


def _latin1(raw: Iterable[tuple[bytes, bytes]]) -> tuple[tuple[str, str], ...]:
    # latin-1 maps every octet to one code point, so the exact bytes can be recovered.
    return tuple((k.decode("latin-1"), v.decode("latin-1")) for k, v in raw)


def _raw_chunks(response: httpx.Response) -> Iterable[bytes]:
    # A response built in memory (httpx.MockTransport with `content=`) arrives already
    # read; its ByteStream still holds the raw bytes exactly as given.
    if response.is_stream_consumed and isinstance(response.stream, httpx.ByteStream):
        return iter(response.stream)
    return response.iter_raw()


def _named(exc: CaptureError, target: httpx.URL) -> CaptureError:
    """Prefix a body/coding error with the URL and a hint, keeping its reason."""
    hint = _HINTS.get(exc.reason, "")
    text = f"{target} was not captured: {exc.message}" + (f"; {hint}." if hint else ".")
    return CaptureError(exc.reason, text, retryable=exc.retryable)


def _timeout_text(policy: FetchPolicy, exc: httpx.TimeoutException, until: float) -> str:
    if time.monotonic() >= until - 0.01:
        return f"the attempt took longer than total_timeout ({policy.total_timeout:g} s)"
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connecting took longer than connect_timeout ({policy.connect_timeout:g} s)"
    if isinstance(exc, httpx.ReadTimeout):
        return f"the server sent nothing for read_timeout ({policy.read_timeout:g} s)"
    return f"timed out ({type(exc).__name__})"


def send_once(
    client: httpx.Client,
    transport: httpx.BaseTransport,
    policy: FetchPolicy,
    target: httpx.URL,
    headers: dict[str, str],
    spec: Spec,
    tmp_dir: str | os.PathLike[str] | None,
) -> Outcome:
    """Send one GET and capture its body; never raises for network conditions.

    The request is built by `client` (default headers, timeouts) but sent straight to
    `transport`: httpx's own redirect bookkeeping would parse a hostile Location header
    (and raise) before we could capture the response that carried it.
    """
    started = policy.now()
    t0 = time.monotonic()
    until = t0 + policy.total_timeout
    response: httpx.Response | None = None
    try:
        with deadline(until):
            request = client.build_request("GET", target, headers=headers)
            response = transport.handle_request(request)
            declared = response.headers.get("content-length", "").strip()
            if declared.isdigit() and int(declared) > spec.max_bytes and not spec.truncate:
                # Refuse before reading a byte of an announced oversize body.
                raise CaptureError("too_large", f"it declares Content-Length {declared}, "
                                   f"above max_bytes ({spec.max_bytes})")
            body = capture_body(
                _raw_chunks(response),
                encodings=response.headers.get_list("content-encoding", split_commas=True),
                max_bytes=spec.max_bytes, max_decoded=policy.max_decoded_bytes,
                deadline=until, tmp_dir=tmp_dir, truncate_at_limit=spec.truncate,
                keep_decoded=spec.keep_decoded)
    except CaptureError as exc:
        return Outcome(error=_named(exc, target))
    except httpx.TimeoutException as exc:
        text = f"{target}: {_timeout_text(policy, exc, until)}; try again later."
        return Outcome(error=CaptureError("timeout", text, retryable=True))
    except httpx.ConnectError as exc:
        text = f"could not connect to {target} ({exc}); check the host name and network."
        return Outcome(error=CaptureError("connect_error", text, retryable=True))
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        return Outcome(error=CaptureError("invalid_url", f"{target} is not fetchable ({exc})."))
    except httpx.TransportError as exc:
        # Dropped connections, bodies shorter than Content-Length, protocol garbage.
        text = f"the connection to {target} failed ({type(exc).__name__}: {exc})."
        return Outcome(error=CaptureError("network_error", text, retryable=True))
    finally:
        if response is not None:
            with contextlib.suppress(httpx.HTTPError):
                response.close()
    exchange = HttpExchange(
        url=str(target),
        method="GET",
        request_headers=_latin1(request.headers.raw),
        http_version=response.http_version,
        status=response.status_code,
        reason=response.reason_phrase,
        response_headers=_latin1(response.headers.raw),
        body_path=body.path,
        body_length=body.length,
        payload_digest=body.digest,
        started=started,
        elapsed_ms=int((time.monotonic() - t0) * 1000),
        ip=server_ip(response),
        truncated=body.truncated,
    )
    return Outcome(exchange, decoded=body.decoded_prefix)
