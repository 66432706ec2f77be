"""Crash safety, proven by killing real crawl processes.

Crawls of a local site (200 small pages and a dozen 200 KB ones whose bytes change on
every request, so every run writes large new records) are SIGKILLed at random moments,
and at random bytes inside a record, again and again into one archive. After each kill
the archive is opened (recovery runs) and must verify; everything indexed before the kill
must still be indexed in the same place and read back to the same digest; and at most one
partial record per killed process may have been set aside. At the end `sendgraph archive
verify` and warcio's own reader (checking every digest) must accept every WARC file.

The trials are seeded, so a failure can be replayed. SENDGRAPH_LONG=1 or `pytest --long`
runs three times as many.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from sendgraph.archive import (
    Archive,
    ArchiveWriter,
    Capture,
    HttpMessage,
    digest_of,
    verify_archive,
)
from sendgraph.archive.snapshot import digest_hex
from tests.support.cli import invoke, popen, run
from tests.support.http_server import LocalSite, Reply

DRIVER = Path(__file__).parent / "support" / "crash_driver.py"
SMALL_PAGES = 200
BIG_PAGES = 12
BIG_SIZE = 200_000


def _long(config: pytest.Config) -> bool:
    return bool(config.getoption("--long") or os.environ.get("SENDGRAPH_LONG"))


@pytest.fixture
def trials(request: pytest.FixtureRequest) -> int:
    """Kills per test: 20, or 60 in long mode."""
    return 60 if _long(request.config) else 20


@pytest.fixture(scope="module")
def crawl_urls() -> Iterator[list[str]]:
    """The site, on two host names (so fetches run concurrently), in a seeded order."""
    site = LocalSite().start()
    try:
        site.robots("User-agent: *\nAllow: /\n")
        for i in range(SMALL_PAGES):
            site.static(f"/s/{i}", f"<html><body><h1>Page {i}</h1><p>{'SEND ' * 100}</p>"
                                   "</body></html>")

        def big(_req: object) -> Reply:  # new bytes every time: a new payload to store
            return Reply(200, random.randbytes(BIG_SIZE),
                         [("Content-Type", "application/octet-stream")])

        for i in range(BIG_PAGES):
            site.route(f"/big/{i}", big)
        paths = [f"/s/{i}" for i in range(SMALL_PAGES)] + [f"/big/{i}" for i in range(BIG_PAGES)]
        urls = [site.url(p, host=("127.0.0.1", "localhost")[n % 2])
                for n, p in enumerate(paths)]
        random.Random(5).shuffle(urls)
        yield urls
    finally:
        site.stop()
    site.raise_errors()


def _crawl_args(urls: list[str]) -> list[str]:
    return ["crawl", "web", *(f"--url={u}" for u in urls), "--delay", "0",
            "--concurrency", "4", "--fresh"]


class Ledger:
    """What the archive held after the last check: where every indexed record lives, and
    the SHA-256 of every snapshot's content as it was first read back."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.places: dict[str, tuple[str, int, int, str | None]] = {}
        self.contents: dict[str, str] = {}
        self.processes = 0  # writer processes started (each writes one WARC file)
        self.quarantined = 0
        self.outcomes: Counter[str] = Counter()

    def check(self) -> list[str]:
        """Open the archive (running recovery) and prove nothing was lost; returns the
        recovery notes."""
        with Archive(self.root) as archive:
            notes = list(archive.recovered)
            report = verify_archive(archive)
            assert report.ok, report.problems[:5]
            rows = {row.record_id: row for row in archive.index.all()}
            for record_id, place in self.places.items():
                row = rows.get(record_id)
                assert row is not None, f"record {record_id}, indexed before the kill, is gone"
                assert (row.warc_file, row.offset, row.length, row.digest) == place
            for sid, sha in self.contents.items():
                content = archive.snapshot(sid).content()
                assert hashlib.sha256(content).hexdigest() == sha, f"snapshot {sid} changed"
            for row in rows.values():
                if row.snapshot and row.type == "response" and row.snapshot not in self.contents:
                    snap = archive.snapshot(row.snapshot)
                    sha = hashlib.sha256(snap.content()).hexdigest()
                    assert sha == digest_hex(snap.digest)  # the bytes match their digest
                    self.contents[row.snapshot] = sha
            # Nobody is writing now, so recovery has settled every file.
            assert {p.name for p in archive.warc_files()} <= archive.index.sealed_files()
            quarantined = archive.index.quarantined()
            per_file = Counter(q["warc_file"] for q in quarantined)
            assert max(per_file.values(), default=0) <= 1, per_file
            assert len(quarantined) <= self.processes
            self.quarantined = len(quarantined)
            for q in quarantined:
                kept = self.root / "quarantine" / q["moved_to"]
                assert kept.stat().st_size == q["length"]
            self.places = {rid: (r.warc_file, r.offset, r.length, r.digest)
                           for rid, r in rows.items()}
        for note in notes:
            if "indexed" in note:
                self.outcomes["recovered unindexed records"] += 1
            if "set aside" in note:
                self.outcomes["set aside a partial record"] += 1
        return notes

    def finish(self) -> None:
        """The archive as other tools see it: the CLI's verify and warcio's reader."""
        verify = run(self.root, "archive", "verify", "--format", "json")
        assert verify.code == 0, verify
        assert verify.json()["records"] == len(self.places)
        assert _read_with_warcio(self.root) == len(self.places)


