"""Acceptance: the five real seed documents go in with `sendgraph import` and come out as text.

The seeds live in ../shared/seeds beside the repository and are read in place, never copied.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sendgraph.archive import Archive, verify_archive
from sendgraph.cli.main import cli

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(
    not (SEEDS / "manifest.json").is_file(),
    reason=f"seed documents not found at {SEEDS} (they sit in ../shared beside the repo)",
)


def _manifest() -> list[dict]:
    return json.loads((SEEDS / "manifest.json").read_text(encoding="utf-8"))["documents"]


def _year_or_month(hint: str) -> str:
    """The year or year-month a manifest `date_hint` gives (e.g. '2019-10 (…)' -> '2019-10')."""
    token = hint.split()[0]
    return token if token[:4].isdigit() else hint[:4]


def import_args(entry: dict) -> list[str]:
    args = ["import", str(SEEDS / entry["file"]), "--kind", entry["kind"],
            "--published", entry["published"] or _year_or_month(entry["date_hint"])]
    for key in ("title", "url", "publisher", "author"):
        if entry.get(key):
            args += [f"--{key}", entry[key]]
    return args


@needs_seeds
def test_each_seed_imports_and_reads_back_as_its_own_text(tmp_path: Path) -> None:
    runner = CliRunner()
    for entry in _manifest():
        original = (SEEDS / entry["file"]).read_text(encoding="utf-8")
        result = runner.invoke(cli, ["--archive", str(tmp_path), *import_args(entry)])
        assert result.exit_code == 0, result.output
        snapshot = result.output.split()[0]
        assert len(snapshot) == 16

        text = runner.invoke(cli, ["--archive", str(tmp_path), "document", snapshot])
        assert text.exit_code == 0, text.output
        assert text.output == original.replace("\r\n", "\n") + "\n"

        data = json.loads(runner.invoke(
            cli, ["--archive", str(tmp_path), "document", snapshot, "--format", "json"]).output)
        assert data["snapshot"] == snapshot
        assert data["metadata"]["title"] == entry["title"]
        published = entry["published"] or _year_or_month(entry["date_hint"])
        assert data["metadata"]["published"] == published  # precision kept: 2022, 2019-10, …
        if entry["author"]:
            assert data["metadata"]["authors"] == [entry["author"]]
        for block in data["blocks"]:
            assert data["text"][block["start"]:block["end"]].strip()
            assert original.replace("\r\n", "\n")[block["start"]:block["end"]] == \
                data["text"][block["start"]:block["end"]]


@needs_seeds
def test_importing_the_same_seed_twice_stores_one_payload(tmp_path: Path) -> None:
    runner = CliRunner()
    entry = _manifest()[3]
    first = runner.invoke(cli, ["--archive", str(tmp_path), *import_args(entry)])
    second = runner.invoke(cli, ["--archive", str(tmp_path), "import",
                                 str(SEEDS / entry["file"]), "--format", "json"])
    assert first.exit_code == 0 and second.exit_code == 0, second.output
    again = json.loads(second.output)["imported"][0]
    assert again["snapshot"] == first.output.split()[0]
    assert again["new_payload"] is False
    with Archive(tmp_path) as archive:
        stats = archive.index.stats()
        assert stats["records_by_type"]["resource"] == 1
        assert stats["records_by_type"]["revisit"] == 1
        assert stats["payload_bytes"] == (SEEDS / entry["file"]).stat().st_size
        assert verify_archive(archive).ok


def test_import_reports_bad_files_and_still_imports_the_rest(tmp_path: Path) -> None:
    good = tmp_path / "note.txt"
    good.write_text("Kent has a written statement of action.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    runner = CliRunner()
    archive = tmp_path / "archive"
    result = runner.invoke(cli, ["--archive", str(archive), "import", str(tmp_path / "nope.pdf"),
                                 str(empty), str(good), str(tmp_path)])
    assert result.exit_code == 3
    assert "nope.pdf: no such file" in result.output
    assert "empty.txt: the file is empty" in result.output
    assert "is a directory" in result.output
    listed = json.loads(runner.invoke(cli, ["--archive", str(archive), "archive", "ls",
                                            "--format", "json"]).output)
    assert [row["url"] for row in listed] == [good.resolve().as_uri()]


@pytest.mark.parametrize("value", ["22", "2022-13", "2022-02-30", "May 2022"])
def test_published_date_must_be_year_month_or_day(tmp_path: Path, value: str) -> None:
    doc = tmp_path / "d.txt"
    doc.write_text("words\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--archive", str(tmp_path / "a"), "import", str(doc),
                                      "--published", value])
    assert result.exit_code == 2
    assert "published date" in result.output


def test_archive_verify_exit_code_names_the_damaged_record(tmp_path: Path) -> None:
    doc = tmp_path / "d.txt"
    doc.write_text("Bury's funding was withheld.\n" * 50, encoding="utf-8")
    runner = CliRunner()
    arch = tmp_path / "archive"
    assert runner.invoke(cli, ["--archive", str(arch), "import", str(doc)]).exit_code == 0
    ok = runner.invoke(cli, ["--archive", str(arch), "archive", "verify"])
    assert ok.exit_code == 0 and "OK" in ok.output
    warc = next((arch / "warc").glob("*.warc.gz"))
    data = bytearray(warc.read_bytes())
    data[len(data) - 200] ^= 0x40
    warc.write_bytes(bytes(data))
    bad = runner.invoke(cli, ["--archive", str(arch), "archive", "verify", "--format", "json"])
    assert bad.exit_code == 4
    report = json.loads(bad.output[bad.output.index("{"):])
    assert report["ok"] is False and report["problems"]
