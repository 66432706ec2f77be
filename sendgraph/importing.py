"""Importing documents by hand: a local file or one URL, with metadata from the user.

A local file becomes a WARC `resource` record; a URL is fetched politely like any crawl and
becomes `response`/`request` records. Either way the user's metadata (kind, title, publisher,
author, published) is kept beside it in a `metadata` record, and the bytes are stored once:
importing the same bytes again adds only a revisit record.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sendgraph.archive.store import Archive
from sendgraph.capture.fetcher import Fetcher
from sendgraph.capture.policy import FetchPolicy
from sendgraph.capture.urls import USERINFO_REFUSED, has_userinfo, redact_userinfo
from sendgraph.document import DocumentError, build_document
from sendgraph.plugin.context import CrawlContext, CrawlOptions
from sendgraph.plugin.contract import SourceInfo
from sendgraph.plugin.report import CrawlReport

MAX_IMPORT_BYTES = 200 * 1024 * 1024
_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class ImportFailed(Exception):
    """One file or URL could not be imported; the message names it and says why."""


def parse_published(text: str) -> str:
    """Validate a publication date of year, year-month or day precision; keep that precision."""
    m = _PUBLISHED.match(text.strip())
    if not m:
        raise ValueError(f"published date {text!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        date(year or 1, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"published date {text!r} is not a real date ({exc})") from exc
    return text.strip()


@dataclass(frozen=True)
class ImportMetadata:
    kind: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: str | None = None

    def to_record(self, **extra: str) -> dict[str, str]:
        data = {k: v for k, v in asdict(self).items() if v}
        data.update({k: v for k, v in extra.items() if v})
        return data


@dataclass(frozen=True)
class ImportResult:
    source: str
    snapshot: str
    url: str
    new_payload: bool
    title: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def sniff_content_type(name: str, data: bytes) -> str:
    head = data[:1024].lstrip().lower()
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "text/html"
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "text/plain"


def _check_readable(data: bytes, url: str, content_type: str, what: str) -> str | None:
    """Refuse what sendgraph could never read, so the archive holds no silent empties."""
    try:
        doc = build_document(data, url=url, content_type=content_type, snapshot_id="import")
    except DocumentError as exc:
        raise ImportFailed(f"{what}: {exc}") from exc
    return doc.metadata.title


def import_file(archive: Archive, path: Path, meta: ImportMetadata) -> ImportResult:
    if not path.exists():
        raise ImportFailed(f"{path}: no such file")
    if path.is_dir():
        raise ImportFailed(f"{path}: is a directory; give the files inside it")
    size = path.stat().st_size
    if size == 0:
        raise ImportFailed(f"{path}: the file is empty; nothing to archive")
    if size > MAX_IMPORT_BYTES:
        raise ImportFailed(f"{path}: {size} bytes is over the {MAX_IMPORT_BYTES} byte limit")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read it ({exc.strerror})") from exc
    content_type = sniff_content_type(path.name, data)
    url = meta.url or path.resolve().as_uri()
    title = _check_readable(data, url, content_type, str(path))
    record_meta = meta.to_record(filename=path.name)
    with archive.writer() as writer:
        capture = writer.add_resource(url, data, content_type, record_meta)
    return ImportResult(str(path), capture.snapshot, url, capture.new_payload,
                        meta.title or title)


_IMPORT_SOURCE = SourceInfo(id="import", title="Imported by hand", publisher="(as given)",
                            home="https://github.com/sendgraph/sendgraph", kind="other")


def import_url(archive: Archive, url: str, meta: ImportMetadata, policy: FetchPolicy,
               fetcher: Fetcher | None = None) -> ImportResult:
    if has_userinfo(url):
        raise ImportFailed(f"{redact_userinfo(url)}: {USERINFO_REFUSED}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImportFailed(f"{url}: only http(s) URLs or local files can be imported")
    fetcher = fetcher or Fetcher(replace(policy, allowed_hosts=frozenset({parts.hostname})))
    report = CrawlReport(run_id="", plugin="import")
    try:
        with archive.writer() as writer:
            ctx = CrawlContext(_IMPORT_SOURCE, archive, writer, fetcher, report,
                               CrawlOptions(urls=(url,)), set())
            page = ctx.fetch(url)
            if page is None:
                failure = report.failures[-1] if report.failures else {}
                raise ImportFailed(f"{url}: {failure.get('detail', 'fetch failed')}")
            title = _check_readable(page.content, url, page.row.content_type or "",
                                    url)
            writer.add_metadata(page.row, meta.to_record(url=url))
    finally:
        fetcher.close()
    return ImportResult(url, page.row.snapshot or "", url, page.row.type == "response",
                        meta.title or title)
