"""Programme participations: which authority is a member, invitee or potential invitee of which
programme (tranche, period, status where stated), from heading-scoped lists and tables and from
prose.

Lists and tables. A heading-like block (a heading, a short line without a full stop, or a lead-in
ending with a colon) that names a programme opens a *scope*; one that names only a role, tranche
or period ("Current members Tranche 2 (2021-22)", "Tranche 3") refines the open scope; any other
heading-like block closes it, and so do more than `SCOPE_IDLE_LIMIT` prose blocks in a row. Inside
a scope, a list item (or table row) that *begins* with a resolved authority names participants: the
authority and any joined to it ("Kingston and Richmond"). Items that begin with no authority (a
list of webinars under a programme heading) are not participations. In plain text a bare line that
is just an authority's name counts as an item when it directly follows the heading or another
item. The role is the scope's, "member" when no heading states one. Evidence: the item (or row),
then the heading lines that opened and refined the scope.

Prose. A sentence with a resolved authority, a programme (named in it, or failing that in the
sentence before, the previous block or the open scope) and a statement of participation:
"entered a Safety Valve agreement in 2022-23" (member, agreed), "funding was withheld" (member,
funding withheld), "extended" (member, extended), "rejected / turned down" (invitee, rejected),
"could be invited" (potential invitee), "was invited" (invitee), "joined / part of" (member).
Negated sentences ("is not part of") state nothing. Intervention programmes (SEND commissioner,
statutory direction, improvement notice, WSoA) need their own verbs ("appointed", "issued",
"in place") and the programme in the same sentence. Evidence: the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sendgraph.document.model import Block, Document
from sendgraph.extract.context import AuthorityHit, ExtractionContext
from sendgraph.extract.model import Evidence, ProgrammeParticipation, evidence_for
from sendgraph.extract.programme_words import (
    INTERVENTIONS,
    STATUS_PATTERNS,
    period_in,
    programme_for,
    programme_mentions,
    role_in,
    status_in,
    tranche_in,
)
from sendgraph.extract.prose import (
    HitIndex,
    Row,
    authority_hits,
    codes,
    content_blocks,
    groups,
    is_heading_like,
    merge_facts,
    sentences,
    subject,
    table_rows,
)
from sendgraph.extract.quick import quick

NAME = "programmes"
VERSION = "1"
LABEL = f"{NAME}@{VERSION}"
SCOPE_IDLE_LIMIT = 4
ITEM_MAX_CHARS = 120
ITEM_LEAD = 4  # how far into an item its authority may start ("- The Bury", "1. Kent")

_CI = re.IGNORECASE
_NEGATION = quick(re.compile(r"\b(?:not|never|no\s+longer|yet\s+to|nor)\b|n[’']t\b", _CI))
_PROSE: tuple[tuple[str, str | None, bool, re.Pattern[str]], ...] = (
    # role, status, may borrow the programme from context, pattern
    ("member", "funding_withheld", True, STATUS_PATTERNS[0][1]),
    ("member", "extended", False, STATUS_PATTERNS[1][1]),
    ("invitee", "rejected", False, STATUS_PATTERNS[2][1]),
    ("potential_invitee", None, True, quick(re.compile(
        r"\bpotential(?:ly)?\b.{0,40}\binvit|\b(?:could|may|might|likely\s+to|expected\s+to|"
        r"set\s+to|due\s+to|probably|soon)\b.{0,30}\b(?:be\s+invited|get\s+an\s+invit|receive\s+an"
        r"\s+invit|join)", _CI))),
    ("invitee", None, True, quick(re.compile(r"\binvit(?:ed|ation|ations|ee|ees)\b", _CI))),
    ("member", "agreed", True, STATUS_PATTERNS[3][1]),
    ("member", None, False, quick(re.compile(
        r"\b(?:joined|member\s+of|members\s+of|part\s+of|taking\s+part|took\s+part|participat\w*|"
        r"signed\s+up|enrolled|(?:is|are|was|were)\s+(?:in|on)\s+(?:the\s+|a\s+)?(?:\w+\s+){0,4}"
        r"programme)\b", _CI))),
)
_INTERVENTION_VERB = quick(re.compile(r"\b(?:appoint\w*|issued|issues|served|placed|put\s+under|"
                                      r"subject\s+to|in\s+place|received|imposed)\b", _CI))


@dataclass(frozen=True)
class Scope:
    programme: str | None = None
    role: str | None = None
    tranche: str | None = None
    period: str | None = None
    status: str | None = None
    blocks: tuple[Block, ...] = ()


def _rescope(scope: Scope, line: str, block: Block, date: str | None) -> Scope:
    programme = programme_for(line)
    role, tranche, status = role_in(line), tranche_in(line), status_in(line)
    period = period_in(line, date)
    if programme is not None:
        return Scope(programme, role, tranche, period, status, (block,))
    if scope.programme is not None and (role or tranche or period or status):
        new_group = tranche is not None or period is not None
        return Scope(scope.programme, role or scope.role,
                     tranche if new_group else scope.tranche,
                     period if new_group else scope.period,
                     status or scope.status, (scope.blocks[0], block))
    return Scope()


def _item_codes(text: str, start: int, end: int, hits: list[AuthorityHit]) -> list[str]:
    """The authorities an item names, if it begins with one (and is short enough to be a name
    with a note rather than a sentence about it)."""
    if not hits or hits[0].start - start > ITEM_LEAD or end - start > ITEM_MAX_CHARS:
        return []
    return codes(groups(text, hits)[0])


def _bare(text: str, block: Block, hits: list[AuthorityHit]) -> bool:
    """A plain line that is only an authority's name (and at most a few words of note)."""
    if not hits or hits[0].start - block.start > ITEM_LEAD:
        return False
    rest = text[groups(text, hits)[0][-1].end:block.end]
    return len(re.findall(r"\w+", rest)) <= 3 and not rest.rstrip().endswith(".")


