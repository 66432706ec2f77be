"""Deterministic sentence splitting with exact spans, one block at a time.

A sentence never crosses a block boundary. Inside a block, a sentence ends after ``.``, ``!``,
``?`` or ``…`` (any run of them, with closing quotes or brackets after it) when whitespace
follows and the next word begins with a capital letter, a digit, an opening quote or bracket
- or at the end of the block. It does not end after:

* an abbreviation ("Mr.", "Dr.", "e.g.", "i.e.", "etc.", "cf.", "St.", "Cllr.", "Jan." …);
* "No." / "para." / "p." / "pp." before a number ("No. 10", "p. 21");
* a single capital initial ("J. Smith", "Robert F. Kennedy");
* a full stop inside a number or an abbreviation without a following space ("1.6m", "U.K.");

Spans are absolute offsets into the document text and never include the whitespace around a
sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sendgraph.document.model import Document

# A candidate end: terminal punctuation, then closing quotes/brackets, then whitespace or end.
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s|$)")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z.])([A-Za-z]+(?:\.[A-Za-z]+)*)\.$")
_NEXT_STARTS = re.compile(r"\s+([\"'“‘(\[]*)(\S)")

ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "rev", "hon", "rt", "cllr", "gen",
    "col", "capt", "lt", "sgt", "e.g", "i.e", "etc", "cf", "vs", "v", "al", "approx", "dept",
    "govt", "est", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "sat", "sun", "fig", "figs", "vol", "ch", "sec", "art", "cl", "reg", "ref", "nb",
})
_BEFORE_NUMBER = frozenset({"no", "nos", "para", "paras", "p", "pp", "pg", "page", "s", "r"})


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    block: int  # index into document.blocks


def _is_boundary(text: str, stop: int, punct_start: int, end: int) -> bool:
    """Whether the terminator ending at ``stop`` (its first character at ``punct_start``)
    ends a sentence that must end by ``end``."""
    nxt = _NEXT_STARTS.match(text, stop, end)
    if nxt is None:  # only whitespace (or nothing) follows
        return True
    opener, first = nxt.group(1), nxt.group(2)
    if not (first.isupper() or first.isdigit() or opener or first in "•-–—"):
        return False
    if text[punct_start] != "." or (stop - punct_start > 1 and text[punct_start + 1] == "."):
        return True  # "?", "!", "…" or an ellipsis of dots
    word = _WORD_BEFORE.search(text, max(0, punct_start - 40), punct_start + 1)
    if word is None:
        return True
    token = word.group(1)
    lowered = token.lower()
    if lowered in ABBREVIATIONS:
        return False
    if lowered in _BEFORE_NUMBER and first.isdigit():
        return False
    if "." in token and all(len(part) == 1 for part in token.split(".")):
        return False  # "U.K.", "a.m."
    return not (len(token) == 1 and token.isupper())  # an initial


def split_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans within ``text[start:end]`` (absolute offsets, whitespace trimmed)."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cursor = start
    for m in _END.finditer(text, start, end):
        if _is_boundary(text, m.end(), m.start(), end):
            spans.append((cursor, m.end()))
            cursor = m.end()
    if cursor < end:
        spans.append((cursor, end))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def block_sentences(document: Document, index: int) -> list[Sentence]:
    block = document.blocks[index]
    return [Sentence(s, e, index)
            for s, e in split_spans(document.text, block.start, block.end)]


def sentences(document: Document) -> Iterator[Sentence]:
    """Every sentence of every block, in document order."""
    for i in range(len(document.blocks)):
        yield from block_sentences(document, i)
