"""PDF -> Document with pypdf: text per page, one block per paragraph, every block has its page.

Paragraphs come from layout, not guesswork about sentences: pypdf's text visitor reports each
line with its position and font size, and a new block starts at a blank line, a vertical gap
clearly larger than the page's normal line spacing (1.3x the lower-quartile line-to-line
distance; with under four measurable gaps, 1.5x the font size), a jump back up the page (a new
column), or a change of font size. A block in a font at least 1.2x the document's body size and
under 200 characters is a heading; a block starting with a bullet glyph is a list item (the
glyph is dropped). Lines are joined with spaces; hyphenation is left as printed.

Errors are ``DocumentError`` subclasses, never pypdf's own: unreadable files and pages are
``MalformedPdfError``; a password we do not have is ``EncryptedPdfError`` (an empty user
password - "owner password only" PDFs - is tried and noted in the warnings); no text on any page
is ``NoTextLayerError``. A truncated PDF whose surviving pages read cleanly is accepted, but if
any page fails to extract the whole document is refused, naming the page: a document silently
missing pages would make "this text is not in the source" claims unreliable.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from sendgraph.document.dates import iso_date
from sendgraph.document.layout import TextBuilder
from sendgraph.document.metadata import apply_user_metadata, clean, split_authors
from sendgraph.document.model import (
    Document,
    EncryptedPdfError,
    MalformedPdfError,
    Metadata,
    NoTextLayerError,
)
from sendgraph.document.text import classify_line

HEADING_RATIO = 1.2
_CONTROL = {c: " " for c in (*range(0, 9), 11, *range(14, 32), 127)}
_JUNK_TITLES = frozenset({"untitled", "(unspecified)", "unknown", "title"})


class _Line:
    __slots__ = ("parts", "size", "y")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.y: float | None = None
        self.size = 0.0


def _page_lines(page: Any) -> list[_Line]:
    """The page's lines in reading order (as pypdf emits them) with y and font size."""
    lines = [_Line()]

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: Any,
              size: float) -> None:
        if not text:
            return
        segments = text.split("\n")
        for i, segment in enumerate(segments):
            if i:
                lines.append(_Line())
            line = lines[-1]
            if segment.strip() and line.y is None:
                line.y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scale = abs(tm[3] * cm[3]) or 1.0
                line.size = float(size or 0) * scale
            line.parts.append(segment)

    extracted = page.extract_text(visitor_text=visit)
    seen = "".join(part for line in lines for part in line.parts)
    if "".join(seen.split()) != "".join(extracted.split()):
        # The visitor missed or reordered something: trust pypdf's text, lose the layout
        # (paragraphs then split only at blank lines).
        fallback = []
        for text in extracted.split("\n"):
            line = _Line()
            line.parts.append(text)
            fallback.append(line)
        return fallback
    return lines


def _paragraphs(lines: list[_Line]) -> list[tuple[str, float]]:
    """Group lines into (text, font size) paragraphs; see the module docstring."""
    placed = [ln for ln in lines if ln.y is not None]
    dys = sorted(
        a.y - b.y for a, b in pairwise(placed)  # type: ignore[operator]
        if 0 < a.y - b.y <= 3 * max(a.size, 1.0)  # type: ignore[operator]
    )
    paragraphs: list[tuple[str, float]] = []
    current: list[str] = []
    size = 0.0
    prev: _Line | None = None
    for line in lines:
        text = "".join(line.parts).translate(_CONTROL)
        if not text.strip():
            if current:
                paragraphs.append((" ".join(current), size))
                current = []
            prev = None
            continue
        if current and prev is not None and _breaks(prev, line, dys):
            paragraphs.append((" ".join(current), size))
            current = []
        if not current:
            size = line.size
        current.append(text)
        prev = line
    if current:
        paragraphs.append((" ".join(current), size))
    return paragraphs