def _fact(document: Document, gss: str, scope: Scope, span: tuple[int, int], overrides: str,
          date: str | None) -> ProgrammeParticipation:
    evidence: list[Evidence] = [evidence_for(document, span[0], span[1], LABEL)]
    evidence += [evidence_for(document, b.start, b.end, LABEL) for b in scope.blocks]
    return ProgrammeParticipation(
        authority=gss, programme=scope.programme or "", role=scope.role or "member",
        tranche=tranche_in(overrides) or scope.tranche,
        period=period_in(overrides, date) or scope.period,
        status=status_in(overrides) or scope.status, evidence=tuple(evidence))


def _row_facts(document: Document, rows: list[Row], index: HitIndex, scope: Scope,
               date: str | None) -> Iterator[ProgrammeParticipation]:
    text = document.text
    header = rows[0] if rows and not index.within(rows[0].start, rows[0].end) else None
    tranche_col = None
    if header is not None:
        tranche_col = next((c.col for c in header.cells
                            if re.search(r"tranche|wave|round|cohort", text[c.start:c.end], _CI)),
                           None)
    for row in rows:
        if row is header:
            continue
        programme = programme_for(text[row.start:row.end]) or scope.programme
        if programme is None:
            continue
        cell = row.cell_at(tranche_col) if tranche_col is not None else None
        tranche = None
        if cell is not None:
            raw = text[cell.start:cell.end].strip()
            tranche = tranche_in(raw) or tranche_in(f"tranche {raw}")
        row_scope = Scope(programme, role_in(text[row.start:row.end]) or scope.role,
                          tranche or scope.tranche, scope.period, scope.status, scope.blocks)
        seen: list[str] = []
        for c in row.cells:
            for gss in _item_codes(text, c.start, c.end, index.within(c.start, c.end)):
                if gss not in seen:
                    seen.append(gss)
        for gss in seen:
            yield _fact(document, gss, row_scope, (row.start, row.end),
                        text[row.start:row.end], date)


def _prose(document: Document, s: int, e: int, hits: list[AuthorityHit],
           mentions: list[tuple[int, int, str]], context: str | None, date: str | None
           ) -> Iterator[ProgrammeParticipation]:
    text = document.text
    programme = next((m[2] for m in mentions if m[2] not in INTERVENTIONS), None)
    if programme is None and any(m[2] in INTERVENTIONS for m in mentions):
        intervention = next(m for m in mentions if m[2] in INTERVENTIONS)
        verb = _INTERVENTION_VERB.search(text, s, e)
        if verb is None or _NEGATION.search(text, s, verb.end()):
            return
        for gss in subject(text, hits, min(verb.start(), intervention[0])):
            yield ProgrammeParticipation(
                authority=gss, programme=intervention[2], role="member",
                period=period_in(text[s:e], date),
                evidence=(evidence_for(document, s, e, LABEL),))
        return
    if programme is None and context is None:
        return  # whichever statement matched first, it would have no programme
    for role, status, borrow, pattern in _PROSE:
        m = pattern.search(text, s, e)
        if m is None:
            continue
        chosen = programme or (context if borrow else None)
        if chosen is None or _NEGATION.search(text, s, m.end()):
            return
        sentence = text[s:e]
        for gss in subject(text, hits, m.start()):
            yield ProgrammeParticipation(
                authority=gss, programme=chosen, role=role, tranche=tranche_in(sentence),
                period=period_in(sentence, date), status=status,
                evidence=(evidence_for(document, s, e, LABEL),))
        return


def extract(ctx: ExtractionContext) -> list[ProgrammeParticipation]:
    document, text, date = ctx.document, ctx.document.text, ctx.date
    index = HitIndex(authority_hits(ctx))
    facts: list[ProgrammeParticipation] = []
    scope, idle, after_item = Scope(), 0, False
    recent: tuple[str, int] | None = None  # last programme named in prose, and its block
    blocks = document.blocks
    skip_to = 0
    for i, block in content_blocks(document):
        if i < skip_to:
            continue
        if block.kind == "table_cell":
            rows, skip_to = table_rows(blocks, i)
            facts.extend(_row_facts(document, rows, index, scope, date))
            after_item = False
            continue
        hits = index.within(block.start, block.end)
        is_item = scope.programme is not None and (
            block.kind == "list_item" or (block.kind == "paragraph" and (after_item or idle == 0)
                                          and _bare(text, block, hits)))
        gss_codes = _item_codes(text, block.start, block.end, hits) if is_item else []
        if gss_codes:
            facts.extend(_fact(document, gss, scope, (block.start, block.end),
                               text[hits[-1].end:block.end], date) for gss in gss_codes)
            after_item, idle = True, 0
            continue
        after_item = False
        if is_heading_like(document, block):
            scope, idle = _rescope(scope, text[block.start:block.end], block, date), 0
        elif block.kind != "list_item":
            idle += 1
            if idle > SCOPE_IDLE_LIMIT:
                scope = Scope()
        for s, e in sentences(text, block.start, block.end):
            mentions = programme_mentions(text, s, e)
            named_here = index.within(s, e)
            if named_here:  # a participation needs an authority
                context = (recent[0] if recent is not None and i - recent[1] <= 1
                           else scope.programme)
                facts.extend(_prose(document, s, e, named_here, mentions, context, date))
            named = [m[2] for m in mentions if m[2] not in INTERVENTIONS]
            if named:
                recent = (named[-1], i)
    return merge_facts(facts)
