"""Reading helpers the fact extractors share: sentences (from `sentences`), heading-like blocks,
table rows, authority hits (fetched once per document), the authorities a clause is about, and
merging facts found twice.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from sendgraph.document.model import Block, Document
from sendgraph.extract.context import AuthorityHit, ExtractionContext
from sendgraph.extract.memo import remembered
from sendgraph.extract.model import Fact
from sendgraph.extract.numbers import Quantity, find_quantities
from sendgraph.extract.periods import Period, find_periods
from sendgraph.extract.sentences import split_spans

F = TypeVar("F", bound=Fact)

_TRAILING_QUOTES = "\"'”’)]"
HEADING_MAX_CHARS = 120
HEADING_MAX_WORDS = 14


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]`` (the package's one sentence splitter); split once
    per document however many extractors ask (do not change the list)."""
    return remembered(text, ("sentences", start, end), lambda: split_spans(text, start, end))


def periods(text: str, start: int, end: int, date: str | None) -> list[Period]:
    """`find_periods` of a span, read once per document (targets and figures both ask)."""
    return remembered(text, ("periods", start, end, date),
                      lambda: find_periods(text, start, end, date))


def _outside_periods(text: str, start: int, end: int, date: str | None) -> list[Quantity]:
    found = find_quantities(text, start, end)
    if not found:
        return found  # no number, so no need to read the periods
    spans = periods(text, start, end, date)
    return [q for q in found if not any(p.start < q.end and q.start < p.end for p in spans)]


def quantities(text: str, start: int, end: int, date: str | None) -> list[Quantity]:
    """The quantities of a span that are not part of a period expression ("2022-23", "by March
    2024"), read once per document (targets and figures both ask)."""
    return remembered(text, ("quantities", start, end, date),
                      lambda: _outside_periods(text, start, end, date))


def is_lead_in(text: str) -> bool:
    """A line that introduces what follows: "Current members:", "These councils were invited:"."""
    return text.rstrip().rstrip(_TRAILING_QUOTES).endswith(":")


def is_heading_like(document: Document, block: Block) -> bool:
    """A heading, or (in plain text, where headings are just lines) a short paragraph line that
    does not end like a sentence, or any lead-in line ending with a colon."""
    if block.kind == "heading":
        return True
    if block.kind not in ("paragraph", "quotation"):
        return False
    text = document.text[block.start:block.end]
    if is_lead_in(text):
        return True
    if block.kind != "paragraph" or len(text) > HEADING_MAX_CHARS:
        return False
    if len(text.split()) > HEADING_MAX_WORDS:
        return False
    return not text.rstrip(_TRAILING_QUOTES).endswith((".", ",", ";", "…"))


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its cells (in column order) and the table number."""

    table: int
    row: int
    cells: tuple[Block, ...]

    @property
    def start(self) -> int:
        return self.cells[0].start

    @property
    def end(self) -> int:
        return self.cells[-1].end

    def cell_at(self, col: int) -> Block | None:
        return next((c for c in self.cells if c.col == col), None)


def table_rows(blocks: Sequence[Block], first: int) -> tuple[list[Row], int]:
    """The rows of the table whose first cell is ``blocks[first]``, and the index after it."""
    table = blocks[first].table
    i = first
    cells: dict[int, list[Block]] = {}
    while i < len(blocks) and blocks[i].kind == "table_cell" and blocks[i].table == table:
        cells.setdefault(blocks[i].row or 0, []).append(blocks[i])
        i += 1
    rows = [Row(table or 0, r, tuple(sorted(cs, key=lambda c: (c.col or 0, c.start))))
            for r, cs in sorted(cells.items())]
    return rows, i


T = TypeVar("T")
_memo: dict[str, tuple[object, object, object]] = {}


def per_document(name: str, ctx: ExtractionContext, compute: Callable[[ExtractionContext], T]
                 ) -> T:
    """``compute(ctx)``, remembered for the last document and lookup asked about, so the
    extractors run on one context share work (the resolver's answer, the targets' scan)."""
    cached = _memo.get(name)
    if cached is not None and cached[0] is ctx.document and cached[1] is ctx.authorities:
        return cached[2]  # type: ignore[return-value]
    value = compute(ctx)
    _memo[name] = (ctx.document, ctx.authorities, value)
    return value


def _hits(ctx: ExtractionContext) -> tuple[AuthorityHit, ...]:
    n = len(ctx.document.text)
    return tuple(sorted((h for h in ctx.authorities.mentions(ctx.document)
                         if 0 <= h.start < h.end <= n),
                        key=lambda h: (h.start, h.end, h.gss_code)))


def authority_hits(ctx: ExtractionContext) -> tuple[AuthorityHit, ...]:
    """The document's resolved authority mentions, in text order; asked for once per document
    (every extractor of one context shares the answer)."""
    return per_document("authority_hits", ctx, _hits)


class HitIndex:
    """Authority hits, searchable by span."""

    def __init__(self, hits: Sequence[AuthorityHit]) -> None:
        self.hits = tuple(hits)
        self._starts = [h.start for h in self.hits]

    def within(self, start: int, end: int) -> list[AuthorityHit]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.hits) and self.hits[i].start < end:
            if self.hits[i].end <= end:
                out.append(self.hits[i])
            i += 1
        return out


_COORDINATION = re.compile(r"(?:['’]s)?\s*(?:,\s*(?:and\s+|&\s+)?|and|&|or|/|\s)\s*",
                           re.IGNORECASE)


def groups(text: str, hits: Sequence[AuthorityHit]) -> list[list[AuthorityHit]]:
    """Hits joined by coordination ("Kingston and Richmond", "Kent, Medway & Surrey")."""
    out: list[list[AuthorityHit]] = []
    for hit in hits:
        if out and _COORDINATION.fullmatch(text, out[-1][-1].end, hit.start):
            out[-1].append(hit)
        else:
            out.append([hit])
    return out


def codes(hits: Sequence[AuthorityHit]) -> list[str]:
    """Distinct GSS codes in order of first mention."""
    return list(dict.fromkeys(h.gss_code for h in hits))


def subject(text: str, hits: Sequence[AuthorityHit], pos: int) -> list[str]:
    """The authorities a clause at ``pos`` is about: the coordinated group nearest before it,
    else the first group after it."""
    before = [g for g in groups(text, [h for h in hits if h.end <= pos])]
    if before:
        return codes(before[-1])
    after = groups(text, [h for h in hits if h.start >= pos])
    return codes(after[0]) if after else []


def content_blocks(document: Document) -> Iterator[tuple[int, Block]]:
    """The document's own blocks (reader comments excluded), with their indexes."""
    for i, block in enumerate(document.blocks):
        if block.kind == "comment":
            return
        yield i, block


_SPACE = re.compile(r"\s+")
_QUOTES = re.compile(r"^[\s\"'“”‘’]+|[\s\"'“”‘’.,;:]+$")


def tidy(phrase: str) -> str:
    """A phrase for a fact's text field: single spaces, no surrounding quotes or punctuation."""
    return _QUOTES.sub("", _SPACE.sub(" ", phrase))


def merge_facts(facts: Iterable[F]) -> list[F]:
    """One fact per identity, in order of first appearance, carrying every evidence found."""
    order: dict[tuple[str, ...], F] = {}
    for fact in facts:
        key = (fact.kind, *fact.identity())
        old = order.get(key)
        if old is None:
            order[key] = fact
            continue
        extra = tuple(ev for ev in fact.evidence if ev not in old.evidence)
        if extra:
            order[key] = replace(old, evidence=old.evidence + extra)
    return list(order.values())
