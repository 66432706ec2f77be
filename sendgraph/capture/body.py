"""Streaming a response body to a temporary file while hashing and checking it."""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sendgraph.archive.snapshot import sha256_digest_label
from sendgraph.capture.codings import CaptureError, DecodeCheck


@dataclass(frozen=True)
class CapturedBody:
    path: Path
    length: int
    digest: str
    truncated: bool
    decoded_prefix: bytes


def capture_body(
    chunks: Iterable[bytes],
    *,
    encodings: Sequence[str],
    max_bytes: int,
    max_decoded: int,
    deadline: float,
    tmp_dir: str | os.PathLike[str] | None = None,
    truncate_at_limit: bool = False,
    keep_decoded: int = 0,
) -> CapturedBody:
    """Write raw chunks to a temp file, hashing them and verifying the content coding.

    Past `max_bytes` the body is refused ("too_large"), or — with `truncate_at_limit`,
    used for robots.txt — cut there and marked truncated. `deadline` is a
    `time.monotonic()` instant after which the attempt is abandoned ("timeout"). On any
    failure the temp file is removed before the error propagates.
    """
    check = DecodeCheck(encodings, max_decoded=max_decoded, keep=keep_decoded)
    sha = hashlib.sha256()
    length = 0
    truncated = False
    fd, name = tempfile.mkstemp(prefix="sendgraph-", suffix=".body", dir=tmp_dir)
    path = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                if not chunk:
                    continue
                if length + len(chunk) > max_bytes:
                    if not truncate_at_limit:
                        raise CaptureError(
                            "too_large", f"the body is larger than max_bytes ({max_bytes} bytes)"
                        )
                    chunk = chunk[: max_bytes - length]
                    truncated = True
                out.write(chunk)
                sha.update(chunk)
                length += len(chunk)
                check.feed(chunk)
                if truncated:
                    break
                # The transport enforces the deadline inside reads; this also covers
                # transports (mocks, proxies) that bypass it.
                if time.monotonic() > deadline:
                    raise CaptureError(
                        "timeout", "the attempt ran past total_timeout", retryable=True
                    )
        check.finish(allow_truncated=truncated)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return CapturedBody(
        path=path,
        length=length,
        digest=sha256_digest_label(sha.digest()),
        truncated=truncated,
        decoded_prefix=check.kept,
    )
