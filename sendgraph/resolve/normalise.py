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
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate, chain, compress, count, repeat
from operator import sub
from typing import TypeVar

HYPHENS = frozenset("-\u2010\u2011\u00ad")
SENTENCE_END = frozenset({".", "!", "?"})
# Words that may be lower case inside a name ("Kingston upon Thames", "Isles of Scilly").
LOWER_OK = frozenset({"and", "upon", "on", "of", "the", "with", "in", "under", "by"})

# A token is a word (with inner apostrophes) or any other single non-space character.
# Possessive quantifiers: nothing after a word could make it give letters back, so the regex
# engine need not keep backtracking state (the split is the biggest single cost).
_SPLIT = re.compile(r"([^\W_]++(?:['’][^\W_]++)*+|\S)")
_BLANK = re.compile(r"\n\s*\n")
_SPECIAL = re.compile(f"[{re.escape(''.join(sorted(SENTENCE_END | HYPHENS)))}]")
_NEWLINE = re.compile("\n")
_FOLD = {"saint": "st", "&": "and"}
_T = TypeVar("_T")


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
    # Whole-list passes (split, accumulate, list comprehensions) do the per-token work; Python
    # decides only at hyphens, sentence ends, line breaks and block boundaries.
    parts = _SPLIT.split(text)  # gap, token, gap, token, ..., gap (gaps are all whitespace)
    raw = parts[1::2]
    n = len(raw)
    offs = list(accumulate(map(len, parts)))
    start, raw_end = offs[0:2 * n:2], offs[1:2 * n:2]
    infos = _infos(raw)
    brks = sorted(set(breaks))

    # Raw token indices where the line, segment and sentence numbers go up (repeats count).
    line_at = [bisect_left(start, m.start()) for m in _NEWLINE.finditer(text)]
    # A segment starts after a blank line, or at a block boundary between two tokens (one
    # inside a token, or before the first, breaks nothing).
    seg_set = {bisect_left(start, m.start()) for m in _BLANK.finditer(text)}
    for b in brks:
        k = bisect_left(start, b)
        if 0 < k < n and b >= raw_end[k - 1]:
            seg_set.add(k)
    seg_set.discard(n)
    seg_at = sorted(seg_set)
    sent_at = seg_at[:]  # and after each sentence end

    dropped: list[int] = []  # raw tokens that are not output tokens (ascending)
    owner: dict[int, int] = {}  # second half of a rebuilt hyphenated word -> its first half
    # a rebuilt word's first half -> (folded, end, a possessive 's cut off)
    joined: dict[int, tuple[str, int, bool]] = {}
    for m in _SPECIAL.finditer(text):
        h = bisect_left(start, m.start())
        ch, k = raw[h], h - 1
        if ch in SENTENCE_END:
            # "St." - the abbreviation's full stop is no sentence end (a dropped token before
            # it is a hyphen or a full stop, never "st")
            if ch == "." and k >= 0 and (joined[owner[k]][:2] if k in owner else (
                    infos[k][0], raw_end[k] - 2 * infos[k][4])) == ("st", start[h]):
                dropped.append(h)
            else:
                sent_at.append(h + 1)
            continue
        p = owner.get(k, -1 if k < 0 or (dropped and dropped[-1] == k) else k)
        if p < 0:
            continue
        # the output token before the hyphen, as it stands now
        prev_norm, prev_end, _ = joined[p] if p in joined else (
            infos[p][0], raw_end[p] - 2 * infos[p][4], False)
        if not infos[p][1] or prev_end != start[h] or not _joins(text, start, raw_end, brks, h):
            continue  # a dash: a punctuation token
        dropped.append(h)  # a joining hyphen: the words stay separate, like a space ...
        w2 = raw[h + 1]
        word = prev_norm + fold_word(w2)
        if ch == "\u00ad" or (w2[0].islower() and word in vocab):
            dropped.append(h + 1)  # ... unless together they make a word the gazetteer knows
            owner[h + 1] = p
            cut = 2 if len(word) > 2 and word.endswith("'s") else 0  # "Warwick-\nshire's"
            joined[p] = (word[:-2] if cut else word, raw_end[h + 1] - cut, cut > 0)
    if dropped:
        infos, start, raw_end = (_without(x, dropped) for x in (infos, start, raw_end))
        n -= len(dropped)
        line_at, seg_at, sent_at = ([k - bisect_left(dropped, k) for k in at]
                                    for at in (line_at, seg_at, sent_at))
        joined = {p - bisect_left(dropped, p): v for p, v in joined.items()}
    sent_at.sort()

    out = Tokens(text, [i[0] for i in infos], start, raw_end[:], [i[1] for i in infos],
                 [i[2] for i in infos], [i[3] for i in infos], [i[4] for i in infos],
                 _steps(line_at, n), _steps(seg_at, n), _steps(sent_at, n))
    for k in compress(range(n), out.poss):
        out.end[k] -= 2  # the token ends before the possessive 's
    title = [i[5] for i in infos]
    for p, (word, end, poss) in joined.items():
        out.norm[p], out.end[p], out.poss[p] = word, end, poss
        title[p] = _title(word, out.cap[p]) if out.word[p] else 0
    _line_stats(out, sorted(set(line_at).difference((0, n))), title)
    return out


