"""Folding text for name matching, keeping every token's exact offsets in the source.

The matcher works on tokens, never on a rewritten copy of the text, so a match's span is
always ``tokens.start[i]:tokens.end[j]`` in the original string. Folding per token:

* case: ``casefold()``; the original capitalisation is kept in flags (``cap``, ``upper``);
* ``&`` is the token ``and``; ``Saint`` is ``st``; the full stop of ``St.`` is dropped;
* a hyphen joining two words (``Kingston-upon-Thames``) separates them like a space;
* hyphenation across a line break (or a PDF's ``Warwick- shire``, or a soft hyphen) joins the
  two halves when the joined word is one the gazetteer knows, otherwise the halves stay
  separate words (``Stoke-\\non-Trent``);
* a possessive ``'s`` is cut off (``Kent's`` -> ``kent``; the token ends before the apostrophe);
* line breaks inside a name are whitespace; a blank line, or a block boundary the caller gives
  (list items, headings, table cells), starts a new segment that no name crosses.

Each token also records its line, segment and sentence numbers; sentence numbers advance at
``.``, ``!``, ``?`` and at segment breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

HYPHENS = frozenset("-\u2010\u2011\u00ad")
SENTENCE_END = frozenset({".", "!", "?"})
# Words that may be lower case inside a name ("Kingston upon Thames", "Isles of Scilly").
LOWER_OK = frozenset({"and", "upon", "on", "of", "the", "with", "in", "under", "by"})

_RAW = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|\S")
_FOLD = {"saint": "st", "&": "and"}


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (for long word lists)."""
    return frozenset(words.split())


def fold_word(word: str) -> str:
    w = word.casefold().replace("’", "'")
    return _FOLD.get(w, w)


@dataclass(slots=True)
class Tokens:
    """Parallel lists, one entry per token (words and punctuation; whitespace is not a token)."""

    text: str
    norm: list[str] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    word: list[bool] = field(default_factory=list)   # contains a letter
    cap: list[bool] = field(default_factory=list)    # first character upper case
    upper: list[bool] = field(default_factory=list)  # all capitals, two letters or more
    poss: list[bool] = field(default_factory=list)   # a possessive 's was cut off
    line: list[int] = field(default_factory=list)
    seg: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    line_words: dict[int, tuple[int, int]] = field(default_factory=dict)  # first, last word
    title_lines: set[int] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.norm)

    def key(self, i: int, j: int) -> tuple[str, ...]:
        """The folded words of tokens ``i..j-1``."""
        return tuple(self.norm[i:j])

    def surface(self, i: int, j: int) -> str:
        return self.text[self.start[i]:self.end[j - 1]]

    def line_start(self, i: int) -> bool:
        """Token ``i`` is the first token on its line (or of its segment)."""
        return i == 0 or self.line[i - 1] != self.line[i] or self.seg[i - 1] != self.seg[i]

    def sentence_initial(self, i: int) -> bool:
        """Token ``i`` starts a sentence, a line or a list item (quotes and bullets skipped)."""
        k = i - 1
        while k >= 0 and self.norm[k] in ("“", '"', "‘", "'", "(", "-", "•", "*", "–", "—") \
                and self.line[k] == self.line[i]:
            k -= 1
        if k < 0 or self.line[k] != self.line[i] or self.seg[k] != self.seg[i]:
            return True
        return self.norm[k] in SENTENCE_END or self.norm[k] == ":"


def fold(text: str) -> tuple[str, ...]:
    """The folded words of a name, as the matcher sees them (punctuation other than commas and
    "&" dropped): ``fold("St. Helens")`` == ``("st", "helens")``, ``fold("B&NES")`` ==
    ``("b", "and", "nes")``."""
    toks = tokenize(text)
    return tuple(n for n, w in zip(toks.norm, toks.word, strict=True) if w or n in (",", "and"))


