"""The benchmark harness runs and its numbers are sane: correctness only, never speed.

The documented quick mode (`sendgraph bench --docs 500 --quick`, peers included where they are
installed) through the CLI; speed is judged by the harness's own table, not here.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench import peers
from bench.corpus import Corpus
from bench.report import table, verdicts
from sendgraph.cli.main import cli


def _numbers(data, path=""):
    if isinstance(data, bool):
        return
    if isinstance(data, int | float):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _numbers(value, f"{path}.{key}")


def test_corpus_is_deterministic_and_realistic() -> None:
    one = list(Corpus(40, seed=3).pages())
    two = list(Corpus(40, seed=3).pages())
    assert [p.body for p in one] == [p.body for p in two]
    assert len(one) == 40
    assert {p.site for p in one} == {"blog", "committee", "govuk", "programmes"}
    blogs = [p for p in one if p.site == "blog"]
    assert all(60 * 1024 <= len(p.body) <= 120 * 1024 for p in blogs)
    assert all(b"Fictional benchmark corpus" in p.body for p in one)
    pdfs = [p for p in one if p.content_type == "application/pdf"]
    assert pdfs and all(p.body.startswith(b"%PDF-") for p in pdfs)
    assert [p.body for p in Corpus(40, seed=4).pages()] != [p.body for p in one]


def test_missing_peer_says_not_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(peers.shutil, "which", lambda name: None)
    result = peers.peer_wget(tmp_path / "urls.txt", tmp_path, 1, 1)
    assert result == {"not_run": "wget is not installed"}


def test_quick_bench_runs_and_its_numbers_are_sane(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    res = CliRunner().invoke(cli, ["bench", "--docs", "500", "--quick",
                                   "--out", str(out), "--work", str(tmp_path / "work")])
    assert res.exit_code == 0, res.output
    result = json.loads(out.read_text(encoding="utf-8"))
    stages = result["stages"]
    for name in ("corpus", "crawl", "build", "graph", "export", "load", "queries", "trace",
                 "sizes"):
        assert name in stages, name
    for path, value in _numbers(stages):
        assert math.isfinite(value) and value >= 0, (path, value)
    crawl = stages["crawl"]
    assert crawl["pages"] == 500 and crawl["pages_per_s"] > 0
    assert crawl["warc_verified"] and crawl["pages_missing_from_warc"] == 0
    assert crawl["all_pages_in_verified_warc"] is True
    build = stages["build"]
    # every HTML and PDF page is read (JSON and XML listings are skipped as prose)
    assert build["documents"] >= 450 and build["facts"] > 0 and build["quads"] > 0
    assert build["errors"] == 0
    assert build["docs_per_s"] > 0 and 0 < build["peak_rss_mb"] < 64 * 1024
    graph = stages["graph"]  # quick mode: a 100k-quad graph of whole snapshots
    assert 100_000 <= graph["quads"] < build["quads"] and graph["snapshot_graphs"] > 0
    assert stages["load"]["quads"] > 0
    assert all(stages["export"][f]["seconds"] > 0 for f in ("nquads", "trig", "turtle"))
    assert stages["queries"] and all(q["sendgraph"]["median_ms"] > 0
                                     for q in stages["queries"].values())
    assert stages["trace"]["median_ms"] > 0
    assert result["machine"]["cores"] >= 1 and result["versions"]["pyoxigraph"]
    # each peer either ran or says why not; none is silently missing
    for name in ("scrapy", "wget", "trafilatura"):
        peer = result["peers"][name]
        assert "not_run" in peer or all(math.isfinite(v) and v >= 0
                                        for _, v in _numbers(peer)), (name, peer)
    # the verdicts and the table: every target present, none claimed without a measurement
    rows = verdicts(result)
    assert {r["verdict"] for r in rows} <= {"met", "MISSED", "not measured"}
    # quick mode reserves the 1M-triple verdicts: its graph is smaller
    assert any("SPARQL" in r["target"] and r["verdict"] == "not measured" for r in rows)
    text = table(result)
    assert "| target | measured | verdict | note |" in text and "crawl + archive" in text
    assert "sendgraph bench: 500 documents" in res.output


def test_console_script_finds_the_harness_outside_the_checkout(tmp_path: Path) -> None:
    """`sendgraph bench` as installed, run from another folder: bench/ is not on a console
    script's path, yet the command finds it beside the editable install."""
    from tests.support.cli import run

    out = run(None, "bench", "--docs", "20", "--quick", "--no-peers", "--format", "json",
              "--work", tmp_path / "work", cwd=tmp_path)
    assert out.code == 0, out
    result = out.json()
    assert result["docs"] == 20 and result["stages"]["crawl"]["all_pages_in_verified_warc"]
