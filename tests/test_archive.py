"""The archive: WARC records, the index, revisits, crash recovery and fixity."""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from sendgraph.archive import Archive, HttpMessage, digest_of, snapshot_id, verify_archive
from sendgraph.archive.warcfile import WarcAppender
from sendgraph.archive.writer import ArchiveWriter

PAGE = b"<html><head><title>T</title></head><body><p>Kingston agreed a plan.</p></body></html>"


def _fetch(writer, url: str, body: bytes, status: str = "200 OK", base=None, headers=None):
    resp_headers = headers or [("Content-Type", "text/html; charset=utf-8"), ("ETag", '"v1"')]
    return writer.add_http(
        url, datetime.now(UTC), HttpMessage("GET / HTTP/1.1", [("Host", "example.test")]),
        HttpMessage(status, resp_headers), io.BytesIO(body), len(body), digest_of(body),
        not_modified_base=base,
    )


def _records(archive: Archive) -> list:
    out = []
    for path in archive.warc_files():
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, check_digests="raise"):
                rec.content_stream().read()
                out.append(rec)
    return out


def test_response_revisit_and_not_modified_are_indexed_and_valid_warc(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive, archive.writer(plugin="t", run_id="run-1") as w:
        first = _fetch(w, "http://example.test/a", PAGE)
        again = _fetch(w, "http://example.test/a", PAGE)
        unmodified = _fetch(w, "http://example.test/a", b"", "304 Not Modified", base=first.row)
        changed = _fetch(w, "http://example.test/a", PAGE + b"<!-- edited -->")

    assert first.new_payload and first.row.type == "response"
    assert (again.row.type, again.new_payload) == ("revisit", False)
    assert again.snapshot == first.snapshot == snapshot_id(digest_of(PAGE))
    assert (unmodified.row.type, unmodified.row.status) == ("revisit", 304)
    assert unmodified.snapshot == first.snapshot
    assert changed.new_payload and changed.snapshot != first.snapshot

    with Archive(tmp_path) as archive:
        caps = archive.index.captures("http://example.test/a")
        assert [c.type for c in caps] == ["response", "revisit", "revisit", "response"]
        assert {c.plugin for c in caps} == {"t"} and {c.run_id for c in caps} == {"run-1"}
        assert archive.index.latest("http://example.test/a").snapshot == changed.snapshot
        assert len(archive.index.by_plugin("t")) == 8  # 4 captures + 4 request records
        assert archive.snapshot(first.snapshot).content() == PAGE
        # warcio itself reads every record and checks every SHA-256 digest
        recs = _records(archive)
        assert [r.rec_type for r in recs].count("response") == 2
        assert {r.rec_headers.get_header("WARC-Payload-Digest")[:7] for r in recs
                if r.rec_type == "response"} == {"sha256:"}
        assert verify_archive(archive).ok


def test_payload_is_stored_once_per_digest(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive, archive.writer() as w:
        a = w.add_resource("file:///docs/a.txt", b"same words\n", "text/plain", {"title": "A"})
        b = w.add_resource("file:///docs/b.txt", b"same words\n", "text/plain", {"title": "B"})
    assert a.new_payload and not b.new_payload and a.snapshot == b.snapshot
    with Archive(tmp_path) as archive:
        stats = archive.index.stats()
        assert stats["records_by_type"]["resource"] == 1
        assert stats["payload_bytes"] == len(b"same words\n")
        # metadata given later wins, and is attached to the snapshot
        assert archive.snapshot(a.snapshot).metadata["title"] == "B"


def test_snapshot_accepts_prefix_and_digest_and_rejects_nonsense(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        with archive.writer() as w:
            cap = w.add_resource("file:///x.txt", b"abc", "text/plain")
        assert archive.snapshot(cap.snapshot[:8]).id == cap.snapshot
        assert archive.snapshot(digest_of(b"abc")).id == cap.snapshot
        with pytest.raises(Exception, match="not a snapshot id"):
            archive.snapshot("zz")
        with pytest.raises(Exception, match="no snapshot"):
            archive.snapshot("0123456789abcdef")


def _crash(writer) -> None:
    """Drop a writer the way SIGKILL would: no seal, lock released by closing the fd."""
    fh = writer._appender._fh
    fh.flush()
    fh.close()


def test_truncated_last_record_is_set_aside_not_indexed(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    with archive.writer() as w:
        kept = w.add_resource("file:///kept.txt", b"kept", "text/plain")
    w2 = ArchiveWriter(archive.warc_dir, archive.index, plugin=None, run_id=None)
    w2.add_resource("file:///second.txt", b"second", "text/plain")
    path = w2._appender.path
    good_size = path.stat().st_size
    # half a gzip member: what a process killed mid-write leaves behind
    partial = gzip.compress(b"WARC/1.1\r\nWARC-Type: resource\r\n" + b"x" * 5000)[:70]
    with open(path, "ab") as fh:
        fh.write(partial)
    _crash(w2)
    archive.close()

    reopened = Archive(tmp_path)
    assert any("set aside a partial record" in n for n in reopened.recovered)
    assert path.stat().st_size == good_size  # the WARC ends at its last complete record
    q = reopened.index.quarantined()
    assert len(q) == 1 and q[0]["offset"] == good_size
    assert (tmp_path / "quarantine" / q[0]["moved_to"]).read_bytes() == partial
    assert reopened.snapshot(kept.snapshot).content() == b"kept"
    assert len(reopened.index.listing(types=("resource",))) == 2
    report = verify_archive(reopened)
    assert report.ok, report.problems
    reopened.close()


def test_complete_but_unindexed_record_is_recovered(tmp_path: Path) -> None:
    Archive(tmp_path).close()
    appender = WarcAppender(tmp_path / "warc", "test")
    from sendgraph.archive import records

    rec = records.resource_record("file:///orphan.txt", datetime.now(UTC), io.BytesIO(b"orphan"),
                                  6, "text/plain", digest_of(b"orphan"), None, None)
    appender.write(appender.warcinfo())
    appender.write(rec)
    appender._fh.close()  # killed after writing, before indexing

    with Archive(tmp_path) as archive:
        assert any("indexed 2 record(s)" in n for n in archive.recovered)
        assert archive.snapshot(snapshot_id(digest_of(b"orphan"))).content() == b"orphan"
        assert verify_archive(archive).ok


def test_recovery_leaves_a_live_writers_file_alone(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    with archive.writer() as w:
        w.add_resource("file:///a.txt", b"a", "text/plain")
        # a second process opening the archive now must not seal or trim our file
        other = Archive(tmp_path)
        assert other.recovered == []
        assert w._appender.name not in other.index.sealed_files()
        other.close()
        w.add_resource("file:///b.txt", b"b", "text/plain")
    assert verify_archive(archive).ok
    archive.close()


def test_verify_reports_a_flipped_byte(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        with archive.writer() as w:
            cap = w.add_resource("file:///a.txt", b"a" * 2000, "text/plain")
        assert verify_archive(archive).ok
        path = archive.warc_files()[0]
        data = bytearray(path.read_bytes())
        data[cap.row.offset + cap.row.length // 2] ^= 0x01
        path.write_bytes(bytes(data))
        report = verify_archive(archive)
        assert not report.ok
        assert [p.record_id for p in report.problems] == [cap.row.record_id]


def test_verify_detects_changed_payload_with_valid_gzip(tmp_path: Path) -> None:
    """Someone re-writes a record with different words but a well-formed gzip member."""
    with Archive(tmp_path) as archive:
        with archive.writer() as w:
            cap = w.add_resource("file:///a.txt", b"the target is 176 new plans", "text/plain")
        path = archive.warc_files()[0]
        raw = path.read_bytes()
        member = gzip.decompress(raw[cap.row.offset: cap.row.offset + cap.row.length])
        forged = gzip.compress(member.replace(b"176", b"276"))
        tail = raw[cap.row.offset + cap.row.length:]
        path.write_bytes(raw[: cap.row.offset] + forged + tail)
        problems = verify_archive(archive).problems
        assert any("digest mismatch" in p.problem for p in problems)


def test_index_rows_can_be_rebuilt_from_the_warc_alone(tmp_path: Path) -> None:
    """Every index column comes from the records' own headers: recovery and writing agree."""
    from sendgraph.archive.index import Index
    from sendgraph.archive.recovery import recover_file

    with Archive(tmp_path / "a") as archive:
        with archive.writer(plugin="p", run_id="r") as w:
            first = _fetch(w, "http://example.test/a", PAGE)
            _fetch(w, "http://example.test/a", PAGE)
            _fetch(w, "http://example.test/a", b"", "304 Not Modified", base=first.row)
            res = w.add_resource("file:///x.txt", b"x", "text/plain", {"title": "X"})
            w.add_resource("file:///y.txt", b"x", "text/plain", {"title": "Y"})
            w.add_metadata(res.row, {"publisher": "P"})
        written = sorted(archive.index.all(), key=lambda r: r.record_id)
        rebuilt_index = Index(tmp_path / "rebuilt.sqlite3")
        for path in archive.warc_files():
            recover_file(path, rebuilt_index, tmp_path / "q")
        rebuilt = sorted(rebuilt_index.all(), key=lambda r: r.record_id)
        rebuilt_index.close()
    assert len(written) == 12
    assert rebuilt == written