def tokenize(text: str, *, vocab: frozenset[str] = frozenset(),
             breaks: Iterable[int] = ()) -> Tokens:
    """Split ``text`` into tokens. ``vocab`` is the set of folded words that hyphenation may
    rebuild; ``breaks`` are character offsets (block starts and ends) that no name crosses."""
    out = Tokens(text)
    raw = [m.span() for m in _RAW.finditer(text)]
    brks = sorted(set(breaks))
    bi = 0
    line = seg = sent = 0
    prev_end = 0
    i, n = 0, len(raw)
    norm, end, word = out.norm, out.end, out.word
    appends = (out.norm.append, out.start.append, out.end.append, out.word.append,
               out.cap.append, out.upper.append, out.poss.append, out.line.append,
               out.seg.append, out.sent.append)
    a_norm, a_start, a_end, a_word, a_cap, a_upper, a_poss, a_line, a_seg, a_sent = appends
    seen: dict[str, tuple[str, bool, bool, bool, int]] = {}
    count = text.count
    while i < n:
        s, e = raw[i]
        new_seg = False
        if s > prev_end:
            nl = count("\n", prev_end, s)
            if nl:
                line += nl
                new_seg = nl >= 2
        while bi < len(brks) and brks[bi] <= s:
            if brks[bi] >= prev_end and norm:
                new_seg = True
            bi += 1
        if new_seg:
            seg += 1
            sent += 1
        ch = text[s]
        if e - s == 1 and not ch.isalnum():
            if ch in HYPHENS and _joins(text, raw, i, norm, end, word, brks, bi):
                s2, e2 = raw[i + 1]
                w2 = text[s2:e2]
                joined = norm[-1] + fold_word(w2)
                if ch == "\u00ad" or (w2[0].islower() and joined in vocab):
                    line += count("\n", e, s2)
                    norm[-1], end[-1] = joined, e2
                    _possessive(out, len(norm) - 1)
                    prev_end = e2
                    i += 2
                    continue
                prev_end = e  # a joining hyphen: the words stay separate, like a space
                i += 1
                continue
            if ch == "." and norm and norm[-1] == "st" and end[-1] == s:
                prev_end = e  # "St." - the abbreviation's full stop is not a sentence end
                i += 1
                continue
            a_norm(_FOLD.get(ch, ch))
            a_start(s)
            a_end(e)
            a_word(False)
            a_cap(False)
            a_upper(False)
            a_poss(False)
            a_line(line)
            a_seg(seg)
            a_sent(sent)
            if ch in SENTENCE_END:
                sent += 1
        else:
            w = text[s:e]
            info = seen.get(w)
            if info is None:
                info = seen[w] = _word_info(w)
            folded, is_word, cap, upper, cut = info
            a_norm(folded)
            a_start(s)
            a_end(e - cut)
            a_word(is_word)
            a_cap(cap)
            a_upper(upper)
            a_poss(cut > 0)
            a_line(line)
            a_seg(seg)
            a_sent(sent)
        prev_end = e
        i += 1
    _line_stats(out)
    return out


def _word_info(w: str) -> tuple[str, bool, bool, bool, int]:
    """(folded, has a letter, capitalised, all capitals, length of a possessive cut off)."""
    folded = fold_word(w)
    cut = 2 if len(folded) > 2 and folded.endswith("'s") else 0
    base = w[:-2] if cut else w
    is_word = not w.isdigit()
    return (folded[:-2] if cut else folded, is_word, w[0].isupper(),
            is_word and len(base) >= 2 and base.isupper(), cut)


def _possessive(out: Tokens, k: int) -> None:
    n = out.norm[k]
    if len(n) > 2 and n.endswith("'s"):
        out.norm[k] = n[:-2]
        out.end[k] -= 2
        out.poss[k] = True


def _joins(text: str, raw: list[tuple[int, int]], i: int, norm: list[str], end: list[int],
           word: list[bool], brks: list[int], bi: int) -> bool:
    """The hyphen at ``raw[i]`` sits right after a word and before another word, with at most
    one line break (and no block boundary) in between: it joins or separates two words."""
    if not norm or not word[-1] or end[-1] != raw[i][0] or i + 1 >= len(raw):
        return False
    s2 = raw[i + 1][0]
    if not text[s2].isalpha():
        return False
    e = raw[i][1]
    if s2 > e and (text.count("\n", e, s2) > 1 or not text[e:s2].isspace()):
        return False
    return not (bi < len(brks) and brks[bi] <= s2)


def _line_stats(out: Tokens) -> None:
    """First/last word token per line, and which lines are Title Case (headings, headlines),
    where capitalised neighbours say nothing about a name being part of a longer one."""
    counted: dict[int, list[int]] = {}
    for k, is_word in enumerate(out.word):
        if not is_word:
            continue
        ln = out.line[k]
        first_last = out.line_words.get(ln)
        out.line_words[ln] = (first_last[0], k) if first_last else (k, k)
        if len(out.norm[k]) >= 4 and out.norm[k] not in LOWER_OK:
            c = counted.setdefault(ln, [0, 0])
            c[0] += 1
            c[1] += out.cap[k]
    for ln, (total, caps) in counted.items():
        if total >= 3 and caps >= 0.8 * total:
            out.title_lines.add(ln)
