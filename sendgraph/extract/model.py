"""What extraction emits: facts, each carrying at least one Evidence.

An Evidence is a W3C Web Annotation text-quote + text-position selector into one snapshot's
Document text. It is made only by `evidence_for`, which takes the quote *from* the document, so a
quote cannot disagree with its offsets; `check_evidence` re-proves that when the graph is built.
"""

from __future__ import annotations

import bisect
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from sendgraph.document.model import Document

CONTEXT_CHARS = 32

ROLES = ("member", "invitee", "potential_invitee")
STATUSES = ("agreed", "extended", "funding_withheld", "rejected")
COMPARATORS = ("at_most", "at_least", "exactly", "reduce_by", "increase_by", "save")
CLAIM_KINDS = ("finding", "quotation", "recommendation", "figure", "assertion", "reader_comment")


class EvidenceError(ValueError):
    """An evidence quote does not equal the document text at its offsets (a bug, never data)."""


@dataclass(frozen=True, order=True)
class Evidence:
    snapshot: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    extractor: str
    page: int | None = None
    # Where a reader finds it in the source's own numbering ("para 42"), when the plugin knows.
    locator: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise EvidenceError(f"evidence span {self.start}-{self.end} is empty or negative")
        if len(self.exact) != self.end - self.start:
            raise EvidenceError(f"quote is {len(self.exact)} characters, span is "
                                f"{self.end - self.start}")
        if "@" not in self.extractor:
            raise EvidenceError(f"extractor {self.extractor!r} must be name@version")
        if self.locator is not None and not self.locator.strip():
            raise EvidenceError("a locator, when given, must not be blank")


def _page_at(document: Document, start: int) -> int | None:
    if document.pages is None:
        return None
    starts = [b.start for b in document.blocks]
    i = bisect.bisect_right(starts, start) - 1
    return document.blocks[i].page if i >= 0 else None


def evidence_for(document: Document, start: int, end: int, extractor: str,
                 locator: str | None = None) -> Evidence:
    """Evidence for `document.text[start:end]`, trimmed of surrounding whitespace. `locator`
    is the source's own reference to the place ("para 42"), kept beside the offsets."""
    text = document.text
    if not 0 <= start < end <= len(text):
        raise EvidenceError(f"span {start}-{end} is outside the document ({len(text)} chars)")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise EvidenceError("evidence span holds only whitespace")
    return Evidence(
        snapshot=document.snapshot_id,
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS):start],
        suffix=text[end:end + CONTEXT_CHARS],
        extractor=extractor,
        page=_page_at(document, start),
        locator=locator,
    )


def check_evidence(document: Document, evidence: Evidence) -> None:
    if evidence.snapshot != document.snapshot_id:
        raise EvidenceError(f"evidence names snapshot {evidence.snapshot}, document is "
                            f"{document.snapshot_id}")
    actual = document.text[evidence.start:evidence.end]
    if actual != evidence.exact:
        raise EvidenceError(f"quote {evidence.exact[:40]!r} != text {actual[:40]!r} at "
                            f"{evidence.start}-{evidence.end} of snapshot {evidence.snapshot}")


@dataclass(frozen=True)
class Agent:
    """A person or organisation who says something or is spoken about."""

    name: str
    kind: str = "person"  # person | organisation
    role: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("person", "organisation"):
            raise ValueError(f"agent kind {self.kind!r} must be person or organisation")
        if not self.name.strip():
            raise ValueError("agent name is empty")


@dataclass(frozen=True)
class Fact(ABC):
    """Base of every fact. `identity()` lists the defining fields that make its IRI."""

    evidence: tuple[Evidence, ...] = field(kw_only=True)
    kind: ClassVar[str] = "fact"

    def __post_init__(self) -> None:
        if not self.evidence:
            raise EvidenceError(f"a {self.kind} without evidence is a bug: {self!r}")

    @abstractmethod
    def identity(self) -> tuple[str, ...]:
        """The fields that define this fact (with its source, they make its IRI)."""


def _s(value: object) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class ProgrammeParticipation(Fact):
    authority: str  # GSS code
    programme: str  # programme scheme slug
    role: str
    tranche: str | None = None
    period: str | None = None
    status: str | None = None
    kind: ClassVar[str] = "participation"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.role not in ROLES:
            raise ValueError(f"role {self.role!r} is not one of {ROLES}")
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"status {self.status!r} is not one of {STATUSES}")

    def identity(self) -> tuple[str, ...]:
        return (self.authority, self.programme, self.role, _s(self.tranche), _s(self.period),
                _s(self.status))


@dataclass(frozen=True)
class Target(Fact):
    metric_text: str
    comparator: str | None = None
    authority: str | None = None
    metric: str | None = None  # metric scheme slug; None keeps unknown wording as text only
    value: Decimal | None = None
    unit: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    deadline: str | None = None
    kind: ClassVar[str] = "target"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.comparator is not None and self.comparator not in COMPARATORS:
            raise ValueError(f"comparator {self.comparator!r} is not one of {COMPARATORS}")

    def identity(self) -> tuple[str, ...]:
        return (_s(self.authority), _s(self.metric), self.metric_text, _s(self.comparator),
                _s(self.value), _s(self.unit), _s(self.period_start), _s(self.period_end),
                _s(self.deadline))


@dataclass(frozen=True)
class Figure(Fact):
    value: Decimal
    unit: str
    measure: str
    metric: str | None = None
    about: tuple[str, ...] = ()
    kind: ClassVar[str] = "figure"

    def identity(self) -> tuple[str, ...]:
        return (_s(self.value), self.unit, self.measure, _s(self.metric), ",".join(self.about))


@dataclass(frozen=True)
class Claim(Fact):
    text: str
    claim_kind: str
    speaker: Agent | None = None
    about: tuple[str, ...] = ()
    kind: ClassVar[str] = "claim"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.claim_kind not in CLAIM_KINDS:
            raise ValueError(f"claim kind {self.claim_kind!r} is not one of {CLAIM_KINDS}")

    def identity(self) -> tuple[str, ...]:
        speaker = f"{self.speaker.kind}:{self.speaker.name}" if self.speaker else ""
        return (self.text, self.claim_kind, speaker, ",".join(self.about))


@dataclass(frozen=True)
class Citation(Fact):
    cited_url: str
    anchor_text: str | None = None
    kind: ClassVar[str] = "citation"

    def identity(self) -> tuple[str, ...]:
        return (self.cited_url, _s(self.anchor_text))


@dataclass(frozen=True)
class AuthorityMention(Fact):
    authority: str
    kind: ClassVar[str] = "mention"

    def identity(self) -> tuple[str, ...]:
        return (self.authority,)


FACT_TYPES: tuple[type[Fact], ...] = (ProgrammeParticipation, Target, Figure, Claim, Citation,
                                      AuthorityMention)
