"""`quick(pattern)` finds exactly what `pattern` finds: same spans, same groups."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sendgraph.extract.quick import quick

PATTERNS = [
    re.compile(r"\b(?:targets?|kpis?|aims?|ambitions?)\b", re.IGNORECASE),
    re.compile(r"(?P<cue>no more than|at least|up to)\s+(?P<n>\d[\d,]*)", re.IGNORECASE),
    re.compile(r"(?:the\s+)?(Safety Valve|DBV|Delivering Better Value)(?:\s+programme)?"),
    re.compile(r"[£$]?\d+(?:\.\d+)?\s*(?:m|bn|million|%)?", re.IGNORECASE),
    re.compile(r"(?<!\w)(?:by|before)\s+(?:the\s+end\s+of\s+)?(\d{4})"),
    re.compile(r"ß+|ẞ\w*", re.IGNORECASE),  # characters whose case folds oddly
]
WORDS = ["target", "Targets", "KPI", "aims", "no more than", "AT LEAST", "up to", "the",
         "Safety Valve", "safety valve", "DBV", "programme", "£1.6m", "350", "12%", "by",
         "before the end of", "2024", "ß", "ẞx", "STRASSE", " ", "\n", ",", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=3), max_size=25))
def test_quick_patterns_match_like_the_originals(parts: list[str]) -> None:
    text = " ".join(parts)
    for pattern in PATTERNS:
        fast = quick(pattern)
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
            [(m.span(), m.groups()) for m in pattern.finditer(text)], pattern.pattern
        assert fast.groupindex == pattern.groupindex


def test_quick_adds_a_first_character_test_and_keeps_what_it_cannot_speed_up() -> None:
    assert quick(PATTERNS[0]).pattern.startswith("(?=")
    nullable = re.compile(r"(?:\d+)?x?")
    anything = re.compile(r".+?end")
    verbose = re.compile(r"a  b", re.VERBOSE)
    for pattern in (nullable, anything, verbose):
        assert quick(pattern) is pattern
