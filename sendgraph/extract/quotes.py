"""Quotations in a block: the quoted words' span and the words that attribute them.

Quote marks: “…” (closed by ” or, in mixed typography, by a straight "), ‘…’ and straight
"…". A ‘ opens only after a space, bracket or the block start; its closing ’ is the first one
not followed by a letter (so "Birmingham’s" inside the quote does not close it). Straight
single quotes are too ambiguous to use. A quotation left open at the end of a block continues
into the next block when that block starts with an opening mark - the newspaper convention for
quotes running over several paragraphs.

Attribution, as written:

* before the quote: "Robert Halfon MP, Chair of the Committee, said: “…", "As the
  Commissioner says, ‘…’", "According to the LGA, “…”", "In the Commissioner’s view, ‘…’";
* after it: "“…,” he added.", "“…,” said the report.", "“…,” the report concludes.".

A quotation with neither and not filling its block (a scare-quoted phrase inside the writer's own
sentence) is not reported; nor is an attributed one of fewer than three words ("it is ‘a
process’, they say").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERBS = (r"(?:said|says|say|added|adds|concluded|concludes|continued|continues|warned|warns|"
         r"explained|explains|commented|comments|stated|states|wrote|writes|argued|argues|"
         r"noted|notes|insisted|insists|replied|responded|remarked|declared|declares|"
         r"told\s+[^:,“”\"]{1,60}?|tells\s+[^:,“”\"]{1,60}?)")
_BEFORE = re.compile(
    rf"(?:^|[.!?;]\s+|\n)(?P<attr>[^.!?;“”\"‘]{{1,160}}?)\s*,?\s+{VERBS}"
    r"(?:\s+(?:that|this|something[^:]{0,80}|the\s+following|simply|only))?\s*[:,]?\s*$")
_AS = re.compile(r"(?:^|[.!?;]\s+)(?:[Aa]s|[Aa]ccording\s+to)\s+(?P<attr>[^,.!?;“”\"]{1,100}?)"
                 rf"(?:\s+{VERBS})?\s*,\s*$")
_VIEW = re.compile(r"(?:^|[.!?;]\s+)(?:[Ii]n)\s+(?P<attr>[^,.!?;“”\"]{1,100}?)['’]s?\s+"
                   r"(?:view|words|opinion|assessment|conclusion)\s*,?\s*:?\s*$")
_AFTER = re.compile(
    rf"\s*[,.!?]?\s*(?:{VERBS}\s+(?P<attr1>[^.,;!?“”\"]{{1,60}}?)"
    rf"|(?P<attr2>[^.,;!?“”\"]{{1,60}}?)\s+{VERBS})\s*(?:[.,;!?]|$)")
_OPEN_CONTEXT = set(" \t\n([{—–-/") | {""}
_OPEN_SINGLE = _OPEN_CONTEXT | {"“", "\""}
_CLOSE_SINGLE = re.compile(r"(?<=\S)’(?![A-Za-z])")
_CLOSE_STRAIGHT = re.compile(r"(?<=\S)\"(?![A-Za-z0-9])")
_CLOSE_DOUBLE = re.compile(r"”|(?<=\S)\"(?![A-Za-z0-9])")
_MARK = re.compile("[“‘\"]")
_LEAD = re.compile(r"[\s….]*")
MIN_INLINE_WORDS = 3  # "‘a process’, they say" is a phrase, not a statement
_TRAIL = re.compile(r"[\s,;:–—-]+$")


@dataclass(frozen=True, slots=True)
class Quote:
    start: int  # the quoted words, marks and surrounding space excluded
    end: int
    outer_start: int  # the whole attributed statement (attribution included)
    outer_end: int
    block: int
    attribution: str | None  # the attributing words as written ("he", "the report", …)
    standalone: bool  # the quotation fills its block
    continued: bool  # it continues a quotation left open in the previous block
    open_end: bool  # still open at the end of its block


def _content(text: str, start: int, end: int) -> tuple[int, int]:
    lead = _LEAD.match(text, start, end)
    if lead is not None:
        start = lead.end()
    trail = _TRAIL.search(text, start, end)
    if trail is not None:
        end = trail.start()
    return start, end


def _spans(text: str, start: int, end: int) -> list[tuple[int, int, int, int, bool]]:
    """(open mark, content start, content end, close-mark end, closed) for each quote."""
    out = []
    i = start
    while i < end:
        mark = _MARK.search(text, i, end)  # jump to the next quote mark: nothing else opens one
        if mark is None:
            break
        i = mark.start()
        ch = text[i]
        prev = text[i - 1] if i > start else ""
        closer = None
        if ch == "“":
            closer = _CLOSE_DOUBLE
        elif ch == "‘" and prev in _OPEN_SINGLE:
            closer = _CLOSE_SINGLE
        elif ch == "\"" and prev in _OPEN_CONTEXT and i + 1 < end and not text[i + 1].isspace():
            closer = _CLOSE_STRAIGHT
        if closer is None:
            i += 1
            continue
        m = closer.search(text, i + 1, end)
        if m is None:
            out.append((i, i + 1, end, end, False))
            break
        out.append((i, i + 1, m.start(), m.end(), True))
        i = m.end()
    return out


def _clean_attr(attr: str | None) -> str | None:
    if attr is None:
        return None
    attr = re.sub(r"^(?:[Bb]ut|[Aa]nd|[Ss]o|[Aa]s|[Tt]hen|[Hh]owever,?|[Ii]ndeed,?)\s+", "",
                  attr.strip())
    return attr.strip(" ,") or None


def before_attribution(text: str, start: int, end: int) -> str | None:
    """The attribution in ``text[start:end]``, the words leading into a quotation."""
    segment = text[max(start, end - 300):end]
    for pattern in (_BEFORE, _AS, _VIEW):
        m = pattern.search(segment)
        if m:
            return _clean_attr(m.group("attr"))
    return None


def block_quotes(text: str, start: int, end: int, index: int, *, open_before: bool
                 ) -> list[Quote]:
    """The attributed or block-filling quotations of the block ``text[start:end]``."""
    quotes: list[Quote] = []
    spans = _spans(text, start, end)
    prev_end = start
    for n, (mark, c_start, c_end, close_end, closed) in enumerate(spans):
        s, e = _content(text, c_start, c_end)
        if e <= s:
            prev_end = close_end
            continue
        attr = before_attribution(text, prev_end, mark)
        outer_start = mark
        if attr is not None:
            outer_start = max(prev_end, mark - 200)
        after = _AFTER.match(text, close_end, end) if closed else None
        outer_end = close_end
        if attr is None and after is not None:
            attr = _clean_attr(after.group("attr1") or after.group("attr2"))
            outer_end = after.end()
        head = text[start:mark].strip(" …")
        tail = text[close_end:end].strip(" .,;:!?…")
        standalone = not head and not tail
        continued = n == 0 and open_before and not head
        if standalone or continued or (attr is not None
                                       and len(text[s:e].split()) >= MIN_INLINE_WORDS):
            quotes.append(Quote(s, e, outer_start, outer_end, index, attr, standalone,
                                continued, not closed))
        prev_end = close_end
    return quotes
