"""Undecided authority mentions are kept for a person, and their judgements are respected."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sendgraph.cli.main import cli

TEXT = (
    "Council notes\n\n"
    "BCC said the SEND team will grow next year.\n"
    "Parents in Newcastle complained about the council SEND service.\n"
)


def _run(archive: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--archive", str(archive), *args])
    assert result.exit_code == 0, result.output
    return result.output


def _evidence(archive: Path) -> dict[str, int]:
    rows = json.loads(_run(archive, "authorities", "--format", "json"))
    return {a["gss_code"]: a["evidence_count"] for a in rows if a["evidence_count"]}


def test_ambiguous_mention_is_kept_then_a_judgement_resolves_it(tmp_path: Path) -> None:
    doc = tmp_path / "notes.txt"
    doc.write_text(TEXT, encoding="utf-8")
    archive = tmp_path / "archive"
    snapshot = _run(archive, "import", str(doc), "--published", "2024").split()[0]
    _run(archive, "extract")

    # "BCC" could be Birmingham or Bristol: not guessed, kept with its candidates
    assert "E08000025" not in _evidence(archive) and "E06000023" not in _evidence(archive)
    assert _evidence(archive).get("E08000021") == 1  # Newcastle is clear
    kept = json.loads(_run(archive, "authorities", "--unresolved", "--format", "json"))
    assert [(k["text"], k["snapshot"], sorted(k["candidates"])) for k in kept] == [
        ("BCC", snapshot, ["E06000023", "E08000025"])]
    start = kept[0]["start"]

    out = _run(archive, "judge", "BCC", "--is", "E08000025", "--snapshot", snapshot,
               "--start", str(start))
    assert "recorded" in out
    rebuilt = _run(archive, "extract")
    assert "1 snapshot(s) extracted" in rebuilt  # the judgement triggers re-extraction
    assert _evidence(archive).get("E08000025") == 1
    assert json.loads(_run(archive, "authorities", "--unresolved", "--format", "json")) == []


def test_a_not_an_authority_judgement_removes_a_wrong_match(tmp_path: Path) -> None:
    doc = tmp_path / "notes.txt"
    doc.write_text(TEXT, encoding="utf-8")
    archive = tmp_path / "archive"
    _run(archive, "import", str(doc), "--published", "2024")
    _run(archive, "extract")
    assert "E08000021" in _evidence(archive)
    _run(archive, "judge", "Newcastle", "--not-authority", "--note", "the football club")
    _run(archive, "extract")
    assert "E08000021" not in _evidence(archive)


def test_judge_needs_exactly_one_verdict_and_a_real_code(tmp_path: Path) -> None:
    runner = CliRunner()
    both = runner.invoke(cli, ["--archive", str(tmp_path), "judge", "BCC", "--is",
                               "E08000025", "--not-authority"])
    assert both.exit_code == 2
    bogus = runner.invoke(cli, ["--archive", str(tmp_path), "judge", "BCC", "--is", "E99999999"])
    assert bogus.exit_code == 1 and "cannot record" in bogus.output
