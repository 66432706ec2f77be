"""Which snapshots the shared extractors read: prose yes, API answers (JSON) no."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sendgraph.cli.main import cli

SENTENCE = "Kent has a target to issue no more than 100 new EHCPs in 2022-23."


def _run(archive: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--archive", str(archive), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_json_payloads_are_not_read_as_prose(tmp_path: Path) -> None:
    (tmp_path / "api.json").write_text(json.dumps({"title": SENTENCE}), encoding="utf-8")
    (tmp_path / "note.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    archive = tmp_path / "archive"
    _run(archive, "import", str(tmp_path / "api.json"), "--published", "2022")
    prose = _run(archive, "import", str(tmp_path / "note.txt"), "--published", "2022").split()[0]
    _run(archive, "extract")
    targets = json.loads(_run(archive, "targets", "--format", "json"))
    assert [(t["value"], t["evidence"][0]["snapshot"]) for t in targets] == [(100, prose)]


def test_a_long_one_line_query_is_not_mistaken_for_a_file(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text(SENTENCE + "\n", encoding="utf-8")
    archive = tmp_path / "archive"
    _run(archive, "import", str(tmp_path / "note.txt"), "--published", "2022")
    _run(archive, "extract")
    query = "SELECT ?t WHERE { ?t a sg:Target . " + "FILTER(true) " * 40 + "}"
    assert len(query) > 300
    out = _run(archive, "sparql", query, "--format", "json")
    assert len(json.loads(out)["results"]["bindings"]) == 1


def test_a_sites_own_author_and_tag_pages_are_not_citations() -> None:
    from sendgraph.document import build_document
    from sendgraph.extract import ExtractionContext
    from sendgraph.extract.citations import extract

    html = (b"<html><body><article><p>By <a href='/author/sam/'>Sam</a> in "
            b"<a href='https://blog.example/category/news/'>News</a>. See "
            b"<a href='https://www.gov.uk/guidance/x'>the guidance</a> and "
            b"<a href='https://other.example/tag/send/'>their tag page</a>.</p></article>"
            b"</body></html>")
    doc = build_document(html, url="https://blog.example/2024/05/post/", content_type="text/html",
                         snapshot_id="0" * 16)
    cited = [c.cited_url for c in extract(ExtractionContext(doc))]
    assert cited == ["https://www.gov.uk/guidance/x", "https://other.example/tag/send/"]
