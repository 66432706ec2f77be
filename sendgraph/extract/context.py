"""What an extractor may consult besides the document: lookups injected from above.

Extraction sits below resolution in the layer order, so it never imports the resolver; the
graph builder hands it an `AuthorityLookup` that the resolve layer implements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sendgraph.document.model import Document


@dataclass(frozen=True)
class AuthorityHit:
    """A resolved mention of a local authority in a document's text."""

    start: int
    end: int
    gss_code: str
    name: str
    confidence: float


class AuthorityLookup(Protocol):
    def mentions(self, document: Document) -> Sequence[AuthorityHit]:
        """Every confidently resolved authority mention in the document, in text order."""
        ...


class NoAuthorities:
    """A lookup that knows no authorities (for extractors run without a gazetteer)."""

    def mentions(self, document: Document) -> Sequence[AuthorityHit]:
        return ()


@dataclass
class ExtractionContext:
    document: Document
    authorities: AuthorityLookup = field(default_factory=NoAuthorities)

    @property
    def date(self) -> str | None:
        """The document's date (YYYY, YYYY-MM or YYYY-MM-DD) for time-dependent readings."""
        return self.document.metadata.published
