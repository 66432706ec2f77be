"""Writing and reading single WARC records (ISO 28500, WARC/1.1, one gzip member per record).

Each writing process appends to a WARC file of its own and holds an exclusive `flock` on it
for as long as it writes, so two processes never interleave bytes in one file, and a file
whose lock is free belongs to nobody: if it has an unindexed tail, its writer died.
"""

from __future__ import annotations

import fcntl
import io
import os
import secrets
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

WARC_SUFFIX = ".warc.gz"
_READ_CHUNK = 1 << 16


class TruncatedRecord(Exception):
    """The bytes at an offset do not hold one complete gzip member / WARC record."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"incomplete WARC record at offset {offset}: {reason}")
        self.offset = offset
        self.reason = reason


class Sha256WARCWriter(WARCWriter):
    """warcio's writer with SHA-256 block and payload digests instead of SHA-1."""

    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


def warc_date(moment: datetime) -> str:
    """WARC/1.1 date: UTC with microseconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_warc_date(value: str) -> datetime:
    text = value.rstrip("Z")
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in text else "%Y-%m-%dT%H:%M:%S"
    return datetime.strptime(text, fmt).replace(tzinfo=UTC)


def new_warc_name(now: datetime | None = None) -> str:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S%f")
    return f"sendgraph-{stamp}-{os.getpid()}-{secrets.token_hex(3)}{WARC_SUFFIX}"


class WarcAppender:
    """Appends records to one new WARC file; never reopens or rewrites an existing file."""

    def __init__(self, directory: Path, software: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.name = new_warc_name()
        self.path = directory / self.name
        # Create under a temporary name and lock before it becomes visible, so recovery can
        # never mistake a file that is being born for one whose writer died.
        temp = directory / (self.name + ".creating")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        self._fh: BinaryIO = os.fdopen(fd, "ab")
        fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.rename(temp, self.path)
        self.writer = Sha256WARCWriter(self._fh, gzip=True, warc_version="1.1")
        self.software = software

    def warcinfo(self) -> ArcWarcRecord:
        return self.writer.create_warcinfo_record(
            self.name, {"software": self.software, "format": "WARC File Format 1.1"}
        )

    def write(self, record: ArcWarcRecord) -> tuple[int, int]:
        """Append one record; returns (offset, compressed length). Flushed to the OS on return."""
        offset = self._fh.tell()
        self.writer.write_record(record)
        self._fh.flush()
        return offset, self._fh.tell() - offset

    def sync(self) -> None:
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh.closed:
            return
        self.sync()
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()


def try_lock(path: Path) -> BinaryIO | None:
    """Open `path` and take its writer lock without waiting; None if a live writer holds it."""
    fh = open(path, "rb")  # noqa: SIM115 (returned to the caller, who closes it)
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fh.close()
        return None
    return fh


def read_member(fh: BinaryIO, offset: int, limit: int | None = None) -> tuple[bytes, int]:
    """Decompress the single gzip member starting at `offset`.

    Returns (uncompressed bytes, compressed length). Raises TruncatedRecord when the member
    does not end before end-of-file (or before `limit` compressed bytes).
    """
    fh.seek(offset)
    inflater = zlib.decompressobj(wbits=31)
    out: list[bytes] = []
    consumed = 0
    while not inflater.eof:
        want = _READ_CHUNK if limit is None else min(_READ_CHUNK, limit - consumed)
        chunk = fh.read(want) if want > 0 else b""
        if not chunk:
            raise TruncatedRecord(offset, "gzip member ends before its end marker")
        try:
            out.append(inflater.decompress(chunk))
        except zlib.error as exc:
            raise TruncatedRecord(offset, f"corrupt gzip data ({exc})") from exc
        consumed += len(chunk)
    consumed -= len(inflater.unused_data)
    return b"".join(out), consumed


def parse_record(data: bytes, offset: int) -> ArcWarcRecord:
    """Parse one uncompressed WARC record, checking its block is exactly Content-Length long."""
    stream = io.BytesIO(data)
    try:
        record = next(iter(ArchiveIterator(stream, no_record_parse=False)))
    except StopIteration as exc:
        raise TruncatedRecord(offset, "no WARC record in gzip member") from exc
    except Exception as exc:
        raise TruncatedRecord(offset, f"unparseable WARC headers ({exc})") from exc
    return record


@dataclass(frozen=True)
class Member:
    offset: int
    length: int
    data: bytes


def iter_members(fh: BinaryIO, start: int) -> Iterator[Member]:
    """Every complete gzip member from `start` to end of file.

    Raises TruncatedRecord at a partial one.
    """
    fh.seek(0, os.SEEK_END)
    end = fh.tell()
    offset = start
    while offset < end:
        data, length = read_member(fh, offset)
        yield Member(offset, length, data)
        offset += length
