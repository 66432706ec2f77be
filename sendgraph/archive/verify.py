"""Fixity: re-read every indexed record and recompute its digests."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sendgraph.archive.index import IndexRow
from sendgraph.archive.snapshot import digest_hex
from sendgraph.archive.warcfile import TruncatedRecord, read_member

if TYPE_CHECKING:
    from sendgraph.archive.store import Archive


@dataclass(frozen=True)
class Problem:
    warc_file: str
    offset: int
    record_id: str | None
    url: str | None
    problem: str


@dataclass
class VerifyReport:
    records: int = 0
    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    quarantined: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "records": self.records,
            "files": self.files,
            "problems": [asdict(p) for p in self.problems],
            "quarantined": self.quarantined,
        }


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _split_headers(data: bytes) -> tuple[dict[str, str], bytes]:
    head, sep, rest = data.partition(b"\r\n\r\n")
    if not sep:
        raise ValueError("WARC header block has no terminating blank line")
    headers: dict[str, str] = {}
    for line in head.decode("utf-8", "replace").split("\r\n")[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers, rest


def check_record(data: bytes, row: IndexRow) -> list[str]:
    """Everything wrong with one record's bytes, compared with its own headers and the index."""
    issues: list[str] = []
    headers, rest = _split_headers(data)
    if headers.get("warc-record-id") != row.record_id:
        issues.append(f"record id {headers.get('warc-record-id')} does not match the index")
    length = int(headers.get("content-length", "-1"))
    block = rest[:length]
    if length < 0 or len(block) != length:
        issues.append(f"block is {len(block)} bytes, Content-Length says {length}")
        return issues
    if (label := headers.get("warc-block-digest")) and digest_hex(label) != _sha256_hex(block):
        issues.append("block digest mismatch: the stored bytes changed")
    if row.type in ("response", "resource"):
        payload = block
        if row.type == "response":
            _, sep, payload = block.partition(b"\r\n\r\n")
            if not sep:
                issues.append("HTTP headers of the response are not terminated")
        label = headers.get("warc-payload-digest")
        if label and digest_hex(label) != _sha256_hex(payload):
            issues.append("payload digest mismatch: the stored payload changed")
        if row.digest and label and digest_hex(row.digest) != digest_hex(label):
            issues.append("index digest differs from the record's payload digest")
    return issues


def verify_archive(archive: Archive, progress: Callable[[int], None] | None = None,
                   ) -> VerifyReport:
    report = VerifyReport()
    on_disk = {p.name: p for p in archive.warc_files()}
    indexed_files: set[str] = set()
    current_name: str | None = None
    fh = None
    try:
        for row in archive.index.all():
            report.records += 1
            if progress:
                progress(1)
            if row.warc_file != current_name:
                if fh:
                    fh.close()
                current_name = row.warc_file
                indexed_files.add(row.warc_file)
                path = on_disk.get(row.warc_file)
                fh = open(path, "rb") if path else None  # noqa: SIM115 (closed below)
            if fh is None:
                report.problems.append(Problem(row.warc_file, row.offset, row.record_id, row.url,
                                               "WARC file is missing"))
                continue
            try:
                # no length limit: a member re-written at another length must show as such
                data, length = read_member(fh, row.offset)
                issues = check_record(data, row)
                if length != row.length:
                    issues.append(f"record is {length} compressed bytes, index says {row.length}")
            except (TruncatedRecord, ValueError) as exc:
                issues = [str(exc)]
            report.problems.extend(
                Problem(row.warc_file, row.offset, row.record_id, row.url, i) for i in issues
            )
    finally:
        if fh:
            fh.close()
    report.files = len(on_disk)
    sealed = archive.index.sealed_files()
    for name, path in sorted(on_disk.items()):
        if name not in indexed_files and name in sealed and path.stat().st_size:
            report.problems.append(Problem(name, 0, None, None, "WARC file has no indexed records"))
        if name in sealed:
            end = archive.index.end_of_indexed(name)
            size = path.stat().st_size
            if size > end:
                report.problems.append(Problem(
                    name, end, None, None, f"{size - end} bytes after the last indexed record"))
            elif size < end:
                report.problems.append(Problem(
                    name, size, None, None, f"file is {end - size} bytes shorter than indexed"))
    report.quarantined = archive.index.quarantined()
    return report


def verify_snapshot(archive: Archive, snapshot_id: str) -> list[str]:
    """Problems with the stored bytes of one snapshot (empty: they still verify).

    Re-reads every record that stores the snapshot's payload and recomputes its block and
    payload digests, as `verify_archive` does for the whole archive.
    """
    rows = [r for r in archive.index.by_snapshot(snapshot_id) if r.type in ("response",
                                                                              "resource")]
    if not rows:
        return [f"snapshot {snapshot_id} has no stored payload in the archive"]
    problems: list[str] = []
    for row in rows:
        path = archive.warc_dir / row.warc_file
        if not path.exists():
            problems.append(f"{row.warc_file}: WARC file is missing")
            continue
        try:
            with open(path, "rb") as fh:
                data, length = read_member(fh, row.offset)
            issues = check_record(data, row)
            if length != row.length:
                issues.append(f"record is {length} compressed bytes, index says {row.length}")
        except (TruncatedRecord, ValueError) as exc:
            issues = [str(exc)]
        problems.extend(f"{row.warc_file}@{row.offset}: {i}" for i in issues)
    return problems