def _read_with_warcio(root: Path) -> int:
    """Read every record of every WARC file with warcio, checking every digest."""
    count = 0
    for path in sorted((root / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh, check_digests="raise"):
                record.content_stream().read()
                count += 1
    return count


def _seed(ledger: Ledger, args: list[str]) -> float:
    """One uninterrupted crawl (records the later kills must not harm); its wall time."""
    started = time.monotonic()
    out = run(ledger.root, *args)
    elapsed = time.monotonic() - started
    assert out.code == 0, out
    ledger.processes += 1
    ledger.check()
    return elapsed


def _budget(rng: random.Random) -> int:
    """A byte offset inside what any run writes (the big pages alone exceed it)."""
    return rng.randrange(1, BIG_PAGES * BIG_SIZE * 9 // 10)


def test_sigkill_at_random_moments_loses_nothing(
        crawl_urls: list[str], tmp_path: Path, trials: int) -> None:
    ledger = Ledger(tmp_path / "archive")
    args = _crawl_args(crawl_urls)
    typical = _seed(ledger, args)
    rng = random.Random(1009)
    for _ in range(trials):
        proc = popen(ledger.root, *args, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, typical))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        ledger.processes += 1
        ledger.outcomes["killed" if proc.returncode == -signal.SIGKILL else "finished"] += 1
        ledger.check()
    ledger.finish()
    print(f"\n{trials} random SIGKILLs (typical run {typical:.2f} s): {dict(ledger.outcomes)}")


def _driver(root: Path, budget: int, sig: str, args: list[str]) -> subprocess.CompletedProcess:
    """The CLI with a tripwire: it signals itself once `budget` WARC bytes are written."""
    return subprocess.run([sys.executable, str(DRIVER), str(budget), sig,
                           "--archive", str(root), *args],
                          capture_output=True, text=True, cwd=root.parent, timeout=60)


def test_sigkill_inside_a_record_sets_aside_only_that_record(
        crawl_urls: list[str], tmp_path: Path, trials: int) -> None:
    ledger = Ledger(tmp_path / "archive")
    args = _crawl_args(crawl_urls)
    _seed(ledger, args)  # from now on small pages are revisits, big ones new responses
    rng = random.Random(2027)
    for _ in range(trials // 4):
        proc = _driver(ledger.root, _budget(rng), "KILL", args)
        assert proc.returncode == -signal.SIGKILL, proc.stderr
        ledger.processes += 1
        held = ledger.quarantined
        notes = ledger.check()
        assert ledger.quarantined == held + 1, notes  # exactly the record it was writing
    ledger.finish()


def test_ctrl_c_inside_a_record_leaves_a_verifiable_archive_that_resumes(
        crawl_urls: list[str], tmp_path: Path, trials: int) -> None:
    ledger = Ledger(tmp_path / "archive")
    args = _crawl_args(crawl_urls)
    _seed(ledger, args)
    rng = random.Random(4099)
    for _ in range(trials // 5):
        proc = _driver(ledger.root, _budget(rng), "INT", args)
        assert proc.returncode == 130, proc.stderr
        assert "will resume on the next crawl" in proc.stderr
        ledger.processes += 1
        notes = ledger.check()
        assert any("set aside a partial record" in n for n in notes), notes
    (cut_short,) = [r for r in invoke(ledger.root, "archive", "runs", "--format", "json").json()
                    if r["status"] == "running"]
    resumed = run(ledger.root, "crawl", "web", "--delay", "0", "--format", "json")
    assert resumed.code == 0, resumed
    (report,) = resumed.json()
    assert report["resumed"] and report["run_id"] == cut_short["run_id"]
    counts = report["counts"]
    assert counts["resumed"] > 0 and not report["failures"]
    # Each URL once: already captured by the cut-short run, or fetched now.
    assert counts["resumed"] + counts.get("new", 0) + counts.get("unchanged", 0) == len(
        crawl_urls)
    ledger.processes += 1
    ledger.check()
    ledger.finish()


class _FullDisk:
    """A file that fills up after `room` bytes (the rest of that write is lost)."""

    def __init__(self, fh: object, room: int) -> None:
        self._fh, self._room = fh, room

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            self._fh.write(data[: self._room])  # type: ignore[attr-defined]
            self._fh.flush()  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device")
        self._room -= len(data)
        return self._fh.write(data)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._fh, name)


def test_a_write_that_fails_mid_record_is_set_aside_and_writing_goes_on(
        tmp_path: Path) -> None:
    """In-process: the disk fills mid-record; the capture fails loudly, later captures go
    to a new file (never after the partial bytes), and recovery sets the partial aside."""
    body = os.urandom(50_000)

    def capture(writer: ArchiveWriter, url: str, data: bytes) -> Capture:
        return writer.add_http(
            url, datetime.now(UTC), HttpMessage("GET / HTTP/1.1", [("Host", "example.test")]),
            HttpMessage("200 OK", [("Content-Type", "application/octet-stream")]),
            io.BytesIO(data), len(data), digest_of(data))

    with Archive(tmp_path) as archive, archive.writer(plugin="t", run_id="r") as writer:
        first = capture(writer, "http://example.test/first", b"first page")
        appender = writer._appender
        assert appender is not None
        appender.writer.out = _FullDisk(appender._fh, 20_000)
        with pytest.raises(OSError, match="No space left"):
            capture(writer, "http://example.test/big", body)
        after = capture(writer, "http://example.test/after", b"written after the failure")

    with Archive(tmp_path) as archive:
        assert verify_archive(archive).ok
        assert _read_with_warcio(tmp_path) == archive.index.stats()["records"]
        assert archive.snapshot(first.snapshot).content() == b"first page"
        assert archive.snapshot(after.snapshot).content() == b"written after the failure"
        assert archive.index.captures("http://example.test/big") == []
        assert any("set aside a partial record" in n for n in archive.recovered)
