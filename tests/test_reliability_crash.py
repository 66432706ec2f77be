"""SIGKILL during import and graph build, and two sendgraph processes on one archive.

Crawl kills are in tests/test_crash.py (its `Ledger` is reused here). After every kill: the
archive opens, verifies, and every record indexed before is where it was; after a killed
`extract`, the next `extract` gives the same sorted N-Quads as a clean build. Quick mode runs
a few trials; --long / SENDGRAPH_LONG=1 runs 50 of each.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from sendgraph.graph.store import GraphStore
from tests.support.cli import popen, run
from tests.support.http_server import LocalSite
from tests.test_crash import Ledger


@pytest.fixture
def kills(long_mode: bool) -> int:
    return 50 if long_mode else 3


def _texts(folder: Path, n: int, seed: int, words_per: int = 30_000) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    words = ["SEND", "plan", "council", "EHCP", "weeks", "Kingston", "Surrey", "tribunal",
             "children", "placements", "transport", "budget"]
    paths = []
    for i in range(n):
        path = folder / f"doc{seed}_{i}.txt"
        body = " ".join(rng.choice(words) for _ in range(words_per))
        path.write_text(f"Document {seed}-{i}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths


def _kill_at_random(root: Path, args: list[str], rng: random.Random, typical: float) -> int:
    proc = popen(root, *args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.0, typical))
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    return proc.returncode


def test_sigkill_during_import_loses_nothing(tmp_path: Path, kills: int) -> None:
    ledger = Ledger(tmp_path / "archive")
    started = time.monotonic()
    out = run(ledger.root, "import", *_texts(tmp_path / "seed", 5, 0))
    typical = time.monotonic() - started
    assert out.code == 0, out
    ledger.processes += 1
    ledger.check()
    rng = random.Random(31)
    for trial in range(kills):
        files = _texts(tmp_path / f"t{trial}", 8, trial + 1)
        code = _kill_at_random(ledger.root, ["import", *files], rng, typical * 1.6)
        ledger.processes += 1
        ledger.outcomes["killed" if code == -signal.SIGKILL else "finished"] += 1
        ledger.check()
    ledger.finish()
    print(f"\n{kills} SIGKILLs during import: {dict(ledger.outcomes)}")


def _nquads(root: Path) -> bytes:
    store = GraphStore(root, read_only=True)
    try:
        return store.sorted_nquads()
    finally:
        del store


def test_sigkill_during_extract_then_extract_gives_the_same_graph(
        tmp_path: Path, kills: int) -> None:
    root = tmp_path / "archive"
    out = run(root, "import", *_texts(tmp_path / "seed", 6, 0, 300))
    assert out.code == 0, out
    started = time.monotonic()
    out = run(root, "extract")
    typical = time.monotonic() - started
    assert out.code == 0, out
    reference = _nquads(root)
    ledger = Ledger(root)
    ledger.check()
    rng = random.Random(47)
    for _ in range(kills if kills > 3 else 2):
        args = ["extract", "--rebuild"] if rng.random() < 0.5 else ["extract"]
        if args == ["extract"]:  # make the incremental build have work: forget the state
            (root / "graph" / "state.json").unlink(missing_ok=True)
        _kill_at_random(root, args, rng, typical)
        ledger.check()  # the archive itself is untouched by a graph build
        again = run(root, "extract")
        assert again.code == 0, again
        assert _nquads(root) == reference, f"graph differs after a killed `{' '.join(args)}`"
    ledger.finish()


def test_two_extracts_at_once_the_second_waits_or_fails_clearly(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    assert run(root, "import", *_texts(tmp_path / "seed", 6, 0, 300)).code == 0
    first = popen(root, "extract", "--rebuild")
    time.sleep(1.0)  # let it take the store
    second = run(root, "extract")
    _first_out, first_err = first.communicate(timeout=120)
    assert first.returncode == 0, first_err
    if second.code != 0:
        assert second.code == 1, second
        assert "in use by another sendgraph process" in second.stderr, second
        assert "Traceback" not in second.stderr
    assert run(root, "extract").code == 0  # the store is usable, nothing half-written
    assert _nquads(root)
    assert run(root, "archive", "verify").code == 0


def test_two_crawls_and_two_imports_at_once_both_succeed(
        site: LocalSite, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    site.robots("User-agent: *\nAllow: /\n")
    for i in range(40):
        site.static(f"/p/{i}", f"<html><body><p>Page {i} about SEND.</p></body></html>")
    half = [[f"--url={site.url(f'/p/{i}')}" for i in range(k, 40, 2)] for k in (0, 1)]
    files = [_texts(tmp_path / f"in{k}", 4, 10 + k) for k in (0, 1)]
    procs = [popen(root, "crawl", "web", *urls, "--delay", "0") for urls in half]
    procs += [popen(root, "import", *paths) for paths in files]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    ledger = Ledger(root)
    ledger.check()
    listed = run(root, "archive", "ls", "--format", "json").json()
    assert len({r["url"] for r in listed if "/p/" in r["url"]}) == 40
    assert len({r["url"] for r in listed if r["url"].startswith("file:")}) == 8
    ledger.finish()


def test_a_rebuild_cut_short_after_clearing_is_redone_by_the_next_extract(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic version of the worst kill point: `extract --rebuild` has cleared the
    store and dies before saving its state."""
    from sendgraph.archive import Archive
    from sendgraph.graph import build

    root = tmp_path / "archive"
    assert run(root, "import", *_texts(tmp_path / "seed", 3, 0, 300)).code == 0
    assert run(root, "extract").code == 0
    reference = _nquads(root)

    def die(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # stands in for SIGKILL right after the clear

    with Archive(root) as archive:
        monkeypatch.setattr(build.GraphStore, "replace_graph", die)
        with pytest.raises(KeyboardInterrupt):
            build.build_graph(archive, rebuild=True)
        monkeypatch.undo()
    assert run(root, "extract").code == 0
    assert _nquads(root) == reference
