"""Targets and KPIs: a quantified commitment on a metric, for an authority and a period.

A sentence states a target when a *cue* ("target", "KPI", "aims", "commitment", "must", "plans
to", or an infinitive such as "to save", "to cut", "to issue") comes before a quantity that has a
comparator: a qualifier ("no more than 176" -> at_most, "at least 107" -> at_least), a verb with
"by" or "to" ("reduce ... by 65%" -> reduce_by, "reduce ... to 150" -> at_most, "increase ... by"
-> increase_by), saving money ("save around £1.6m", "£1 million of savings" -> save), a cap, or a
plain "issue / cease / a target of N" (exactly). A number with no cue before it ("Kingston issued
176 plans last year") or no comparator ("13 KPIs") is not a target.

The metric is the phrase the number counts ("176 *new EHCPs*"), the phrase a verb acts on
("reduce *the average top-up cost of ...* by 65%"), or "savings"; with the verb where the phrase
alone is not the metric ("cease *EHCPs*" -> "cease EHCPs"). Its slug comes from `metrics`; wording
we do not know keeps its text with no slug. The `Target` model has no qualifier field, so an
approximation or a range is kept in ``metric_text`` ("savings (approximate)").

Subjects: the coordinated authorities nearest before the cue ("Kingston and Richmond each have a
target ..." -> one target each), else the first after; a sentence that starts with a pronoun
("It", "They", "The council") inherits the subject of the sentence before. References: "Richmond
has similar targets (for both)" gives Richmond the metrics (and comparators) of the previous
sentence's targets, with no value or period. Clauses such as "a target to cut the average
placement cost" (a named target with no number) give a target with no value, when the sentence
names an authority and a known metric. KPI tables are read by `kpi_tables`.

Evidence is the sentence (or table row). Periods: see `periods`; each period expression belongs
to the target clause before it, one stated before every clause belongs to all, and a sentence with
a single period expression lends it to clauses that have none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from sendgraph.document.model import Document
from sendgraph.extract.context import AuthorityHit, ExtractionContext
from sendgraph.extract.kpi_tables import kpi_targets
from sendgraph.extract.metrics import metric_for
from sendgraph.extract.model import Target, evidence_for
from sendgraph.extract.numbers import Quantity
from sendgraph.extract.periods import Period, assign
from sendgraph.extract.phrases import after, between
from sendgraph.extract.prose import (
    HitIndex,
    authority_hits,
    content_blocks,
    is_heading_like,
    merge_facts,
    per_document,
    periods,
    quantities,
    sentences,
    subject,
    table_rows,
    tidy,
)
from sendgraph.extract.quick import quick

NAME = "targets"
VERSION = "1"
LABEL = f"{NAME}@{VERSION}"
REFERENCE_REACH = 2  # blocks across which "similar targets" may refer back
CONTEXT_BLOCKS = 2  # blocks before a KPI table that may name its authority and period

_CI = re.IGNORECASE
_EXPLICIT = (r"\b(?:targets?|kpis?|key\s+performance\s+indicators?|aims?|aiming|goals?|"
             r"objectives?|commit(?:s|ted|ment|ments)?|pledge[sd]?)\b")
_CUE = quick(re.compile(
    _EXPLICIT + r"|\b(?:plans?\s+to|planning\s+to|intends?\s+to|intention\s+to|required\s+to|"
    r"requirement\s+to|expected\s+to|will\s+need\s+to|has\s+to|have\s+to|must)\b|"
    r"\bto\s+(?:save|cut|reduce|lower|decrease|halve|cap|limit|issue|cease|achieve|deliver|"
    r"bring|make|increase|raise)\b|\bwill\s+(?:save|cut|reduce|lower|cap|limit|issue|cease|"
    r"increase)\b", _CI))
_EXPLICIT_CUE = quick(re.compile(_EXPLICIT, _CI))
_VERB = quick(re.compile(
    r"\b(?:(?P<reduce>reduc(?:e|es|ed|ing)|cut(?:s|ting)?|lower(?:s|ed|ing)?|decreas\w*|"
    r"bring\w*\s+down|slash\w*|halv\w*)|(?P<increase>increas(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|"
    r"grow\w*|boost\w*|expand\w*)|(?P<save>sav(?:e|es|ed|ing|ings))|(?P<cap>cap(?:s|ped|ping)?|"
    r"limit(?:s|ed|ing)?|restrict\w*)|(?P<issue>issu(?:e|es|ed|ing))|(?P<cease>ceas(?:e|es|ed|"
    r"ing))|(?P<make>mak(?:e|es|ing)|achiev\w*|deliver\w*|reach\w*|meet\w*|maintain\w*|"
    r"keep\w*))\b", _CI))
_VALUELESS = quick(re.compile(
    r"\bto\s+(?P<verb>cut|reduce|lower|decrease|bring\s+down|cap|limit|increase|raise)\s+"
    r"(?P<np>[^,;.]+?)(?=\s*(?:[,;.]|$|\s+and\s+to\b|\s+by\b|\s+to\b))", _CI))
_SIMILAR = quick(re.compile(r"\b(?:similar|the\s+same|identical|equivalent|comparable)\s+"
                            r"(?:targets?|kpis?|goals?)\b", _CI))
_PRONOUN_START = re.compile(r"[\"'“‘]?(?:it|they|its|their|the\s+(?:council|authority|la|"
                            r"local\s+authority|borough|county))\b", _CI)
_TARGET_OF = re.compile(r"\b(?:target|kpi|aim|goal)\s+(?:of|is|was|at)\s*$", _CI)
_NOT_METRICS = re.compile(
    r"^(?:\w+\s+)?(?:kpis?|key performance indicators?|indicators?|targets?|objectives?|"
    r"measures?|conditions?|years?|months?|weeks?|days?|hours?|times?|pages?|questions?|"
    r"chapters?|recommendations?|las|local authorities|councils?|authorities|of)\b", _CI)
_PER = re.compile(r"\bper\s+\w", _CI)  # a rate: "30 cases per officer"
_SAVINGS_AFTER = re.compile(r"\s*(?:of\s+)?[‘'\"“]?\s*(?:savings|efficienc)", _CI)
_LEMMA = {"issue": "issue", "cease": "cease"}
_NOTES = re.compile(r" \((?:approximate|range)[^)]*\)$")
_BY_TO = re.compile(r"\b(?P<w>by|to|at)\s*$", _CI)


@dataclass(frozen=True)
class _Clause:
    pos: int
    metric_text: str
    comparator: str | None
    value: Decimal | None = None
    unit: str | None = None
    verb: int | None = None  # where the clause's verb starts


def _comparator(kind: str | None, tail: str, q: Quantity, right: str, left: str) -> str | None:
    by_to = _BY_TO.search(tail)
    if by_to and by_to.group("w").lower() == "at" and kind != "cap":
        by_to = None
    if by_to and kind in ("reduce", "increase", "save", "cap"):
        if by_to.group("w").lower() == "by":
            return {"reduce": "reduce_by", "increase": "increase_by", "save": "save"}.get(kind)
        return "at_least" if kind == "increase" else "at_most"
    if q.qualifier in ("at_most", "less_than"):
        return "at_most"
    if q.qualifier in ("at_least", "more_than"):
        return "at_least"
    if kind == "save" or (q.unit == "GBP" and _SAVINGS_AFTER.match(right)):
        return "save"
    if kind == "cap":
        return "at_most"
    if kind in ("issue", "cease", "make") or _TARGET_OF.search(left):
        return "exactly"
    return None


def _metric_text(text: str, kind: str | None, verb: re.Match[str] | None, q: Quantity,
                 comparator: str, end: int) -> str:
    by_to = _BY_TO.search(text, verb.end(), q.qstart) if verb else None
    if by_to is not None and by_to.group("w").lower() == "at" and kind != "cap":
        by_to = None
    if verb is not None and by_to is not None:
        s, e = between(text, verb.end(), by_to.start())
        return tidy(text[s:e])
    if comparator == "save" and not _SAVINGS_AFTER.match(text, q.end, end):
        return "savings"
    s, e = after(text, q.end, end)
    phrase = tidy(text[s:e])
    if not phrase and verb is not None:
        s, e = between(text, verb.end(), q.qstart)
        phrase = tidy(text[s:e])
    if kind in _LEMMA and phrase and metric_for(phrase) is None:
        joined = f"{_LEMMA[kind]} {phrase}"
        if metric_for(joined) is not None:
            return joined
    return phrase


def _notes(q: Quantity) -> str:
    notes = []
    if q.qualifier == "approximate":
        notes.append("approximate")
    if q.high is not None:
        notes.append(f"range {q.value} to {q.high}")
    return f" ({'; '.join(notes)})" if notes else ""


def _clauses(text: str, s: int, e: int, values: list[Quantity]) -> list[_Clause]:
    cue = _CUE.search(text, s, e)
    if cue is None:
        return []
    found: list[_Clause] = []
    left_start = s
    for q in values:
        if cue.start() >= q.qstart:
            left_start = q.end
            continue
        verbs = list(_VERB.finditer(text, left_start, q.qstart))
        verb = verbs[-1] if verbs else None
        kind = verb.lastgroup if verb else None
        tail = text[verb.end():q.qstart] if verb else text[left_start:q.qstart]
        comparator = _comparator(kind, tail, q, text[q.end:e], text[left_start:q.qstart])
        if comparator is not None:
            metric_text = _metric_text(text, kind, verb, q, comparator, e)
            if metric_text and not _NOT_METRICS.match(metric_text):
                unit = "ratio" if q.unit == "count" and _PER.search(metric_text) else q.unit
                found.append(_Clause(q.start, metric_text + _notes(q), comparator, q.value,
                                     unit, verb.start() if verb else None))
        left_start = q.end
    return found


def _valueless(text: str, s: int, e: int, used_verbs: set[int]) -> list[_Clause]:
    out = []
    for m in _VALUELESS.finditer(text, s, e):
        if m.start("verb") in used_verbs:
            continue
        phrase = tidy(text[slice(*between(text, m.start("np"), m.end("np")))])
        if metric_for(phrase) is None:
            continue
        verb = m.group("verb").lower()
        comparator = ("at_most" if verb in ("cap", "limit") else
                      "increase_by" if verb in ("increase", "raise") else "reduce_by")
        out.append(_Clause(m.start(), phrase, comparator, verb=m.start("verb")))
    return out


def _target(document: Document, clause: _Clause, gss: str | None, period: Period | None,
            s: int, e: int) -> Target:
    return Target(
        authority=gss, metric=metric_for(clause.metric_text), metric_text=clause.metric_text,
        comparator=clause.comparator, value=clause.value, unit=clause.unit,
        period_start=period.period_start if period else None,
        period_end=period.period_end if period else None,
        deadline=period.deadline if period else None,
        evidence=(evidence_for(document, s, e, LABEL),))


def scan(ctx: ExtractionContext) -> tuple[list[Target], frozenset[tuple[int, int]]]:
    """Every target in the document, and the spans of the quantities that are target values
    (computed once per document: the figures extractor asks too)."""
    facts, spans = per_document("targets", ctx, _scan)
    return list(facts), spans


def _scan(ctx: ExtractionContext) -> tuple[tuple[Target, ...], frozenset[tuple[int, int]]]:
    document, text, date = ctx.document, ctx.document.text, ctx.date
    index = HitIndex(authority_hits(ctx))
    facts: list[Target] = []
    value_spans: set[tuple[int, int]] = set()
    previous: list[Target] = []
    previous_block = -REFERENCE_REACH - 1
    subjects: list[str] = []
    skip_to = 0
    for i, block in content_blocks(document):
        if i < skip_to:
            continue
        if block.kind == "table_cell":
            rows, skip_to = table_rows(document.blocks, i)
            before = [b for b in document.blocks[max(0, i - CONTEXT_BLOCKS):i][::-1]
                      if b.kind != "table_cell"]
            facts.extend(kpi_targets(document, rows, index, before, date, LABEL))
            continue
        if is_heading_like(document, block):
            subjects = []
        for s, e in sentences(text, block.start, block.end):
            hits = index.within(s, e)
            similar = _SIMILAR.search(text, s, e)
            if similar and previous and i - previous_block <= REFERENCE_REACH:
                facts.extend(_references(document, previous, hits, similar.start(), s, e))
                continue
            found_q = quantities(text, s, e, date)
            clauses = _clauses(text, s, e, found_q)
            used = {c.verb for c in clauses if c.verb is not None}
            if hits and _EXPLICIT_CUE.search(text, s, e):
                clauses = sorted(clauses + _valueless(text, s, e, used), key=lambda c: c.pos)
            if not clauses:
                if hits:
                    subjects = subject(text, hits, e)
                continue
            who = _subjects(text, hits, s, e, subjects)
            subjects = who or subjects
            found = [_target(document, c, gss, p, s, e)
                     for c, p in zip(clauses, assign([c.pos for c in clauses],
                                                     periods(text, s, e, date)), strict=True)
                     for gss in (who or [None])]
            value_spans.update((q.start, q.end) for q in found_q
                               if any(c.pos == q.start for c in clauses))
            facts.extend(found)
            if any(t.value is not None for t in found):
                previous, previous_block = found, i
    return tuple(merge_facts(facts)), frozenset(value_spans)


def _subjects(text: str, hits: list[AuthorityHit], s: int, e: int,
              carried: list[str]) -> list[str]:
    if hits:
        cue = _CUE.search(text, s, e)
        return subject(text, hits, cue.start() if cue else s)
    if _PRONOUN_START.match(text, s, e):
        return carried
    return []


def _references(document: Document, previous: list[Target], hits: list[AuthorityHit],
                pos: int, s: int, e: int) -> list[Target]:
    """"Richmond has similar targets": the previous targets' metrics, for Richmond."""
    out = []
    already = {t.authority for t in previous}
    for gss in subject(document.text, hits, pos):
        if gss in already:
            continue
        seen = set()
        for t in previous:
            key = (t.metric, t.metric_text, t.comparator)
            if key in seen:
                continue
            seen.add(key)
            out.append(replace(t, authority=gss, metric_text=_NOTES.sub("", t.metric_text),
                               value=None, unit=None, period_start=None,
                               period_end=None, deadline=None,
                               evidence=(evidence_for(document, s, e, LABEL),)))
    return out


def extract(ctx: ExtractionContext) -> list[Target]:
    return scan(ctx)[0]
