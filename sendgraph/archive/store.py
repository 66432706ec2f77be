"""The archive: a folder of WARC files plus the SQLite index that finds records in them.

Layout (see archive/README.md):  <root>/warc/*.warc.gz · <root>/index.sqlite3 ·
<root>/quarantine/ (bytes set aside by recovery) · <root>/.lock (serialises recovery).
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sendgraph.archive.index import Index, IndexRow
from sendgraph.archive.recovery import recover_file
from sendgraph.archive.snapshot import Snapshot, digest_hex
from sendgraph.archive.warcfile import WARC_SUFFIX, parse_record, parse_warc_date, read_member
from sendgraph.archive.writer import ArchiveWriter


class ArchiveError(Exception):
    """A problem with the archive the user can act on (the message says how)."""


class SnapshotNotFound(ArchiveError):
    pass


class Archive:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        if self.root.exists() and not self.root.is_dir():
            raise ArchiveError(f"archive path {self.root} exists and is not a directory")
        self.warc_dir = self.root / "warc"
        self.quarantine_dir = self.root / "quarantine"
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        self.index = Index(self.root / "index.sqlite3")
        self.recovered: list[str] = []
        self._recover()

    def close(self) -> None:
        self.index.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- recovery -----------------------------------------------------------------------

    def _recover(self) -> None:
        """Index complete records a dead writer left unindexed; set aside a partial tail."""
        sealed = self.index.sealed_files()
        candidates = sorted(
            p for p in self.warc_dir.glob("*" + WARC_SUFFIX) if p.name not in sealed
        )
        if not candidates:
            return
        with open(self.root / ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                sealed = self.index.sealed_files()
                for path in candidates:
                    if path.name not in sealed:
                        note = recover_file(path, self.index, self.quarantine_dir)
                        if note:
                            self.recovered.append(note)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # -- writing ------------------------------------------------------------------------

    @contextmanager
    def writer(self, plugin: str | None = None, run_id: str | None = None,
               ) -> Iterator[ArchiveWriter]:
        w = ArchiveWriter(self.warc_dir, self.index, plugin=plugin, run_id=run_id)
        try:
            yield w
        finally:
            w.close()

    # -- reading ------------------------------------------------------------------------

    def read_record(self, row: IndexRow):  # -> warcio ArcWarcRecord
        with open(self.warc_dir / row.warc_file, "rb") as fh:
            data, _ = read_member(fh, row.offset, limit=row.length)
        return parse_record(data, row.offset)

    def raw_payload(self, row: IndexRow) -> bytes:
        """The payload bytes exactly as stored (for responses: still content-encoded)."""
        return self.read_record(row).raw_stream.read()

    def content(self, row: IndexRow) -> bytes:
        """The payload as a reader would see it: Content-Encoding removed."""
        record = self.read_record(row)
        if row.type == "response":
            return record.content_stream().read()
        return record.raw_stream.read()

    def resolve_snapshot_id(self, ref: str) -> str:
        """Accept a snapshot id, a unique prefix of one (>= 6 hex digits) or a full digest."""
        text = ref.strip()
        if text.lower().startswith("sha256:"):
            try:
                text = digest_hex(text)[:16]
            except ValueError as exc:
                raise SnapshotNotFound(f"{ref!r} is not a valid sha256 digest") from exc
        text = text.lower()
        if len(text) >= 16 and self.index.by_snapshot(text[:16]):
            return text[:16]
        if len(text) < 6 or any(c not in "0123456789abcdef" for c in text):
            raise SnapshotNotFound(
                f"{ref!r} is not a snapshot id (16 hex digits, as printed by `sendgraph import` "
                "and `sendgraph archive ls`)"
            )
        matches = self.index.snapshots_with_prefix(text)
        if not matches:
            raise SnapshotNotFound(f"no snapshot {ref!r} in {self.root}; "
                                   "try `sendgraph archive ls`")
        if len(matches) > 1:
            raise SnapshotNotFound(f"{ref!r} matches several snapshots ({', '.join(matches)}); "
                                   "give more digits")
        return matches[0]

    def snapshot(self, ref: str) -> Snapshot:
        sid = self.resolve_snapshot_id(ref)
        rows = self.index.by_snapshot(sid)
        payload = next((r for r in rows if r.type in ("response", "resource")), None)
        if payload is None:
            raise SnapshotNotFound(f"snapshot {sid} has no stored payload in {self.root}")
        return self._snapshot_from(payload, rows)

    def snapshot_for_row(self, row: IndexRow) -> Snapshot:
        if row.snapshot is None:
            raise SnapshotNotFound(f"record {row.record_id} is not a capture")
        return self.snapshot(row.snapshot)

    def _snapshot_from(self, payload: IndexRow, rows: list[IndexRow]) -> Snapshot:
        metadata: dict[str, str] = {}
        for r in rows:  # oldest first, so later statements win
            if r.type == "metadata":
                metadata.update({k: str(v) for k, v in r.metadata.items() if v is not None})
        headers: tuple[tuple[str, str], ...] = ()
        if payload.type == "response":
            record = self.read_record(payload)
            headers = tuple(record.http_headers.headers)
        return Snapshot(
            id=payload.snapshot or "",
            digest=payload.digest or "",
            url=payload.url,
            captured=parse_warc_date(payload.captured),
            content_type=payload.content_type,
            status=payload.status,
            http_headers=headers,
            metadata=metadata,
            plugin=payload.plugin,
            run_id=payload.run_id,
            _loader=lambda: self.content(payload),
        )

    def snapshots(self) -> Iterator[Snapshot]:
        """Every distinct snapshot, in order of first capture."""
        seen: set[str] = set()
        for row in self.index.listing(types=("response", "resource")):
            if row.snapshot and row.snapshot not in seen:
                seen.add(row.snapshot)
                yield self._snapshot_from(row, self.index.by_snapshot(row.snapshot))

    def warc_files(self) -> list[Path]:
        return sorted(self.warc_dir.glob("*" + WARC_SUFFIX))
