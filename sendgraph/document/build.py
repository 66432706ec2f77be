"""Payload bytes -> Document: pick the converter from the content type, checked by sniffing.

* ``%PDF-`` at the start is a PDF whatever the label says (the label is noted); further into
  the first 1024 bytes it counts unless the payload is declared or sniffed as HTML/text.
* A declared PDF without that header is a ``MalformedPdfError`` - unless it is plainly an HTML
  page (a login or error page served under the PDF's URL), which is converted with a warning.
* Declared HTML (text/html, application/xhtml+xml) is HTML; declared text (text/*, JSON, XML,
  CSV) is text, kept exactly; anything else, or no label at all, is sniffed: HTML signature ->
  HTML, otherwise text - unless the bytes look binary (known magic numbers, NUL bytes, many
  control characters), which is an ``UnsupportedContentError``.
* Zero bytes is a ``DocumentError`` ("empty payload").

Every ``DocumentError`` raised here names the snapshot id and URL.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from sendgraph.document.encoding import http_charset
from sendgraph.document.html import html_document
from sendgraph.document.model import (
    Document,
    DocumentError,
    MalformedPdfError,
    UnsupportedContentError,
)
from sendgraph.document.pdf import pdf_document
from sendgraph.document.text import text_document

if TYPE_CHECKING:
    from sendgraph.archive.snapshot import Snapshot

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
_PDF_TYPES = frozenset({"application/pdf", "application/x-pdf", "application/acrobat"})
_TEXT_TYPES = frozenset({"application/json", "application/xml", "application/javascript",
                         "application/x-javascript", "application/ld+json", "application/csv"})
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"), (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2 (old MS Office) file"),
    (b"Rar!\x1a\x07", "RAR archive"), (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"BZh", "bzip2 data"), (b"\xfd7zXZ\x00", "xz data"), (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"), (b"wOFF", "WOFF font"), (b"wOF2", "WOFF2 font"),
    (b"\x7fELF", "ELF executable"), (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"),
)
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|script|"
    rb"iframe|h[1-6]|div|font|table|a|style|title|b|br|p|meta|link)[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_SNIFF_BYTES = 4096
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def media_type(content_type: str | None, headers: Sequence[tuple[str, str]] = ()) -> str | None:
    """The bare media type ("text/html") from a Content-Type value or the headers."""
    if not content_type:
        content_type = next((v for k, v in headers if k.lower() == "content-type"), None)
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def binary_reason(data: bytes, *, declared_text: bool = False) -> str | None:
    """Why ``data`` looks like binary rather than text, or None if it does not. A payload
    declared as HTML/text may contain a stray NUL; it must then be mostly control bytes."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if data.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head and not declared_text:
        return "NUL bytes"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls >= 4 and controls * 10 > len(head):
        return f"{controls} control bytes in the first {len(head)}"
    return None


def looks_like_html(data: bytes) -> bool:
    head = data[:1024]
    if head.startswith(codecs.BOM_UTF8):
        head = head[3:]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    return bool(_HTML_START.match(head)) or b"<html" in head.lower()


def _is_pdf(data: bytes, mime: str | None) -> bool:
    """A PDF header at the start - or, as readers tolerate, after some junk in the first KB,
    unless the payload is declared or looks like HTML/text that merely mentions "%PDF-"."""
    if data.lstrip()[:5] == b"%PDF-":
        return True
    if b"%PDF-" not in data[:1024]:
        return False
    declared_text = mime is not None and (mime in _HTML_TYPES or mime.startswith("text/"))
    return not declared_text and not looks_like_html(data)


def _route(data: bytes, mime: str | None, charset: str | None) -> tuple[str, list[str]]:
    """Which converter ("html", "pdf", "text") and any warnings about the declared type."""
    label = mime or "none"
    if _is_pdf(data, mime):
        return "pdf", [] if mime in _PDF_TYPES else [f"content type {label} but payload is a PDF"]
    if mime in _PDF_TYPES:
        if looks_like_html(data) and binary_reason(data) is None:
            return "html", [f"content type {mime} but payload is an HTML page"]
        raise MalformedPdfError("not a PDF: no %PDF- header in the first 1024 bytes")
    declared_text = mime is not None and (mime in _HTML_TYPES or mime.startswith("text/"))
    wide = (charset or "").replace("_", "-").startswith(("utf-16", "utf-32", "utf16", "utf32"))
    reason = None if declared_text and wide else binary_reason(data, declared_text=declared_text)
    if reason is not None:
        raise UnsupportedContentError(
            f"looks like binary data ({reason}; content type {label}), not HTML/PDF/text"
        )
    if mime in _HTML_TYPES:
        return "html", []
    if mime is not None and (mime.startswith("text/") or mime in _TEXT_TYPES
                             or mime.endswith(("+xml", "+json"))):
        return "text", []
    if looks_like_html(data):
        return "html", [] if mime in (None, "application/octet-stream") else [
            f"content type {mime} but payload is HTML"]
    warnings = [] if mime in (None, "application/octet-stream") else [
        f"content type {mime} not recognised; treated as plain text"]
    return "text", warnings


_CONVERTERS = {"html": html_document, "pdf": pdf_document, "text": text_document}


def build_document(
    content: bytes,
    *,
    url: str,
    content_type: str | None,
    snapshot_id: str,
    headers: Sequence[tuple[str, str]] = (),
    metadata: Mapping[str, str] | None = None,
) -> Document:
    """Turn one payload into a Document. Raises ``DocumentError`` (or a subclass) for
    payloads that are not documents; never anything else for any input bytes."""
    try:
        if not content:
            raise DocumentError("empty payload")
        kind, warnings = _route(content, media_type(content_type, headers),
                                http_charset(content_type, headers))
        doc = _CONVERTERS[kind](
            content, url=url, content_type=content_type, snapshot_id=snapshot_id,
            headers=headers, metadata=metadata,
        )
    except DocumentError as exc:
        exc.located(snapshot_id=snapshot_id, url=url)
        raise
    if warnings:
        doc = replace(doc, warnings=(*warnings, *doc.warnings))
    return doc


def document_for(snapshot: Snapshot) -> Document:
    """The Document for an archived snapshot (its decoded entity body). Errors reading the
    payload from the archive propagate unchanged; they are not document errors."""
    doc = build_document(
        snapshot.content(),
        url=snapshot.url,
        content_type=snapshot.content_type,
        snapshot_id=snapshot.id,
        headers=snapshot.http_headers,
        metadata=snapshot.metadata,
    )
    if snapshot.status is not None and snapshot.status >= 400:
        status_note = f"captured with HTTP status {snapshot.status}"
        doc = replace(doc, warnings=(status_note, *doc.warnings))
    return doc
