"""Picking the authority that existed at a document's date.

A date keeps its precision: "2022" is the whole of 2022, "2023-04" the whole of April 2023.
Among the authorities a name can mean:

* no date: the current one; if none is current, the one that ended last (lower confidence);
* the one whose validity covers most of the period; if the period straddles a change
  ("North Yorkshire" in "2023"), the larger part wins, with lower confidence;
* none existed then because they had all ended: a form in the council's own style
  ("Cumbria County Council") names the historic authority; a bare name goes to the single
  successor ("Bournemouth" in 2022 -> BCP), or is ambiguous between the historic authority
  and its several successors ("Cumbria" in 2024 -> Cumberland or Westmorland and Furness);
* none existed yet: the one that began first after the date ("anticipated", lower confidence).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sendgraph.resolve.model import Authority

if TYPE_CHECKING:
    from sendgraph.resolve.gazetteer import Gazetteer

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?")
_FAR = date(9999, 12, 31)

Period = tuple[date, date]


def period(when: str | date) -> Period:
    """First and last day of ``when``: "YYYY", "YYYY-MM", "YYYY-MM-DD" (a time part after the
    day is ignored) or a ``date``. Anything else is a ``ValueError``."""
    if isinstance(when, date):
        return when, when
    m = _DATE.fullmatch(when.strip()) if isinstance(when, str) else None
    if not m:
        raise ValueError(f"cannot read the date {when!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    try:
        year = int(m[1])
        if m[2] is None:
            return date(year, 1, 1), date(year, 12, 31)
        month = int(m[2])
        if m[3] is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        day = date(year, month, int(m[3]))
    except ValueError as exc:
        raise ValueError(f"cannot read the date {when!r}: {exc}") from None
    return day, day


@dataclass(frozen=True, slots=True)
class Choice:
    authority: Authority | None   # None: ambiguous between ``candidates``
    candidates: tuple[Authority, ...]
    factor: float                 # multiplies the form's confidence
    note: str                     # "" when the date decided nothing


def choose(gaz: Gazetteer, codes: tuple[str, ...], when: Period | None, label: str | None,
           *, styled: bool) -> Choice:
    """The authority among ``codes`` that existed at ``when`` (``label`` is the date as given,
    for the note); ``styled`` means the text used a council style ("... County Council")."""
    rows = [gaz.by_gss(c) for c in codes]
    if when is None:
        current = [r for r in rows if r.current]
        if len(current) == 1:
            note = "" if len(rows) == 1 else f"no date -> {current[0].label()} (current)"
            return Choice(current[0], tuple(rows), 1.0, note)
        if current:
            return Choice(None, tuple(current), 1.0, "several current authorities")
        last = max(rows, key=lambda r: r.valid_to or _FAR)
        return Choice(last, tuple(rows), 0.85, f"no date; {last.label()} ended {last.valid_to}")
    lo, hi = when
    span = (hi - lo).days + 1
    overlap = {r.gss_code: _overlap(r, lo, hi) for r in rows}
    best = max(overlap.values())
    if best > 0:
        top = [r for r in rows if overlap[r.gss_code] == best]
        if len(top) > 1:
            return Choice(None, tuple(top), 1.0, f"date {label}: several authorities")
        chosen = top[0]
        note = ""
        if len(rows) > 1 or not chosen.current:
            note = f"date {label} -> {chosen.label()}"
            if best < span:
                note += " (the date spans a change)"
        return Choice(chosen, tuple(rows), 1.0 if best == span else 0.85, note)
    ended = [r for r in rows if r.valid_to is not None and r.valid_to < lo]
    if ended:
        last = max(ended, key=lambda r: r.valid_to or _FAR)
        if styled:
            return Choice(last, tuple(rows), 0.85,
                          f"date {label} after {last.label()} ended {last.valid_to}; "
                          "named in its own style")
        successors = _successors_at(gaz, last.gss_code, lo, hi)
        if len(successors) == 1:
            return Choice(successors[0], (last, *successors), 0.8,
                          f"date {label}: {last.name} ended {last.valid_to} -> successor "
                          f"{successors[0].label()}")
        if successors:
            return Choice(None, (last, *successors), 1.0,
                          f"date {label}: {last.name} ended {last.valid_to}; successors "
                          + ", ".join(s.label() for s in successors))
        return Choice(last, tuple(rows), 0.75,
                      f"date {label} after {last.label()} ended {last.valid_to}")
    first = min(rows, key=lambda r: r.valid_from)
    return Choice(first, tuple(rows), 0.75,
                  f"date {label} before {first.label()} began {first.valid_from}")


def _overlap(row: Authority, lo: date, hi: date) -> int:
    a, b = max(lo, row.valid_from), min(hi, row.valid_to or _FAR)
    return (b - a).days + 1 if b >= a else 0


def _successors_at(gaz: Gazetteer, code: str, lo: date, hi: date) -> list[Authority]:
    """Successors of ``code`` that existed at the period, following chains of successions."""
    found: list[Authority] = []
    pending, seen = list(gaz.successors.get(code, ())), {code}
    while pending:
        c = pending.pop(0)
        if c in seen:
            continue
        seen.add(c)
        row = gaz.by_gss(c)
        if _overlap(row, lo, hi) > 0:
            found.append(row)
        elif row.valid_to is not None and row.valid_to < lo:
            pending.extend(gaz.successors.get(c, ()))
    return sorted(found, key=lambda r: r.name)
