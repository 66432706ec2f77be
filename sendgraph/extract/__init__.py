"""Extraction: Documents -> facts with exact evidence. Shared by every source plugin."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sendgraph.extract import (
    citations,
    claims,
    figures,
    mentions,
    programmes,
    references,
    targets,
)
from sendgraph.extract.context import (
    AuthorityHit,
    AuthorityLookup,
    ExtractionContext,
    NoAuthorities,
)
from sendgraph.extract.model import (
    Agent,
    AuthorityMention,
    Citation,
    Claim,
    Evidence,
    EvidenceError,
    Fact,
    Figure,
    ProgrammeParticipation,
    Target,
    check_evidence,
    evidence_for,
)


@dataclass(frozen=True)
class Extractor:
    name: str
    version: str
    run: Callable[[ExtractionContext], Iterable[Fact]]

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


SHARED_EXTRACTORS: tuple[Extractor, ...] = (
    Extractor(citations.NAME, citations.VERSION, citations.extract),
    Extractor(mentions.NAME, mentions.VERSION, mentions.extract),
    Extractor(references.NAME, references.VERSION, references.extract),
    Extractor(claims.NAME, claims.VERSION, claims.extract),
    Extractor(programmes.NAME, programmes.VERSION, programmes.extract),
    Extractor(targets.NAME, targets.VERSION, targets.extract),
    Extractor(figures.NAME, figures.VERSION, figures.extract),
)


def extractor_signature() -> tuple[str, ...]:
    """Names@versions of the shared extractors; a change means re-extraction."""
    return tuple(e.label for e in SHARED_EXTRACTORS)


def run_shared(ctx: ExtractionContext) -> list[Fact]:
    facts: list[Fact] = []
    for extractor in SHARED_EXTRACTORS:
        facts.extend(extractor.run(ctx))
    return facts


__all__ = [
    "SHARED_EXTRACTORS",
    "Agent",
    "AuthorityHit",
    "AuthorityLookup",
    "AuthorityMention",
    "Citation",
    "Claim",
    "Evidence",
    "EvidenceError",
    "ExtractionContext",
    "Extractor",
    "Fact",
    "Figure",
    "NoAuthorities",
    "ProgrammeParticipation",
    "Target",
    "check_evidence",
    "evidence_for",
    "extractor_signature",
    "run_shared",
]
