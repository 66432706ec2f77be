"""Conservative misspelling matching ("Chesire East" -> Cheshire East).

Only tried where the text itself says an authority is meant (the resolver decides where: a
capitalised run alone on a line among listed authorities, coordinated with a matched name, or
right before "Council"/"County Council"/...). Limits:

* targets are official names and plain short forms with rule "always" (no abbreviations, no
  weak names, no council styles), of at least 7 letters: short names are never fuzzy-matched;
* 7-9 letters: at most 1 edit; 10 or more: at most 2 (insert, delete, substitute, or swap two
  neighbouring letters); the first letter must be right;
* the best distance must be unique, else the mention is ambiguous between the best targets.

Candidate targets are found through a deletion index (all strings a target gives with up to
its allowed number of letters deleted), then checked with the true distance.
"""

from __future__ import annotations

from itertools import combinations

from sendgraph.resolve.gazetteer import Entry

MIN_LETTERS = 7


def max_edits(letters: int) -> int:
    return 0 if letters < MIN_LETTERS else 1 if letters < 10 else 2


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _deletes(s: str, upto: int) -> set[str]:
    out = {s}
    for k in range(1, upto + 1):
        out.update("".join(c for n, c in enumerate(s) if n not in drop)
                   for drop in combinations(range(len(s)), k))
    return out


def _string(key: tuple[str, ...]) -> str:
    return " ".join(w for w in key if w != ",")


class FuzzyIndex:
    def __init__(self, entries: list[Entry]):
        self.targets: dict[str, Entry] = {}
        self._index: dict[str, set[str]] = {}
        self._memo: dict[tuple[str, ...], tuple[int, list[Entry]]] = {}
        for e in entries:
            if e.kind not in ("official", "short") or e.rule != "always" or e.inverted:
                continue
            s = _string(e.key)
            edits = max_edits(len(s.replace(" ", "")))
            if not edits:
                continue
            self.targets[s] = e
            for d in _deletes(s, edits):
                self._index.setdefault(d, set()).add(s)

    def lookup(self, words: tuple[str, ...]) -> tuple[int, list[Entry]]:
        """(edits, best entries) for the folded words, or (0, []) if nothing is close."""
        found = self._memo.get(words)
        if found is None:
            if len(self._memo) > 50_000:
                self._memo.clear()
            found = self._memo[words] = self._lookup(words)
        return found

    def _lookup(self, words: tuple[str, ...]) -> tuple[int, list[Entry]]:
        s = _string(words)
        if not s or len(s) > 40 or s in self.targets:
            return 0, []
        found: dict[str, int] = {}
        for d in _deletes(s, 2):
            for target in self._index.get(d, ()):
                if target in found or target[0] != s[0]:
                    continue
                dist = distance(s, target)
                if 0 < dist <= max_edits(len(target.replace(" ", ""))):
                    found[target] = dist
        if not found:
            return 0, []
        best = min(found.values())
        return best, [self.targets[t] for t in sorted(found) if found[t] == best]

    def suggest(self, words: tuple[str, ...], limit: int = 3) -> list[Entry]:
        """Closest targets within 3 edits (for showing a person an unresolved mention)."""
        s = _string(words)
        scored = sorted((distance(s, t), t) for t in self.targets
                        if abs(len(t) - len(s)) <= 3)
        return [self.targets[t] for d, t in scored[:limit] if d <= 3]
