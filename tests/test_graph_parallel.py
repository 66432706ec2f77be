"""A build on several worker processes gives exactly the graph one process gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from sendgraph.archive.store import Archive
from sendgraph.graph.build import build_graph
from sendgraph.graph.store import GraphStore
from tests.support.cli import invoke

AUTHORITIES = ["Kent", "Surrey County Council", "Bristol", "Leeds City Council", "Hackney",
               "Norfolk", "Derby", "Wiltshire Council", "Stockport", "Bromley"]


def _notes(folder: Path, count: int) -> list[Path]:
    paths = []
    for i in range(count):
        who = AUTHORITIES[i % len(AUTHORITIES)]
        path = folder / f"note-{i:02d}.txt"
        path.write_text(
            f"Note {i}. {who} has a target to issue no more than {100 + i} new EHCPs in "
            f"2022-23.\n\n{who} is one of the councils taking part in the Safety Valve "
            f"programme.\n\nThe council said: \"We expect {i + 3} more specialist places.\"\n",
            encoding="utf-8")
        paths.append(path)
    return paths


def _build(archive_dir: Path, workers: int) -> tuple[dict, bytes]:
    archive = Archive(archive_dir)
    report = build_graph(archive, rebuild=True, workers=workers)
    archive.close()
    store = GraphStore(archive_dir)
    try:
        return report.to_json(), store.sorted_nquads()
    finally:
        del store


def test_two_workers_build_the_same_graph_as_one(tmp_path: Path) -> None:
    one = tmp_path / "one"
    for path in _notes(tmp_path, 30):
        result = invoke(one, "import", path, "--published", "2022")
        assert result.code == 0, result
    two = tmp_path / "two"
    shutil.copytree(one, two)

    report_one, quads_one = _build(one, 1)
    report_two, quads_two = _build(two, 2)
    assert report_one["extracted"] == report_two["extracted"] == 30
    assert report_one == report_two
    assert quads_one == quads_two
    assert b"Safety Valve" in quads_one or b"safety-valve" in quads_one


def test_extract_workers_option(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    for path in _notes(tmp_path, 6):
        assert invoke(archive, "import", path, "--published", "2022").code == 0
    result = invoke(archive, "extract", "--workers", "2", "--format", "json")
    assert result.code == 0, result
    report = result.json()
    assert report["extracted"] == 6 and report["errors"] == []
    targets = invoke(archive, "targets", "--format", "json").json()
    assert sorted(t["value"] for t in targets) == [100 + i for i in range(6)]
    bad = invoke(archive, "extract", "--workers", "0")
    assert bad.code == 2 and "--workers" in bad.stderr
