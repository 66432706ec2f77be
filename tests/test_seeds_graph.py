"""Acceptance, end to end: the five real seeds imported with their manifest metadata, the graph
built with `sendgraph extract`, and the facts the extraction issue names read back through the
browsing commands — each with evidence that equals `sendgraph document` text at its offsets."""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from sendgraph.cli.main import cli
from tests.test_import_seeds import _manifest, import_args, needs_seeds

pytestmark = needs_seeds


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = tmp_path_factory.mktemp("seeds") / "archive"
    runner = CliRunner()
    for entry in _manifest():
        result = runner.invoke(cli, ["--archive", str(archive), *import_args(entry)])
        assert result.exit_code == 0, result.output
    built = runner.invoke(cli, ["--archive", str(archive), "extract"])
    assert built.exit_code == 0, built.output
    return archive


def _json(archive: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["--archive", str(archive), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_programme_lists_of_seed_003(seeded: Path) -> None:
    rows = _json(seeded, "programmes")
    listed = Counter((p["programme"].rsplit("/", 1)[-1], p["role"], p["tranche"]) for p in rows)
    assert listed[("safety-valve", "member", "1")] == 5
    assert listed[("safety-valve", "member", "2")] == 9
    assert listed[("safety-valve", "potential_invitee", None)] == 19
    dbv = [listed[("delivering-better-value", "invitee", t)] for t in "123"]
    assert dbv == [20, 20, 15]
    tranche1 = {p["authority"]["gss_code"] for p in rows
                if p["programme"].endswith("safety-valve") and p["tranche"] == "1"}
    # Bury, Hammersmith & Fulham, Kingston, Richmond, Stoke-on-Trent
    assert tranche1 == {"E08000002", "E09000013", "E09000021", "E09000027", "E06000021"}


def test_kingston_richmond_and_bury_targets(seeded: Path) -> None:
    kingston = _json(seeded, "targets", "--about", "E09000021")
    got = {(t["metric_text"], t["comparator"], t["value"] and Decimal(str(t["value"])),
            t["period_start"], t["period_end"], t["deadline"]) for t in kingston}
    assert ("new EHCPs", "at_most", Decimal(176), "2022-04-01", "2023-03-31", None) in got
    assert ("cease EHCPs", "at_least", Decimal(107), None, None, "2023-03-31") in got
    assert ("savings and mitigations", "save", Decimal(1000000), "2022-04-01", "2023-03-31",
            None) in got
    assert any(t["comparator"] == "reduce_by" and t["value"] == 65 and t["unit"] == "percent"
               and "top-up" in t["metric_text"] and t["period_end"] == "2023-03-31"
               for t in kingston)
    richmond = _json(seeded, "targets", "--about", "E09000027")
    assert any(t["metric_text"] == "savings and mitigations" and t["value"] == 1000000
               for t in richmond)
    bury = _json(seeded, "targets", "--about", "E08000002")
    assert any(t["comparator"] == "save" and t["value"] == 1600000 for t in bury)


def test_claims_and_speakers(seeded: Path) -> None:
    claims = _json(seeded, "claims")
    keer = [c for c in claims if c["speaker"] == "Matt Keer" and c["kind"] == "finding"]
    assert any("at least 8 of the 20" in c["text"] for c in keer)
    comments = [c for c in claims if c["kind"] == "reader_comment"]
    assert comments and all(c["speaker"] != "Matt Keer" for c in comments)
    recs = [c for c in claims if c["kind"] == "recommendation"
            and c["speaker"] == "House of Commons Education Committee"]
    assert len(recs) >= 9
    speakers = {c["speaker"] for c in claims if c["kind"] == "quotation"}
    assert {"Robert Halfon", "Judith Blake", "Rachel Dickinson"} <= speakers
    commissioner = [c for c in claims if c["speaker"]
                    and "Commissioner" in c["speaker"] and "7.3" in c["text"]]
    assert commissioner, "the £7.3m passage is the Commissioner report's words"


def test_every_evidence_equals_the_document_text_at_its_offsets(seeded: Path) -> None:
    texts: dict[str, str] = {}
    runner = CliRunner()
    for command in ("targets", "claims", "programmes"):
        for item in _json(seeded, command):
            assert item["evidence"], f"{command} item without evidence: {item}"
            for ev in item["evidence"]:
                if ev["snapshot"] not in texts:
                    doc = runner.invoke(cli, ["--archive", str(seeded), "document",
                                              ev["snapshot"], "--format", "json"])
                    texts[ev["snapshot"]] = json.loads(doc.output)["text"]
                assert texts[ev["snapshot"]][ev["start"]:ev["end"]] == ev["quote"]
    assert len(texts) >= 4


def test_the_built_seed_graph_conforms_to_the_shapes(seeded: Path) -> None:
    result = CliRunner().invoke(cli, ["--archive", str(seeded), "validate"])
    assert result.exit_code == 0, result.output
