"""CDXJ export of the index, so pywb and other replay tools can serve the archive."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

from sendgraph.archive.index import Index

_CAPTURE_TYPES = ("response", "resource", "revisit")


def surt(url: str) -> str:
    """Sort-friendly URI Reordering Transform.

    `https://www.Example.org/a?b` -> `org,example)/a?b`.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return url
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    key = ",".join(reversed(host.split(".")))
    if parts.port and parts.port not in (80, 443):
        key += f":{parts.port}"
    path = parts.path or "/"
    return f"{key}){path.lower()}" + (f"?{parts.query}" if parts.query else "")


def cdxj_lines(index: Index) -> Iterator[str]:
    lines = []
    for row in index.listing(types=_CAPTURE_TYPES):
        stamp = "".join(c for c in row.captured if c.isdigit())[:14]
        fields = {
            "url": row.url,
            "mime": "warc/revisit" if row.type == "revisit" else (row.content_type or "unk"),
            "status": str(row.status) if row.status is not None else "-",
            "digest": row.digest or "-",
            "length": str(row.length),
            "offset": str(row.offset),
            "filename": row.warc_file,
        }
        lines.append(f"{surt(row.url)} {stamp} {json.dumps(fields, sort_keys=True)}")
    yield from sorted(lines)
