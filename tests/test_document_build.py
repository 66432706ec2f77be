"""Dispatch and sniffing, document_for(Snapshot), and the model's own invariants."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from sendgraph.archive.snapshot import Snapshot
from sendgraph.document import (
    Block,
    Document,
    DocumentError,
    Link,
    Metadata,
    UnsupportedContentError,
    build_document,
    document_for,
)

URL = "https://example.org/page"


def build(data: bytes, content_type: str | None, **kw: object) -> Document:
    return build_document(data, url=URL, content_type=content_type, snapshot_id="b1", **kw)


def test_empty_payload_names_snapshot_and_url() -> None:
    with pytest.raises(DocumentError) as err:
        build(b"", "text/html")
    assert type(err.value) is DocumentError
    assert str(err.value) == f"snapshot b1 <{URL}>: empty payload"
    assert (err.value.snapshot_id, err.value.url, err.value.reason) == ("b1", URL, "empty payload")


@pytest.mark.parametrize("data, what", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "PNG image"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 64, "JPEG image"),
    (b"PK\x03\x04" + b"\x00" * 64, "ZIP archive"),
    (b"\x1f\x8b\x08\x00" + b"\x00" * 64, "gzip data"),
    (b"text then \x00\x00 binary", "NUL bytes"),
])
def test_binary_payloads_are_unsupported(data: bytes, what: str) -> None:
    with pytest.raises(UnsupportedContentError) as err:
        build(data, None)
    assert f"looks like binary data ({what}" in str(err.value)
    assert "not HTML/PDF/text" in str(err.value)


def test_binary_declared_as_image_is_unsupported() -> None:
    with pytest.raises(UnsupportedContentError, match="content type image/png"):
        build(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png")


@pytest.mark.parametrize("data, content_type, expected", [
    (b"<!DOCTYPE html><p>Hi</p>", None, "Hi"),
    (b"  <html><body><p>Hi</p></body></html>", "application/octet-stream", "Hi"),
    (b"<!-- c --><div>Hi</div>", None, "Hi"),
    (b"<?xml version='1.0'?><html><body>Hi</body></html>", None, "Hi"),
    (b"Plain words <not a tag", None, "Plain words <not a tag"),
    (b"<p>Tagged but declared text</p>", "text/plain", "<p>Tagged but declared text</p>"),
    (b'{"json": true}', "application/json", '{"json": true}'),
    (b"<html><body><p>Hi</p></body></html>", "application/xhtml+xml", "Hi"),
])
def test_routing(data: bytes, content_type: str | None, expected: str) -> None:
    assert build(data, content_type).text == expected


def test_unknown_content_type_with_text_is_text_with_warning() -> None:
    doc = build(b"Some words", "application/x-whatever")
    assert doc.text == "Some words"
    assert any("not recognised" in w for w in doc.warnings)


def test_html_declared_with_a_stray_nul_is_still_html() -> None:
    doc = build(b"<html><body><p>Before\x00after</p></body></html>", "text/html")
    assert doc.text == "Beforeafter"


def snapshot(body: bytes, **kw: object) -> Snapshot:
    fields: dict[str, object] = {
        "id": "0123456789abcdef", "digest": "sha256:ABC", "url": URL,
        "captured": datetime(2024, 1, 2, tzinfo=UTC), "content_type": "text/html; charset=utf-8",
        "status": 200, "http_headers": (("Content-Type", "text/html; charset=utf-8"),),
        "_loader": lambda: body,
    }
    fields.update(kw)
    return Snapshot(**fields)  # type: ignore[arg-type]


def test_document_for_snapshot() -> None:
    snap = snapshot(b"<html><head><title>Page</title></head><body><h1>Hello</h1></body></html>",
                    metadata={"author": "X Person; Y Person", "kind": "minutes"})
    doc = document_for(snap)
    assert (doc.snapshot_id, doc.url, doc.content_type) == (snap.id, URL, snap.content_type)
    assert doc.text == "Hello"
    assert doc.metadata.authors == ("X Person", "Y Person")
    assert doc.metadata.extra["kind"] == "minutes"
    assert doc.to_json()["snapshot"] == "0123456789abcdef"


def test_document_for_error_status_warns() -> None:
    doc = document_for(snapshot(b"<html><body><p>Not found</p></body></html>", status=404))
    assert doc.warnings[0] == "captured with HTTP status 404"


def test_document_for_errors_name_the_snapshot() -> None:
    with pytest.raises(DocumentError, match="snapshot 0123456789abcdef"):
        document_for(snapshot(b""))


def test_to_json_round_trip_and_shape() -> None:
    doc = build(b"<html><body><h2>T</h2><p>A <a href='/x'>link</a>.</p></body></html>",
                "text/html")
    data = json.loads(json.dumps(doc.to_json()))
    assert set(data) >= {"snapshot", "url", "text", "blocks", "links", "metadata"}
    assert data["links"] == [{"url": "https://example.org/x", "text": "link", "start": 5,
                              "end": 9}]
    assert Document.from_json(data) == doc


def make(text: str, blocks: tuple[Block, ...], links: tuple[Link, ...] = ()) -> Document:
    return Document("s", URL, "text/plain", text, blocks, links, Metadata())


@pytest.mark.parametrize("blocks, links, message", [
    ((Block("paragraph", 0, 99),), (), "outside text"),
    ((Block("paragraph", 3, 3),), (), "outside text"),
    ((Block("paragraph", 0, 5), Block("paragraph", 3, 8)), (), "before the previous end"),
    ((Block("paragraph", 6, 8), Block("paragraph", 0, 5)), (), "before the previous end"),
    ((Block("paragraph", 5, 6),), (), "blank"),
    ((Block("sidebar", 0, 5),), (), "unknown kind"),
    ((Block("comment", 0, 5), Block("paragraph", 6, 11)), (), "after comment"),
    ((), (Link("https://x", "wrong", 0, 5),), "does not match"),
    ((), (Link("https://x", "", 20, 20),), "outside text"),
])
def test_document_invariants(blocks: tuple[Block, ...], links: tuple[Link, ...],
                             message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make("Hello world", blocks, links)


def test_valid_document() -> None:
    doc = make("Hello world", (Block("heading", 0, 5), Block("comment", 6, 11, author="A")),
               (Link("https://x", "Hello", 0, 5), Link("https://y", "", 11, 11)))
    assert doc.block_text(doc.blocks[1]) == "world"
    assert doc.to_json()["blocks"][1] == {"kind": "comment", "start": 6, "end": 11,
                                          "page": None, "author": "A"}


def test_text_mentioning_a_pdf_header_is_not_a_pdf() -> None:
    doc = build(b"Notes\nA PDF file starts with %PDF-1.7 and a binary comment.\n", "text/plain")
    assert doc.blocks[1].kind == "paragraph"
    doc = build(b"<html><body><p>Header is %PDF-1.4</p></body></html>", None)
    assert doc.text == "Header is %PDF-1.4"


def test_pdf_after_leading_junk_is_still_a_pdf() -> None:
    with pytest.raises(DocumentError) as err:
        build(b"junk line\n%PDF-1.4\n" + b"x" * 100, None)
    assert "cannot read PDF" in str(err.value)
