"""Figures: notable statistics, with value, unit, what they measure and whom they are about.

Which numbers: every amount of money and every percentage or fraction ("two-thirds of LAs"); a
count when it counts a SEND population ("354,000 *pupils with EHCPs*", "300 *appeals*") and is at
least `MIN_COUNT`, or when a verb of measurement gives it a subject ("case loads *reached*
500-600"). Target values (see `targets`) are not figures, nor are years, dates, labels and the
other non-quantities of `numbers`.

What it measures, in order of preference: the subject of a measuring verb ("These DSG deficits now
stand at around £1 billion" -> "DSG deficits"; "that figure should be closer to £20 million" ->
the measure of the figure before it); the noun before "of" with any "in/for ..." after the value
("an allocation of £7.3 million in the top-up fund ..." -> "allocation in the top-up fund ...");
the noun after an amount ("a £45m deficit");
for percentages and fractions "share of X" or "rise in X"; the phrase a count counts; otherwise
the clause itself (with the clause before it when the clause starts with the number). The model
has no qualifier field, so approximations, bounds, ranges and "should be" go in brackets after the
measure: "DSG deficits (approximate)", "case loads: children per worker (range 500 to 600)".
A rate ("children per worker") has unit "ratio". `about`: the authorities named in the sentence.
A figure repeated later in the document with only a clause for its measure adds its sentence as
evidence to the first one instead of becoming a second figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sendgraph.document.model import Document
from sendgraph.extract import targets
from sendgraph.extract.context import ExtractionContext
from sendgraph.extract.metrics import metric_for
from sendgraph.extract.model import Figure, evidence_for
from sendgraph.extract.numbers import Quantity
from sendgraph.extract.phrases import after, strip_determiners, subject_before
from sendgraph.extract.prose import (
    HitIndex,
    authority_hits,
    codes,
    content_blocks,
    merge_facts,
    quantities,
    sentences,
    tidy,
)
from sendgraph.extract.quick import quick

NAME = "figures"
VERSION = "1"
LABEL = f"{NAME}@{VERSION}"
MIN_COUNT = 10
FALLBACK_WORDS = 24

_CI = re.IGNORECASE
_POPULATION = re.compile(
    r"(?:[\w-]+\s+){0,3}?(?:pupils?|children|child|young\s+people|students?|learners?|ehcps?|"
    r"ehc\s?plans?|education,?\s+health\s+and\s+care\s+plans?|plans|statements|appeals?|cases|"
    r"assessments?|requests?|placements?|places|families|complaints|exclusions|referrals|"
    r"tribunals?|case\s?loads?)\b", _CI)
_ADVERBS = r"(?:\s+(?:now|currently|already|still|also|then|reportedly|at\s+one\s+point))*"
_STAT_VERB = quick(re.compile(
    _ADVERBS + r"\s+(?P<verb>(?:stands?|stood|standing)\s+at|reached|reach(?:es)?|totall?ed|"
    r"totals?|amount(?:s|ed)?\s+to|(?:rose|risen|rising|grew|grown|fell|fallen|dropped|"
    r"increased|decreased|climbed|jumped)\s+to|hit|(?:is|are|was|were)\s+(?:estimated|put)\s+at|"
    r"(?P<modal>should|could|would|must|might)\s+be|is|are|was|were|has\s+been|have\s+been|"
    r"had\s+been)\s*[‘'\"“]?\s*$", _CI))
_ANAPHORA = re.compile(r"(?:\b(?:that|this|the|which)\s+(?:figure|number|amount|sum|total)|"
                       r"\b(?:it|this|that|which))\s*$", _CI)
_OF = re.compile(r"(?P<np>\b[\w-]+(?:\s+[\w-]+){0,2})\s+of\s*$", _CI)
_TAIL = re.compile(r"\s+(?P<tail>(?:in|for|on)\s+[^,;.()–—\"“”]+)", _CI)
_CHANGE = re.compile(r"\s*(?P<n>rise|increase|fall|drop|decrease|reduction|growth|jump|cut)s?\b"
                     r"(?:\s+in\b)?", _CI)
_PER = re.compile(r"\bper\s+\w+", _CI)
_CLAUSE_BREAK = re.compile(r",(?!\s*health\b)\s|[;:]\s|\s[–—-]\s", _CI)
_TIME_UNIT = re.compile(r"(?:weeks?|months?|years?|days?|hours?|minutes?|times)\b", _CI)
_NP_CUT = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "has", "have", "had",
                     "is", "are", "was", "were", "with", "by", "for", "and"})
FALLBACK_BEFORE = 12
_NOT_NOUN = frozenset({"that", "of", "the", "a", "an", "to", "in", "is", "was", "be", "been",
                       "and", "or", "it", "them", "this"})
_QUALIFIER_NOTE = {"approximate": "approximate", "more_than": "more than",
                   "at_least": "at least", "less_than": "less than", "at_most": "at most"}


@dataclass(frozen=True)
class _Reading:
    measure: str
    unit: str
    fallback: bool


def _clause_start(text: str, s: int, pos: int) -> int:
    last = s
    for m in _CLAUSE_BREAK.finditer(text, s, pos):
        last = m.end()
    return last


def _fallback(text: str, s: int, e: int, q: Quantity) -> str:
    """The clause around the number (with the end of the clause before, when the number opens
    its clause)."""
    start = _clause_start(text, s, q.qstart)
    before: list[str] = []
    if not text[start:q.qstart].strip() and start > s:
        before = text[_clause_start(text, s, start - 2):start].split()[-FALLBACK_BEFORE:]
    stop = _CLAUSE_BREAK.search(text, q.end, e)
    words = before + text[start:stop.start() if stop else e].split()[:FALLBACK_WORDS]
    return tidy(" ".join(words))


def _noun_before_of(phrase: str) -> str:
    """"has an allocation" -> "allocation": the words after the last determiner or verb."""
    words = phrase.split()
    cut = max((i + 1 for i, w in enumerate(words) if w.lower() in _NP_CUT), default=0)
    return " ".join(words[cut:])


def _measure(text: str, s: int, e: int, q: Quantity, previous: str | None) -> _Reading | None:
    clause = _clause_start(text, s, q.qstart)
    left = text[clause:q.qstart]
    unit = q.unit
    if q.unit == "count" and q.value < MIN_COUNT:
        return None
    noun_span = after(text, q.end, e)
    noun = tidy(text[slice(*noun_span)])
    if _PER.search(noun):
        unit = "ratio"
    verb = _STAT_VERB.search(left)
    if verb is not None:
        head = left[:verb.start()]
        base = previous if (previous and _ANAPHORA.search(head)) else subject_before(head, 0,
                                                                                   len(head))
        if base:
            base = strip_determiners(tidy(base))
            return _Reading(f"{base}: {noun}" if noun and q.unit == "count" else base, unit,
                            False)
    if q.unit in ("percent", "ratio"):
        change = _CHANGE.match(text, q.end, e)
        if change:
            rest = tidy(text[slice(*after(text, change.end(), e))])
            what = rest if change.group(0).rstrip().endswith(" in") else (previous or rest)
            return _Reading(f"{change.group('n').lower()} in {what}" if what
                            else change.group("n").lower(), unit, False)
        if re.match(r"\s+of\b", text[q.end:e]) and noun and noun.lower() not in _NOT_NOUN \
                and noun.split()[0].lower() not in ("them", "us", "those", "it"):
            return _Reading(f"share of {noun}", unit, False)
        return _Reading(_fallback(text, s, e, q), unit, True)
    of = _OF.search(left)
    base = _noun_before_of(of.group("np")) if of else ""
    if q.unit == "GBP" and base and base.split()[-1].lower() not in _NOT_NOUN:
        tail = _TAIL.match(text, q.end, e)
        return _Reading(f"{base} {tidy(tail.group('tail'))}" if tail else base, unit, False)
    if q.unit == "GBP" and noun and not text[q.end:noun_span[0]].strip() \
            and noun.split()[0].lower() not in _NOT_NOUN:
        return _Reading(noun, unit, False)  # "a £45m deficit", "a £2m grant"
    if q.unit == "count":
        if noun and _POPULATION.match(noun) and not _TIME_UNIT.match(noun):
            return _Reading(noun, unit, False)
        return None
    return _Reading(_fallback(text, s, e, q), unit, True)


def _notes(q: Quantity, text: str, s: int) -> str:
    notes = []
    verb = _STAT_VERB.search(text[_clause_start(text, s, q.qstart):q.qstart])
    if verb is not None and verb.group("modal"):
        notes.append(f"{verb.group('modal').lower()} be")
    if q.qualifier:
        notes.append(_QUALIFIER_NOTE[q.qualifier])
    if q.high is not None:
        notes.append(f"range {q.value} to {q.high}")
    return f" ({'; '.join(notes)})" if notes else ""


def _figures(document: Document, s: int, e: int, about: tuple[str, ...],
             skip: set[tuple[int, int]], date: str | None) -> list[tuple[Figure, bool]]:
    text = document.text
    out: list[tuple[Figure, bool]] = []
    previous: str | None = None
    for q in quantities(text, s, e, date):
        if (q.start, q.end) in skip:
            continue
        reading = _measure(text, s, e, q, previous)
        if reading is None or not reading.measure:
            continue
        figure = Figure(value=q.value, unit=reading.unit,
                        measure=reading.measure + _notes(q, text, s),
                        metric=None if reading.fallback else metric_for(reading.measure),
                        about=about,
                        evidence=(evidence_for(document, s, e, LABEL),))
        out.append((figure, reading.fallback))
        if not reading.fallback:
            previous = reading.measure
    return out


def extract(ctx: ExtractionContext) -> list[Figure]:
    document, text = ctx.document, ctx.document.text
    index = HitIndex(authority_hits(ctx))
    skip = targets.scan(ctx)[1]
    found: list[Figure] = []
    first: dict[tuple[object, ...], int] = {}
    for _, block in content_blocks(document):
        if block.kind == "table_cell":
            continue
        for s, e in sentences(text, block.start, block.end):
            about = tuple(codes(index.within(s, e)))
            for figure, fallback in _figures(document, s, e, about, skip, ctx.date):
                key = (figure.value, figure.unit, figure.about)
                if fallback and key in first:
                    i = first[key]
                    found[i] = replace(found[i], evidence=found[i].evidence + figure.evidence)
                    continue
                first.setdefault(key, len(found))
                found.append(figure)
    return merge_facts(found)
