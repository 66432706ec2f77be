"""Finding the spans the trie cannot: coordinated ellipsis, misspelled names, unknown councils.

* Ellipsis: "North and West Northamptonshire", "East and West Sussex", "North East and North
  Lincolnshire", "Cheshire East and West": the bare direction word names an authority when,
  put in place of the direction in the neighbouring name, it makes a known form.
* Fuzzy runs (where the text says an authority is meant; see ``fuzzy.py`` for the limits):
  a run of capitalised words alone on a line, next to lines that are alone a known name
  (a list), or making up the whole input (a name given to look up); a run coordinated with
  a known name ("Kent, Surrey and Hampshre"); a run right before "Council", "County Council",
  "City Council", "(Metropolitan) Borough Council".
* Council runs that match nothing, even fuzzily, before "County/City/Borough Council" are
  reported as unresolved, with the nearest names as suggestions. District, town and parish
  councils are not authorities with SEND duties and are skipped.
"""

from __future__ import annotations

from itertools import compress

from sendgraph.resolve.context import CONNECTORS, STOP
from sendgraph.resolve.gazetteer import Entry
from sendgraph.resolve.matcher import Hit
from sendgraph.resolve.normalise import Tokens

DIRECTIONS = frozenset({"north", "south", "east", "west", "central"})
INNER = frozenset({"upon", "on", "of", "under"})
COUNCIL_STYLE = frozenset({"county", "city", "borough", "metropolitan"})
NOT_LA_COUNCIL = frozenset({"district", "parish", "town", "community", "youth", "school",
                            "student", "regional", "research", "arts", "privy", "security"})


def ellipses(toks: Tokens, hit: Hit, entries: dict[tuple[str, ...], Entry],
             covered: set[int]) -> list[tuple[int, int, Entry]]:
    """Direction words elided from ``hit``'s name: (start token, end token, entry)."""
    out = []
    words = toks.key(hit.i, hit.j)
    n = len(toks.norm)
    lead = 0
    while lead < len(words) and words[lead] in DIRECTIONS:
        lead += 1
    k = hit.i - 1
    if lead and k >= 1 and toks.norm[k] in ("and", "/", ","):
        for width in (2, 1):
            s = k - width
            if s < 0 or any(x in covered for x in range(s, k)):
                continue
            d = toks.key(s, k)
            if all(w in DIRECTIONS for w in d) and all(toks.cap[x] for x in range(s, k)):
                entry = entries.get(d + words[lead:])
                if entry is not None:
                    out.append((s, k, entry))
                    break
    k = hit.j
    if (words[-1] in DIRECTIONS and k + 1 < n and toks.norm[k] in ("and", "/")
            and toks.norm[k + 1] in DIRECTIONS and toks.cap[k + 1] and k + 1 not in covered
            and not (k + 2 < n and toks.word[k + 2] and toks.cap[k + 2]
                     and toks.line[k + 2] == toks.line[k + 1])):
        entry = entries.get((*words[:-1], toks.norm[k + 1]))
        if entry is not None:
            out.append((k + 1, k + 2, entry))
    return out


def _run_ok(toks: Tokens, i: int, j: int) -> bool:
    return (j > i and toks.word[i] and toks.word[j - 1] and toks.cap[i] and toks.cap[j - 1]
            and toks.norm[i] not in STOP)


def _words(toks: Tokens, k: int, step: int, covered: set[int], limit: int = 3) -> int:
    """From token ``k`` going ``step`` (+1/-1), the far end of a run of capitalised words
    (with "upon"/"of"/... inside) on one line; returns the exclusive/inclusive bound."""
    n, line = len(toks.norm), toks.line[k] if 0 <= k < len(toks.norm) else -1
    end, count = k, 0
    while 0 <= end < n and toks.line[end] == line and end not in covered and count < limit:
        if toks.word[end] and toks.cap[end] and not toks.upper[end] \
                and toks.norm[end] not in COUNCIL_STYLE and toks.norm[end] != "council" \
                and not (step < 0 and toks.norm[end] in STOP):
            count += 1
        elif toks.norm[end] not in INNER:
            break
        end += step
    return end


def fuzzy_runs(toks: Tokens, hits: list[Hit], groups: list[list[int]], bare_lines: set[int],
               covered: set[int]) -> list[tuple[int, int, str]]:
    """Candidate (start, end, why) token runs for fuzzy matching."""
    runs: list[tuple[int, int, str]] = []
    alone = len(toks.line_words) == 1  # the whole input is one short line: a name to look up
    for line, (f, last) in toks.line_words.items():
        if last - f > 6 or any(x in covered for x in range(f, last + 1)):
            continue
        if not alone and not any(line + d in bare_lines for d in (-2, -1, 1, 2)):
            continue
        if all(toks.cap[x] or toks.norm[x] in INNER or toks.norm[x] == "and"
               for x in range(f, last + 1) if toks.word[x]) and _run_ok(toks, f, last + 1):
            runs.append((f, last + 1, "in a list"))
    n = len(toks.norm)
    for g in groups:
        j = hits[g[-1]].j
        if j + 1 < n and toks.norm[j] in CONNECTORS:
            k = j + 1 if toks.norm[j + 1] != "and" else j + 2
            end = _words(toks, k, 1, covered)
            if end < n and toks.line[end] == toks.line[k] and toks.cap[end] \
                    and toks.word[end] and toks.norm[end] not in ("council", "county", "city"):
                end = k  # the run goes on into more capitalised words: not just a name
            if _run_ok(toks, k, end):
                runs.append((k, end, "coordinated with a known name"))
        i = hits[g[0]].i
        if i >= 2 and toks.norm[i - 1] in CONNECTORS:
            start = _words(toks, i - 2, -1, covered) + 1
            if _run_ok(toks, start, i - 1):
                runs.append((start, i - 1, "coordinated with a known name"))
    return runs


def council_runs(toks: Tokens, covered: set[int]) -> list[tuple[int, int, int, bool]]:
    """(run start, run end, end of "... Council", strict style?) for every capitalised run
    right before "Council" or "council" that no match covers."""
    out = []
    for k in compress(range(len(toks.norm)), map("council".__eq__, toks.norm)):
        if k in covered:
            continue
        s = k
        while s > 0 and toks.norm[s - 1] in COUNCIL_STYLE and toks.cap[s - 1] \
                and toks.line[s - 1] == toks.line[k]:
            s -= 1
        if s == 0 or toks.norm[s - 1] in NOT_LA_COUNCIL or (s - 1) in covered:
            continue
        start = _words(toks, s - 1, -1, covered) + 1
        if _run_ok(toks, start, s):
            out.append((start, s, k + 1, s < k))
    return out