def _breaks(prev: _Line, line: _Line, dys: list[float]) -> bool:
    if prev.y is None or line.y is None:
        return False
    size = max(prev.size, line.size, 1.0)
    if abs(prev.size - line.size) > 0.15 * size:
        return True
    dy = prev.y - line.y
    if dy < -size:  # back up the page: a new column or region
        return True
    threshold = 1.3 * dys[len(dys) // 4] if dys else float("inf")
    if len(dys) < 4:
        threshold = min(threshold, 1.5 * size)
    return dy > threshold


def _reason(exc: BaseException) -> str:
    """pypdf's message on one line, or the exception type when it has none."""
    return " ".join(str(exc).split()) or type(exc).__name__


def _open(data: bytes, warnings: list[str]) -> Any:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # pypdf raises many types for broken files
        raise MalformedPdfError(f"cannot read PDF (corrupt or truncated): {_reason(exc)}") from exc
    if reader.is_encrypted:
        try:
            result = reader.decrypt("")
        except DependencyError as exc:
            raise EncryptedPdfError(
                f"PDF is encrypted and cannot be decrypted here: {_reason(exc)}"
            ) from exc
        except Exception as exc:
            raise EncryptedPdfError(f"PDF is encrypted: {_reason(exc)}") from exc
        if result == PasswordType.NOT_DECRYPTED:
            raise EncryptedPdfError("PDF is encrypted with a password")
        warnings.append("PDF is encrypted with an empty user password; decrypted")
    return reader


def _pdf_metadata(reader: Any, warnings: list[str]) -> Metadata:
    try:
        info = reader.metadata or {}
        raw = {key: info.get(key) for key in ("/Title", "/Author", "/Subject", "/Keywords",
                                               "/CreationDate", "/ModDate", "/Producer",
                                               "/Creator")}
    except Exception as exc:
        warnings.append(f"PDF metadata unreadable: {_reason(exc)}")
        return Metadata()
    values = {k: clean(str(v)) if v is not None else None for k, v in raw.items()}
    title = values["/Title"]
    extra = {name: values[key] for key, name in (("/Keywords", "keywords"),
                                                  ("/Producer", "pdf_producer"),
                                                  ("/Creator", "pdf_creator"))
             if values[key] and values[key] != "(unspecified)"}
    subject = values["/Subject"]
    return Metadata(
        title=None if title is None or title.lower() in _JUNK_TITLES else title,
        authors=tuple(split_authors(values["/Author"] or "")),
        published=iso_date(values["/CreationDate"]),
        modified=iso_date(values["/ModDate"]),
        description=None if subject in (None, "(unspecified)") else subject,
        extra=extra,
    )


def pdf_document(
    data: bytes,
    *,
    url: str,
    content_type: str | None,
    snapshot_id: str,
    headers: Sequence[tuple[str, str]] = (),
    metadata: Mapping[str, str] | None = None,
) -> Document:
    warnings: list[str] = []
    reader = _open(data, warnings)
    try:
        count = len(reader.pages)
    except Exception as exc:
        raise MalformedPdfError(f"cannot read the page tree: {_reason(exc)}") from exc
    if count == 0:
        raise MalformedPdfError("PDF has no pages")

    pages: list[list[tuple[str, float]]] = []
    for number in range(1, count + 1):
        try:
            pages.append(_paragraphs(_page_lines(reader.pages[number - 1])))
        except Exception as exc:
            raise MalformedPdfError(
                f"page {number} of {count} cannot be read: {_reason(exc)}"
            ) from exc

    weights: dict[float, int] = {}
    for paragraphs in pages:
        for text, size in paragraphs:
            weights[round(size, 1)] = weights.get(round(size, 1), 0) + len(text)
    if not weights:
        noun = "page" if count == 1 else "pages"
        raise NoTextLayerError(f"PDF has {count} {noun} but no text layer — needs OCR")
    body_size = max(sorted(weights), key=lambda s: weights[s])

    builder = TextBuilder()
    empty: list[int] = []
    for number, paragraphs in enumerate(pages, start=1):
        if not paragraphs:
            empty.append(number)
        for text, size in paragraphs:
            stripped = " ".join(text.split())
            kind, skip = classify_line(stripped, first=False)
            if (kind != "list_item" and body_size > 0 and size >= HEADING_RATIO * body_size
                    and len(stripped) < 200):
                kind = "heading"
            builder.add(stripped[skip:])
            builder.end_block(kind, page=number)
    if empty:
        shown = ", ".join(map(str, empty[:20])) + (" ..." if len(empty) > 20 else "")
        warnings.append(f"no text layer on page(s) {shown}")
    text, blocks, links = builder.finish()
    meta = apply_user_metadata(_pdf_metadata(reader, warnings), metadata, warnings)
    return Document(
        snapshot_id=snapshot_id, url=url, content_type=content_type, text=text, blocks=blocks,
        links=links, metadata=meta, pages=count, warnings=tuple(warnings),
    )
