"""Crash recovery: make the index agree with the WARC files after a writer died.

A writer appends a record, flushes it, and only then indexes it. If it is killed in between,
the record is complete in the WARC but missing from the index: recovery indexes it. If it is
killed mid-record, the file ends in a partial gzip member: recovery copies those bytes into
quarantine/ (nothing is thrown away), cuts them off the file so standard WARC tools can read
it, and seals the file. Only files whose writer lock is free are touched.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from sendgraph.archive.index import Index, IndexRow
from sendgraph.archive.records import SnapshotLookup, row_for
from sendgraph.archive.warcfile import TruncatedRecord, iter_members, parse_record, try_lock


def recover_file(path: Path, index: Index, quarantine_dir: Path) -> str | None:
    """Bring one unsealed WARC file's index up to date; returns a note when it changed anything."""
    fh = try_lock(path)
    if fh is None:
        return None  # a live process is still writing it
    try:
        start = index.end_of_indexed(path.name)
        rows: list[IndexRow] = []
        truncated: TruncatedRecord | None = None
        known = SnapshotLookup(index)
        try:
            for member in iter_members(fh, start):
                record = parse_record(member.data, member.offset)
                row = row_for(record, path.name, member.offset, member.length, snapshot_of=known)
                known[row.record_id] = row.snapshot
                rows.append(row)
        except TruncatedRecord as exc:
            truncated = exc
        if rows:
            index.add(rows)
        valid_length = truncated.offset if truncated else start + sum(r.length for r in rows)
        if truncated is not None:
            _set_aside(path, truncated, index, quarantine_dir)
        index.seal_file(path.name, valid_length)
        notes = []
        if rows:
            notes.append(f"indexed {len(rows)} record(s) left unindexed")
        if truncated is not None:
            notes.append(f"set aside a partial record at offset {truncated.offset}")
        return f"{path.name}: " + "; ".join(notes) if notes else None
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def _set_aside(path: Path, problem: TruncatedRecord, index: Index, quarantine_dir: Path) -> None:
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    dest = quarantine_dir / f"{path.name}.{problem.offset}.partial"
    if not dest.exists():
        with open(path, "rb") as src, open(dest, "xb") as out:
            src.seek(problem.offset)
            shutil.copyfileobj(src, out)
            out.flush()
            os.fsync(out.fileno())
    length = dest.stat().st_size
    index.add_quarantine(path.name, problem.offset, length, problem.reason, dest.name,
                         datetime.now(UTC).isoformat(timespec="seconds"))
    # The copy is durable and recorded, so the partial bytes can leave the WARC itself.
    with open(path, "r+b") as fh:
        fh.truncate(problem.offset)
        os.fsync(fh.fileno())