# raw token -> (folded, has a letter, capitalised, all capitals, a possessive 's cut off,
# what it says about Title Case: see _title)
_Info = tuple[str, bool, bool, bool, bool, int]
_INFO_MAX = 200_000  # distinct tokens remembered across documents (bounded memory)


class _InfoCache(dict[str, _Info]):
    """The per-token facts that depend only on the token's text, shared by all documents:
    most of a document's tokens were seen in earlier ones."""

    def __missing__(self, w: str) -> _Info:
        info = self[w] = _info(w)
        return info


_INFO = _InfoCache()


def _infos(raw: list[str]) -> list[_Info]:
    if len(_INFO) > _INFO_MAX:
        _INFO.clear()
    return list(map(_INFO.__getitem__, raw))


def _info(w: str) -> _Info:
    if len(w) == 1 and not w.isalnum():  # punctuation
        return (_FOLD.get(w, w), False, False, False, False, 0)
    folded = fold_word(w)
    cut = 2 if len(folded) > 2 and folded.endswith("'s") else 0
    base = w[:-2] if cut else w
    norm = folded[:-2] if cut else folded
    is_word = not w.isdigit()
    cap = w[0].isupper()
    return (norm, is_word, cap, is_word and len(base) >= 2 and base.isupper(), cut > 0,
            _title(norm, cap) if is_word else 0)


def _title(norm: str, cap: bool) -> int:
    """A word that counts for Title Case (4+ letters, not "upon"...): 2 if capitalised, else
    1; other words 0."""
    if len(norm) < 4 or norm in LOWER_OK:
        return 0
    return 2 if cap else 1


def _joins(text: str, start: list[int], raw_end: list[int], brks: list[int], h: int) -> bool:
    """The hyphen (raw token ``h``, right after a word) comes before another word, with at
    most one line break (and no block boundary) in between: it joins or separates two words."""
    if h + 1 >= len(start):
        return False
    s2, e = start[h + 1], raw_end[h]
    if not text[s2].isalpha():
        return False
    if s2 > e and (text.count("\n", e, s2) > 1 or not text[e:s2].isspace()):
        return False
    bi = bisect_right(brks, start[h])
    return not (bi < len(brks) and brks[bi] <= s2)


def _without(items: list[_T], dropped: list[int]) -> list[_T]:
    """``items`` less those at the (ascending) indices ``dropped``, copied slice by slice:
    there are few of them."""
    out = items[:dropped[0]]
    for a, b in zip(dropped, [*dropped[1:], len(items)], strict=True):
        out += items[a + 1:b]
    return out


def _steps(at: list[int], n: int) -> list[int]:
    """For each of ``n`` tokens, how many of the (sorted) indices ``at`` are at or before it:
    a line, segment or sentence number."""
    runs = map(sub, [*at, n], [0, *at])  # how long each count lasts
    return list(chain.from_iterable(map(repeat, count(), runs)))


def _line_stats(out: Tokens, starts: list[int], title: list[int]) -> None:
    """First/last word token per line, and which lines are Title Case (headings, headlines),
    where capitalised neighbours say nothing about a name being part of a longer one.
    ``starts`` are the tokens after the first that begin a line: a document has far fewer
    lines than tokens, so the work is per line."""
    word = out.word
    for a, b in zip([0, *starts], [*starts, len(word)], strict=True):
        if b == a or True not in word[a:b]:
            continue
        last = b - 1
        while not word[last]:
            last -= 1
        ln = out.line[a]
        out.line_words[ln] = (word.index(True, a, b), last)
        counts = title[a:b]
        total = b - a - counts.count(0)
        if total >= 3 and counts.count(2) >= 0.8 * total:
            out.title_lines.add(ln)
