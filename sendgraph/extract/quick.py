"""Faster searches for alternation-heavy patterns: test the first character before the rest.

Python's regex engine tries every alternative of a pattern at every position it searches; for
patterns with many case-insensitive alternatives ("\\b(?:targets?|kpis?|aims?|...)\\b") that is
most of an extractor's time, and the engine's own first-character shortcut does not apply to
them. `quick(pattern)` compiles the same pattern behind a lookahead for the characters a match
can start with, so a position that cannot start a match is passed over at once. Matches, spans
and groups are exactly the original's. When those characters cannot be worked out (a pattern
that can match the empty string, or start with any character), the pattern is kept as it is.
"""

from __future__ import annotations

import re
from typing import Any

# re's parser is private: should a later Python move or reshape it, every pattern is simply
# kept as it is (slower, same matches)
try:
    from re import _constants as c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]

    _CATEGORIES = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_NOT_DIGIT: r"\D",
                   c.CATEGORY_SPACE: r"\s", c.CATEGORY_NOT_SPACE: r"\S",
                   c.CATEGORY_WORD: r"\w", c.CATEGORY_NOT_WORD: r"\W"}
    _ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)
    _REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
except (ImportError, AttributeError):  # pragma: no cover - depends on the Python version
    _parser = None


class _Unknown(Exception):
    """The first characters cannot be listed (any character, a back-reference, ...)."""


def _class_items(items: list[tuple[Any, Any]]) -> set[str]:
    out = set()
    for op, av in items:
        if op is c.LITERAL:
            out.add(re.escape(chr(av)))
        elif op is c.RANGE:
            out.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is c.CATEGORY and av in _CATEGORIES:
            out.add(_CATEGORIES[av])
        else:  # a negated class, or a category we do not render
            raise _Unknown
    return out


def _first(items: Any) -> tuple[set[str], bool]:
    """The class items a match of the sequence ``items`` can start with, and whether it can
    match the empty string (then what follows it can start the match too)."""
    out: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is c.LITERAL:
            return out | _class_items([(op, av)]), False
        if op is c.IN:
            return out | _class_items(av), False
        if op is c.BRANCH:
            nullable = False
            for alternative in av[1]:
                chars, empty = _first(alternative)
                out |= chars
                nullable = nullable or empty
        elif op is c.SUBPATTERN:
            chars, nullable = _first(av[3])
            out |= chars
        elif op is c.ATOMIC_GROUP:
            chars, nullable = _first(av)
            out |= chars
        elif op in _REPEATS:
            chars, empty = _first(av[2])
            out |= chars
            nullable = empty or av[0] == 0
        else:
            raise _Unknown
        if not nullable:
            return out, False
    return out, True


def quick(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern``, compiled to skip quickly over positions where no match can start."""
    if pattern.flags & re.VERBOSE or _parser is None:
        return pattern
    try:
        chars, nullable = _first(_parser.parse(pattern.pattern, pattern.flags))
        if nullable or not chars:
            return pattern
        # Case-insensitive whatever the pattern's flags: a superset of the characters is safe.
        lookahead = "(?=(?i:[" + "".join(sorted(chars)) + "]))"
        fast = re.compile(f"{lookahead}(?:{pattern.pattern})", pattern.flags)
    except (_Unknown, re.error, AttributeError, TypeError, ValueError):
        return pattern  # including a private parser whose shapes have changed
    if fast.groupindex != pattern.groupindex or fast.groups != pattern.groups:
        return pattern
    return fast
