"""Appending captures to the archive: payloads stored once per digest, everything else revisits."""

from __future__ import annotations

import contextlib
import io
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.recordloader import ArcWarcRecord

from sendgraph import __version__
from sendgraph.archive import records
from sendgraph.archive.index import Index, IndexRow
from sendgraph.archive.snapshot import digest_of
from sendgraph.archive.warcfile import WarcAppender

SOFTWARE = f"sendgraph/{__version__}"


@dataclass(frozen=True)
class Capture:
    """What one write added: the capture's index row and whether its payload was new."""

    row: IndexRow
    new_payload: bool

    @property
    def snapshot(self) -> str:
        assert self.row.snapshot is not None
        return self.row.snapshot


@dataclass(frozen=True)
class HttpMessage:
    """An HTTP request or response head, as sent or received."""

    status_line: str  # "GET /path HTTP/1.1" or "200 OK"
    headers: Sequence[tuple[str, str]]
    protocol: str = "HTTP/1.1"


class ArchiveWriter:
    """One writing session: its own WARC file, opened on the first write."""

    def __init__(self, warc_dir: Path, index: Index, *, plugin: str | None,
                 run_id: str | None) -> None:
        self._dir = warc_dir
        self.index = index
        self.plugin = plugin
        self.run_id = run_id
        self._appender: WarcAppender | None = None
        self._lock = threading.Lock()  # fetch threads may hand results over concurrently

    def close(self) -> None:
        with self._lock:
            self._close_file()

    def _close_file(self) -> None:
        if self._appender is None:
            return
        appender, self._appender = self._appender, None
        appender.close()
        size = appender.path.stat().st_size
        # Seal only a file whose every byte is indexed. A file cut short between writing a
        # record and indexing it (Ctrl-C, a full disk) stays unsealed, as after a crash:
        # recovery then indexes its complete records and sets a partial one aside, instead
        # of a seal vouching for a bad tail.
        if size == self.index.end_of_indexed(appender.name):
            self.index.seal_file(appender.name, size)

    def _write(self, recs: Sequence[ArcWarcRecord], payload_lengths: Sequence[int | None],
               meta_json: str | None = None) -> list[IndexRow]:
        if self._appender is None:
            self._appender = WarcAppender(self._dir, SOFTWARE)
            self.index.register_file(self._appender.name)
            recs = [self._appender.warcinfo(), *recs]
            payload_lengths = [None, *payload_lengths]
        rows: list[IndexRow] = []
        snapshot_of = records.SnapshotLookup(self.index)
        try:
            for rec, plen in zip(recs, payload_lengths, strict=True):
                offset, length = self._appender.write(rec)
                is_meta = rec.rec_type == "metadata"
                row = records.row_for(rec, self._appender.name, offset, length,
                                      snapshot_of=snapshot_of, payload_length=plen,
                                      meta_json=meta_json if is_meta else None)
                snapshot_of[row.record_id] = row.snapshot
                rows.append(row)
            # Bytes are in the file before the index names them: a crash between the two
            # leaves a complete, unindexed record that recovery picks up.
            self.index.add(rows)
        except BaseException:
            # Interrupted part-way, the file may end in a partial record: append nothing
            # after it (the next write starts a new file) and leave it to recovery.
            with contextlib.suppress(OSError):
                self._close_file()
            raise
        return [r for r in rows if r.type != "warcinfo"]

    def add_http(self, url: str, when: datetime, request: HttpMessage, response: HttpMessage,
                 body: BinaryIO, body_length: int, payload_digest: str,
                 ip: str | None = None, not_modified_base: IndexRow | None = None) -> Capture:
        """Archive one HTTP exchange as response+request, or revisit+request.

        A 304 answering our conditional request becomes a server-not-modified revisit of
        `not_modified_base`; a body whose digest is already stored becomes an
        identical-payload-digest revisit; anything else is a full response record.
        """
        resp_http = records.http_headers(response.status_line, response.headers, response.protocol)
        req_http = records.http_headers(request.status_line, request.headers, request.protocol)
        with self._lock:
            original = None
            profile = None
            if not_modified_base is not None and resp_http.get_statuscode() == "304":
                original = self.index.payload_record(not_modified_base.digest or "")
                profile = records.PROFILE_NOT_MODIFIED
            elif (known := self.index.payload_record(payload_digest)) is not None:
                original, profile = known, records.PROFILE_IDENTICAL
            if original is not None and profile is not None:
                main = records.revisit_record(url, when, resp_http, original, profile,
                                              self.plugin, self.run_id)
                plen = None
            else:
                main = records.response_record(url, when, resp_http, body, body_length,
                                               payload_digest, self.plugin, self.run_id, ip)
                plen = body_length
            req = records.request_record(url, when, req_http,
                                         main.rec_headers.get_header("WARC-Record-ID"),
                                         self.plugin, self.run_id)
            rows = self._write([main, req], [plen, None])
            return Capture(rows[0], new_payload=original is None)

    def add_resource(self, url: str, data: bytes, content_type: str,
                     metadata: Mapping[str, Any] | None = None,
                     when: datetime | None = None) -> Capture:
        """Archive a file added by hand, with the metadata the user gave for it."""
        when = when or datetime.now(UTC)
        digest = digest_of(data)
        with self._lock:
            known = self.index.payload_record(digest)
            if known is not None:
                main = records.revisit_record(url, when, None, known, records.PROFILE_IDENTICAL,
                                              self.plugin, self.run_id)
                plen = None
            else:
                main = records.resource_record(url, when, io.BytesIO(data), len(data),
                                               content_type, digest, self.plugin, self.run_id)
                plen = len(data)
            recs = [main]
            lengths: list[int | None] = [plen]
            if metadata:
                recs.append(records.metadata_record(
                    url, when, main.rec_headers.get_header("WARC-Record-ID"), metadata,
                    self.plugin, self.run_id))
                lengths.append(None)
            rows = self._write(recs, lengths,
                               records.metadata_json(metadata) if metadata else None)
            return Capture(rows[0], new_payload=known is None)

    def add_metadata(self, refers_to: IndexRow, metadata: Mapping[str, Any],
                     when: datetime | None = None) -> IndexRow:
        """Attach user-given metadata (title, publisher, …) to an archived capture."""
        rec = records.metadata_record(refers_to.url, when or datetime.now(UTC),
                                      refers_to.record_id, metadata, self.plugin, self.run_id)
        with self._lock:
            snapshot_rows = self._write([rec], [None], records.metadata_json(metadata))
        return snapshot_rows[0]
