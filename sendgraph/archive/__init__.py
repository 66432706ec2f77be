"""The evidence archive: WARC files (gzip per record, SHA-256 digests) and their SQLite index."""

from sendgraph.archive.index import IndexRow
from sendgraph.archive.snapshot import Snapshot, digest_of, snapshot_id
from sendgraph.archive.store import Archive, ArchiveError, SnapshotNotFound
from sendgraph.archive.verify import VerifyReport, verify_archive
from sendgraph.archive.writer import ArchiveWriter, Capture, HttpMessage

__all__ = [
    "Archive",
    "ArchiveError",
    "ArchiveWriter",
    "Capture",
    "HttpMessage",
    "IndexRow",
    "Snapshot",
    "SnapshotNotFound",
    "VerifyReport",
    "digest_of",
    "snapshot_id",
    "verify_archive",
]
