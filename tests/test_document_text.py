"""Plain text -> Document: offsets are the file's own characters; one block per line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sendgraph.document import Document, build_document

SEEDS = Path("/work/shared/seeds")


def text_doc(text: str | bytes, content_type: str | None = "text/plain; charset=utf-8",
             **kw: object) -> Document:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return build_document(data, url="file:///tmp/x.txt", content_type=content_type,
                          snapshot_id="txt", **kw)


def blocks(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


def seed_files() -> list[Path]:
    if not SEEDS.is_dir():
        return []
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(params=seed_files() or [None], ids=lambda p: p.name if p else "no-seeds")
def seed(request: pytest.FixtureRequest) -> Path:
    if request.param is None:
        pytest.skip(f"seed corpus {SEEDS} is not present on this machine")
    return request.param


def test_seed_offsets_match_the_file(seed: Path) -> None:
    raw = seed.read_bytes()
    original = raw.decode("utf-8")  # the seeds are UTF-8 with \n line ends and no BOM
    doc = text_doc(raw)
    assert doc.text == original
    lines = [line for line in original.split("\n") if line.strip()]
    assert len(doc.blocks) == len(lines)
    for block, line in zip(doc.blocks, lines, strict=True):
        span = original[block.start:block.end]
        assert span == doc.text[block.start:block.end]
        assert span and span == span.strip() and "\n" not in span
        if block.kind == "list_item" and not line.strip()[0].isalnum():
            assert line.strip().endswith(span) and len(span) < len(line.strip())
        else:
            assert span == line.strip()


def test_seed_title_line_and_bullets(seed: Path) -> None:
    doc = text_doc(seed.read_bytes())
    manifest = json.loads((SEEDS / "manifest.json").read_text())
    entry = next(d for d in manifest["documents"] if d["file"] == seed.name)
    first = doc.blocks[0]
    if first.kind == "heading":
        assert doc.metadata.title == doc.text[first.start:first.end]
    if entry["title"] and doc.text.lstrip().startswith(entry["title"]):
        assert first.kind == "heading"
    for block in doc.blocks:
        line_start = doc.text.rfind("\n", 0, block.start) + 1
        before = doc.text[line_start:block.start].strip()
        assert before in ("", "-", "•", "*", "·", "◦", "–")
        if before:  # only a list item's bullet may sit outside its span
            assert block.kind == "list_item"


def test_layout_rules() -> None:
    text = ("A short title line\n\n"
            "  First paragraph, indented.  \n"
            "- dash item\n"
            "  • bullet item\n"
            "*star item\n"
            "1. numbered item\n"
            "2) another\n"
            "(a) lettered\n"
            "(iv) roman\n"
            "-5 degrees is not a list item\n"
            "\u00a0\u00a0Non-breaking indent\u00a0\n"
            "\t\n"
            "Last line without newline")
    doc = text_doc(text)
    assert doc.text == text
    assert blocks(doc) == [
        ("heading", "A short title line"),
        ("paragraph", "First paragraph, indented."),
        ("list_item", "dash item"),
        ("list_item", "bullet item"),
        ("paragraph", "*star item"),
        ("list_item", "1. numbered item"),
        ("list_item", "2) another"),
        ("list_item", "(a) lettered"),
        ("list_item", "(iv) roman"),
        ("paragraph", "-5 degrees is not a list item"),
        ("paragraph", "Non-breaking indent"),
        ("paragraph", "Last line without newline"),
    ]


@pytest.mark.parametrize("first_line, kind", [
    ("Is this a title?", "heading"),
    ("A title with no stop", "heading"),
    ("A first line that ends with a full stop.", "paragraph"),
    ("x" * 199, "heading"),
    ("x" * 200, "paragraph"),
    ("- a bullet first", "list_item"),
])
def test_first_line_heading_rule(first_line: str, kind: str) -> None:
    doc = text_doc(f"\n\n{first_line}\nsecond line")
    assert doc.blocks[0].kind == kind
    assert doc.blocks[1].kind == "paragraph"


def test_only_the_first_line_can_be_a_heading() -> None:
    doc = text_doc("Title\nSubheading without stop\nBody.")
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "paragraph"]


def test_newlines_normalised_and_bom_dropped() -> None:
    doc = text_doc(b"\xef\xbb\xbfTitle\r\nline two\rline three\r\n")
    assert doc.text == "Title\nline two\nline three\n"
    assert blocks(doc) == [("heading", "Title"), ("paragraph", "line two"),
                           ("paragraph", "line three")]


def test_blank_text_has_no_blocks() -> None:
    doc = text_doc(" \n\t\n \u00a0 \n")
    assert doc.blocks == ()
    assert "no text content found" in doc.warnings


def test_user_metadata_applies_to_text() -> None:
    doc = text_doc("Title\nBody.", metadata={"title": "Given", "author": "A; B", "kind": "blog"})
    assert doc.metadata.title == "Given"
    assert doc.metadata.authors == ("A", "B")
    assert doc.metadata.extra == {"kind": "blog"}
    assert doc.links == ()
