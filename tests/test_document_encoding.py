"""Bytes -> str: BOM, HTTP charset, <meta>, UTF-8, detection; never raising, always warning."""

from __future__ import annotations

import codecs

import pytest

from sendgraph.document import build_document
from sendgraph.document.encoding import decode_bytes, meta_charset, normalise_label

PROSE = "The council’s “targets” – for 2019 – cost £5m; the café’s élan. "


def html_page(head: str, body: str) -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{body}</p></body></html>"


def build(data: bytes, content_type: str | None = "text/html", **kw: object):
    return build_document(data, url="https://example.org/", content_type=content_type,
                          snapshot_id="enc", **kw)


@pytest.mark.parametrize("meta", [
    '<meta charset="windows-1252">',
    '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    "<meta charset=iso-8859-1>",  # WHATWG: latin-1 labels decode as windows-1252
    '<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=US-ASCII">',
])
def test_windows_1252_declared_only_in_meta(meta: str) -> None:
    data = html_page(meta, PROSE).encode("cp1252")
    doc = build(data, "text/html")  # no charset in the HTTP header
    assert doc.text == PROSE.strip()
    assert not any("U+FFFD" in w for w in doc.warnings)


def test_http_utf8_with_bom() -> None:
    data = codecs.BOM_UTF8 + html_page("", PROSE).encode("utf-8")
    doc = build(data, "text/html; charset=utf-8")
    assert doc.text == PROSE.strip()
    assert "\ufeff" not in doc.text
    assert doc.warnings == ()


def test_bom_beats_http_and_meta() -> None:
    data = codecs.BOM_UTF8 + html_page('<meta charset="windows-1252">', PROSE).encode("utf-8")
    assert build(data, "text/html; charset=iso-8859-1").text == PROSE.strip()


def test_http_charset_beats_meta() -> None:
    data = html_page('<meta charset="utf-8">', PROSE).encode("cp1252")
    doc = build(data, "text/html; charset=windows-1252")
    assert doc.text == PROSE.strip()


def test_http_charset_from_headers_when_content_type_has_none() -> None:
    data = html_page("", PROSE).encode("cp1252")
    doc = build(data, "text/html", headers=[("Content-Type", "text/html; charset=cp1252")])
    assert doc.text == PROSE.strip()


def test_invalid_utf8_is_replaced_with_a_warning() -> None:
    data = html_page("", "good \xe9 text").encode("utf-8").replace(b"\xc3\xa9", b"\xc3\x28\xff")
    doc = build(data, "text/html; charset=utf-8")
    assert "\ufffd" in doc.text and "good" in doc.text
    assert any("invalid utf-8 bytes replaced" in w for w in doc.warnings)


def test_latin1_label_on_utf8_bytes_is_read_as_utf8() -> None:
    data = html_page("", PROSE).encode("utf-8")
    doc = build(data, "text/html; charset=ISO-8859-1")
    assert doc.text == PROSE.strip()
    assert any("valid UTF-8" in w for w in doc.warnings)


def test_undeclared_cp1252_falls_back_to_windows_1252() -> None:
    data = html_page("", PROSE * 3).encode("cp1252")
    doc = build(data, "text/html")
    assert doc.text == (PROSE * 3).strip()
    assert any("decoded as windows-1252" in w for w in doc.warnings)


def test_mostly_utf8_with_a_cut_character_stays_utf8() -> None:
    data = (PROSE * 3).encode("utf-8") + "é".encode()[:1]
    doc = build(data, "text/plain")
    assert doc.text == (PROSE * 3) + "\ufffd"


def test_undefined_cp1252_bytes_do_not_fail() -> None:
    result = decode_bytes(b"a\x81b\x9dc", content_type="text/plain; charset=windows-1252")
    assert result.text == "a\x81b\x9dc"
    assert result.warnings == ()


def test_utf16_text_with_bom() -> None:
    data = codecs.BOM_UTF16_LE + "Line one\r\nLine – two\n".encode("utf-16-le")
    doc = build(data, "text/plain")
    assert doc.text == "Line one\nLine – two\n"


def test_unknown_charset_label_warns_and_continues() -> None:
    doc = build(html_page("", PROSE).encode("utf-8"), "text/html; charset=x-made-up")
    assert doc.text == PROSE.strip()
    assert any("unknown charset 'x-made-up'" in w for w in doc.warnings)


def test_meta_is_ignored_for_plain_text() -> None:
    data = ('<meta charset="windows-1252">' + PROSE).encode("utf-8")
    assert build(data, "text/plain").text == '<meta charset="windows-1252">' + PROSE


@pytest.mark.parametrize("label, expected", [
    ("ISO-8859-1", "windows-1252"), ("latin1", "windows-1252"), ("ascii", "windows-1252"),
    ("utf8", "utf-8"), ("UTF-8", "utf-8"), ("utf8mb4", "utf-8"), ("shift_jis", "shift_jis"),
    ("nonsense-label", None),
])
def test_normalise_label(label: str, expected: str | None) -> None:
    assert normalise_label(label) == expected


def test_meta_charset_scan_is_limited_to_the_head_of_the_file() -> None:
    assert meta_charset(b'<meta charset="koi8-r">') == "koi8-r"
    assert meta_charset(b" " * 9000 + b'<meta charset="koi8-r">') is None


def test_decoding_is_deterministic() -> None:
    data = bytes(range(256)) * 4
    first = decode_bytes(data, html=True)
    assert first == decode_bytes(data, html=True)


def test_utf16_declared_in_http_without_bom() -> None:
    data = html_page("", PROSE).encode("utf-16-le")
    doc = build(data, "text/html; charset=UTF-16")
    assert doc.text == PROSE.strip()
