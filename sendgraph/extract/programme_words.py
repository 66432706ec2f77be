"""Programme wording: names -> programme slugs (ontology/programmes.ttl), and the words that
state a role, a tranche, a period or a status.

Only concrete programmes (``sg:Programme``) have patterns; the two grouping concepts
(deficit support, intervention) are never the programme of a participation. Acronyms (DBV, PINS,
WSoA) match in capitals only, so "pins and needles" is not a programme.
"""

from __future__ import annotations

import re

from sendgraph.extract.periods import find_periods
from sendgraph.extract.quick import quick

_CI = re.IGNORECASE
PROGRAMME_WORDING: tuple[tuple[str, str], ...] = (
    ("safety-valve", r"(?i:safety[\s-]+valve)"),
    ("delivering-better-value", r"(?i:delivering\s+better\s+value)"),
    ("delivering-better-value", r"\bDBV(?:iSEND)?\b"),
    ("send-change-programme",
     r"\b(?i:(?:SEND\s+(?:and\s+(?:AP|alternative\s+provision)\s+)?)?change\s+programme"
     r"(?P<partner>\s+partnerships?)?)"),
    ("pins", r"(?i:partnerships\s+for\s+inclusion\s+of\s+neurodiversity)"),
    ("pins", r"\bPINS\b"),
    ("send-commissioner", r"(?i:\bSEND\s+commissioners?\b|\bcommissioners?\s+for\s+SEND\b|"
                          r"\bcommissioner\s+intervention)"),
    ("statutory-direction", r"(?i:\bstatutory\s+directions?\b|\bsecretary\s+of\s+state\s+"
                            r"directions?\b|\b497A\b)"),
    ("improvement-notice", r"(?i:\bimprovement\s+notices?\b)"),
    ("written-statement-of-action", r"(?i:\bwritten\s+statements?\s+of\s+action\b)"),
    ("written-statement-of-action", r"\bWSoAs?\b"),
)
PROGRAMME_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (slug, re.compile(wording)) for slug, wording in PROGRAMME_WORDING)
_PROGRAMMES = quick(re.compile("|".join(f"(?P<p{i}>{wording})"
                                        for i, (_, wording) in enumerate(PROGRAMME_WORDING))))
INTERVENTIONS = frozenset({"send-commissioner", "statutory-direction", "improvement-notice",
                           "written-statement-of-action"})


def programme_mentions(text: str, start: int = 0, end: int | None = None
                       ) -> list[tuple[int, int, str]]:
    """(start, end, slug) of every programme named in ``text[start:end]``, in text order."""
    end = len(text) if end is None else end
    found = []
    for m in _PROGRAMMES.finditer(text, start, end):
        slug = PROGRAMME_WORDING[int(m.lastgroup[1:]) if m.lastgroup else 0][0]
        if slug == "send-change-programme" and not (
                m.group("partner") or m.group(0)[:1] in "SC"):
            continue  # "a change programme" is any programme of change
        found.append((m.start(), m.end(), slug))
    return found


def programme_for(text: str) -> str | None:
    """The first programme the wording names, or None."""
    found = programme_mentions(text)
    return found[0][2] if found else None


_POTENTIAL = re.compile(r"\bpotential(?:ly)?\b|\bfuture\b|\blikely\b|\bexpected\b|"
                        r"\bnext\s+in\s+line\b|\b(?:may|could|might)\s+be\s+invited\b", _CI)
_INVITE = re.compile(r"\binvit(?:ees?|ed|ations?|es?)\b", _CI)
_MEMBER = re.compile(r"\bmembers?(?:hip)?\b|\bparticipa\w*\b|\bagreements?\b|\bagreed\b|"
                     r"\bjoined\b|\bsigned\b|\bcurrent\b|\bdeals?\b|\bin\s+the\s+programme\b",
                     _CI)
_STATUS_WORDING: tuple[tuple[str, str], ...] = (
    ("funding_withheld",
     r"withh(?:e|o)ld|\b(?:funding|payments?|instalments?|money)\b.{0,40}\b(?:paused|"
     r"suspended|stopped|halted|frozen|turned\s+off|cut\s+off)\b|\b(?:paused|suspended|"
     r"stopped|halted|froze|turned\s+off|cut\s+off)\b.{0,30}\b(?:funding|payments?|"
     r"instalments?|tap)\b"),
    ("extended", r"\bextend(?:ed|s|ing)?\b|\bextension\b"),
    ("rejected", r"\breject(?:ed|s|ion)?\b|\bdeclin(?:ed|es)\b|\bturned\s+down\b|\brefused\b"),
    ("agreed",
     r"\b(?:entered|signed|agreed|reached|struck|secured|concluded)\b.{0,40}?\b(?:agreements?|"
     r"deals?)\b|\b(?:agreements?|deals?)\b.{0,20}\b(?:agreed|signed|reached|struck)\b"),
)
STATUS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (status, quick(re.compile(wording, _CI))) for status, wording in _STATUS_WORDING)
_TRANCHE = re.compile(r"\b(?:tranche|wave|round|cohort)\s*(?P<n>\d{1,2}|one|two|three|four|five|"
                      r"six)\b", _CI)
_TRANCHE_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6"}


def role_in(text: str) -> str | None:
    """member / invitee / potential_invitee, as a heading or lead-in line states it."""
    if _POTENTIAL.search(text) and (_INVITE.search(text) or not _MEMBER.search(text)):
        return "potential_invitee"
    if _INVITE.search(text):
        return "invitee"
    if _MEMBER.search(text):
        return "member"
    return None


def status_in(text: str) -> str | None:
    for status, pattern in STATUS_PATTERNS:
        if pattern.search(text):
            return status
    return None


def tranche_in(text: str) -> str | None:
    m = _TRANCHE.search(text)
    if m is None:
        return None
    n = m.group("n").lower()
    return _TRANCHE_WORDS.get(n, n.lstrip("0") or "0")


def period_in(text: str, document_date: str | None = None) -> str | None:
    """The financial-year label ("2020-21") or calendar year ("2022") a line states, if any."""
    for period in find_periods(text, 0, len(text), document_date):
        if period.label:
            return period.label
        first, last = period.period_start or "", period.period_end or ""
        if first.endswith("-01-01") and last.endswith("-12-31") and first[:4] == last[:4]:
            return first[:4]
    return None
