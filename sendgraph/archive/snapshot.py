"""What the archive hands to higher layers: one archived payload and how it was captured."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

SNAPSHOT_ID_LENGTH = 16


def sha256_digest_label(raw: bytes) -> str:
    """Turn a raw SHA-256 digest into the WARC labelled form (`sha256:BASE32`)."""
    return "sha256:" + base64.b32encode(raw).decode("ascii")


def digest_of(data: bytes) -> str:
    return sha256_digest_label(hashlib.sha256(data).digest())


def digest_hex(label: str) -> str:
    """The lowercase hex form of a `sha256:BASE32` (or `sha256:hex`) label."""
    algo, _, value = label.partition(":")
    if algo.lower() != "sha256" or not value:
        raise ValueError(f"not a sha256 digest label: {label!r}")
    if len(value) == 64:
        return value.lower()
    return base64.b32decode(value.upper()).hex()


def snapshot_id(label: str) -> str:
    """A snapshot's short id: the first 16 hex digits of its payload's SHA-256.

    Snapshots are identified by payload digest (DESIGN.md, Identity), so the same bytes
    get the same id on every machine; 64 bits is ample for an archive of this scale and
    commands also accept the full digest.
    """
    return digest_hex(label)[:SNAPSHOT_ID_LENGTH]


@dataclass(frozen=True)
class Snapshot:
    """One archived payload, as captured: the unit that documents and facts point at."""

    id: str
    digest: str
    url: str
    captured: datetime
    content_type: str | None
    status: int | None
    http_headers: tuple[tuple[str, str], ...] = ()
    metadata: Mapping[str, str] = field(default_factory=dict)
    plugin: str | None = None
    run_id: str | None = None
    _loader: Callable[[], bytes] | None = field(default=None, repr=False, compare=False)

    def content(self) -> bytes:
        """The entity body with any Content-Encoding removed (as a browser would see it)."""
        if self._loader is None:
            raise ValueError(f"snapshot {self.id} has no payload loader")
        return self._loader()

    def header(self, name: str) -> str | None:
        lname = name.lower()
        for key, value in self.http_headers:
            if key.lower() == lname:
                return value
        return None
