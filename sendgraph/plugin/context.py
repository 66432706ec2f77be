"""The plugin context: a plugin's whole API. Crawl side (fetch, archive, report) and parse side."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from sendgraph.archive.index import IndexRow
from sendgraph.archive.snapshot import Snapshot
from sendgraph.archive.store import Archive
from sendgraph.archive.writer import ArchiveWriter, Capture, HttpMessage
from sendgraph.capture.exchange import FetchResult, HttpExchange
from sendgraph.capture.fetcher import Fetcher
from sendgraph.document import Document, document_for
from sendgraph.extract.context import ExtractionContext
from sendgraph.extract.model import Fact
from sendgraph.plugin.contract import SourceInfo
from sendgraph.plugin.report import CrawlReport


@dataclass(frozen=True)
class CrawlOptions:
    """What the user asked of this crawl; plugins read what applies to them."""

    urls: tuple[str, ...] = ()
    since: date | None = None
    search: str | None = None
    max_items: int | None = None
    settings: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "urls": list(self.urls),
            "since": self.since.isoformat() if self.since else None,
            "search": self.search,
            "max_items": self.max_items,
            "settings": dict(self.settings),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CrawlOptions:
        since = data.get("since")
        return cls(
            urls=tuple(data.get("urls") or ()),
            since=date.fromisoformat(since) if since else None,
            search=data.get("search"),
            max_items=data.get("max_items"),
            settings=dict(data.get("settings") or {}),
        )


class Page:
    """A fetched (or, on resume, already archived) page as the plugin sees it."""

    def __init__(self, archive: Archive, url: str, row: IndexRow, *, fresh: bool) -> None:
        self._archive = archive
        self.url = url
        self.row = row
        self.fresh = fresh  # False when the bytes come from the archive (304 or resumed run)

    @property
    def status(self) -> int | None:
        return self.row.status

    @property
    def snapshot_id(self) -> str | None:
        return self.row.snapshot

    @cached_property
    def snapshot(self) -> Snapshot:
        return self._archive.snapshot_for_row(self.row)

    @property
    def content(self) -> bytes:
        return self.snapshot.content()

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


def _request_message(ex: HttpExchange) -> HttpMessage:
    parts = urlsplit(ex.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return HttpMessage(f"{ex.method} {target} {ex.http_version}", ex.request_headers,
                       ex.http_version)


def _response_message(ex: HttpExchange) -> HttpMessage:
    return HttpMessage(f"{ex.status} {ex.reason}".strip(), ex.response_headers, ex.http_version)


class CrawlContext:
    """Everything a plugin's `crawl` may do: fetch (polite, archived), log, report."""

    def __init__(self, info: SourceInfo, archive: Archive, writer: ArchiveWriter,
                 fetcher: Fetcher, report: CrawlReport, options: CrawlOptions,
                 already_captured: set[str]) -> None:
        self.info = info
        self.archive = archive
        self.options = options
        self.report = report
        self.log = logging.getLogger(f"sendgraph.source.{info.id}")
        self._writer = writer
        self._fetcher = fetcher
        self._done = already_captured
        self._probing: set[str] = set()
        self._probe_status: dict[str, int] = {}

    # -- fetching -----------------------------------------------------------------------

    def fetch(self, url: str) -> Page | None:
        """Fetch one URL politely and archive it; None (and a report entry) when it failed."""
        return next(iter(self.fetch_all([url])), None)

    def probe(self, url: str) -> tuple[Page | None, int | None]:
        """Fetch a *guessed* address (an API root, a sitemap, a feed): an HTTP error answer is
        archived as usual but is not a failed URL of the run — it is how a site says "not
        here". Returns the page (None when absent) and the HTTP status of the refusal."""
        self._probing.add(url)
        try:
            page = self.fetch(url)
        finally:
            self._probing.discard(url)
        status = self._probe_status.pop(url, None)
        if page is None and status is not None:
            self.report.count("absent" if status in (404, 410) else "refused")
        return page, status

    def fetch_all(self, urls: Iterable[str]) -> Iterator[Page]:
        """Fetch many URLs concurrently (within the politeness limits), yielding pages as they
        arrive. URLs this run already captured (a resumed crawl) come from the archive."""
        pending: list[str] = []
        for url in dict.fromkeys(urls):
            if url in self._done:
                row = self.archive.index.latest(url)
                if row is not None:
                    self.report.count("resumed")
                    yield Page(self.archive, url, row, fresh=False)
                    continue
            pending.append(url)
        requests = [self._conditional(u) for u in pending]
        for result in self._fetcher.fetch_many(requests):
            page = self._store(result)
            if page is not None:
                yield page

    def _conditional(self, url: str) -> dict[str, Any]:
        base = self._conditional_base(url)
        return {
            "url": url,
            "etag": base.etag if base else None,
            "last_modified": base.last_modified if base else None,
        }

    def _conditional_base(self, url: str) -> IndexRow | None:
        for row in reversed(self.archive.index.captures(url)):
            if row.status in (200, 304) and (row.etag or row.last_modified):
                return row
        return None

    def _archive_exchange(self, ex: HttpExchange, not_modified_base: IndexRow | None) -> Capture:
        with open(ex.body_path, "rb") as body:
            return self._writer.add_http(
                ex.url, ex.started, _request_message(ex), _response_message(ex), body,
                ex.body_length, ex.payload_digest, ip=ex.ip, not_modified_base=not_modified_base,
            )

    def _store(self, result: FetchResult) -> Page | None:
        self.archive_robots()
        try:
            captures = []
            for ex in result.exchanges:
                base = self._conditional_base(ex.url) if ex.status == 304 else None
                captures.append(self._archive_exchange(ex, base))
        finally:
            for ex in result.exchanges:
                ex.discard()
        if result.failure is not None:
            failure = result.failure
            if (result.url in self._probing and failure.reason == "http_error"
                    and failure.status is not None and 400 <= failure.status < 500):
                self._probe_status[result.url] = failure.status
            else:
                self.report.fail(failure.to_json())
            return None
        if not captures:
            return None
        final = captures[-1]
        self._done.add(result.url)
        if result.not_modified:
            self.report.count("not_modified")
        elif final.new_payload:
            self.report.count("new")
        else:
            self.report.count("unchanged")
        return Page(self.archive, result.url, final.row, fresh=not result.not_modified)

    def archive_robots(self) -> None:
        """robots.txt answers are kept too: they are the evidence of what we were allowed."""
        for ex in self._fetcher.drain_robots_exchanges():
            try:
                self._archive_exchange(ex, None)
            finally:
                ex.discard()

    # -- reporting ----------------------------------------------------------------------

    def warn(self, message: str) -> None:
        self.log.warning(message)
        self.report.warn(message)

    def error(self, url: str, reason: str, detail: str) -> None:
        """A problem with one page that the plugin found (e.g. a selector that no longer
        matches): recorded in the run report; the crawl goes on."""
        self.log.error("%s: %s", url, detail)
        self.report.fail({"url": url, "reason": reason, "detail": detail, "attempts": 1,
                          "status": None})

    def expect(self, what: str, found: int) -> None:
        """Compare a count with the plugin's declared expectation; far fewer means trouble."""
        self.report.found[what] = found
        wanted = self.info.expected.get(what)
        if wanted is not None and found < wanted:
            self.warn(f"{self.info.id}: found only {found} {what}, expected at least {wanted} — "
                      "the site may have changed; check the plugin's selectors")


class ParseContext:
    """Everything a plugin's `parse` may do: read documents, use the shared extractors and
    lookups, and emit facts. No network."""

    def __init__(self, info: SourceInfo, *, document: Document | None = None,
                 extraction: ExtractionContext | None = None) -> None:
        self.info = info
        self.facts: list[Fact] = []
        self.log = logging.getLogger(f"sendgraph.source.{info.id}")
        self._document = document
        self.extraction = extraction

    def document(self, snapshot: Snapshot) -> Document:
        if self._document is None or self._document.snapshot_id != snapshot.id:
            self._document = document_for(snapshot)
        return self._document

    def emit(self, fact: Fact) -> None:
        self.facts.append(fact)
