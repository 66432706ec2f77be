"""The document layer: one archived payload (a snapshot) -> a deterministic Document.

A Document is the text extractors read and evidence points into: ``document.text`` plus
blocks (heading, paragraph, list item, table cell, quotation, reader comment) and links with
exact character spans, PDF page numbers, and metadata. See ``model.py`` for the text layout.
"""

from sendgraph.document.build import build_document, document_for
from sendgraph.document.model import (
    BLOCK_KINDS,
    Block,
    Document,
    DocumentError,
    EncryptedPdfError,
    Link,
    MalformedPdfError,
    Metadata,
    NoTextLayerError,
    UnsupportedContentError,
)

__all__ = [
    "BLOCK_KINDS",
    "Block",
    "Document",
    "DocumentError",
    "EncryptedPdfError",
    "Link",
    "MalformedPdfError",
    "Metadata",
    "NoTextLayerError",
    "UnsupportedContentError",
    "build_document",
    "document_for",
]
