"""Candidate finding: one left-to-right pass over the tokens through a trie of folded forms.

The trie maps folded words to child nodes; a node that ends a form holds its ``Entry`` under
the key ``None``. At each token the walk goes as far as the trie allows (never across a
segment break) and keeps the longest form whose match passes the surface checks:

* every word must be capitalised, except ``and``/``upon``/``of``/... inside a name;
* an abbreviation must be spelled exactly as listed (``BaNES``, ``BANES``; not ``banes``);
* an inverted official name (``Bristol, City of``) must not run on into a capitalised word
  (``Bristol, City of London``), where the shorter form is meant.

Matches do not overlap. Tokens that start no form cost one set lookup each, in C.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress

from sendgraph.resolve.gazetteer import Entry
from sendgraph.resolve.normalise import LOWER_OK, Tokens


@dataclass(frozen=True, slots=True)
class Hit:
    """Tokens ``i..j-1`` match ``entry``."""

    i: int
    j: int
    entry: Entry


class Matcher:
    def __init__(self, entries: Iterable[Entry]):
        self.root: dict = {}
        for entry in entries:
            node = self.root
            for word in entry.key:
                node = node.setdefault(word, {})
            node[None] = entry

    def find(self, toks: Tokens) -> list[Hit]:
        hits: list[Hit] = []
        norm, seg = toks.norm, toks.seg
        root = self.root
        n = len(norm)
        after = 0  # the end of the last match: matches do not overlap
        # Only tokens that start some form are visited (found by a C-level pass).
        for i in compress(range(n), map(root.__contains__, norm)):
            if i < after:
                continue
            node = root[norm[i]]
            best: Hit | None = None
            j = i + 1
            s = seg[i]
            while True:
                entry = node.get(None)
                if entry is not None and _ok(toks, i, j, entry):
                    best = Hit(i, j, entry)
                if j >= n or seg[j] != s:
                    break
                node = node.get(norm[j])
                if node is None:
                    break
                j += 1
            if best is not None:
                hits.append(best)
                after = best.j
        return hits


def _ok(toks: Tokens, i: int, j: int, entry: Entry) -> bool:
    if entry.kind == "abbreviation":
        return " ".join(toks.surface(i, j).split()) in entry.surfaces
    for k in range(i, j):
        if toks.word[k] and not toks.cap[k] and toks.norm[k] not in LOWER_OK:
            return False
    if any(toks.poss[k] for k in range(i, j - 1)):
        return False  # "Kent's County Council": a possessive ends a name
    # "Bristol, City of London": the inverted form must not run on into a capitalised word.
    return not (entry.inverted and j < len(toks) and toks.cap[j] and toks.word[j]
                and toks.seg[j] == toks.seg[i])
