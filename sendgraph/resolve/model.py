"""The resolver's value types: an ``Authority`` from the gazetteer and a ``Mention`` of one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KINDS = {
    "E09": "London borough",
    "E08": "metropolitan district",
    "E06": "unitary",
    "E10": "county",
}

STATUSES = frozenset({"resolved", "ambiguous", "unresolved"})


@dataclass(frozen=True)
class Authority:
    """One row of the gazetteer: a local authority under one GSS code for one period.

    ``valid_from``/``valid_to`` are the dates the GSS code was in use (``valid_to`` is None for
    a current authority). ``names`` is the official name first, then the official and common
    forms the project accepted (checked hints and ``name_forms.csv``); the council styles
    generated only for matching ("X Borough Council" for every unitary) are not names.
    """

    name: str
    gss_code: str
    dfe_la_code: str | None
    region: str
    kind: str
    valid_from: date
    valid_to: date | None
    names: tuple[str, ...]

    @property
    def current(self) -> bool:
        return self.valid_to is None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def label(self) -> str:
        """``Name (GSS)``, as used in reasons and messages."""
        return f"{self.name} ({self.gss_code})"

    def __repr__(self) -> str:
        return f"Authority({self.label()})"


@dataclass(frozen=True)
class Mention:
    """A span of a document's text that names (or may name) an English local authority.

    ``text`` is exactly ``source[start:end]``: build mentions with ``Mention.at`` so that holds.
    ``status`` is "resolved" (``authority`` set), "ambiguous" (several or uncertain
    ``candidates``, no ``authority``) or "unresolved" (looks like an authority, none found).
    """

    start: int
    end: int
    text: str
    authority: Authority | None
    confidence: float
    status: str
    candidates: tuple[Authority, ...]
    reason: str
    case: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end or len(self.text) != self.end - self.start:
            raise ValueError(f"mention span {self.start}:{self.end} does not fit {self.text!r}")
        if self.status not in STATUSES:
            raise ValueError(f"unknown mention status {self.status!r}")
        if (self.status == "resolved") != (self.authority is not None):
            raise ValueError("a resolved mention needs an authority, and only it has one")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside 0..1")

    @classmethod
    def at(cls, source: str, start: int, end: int, **fields: object) -> Mention:
        """A mention of ``source[start:end]`` (the text is taken from the source, never given)."""
        return cls(start=start, end=end, text=source[start:end], **fields)  # type: ignore[arg-type]

    @property
    def gss_code(self) -> str | None:
        return self.authority.gss_code if self.authority else None

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "status": self.status,
            "gss": self.gss_code,
            "name": self.authority.name if self.authority else None,
            "confidence": round(self.confidence, 3),
            "candidates": [a.gss_code for a in self.candidates],
            "reason": self.reason,
            "case": self.case,
        }
