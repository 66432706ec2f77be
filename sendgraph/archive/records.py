"""Build WARC records for what the archive stores, and read index rows back out of records.

`row_for` is the single mapping from a WARC record to its index row; it is used both when a
record is written and when recovery re-indexes records a crashed process left unindexed, so
the two can never disagree.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, BinaryIO

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders

from sendgraph.archive.index import Index, IndexRow
from sendgraph.archive.snapshot import snapshot_id
from sendgraph.archive.warcfile import Sha256WARCWriter, warc_date

H_PLUGIN = "WARC-Sendgraph-Plugin"
H_RUN = "WARC-Sendgraph-Run"
PROFILE_IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
PROFILE_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"

# The body is stored de-chunked, so a Transfer-Encoding header kept verbatim would make replay
# tools try to de-chunk it again; it is kept under a prefixed name, as other archivers do.
_RENAMED_HEADERS = {"transfer-encoding": "X-Archive-Orig-Transfer-Encoding"}

_builder = Sha256WARCWriter(None, gzip=True, warc_version="1.1")


def _warc_headers(record_type: str, url: str, when: datetime, plugin: str | None,
                  run_id: str | None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    headers = {
        "WARC-Type": record_type,
        "WARC-Record-ID": _builder._make_warc_id(),
        "WARC-Date": warc_date(when),
    }
    if url:
        headers["WARC-Target-URI"] = url
    if plugin:
        headers[H_PLUGIN] = plugin
    if run_id:
        headers[H_RUN] = run_id
    headers.update(extra or {})
    return headers


def http_headers(status_line: str, headers: Sequence[tuple[str, str]], protocol: str,
                 ) -> StatusAndHeaders:
    kept = [(_RENAMED_HEADERS.get(k.lower(), k), v) for k, v in headers]
    return StatusAndHeaders(status_line, kept, protocol=protocol)


def response_record(url: str, when: datetime, http: StatusAndHeaders, body: BinaryIO,
                    body_length: int, payload_digest: str, plugin: str | None,
                    run_id: str | None, ip: str | None = None) -> ArcWarcRecord:
    extra = {"WARC-Payload-Digest": payload_digest}
    if ip:
        extra["WARC-IP-Address"] = ip
    headers = _warc_headers("response", url, when, plugin, run_id, extra)
    return _builder.create_warc_record(
        url, "response", payload=body, length=body_length,
        warc_headers_dict=headers, http_headers=http,
    )


def request_record(url: str, when: datetime, http: StatusAndHeaders, concurrent_to: str,
                   plugin: str | None, run_id: str | None) -> ArcWarcRecord:
    headers = _warc_headers("request", url, when, plugin, run_id,
                            {"WARC-Concurrent-To": concurrent_to})
    return _builder.create_warc_record(
        url, "request", payload=io.BytesIO(b""), length=0,
        warc_headers_dict=headers, http_headers=http,
    )


def revisit_record(url: str, when: datetime, http: StatusAndHeaders | None, original: IndexRow,
                   profile: str, plugin: str | None, run_id: str | None) -> ArcWarcRecord:
    assert original.digest is not None
    headers = _warc_headers("revisit", url, when, plugin, run_id, {
        "WARC-Profile": profile,
        "WARC-Refers-To": original.record_id,
        "WARC-Refers-To-Target-URI": original.url,
        "WARC-Refers-To-Date": original.captured,
        "WARC-Payload-Digest": original.digest,
    })
    return _builder.create_warc_record(
        url, "revisit", payload=io.BytesIO(b""), length=0,
        warc_headers_dict=headers, http_headers=http,
    )


def resource_record(url: str, when: datetime, body: BinaryIO, body_length: int,
                    content_type: str, payload_digest: str, plugin: str | None,
                    run_id: str | None) -> ArcWarcRecord:
    headers = _warc_headers("resource", url, when, plugin, run_id,
                            {"WARC-Payload-Digest": payload_digest})
    return _builder.create_warc_record(
        url, "resource", payload=body, length=body_length,
        warc_content_type=content_type, warc_headers_dict=headers,
    )


def metadata_json(metadata: Mapping[str, Any]) -> str:
    return json.dumps(dict(metadata), sort_keys=True, ensure_ascii=False)


def metadata_record(url: str, when: datetime, refers_to: str, metadata: Mapping[str, Any],
                    plugin: str | None, run_id: str | None) -> ArcWarcRecord:
    body = metadata_json(metadata).encode("utf-8")
    headers = _warc_headers("metadata", url, when, plugin, run_id, {"WARC-Refers-To": refers_to})
    return _builder.create_warc_record(
        url, "metadata", payload=io.BytesIO(body), length=len(body),
        warc_content_type="application/json", warc_headers_dict=headers,
    )


class SnapshotLookup(dict[str, str | None]):
    """Record id -> snapshot id: records of the batch being written first, then the index."""

    def __init__(self, index: Index) -> None:
        super().__init__()
        self._index = index

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        if key in self:
            return self[key]
        row = self._index.by_record_id(key)
        return row.snapshot if row else default


def _header(headers: StatusAndHeaders | None, name: str) -> str | None:
    return headers.get_header(name) if headers is not None else None


def row_for(record: ArcWarcRecord, warc_file: str, offset: int, length: int,
            snapshot_of: Mapping[str, str | None] | None = None,
            payload_length: int | None = None, meta_json: str | None = None) -> IndexRow:
    """The index row describing `record`, stored at `offset`/`length` in `warc_file`.

    `snapshot_of` maps record ids to snapshot ids so that metadata records can name the
    snapshot of the record they describe. A writer passes `payload_length` and `meta_json`
    because it has already consumed the record's stream; recovery reads them from the record.
    """
    rh = record.rec_headers
    rtype = rh.get_header("WARC-Type")
    http = record.http_headers if rtype in ("response", "revisit", "request") else None
    status = int(http.get_statuscode()) if http is not None and rtype != "request" else None
    digest = rh.get_header("WARC-Payload-Digest")
    refers_to = rh.get_header("WARC-Refers-To") or rh.get_header("WARC-Concurrent-To")
    captures = ("response", "resource", "revisit")
    snapshot = snapshot_id(digest) if digest and rtype in captures else None
    if http is not None:
        content_type = _header(http, "Content-Type")
    else:  # a revisit of an imported file has no HTTP head, so no type of its own
        content_type = None if rtype == "revisit" else rh.get_header("Content-Type")
    if rtype == "metadata":
        if meta_json is None:
            meta_json = record.raw_stream.read().decode("utf-8")
        snapshot = snapshot_of.get(refers_to or "") if snapshot_of is not None else None
        content_type = "application/json"
    elif rtype in ("response", "resource") and payload_length is None:
        payload_length = len(record.raw_stream.read())
    if rtype in ("request", "revisit", "metadata", "warcinfo"):
        payload_length = None
    return IndexRow(
        record_id=rh.get_header("WARC-Record-ID"),
        type=rtype,
        url=rh.get_header("WARC-Target-URI") or "",
        captured=rh.get_header("WARC-Date"),
        status=status,
        content_type=content_type,
        digest=digest,
        snapshot=snapshot,
        payload_length=payload_length,
        warc_file=warc_file,
        offset=offset,
        length=length,
        plugin=rh.get_header(H_PLUGIN),
        run_id=rh.get_header(H_RUN),
        refers_to=refers_to,
        profile=rh.get_header("WARC-Profile"),
        etag=_header(http, "ETag") if rtype in ("response", "revisit") else None,
        last_modified=_header(http, "Last-Modified") if rtype in ("response", "revisit") else None,
        meta_json=meta_json,
    )
