"""PDF -> Document: pages, paragraphs, metadata, and a clear error for each kind of bad PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PageObject, PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from sendgraph.document import (
    Document,
    DocumentError,
    EncryptedPdfError,
    MalformedPdfError,
    NoTextLayerError,
    UnsupportedContentError,
    build_document,
)

URL = "https://example.org/reports/inquiry.pdf"
PAGE_ONE = [
    "The committee heard evidence from parents over eighteen months of sessions. " * 4,
    "Local authorities described rising demand and a funding gap that kept widening. " * 3,
]
PAGE_TWO = ["Recommendations follow in the next section of this report.",
            "Inspection should look at how plans are written and reviewed."]
PAGE_THREE = ["Annex: list of witnesses."]


def make_pdf(**info: str) -> bytes:
    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, **info)
    story: list[object] = [Paragraph("Special educational needs inquiry", styles["Heading1"])]
    story += [Paragraph(p, styles["BodyText"]) for p in PAGE_ONE]
    story.append(PageBreak())
    story += [Paragraph(p, styles["BodyText"]) for p in PAGE_TWO]
    story.append(PageBreak())
    story += [Paragraph(p, styles["BodyText"]) for p in PAGE_THREE]
    doc.build(story)
    return buf.getvalue()


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return make_pdf(title="Inquiry report", author="Education Committee; Clerk Team")


def build(data: bytes, content_type: str | None = "application/pdf") -> Document:
    return build_document(data, url=URL, content_type=content_type, snapshot_id="pdf00001")


def test_pages_and_paragraph_blocks(pdf_bytes: bytes) -> None:
    doc = build(pdf_bytes)
    assert doc.pages == 3
    got = [(b.kind, b.page, doc.text[b.start:b.end]) for b in doc.blocks]
    assert got == [
        ("heading", 1, "Special educational needs inquiry"),
        ("paragraph", 1, PAGE_ONE[0].strip()),
        ("paragraph", 1, PAGE_ONE[1].strip()),
        ("paragraph", 2, PAGE_TWO[0]),
        ("paragraph", 2, PAGE_TWO[1]),
        ("paragraph", 3, PAGE_THREE[0]),
    ]
    assert doc.text == "\n\n".join(doc.text[b.start:b.end] for b in doc.blocks)


def test_pdf_metadata(pdf_bytes: bytes) -> None:
    meta = build(pdf_bytes).metadata
    assert meta.title == "Inquiry report"
    assert meta.authors == ("Education Committee", "Clerk Team")
    assert meta.published is not None
    assert len(meta.published) == len("2019-10-23T10:15:00+00:00")
    assert meta.published[4] == "-" and meta.published[10] == "T"
    assert meta.extra["pdf_producer"].startswith("ReportLab")


def test_pdf_is_deterministic(pdf_bytes: bytes) -> None:
    assert build(pdf_bytes).to_json() == build(pdf_bytes).to_json()


def test_pdf_sniffed_when_mislabelled(pdf_bytes: bytes) -> None:
    doc = build(pdf_bytes, content_type="text/html")
    assert doc.pages == 3
    assert any("payload is a PDF" in w for w in doc.warnings)
    assert build(pdf_bytes, content_type=None).pages == 3


def test_image_only_pdf_needs_ocr() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for _ in range(2):
        c.rect(100, 100, 300, 300, fill=1)  # pixels, no text operators
        c.showPage()
    c.save()
    with pytest.raises(NoTextLayerError) as err:
        build(buf.getvalue())
    assert "PDF has 2 pages but no text layer — needs OCR" in str(err.value)
    assert "pdf00001" in str(err.value) and URL in str(err.value)


def test_page_without_text_among_others_is_a_warning() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 700, "Only page one has words.")
    c.showPage()
    c.rect(100, 100, 300, 300, fill=1)
    c.showPage()
    c.save()
    doc = build(buf.getvalue())
    assert doc.pages == 2
    assert [(b.page, doc.text[b.start:b.end]) for b in doc.blocks] == [
        (1, "Only page one has words.")]
    assert any("page(s) 2" in w for w in doc.warnings)


def encrypted(pdf: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret",
                   algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf(pdf_bytes: bytes) -> None:
    with pytest.raises(EncryptedPdfError, match="encrypted with a password"):
        build(encrypted(pdf_bytes, "let-me-in"))


def test_owner_password_only_pdf_is_read(pdf_bytes: bytes) -> None:
    doc = build(encrypted(pdf_bytes, ""))
    assert doc.pages == 3
    assert "Recommendations follow" in doc.text
    assert any("empty user password" in w for w in doc.warnings)


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.8, 0.95])
def test_truncated_pdf_is_malformed(pdf_bytes: bytes, fraction: float) -> None:
    with pytest.raises(MalformedPdfError) as err:
        build(pdf_bytes[: int(len(pdf_bytes) * fraction)])
    assert "\n" not in str(err.value)


def test_garbage_after_pdf_header_is_malformed() -> None:
    with pytest.raises(MalformedPdfError, match="cannot read PDF"):
        build(b"%PDF-1.7\n" + bytes(range(256)) * 20)


def test_declared_pdf_without_header_is_malformed() -> None:
    with pytest.raises(MalformedPdfError, match="no %PDF- header"):
        build(b"\x00\x01garbage" * 50)


def test_declared_pdf_that_is_an_html_page_is_read_as_html() -> None:
    doc = build(b"<!DOCTYPE html><html><body><p>Please log in</p></body></html>")
    assert doc.text == "Please log in"
    assert any("payload is an HTML page" in w for w in doc.warnings)


def test_undeclared_garbage_is_unsupported() -> None:
    with pytest.raises(UnsupportedContentError, match="looks like binary data"):
        build(bytes(range(256)) * 20, content_type=None)


def test_failing_page_is_named(pdf_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    original = PageObject.extract_text
    calls = {"n": 0}

    def flaky(self: PageObject, *args: object, **kwargs: object) -> str:
        calls["n"] += 1
        if calls["n"] == 2:
            raise ValueError("broken content stream")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", flaky)
    with pytest.raises(MalformedPdfError, match="page 2 of 3 cannot be read: broken content"):
        build(pdf_bytes)


def test_all_pdf_errors_are_document_errors() -> None:
    for cls in (EncryptedPdfError, MalformedPdfError, NoTextLayerError, UnsupportedContentError):
        assert issubclass(cls, DocumentError)


def test_visitor_disagreement_falls_back_to_plain_text(pdf_bytes: bytes,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    original = PageObject.extract_text

    def no_visits(self: PageObject, *args: object, **kwargs: object) -> str:
        kwargs.pop("visitor_text", None)  # pypdf "forgets" to report positions
        return original(self, *args, **kwargs)

    monkeypatch.setattr(PageObject, "extract_text", no_visits)
    doc = build(pdf_bytes)
    assert [b.page for b in doc.blocks] == [1, 2, 3]  # one block per page: no layout known
    assert "Recommendations follow in the next section" in doc.text
