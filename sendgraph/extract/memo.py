"""A memo of pure readings of one text, so extractors that read the same sentence do not each
redo the work (targets and figures both read every sentence's numbers and periods; every
extractor splits the same blocks into sentences).

Only functions of (text, arguments) may be remembered here: the key is the text's identity and
the arguments, so a result can never leak from one document to another. The memo holds the
last text read (extractors run one document at a time); callers must not change what it
returns.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

_LAST: list[tuple[str, dict[Hashable, Any]]] = []


def remembered(text: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, remembered under ``key`` for as long as ``text`` is the text being read."""
    last = _LAST[0] if _LAST else None  # one read, so another thread cannot swap it under us
    if last is not None and last[0] is text:
        memo = last[1]
    else:
        memo = {}
        _LAST[:] = [(text, memo)]
    try:
        return memo[key]  # type: ignore[no-any-return]
    except KeyError:
        value = memo[key] = compute()
        return value
