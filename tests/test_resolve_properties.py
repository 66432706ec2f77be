"""Properties of the resolver for arbitrary text: never raises, exact spans, deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendgraph.resolve import Resolver

RESOLVER = Resolver()

# Pieces that reach every path: names (weak, ambiguous, styled, abbreviations, misspelled),
# negative contexts, connectors, punctuation, hyphens and line breaks.
PIECES = [
    "Kent", "Kingston", "Richmond", "Hull", "Reading", "Bury", "Stoke", "BCC", "HCC", "MK",
    "B&NES", "St.", "Helens", "upon", "Thames", "Kingston-upon-Thames", "Bristol, City of",
    "City", "of", "London", "Council", "County", "Borough", "NHS", "ICB", "Trust", "Park",
    "University", "Sarah", "Mr", "New", "York", "North", "West", "East", "and", "&", ",", ".",
    "(", ")", "-", "\n", "\n\n", " ", "'s", "Chesire", "East", "Lincolshire", "Cumbria",
    "Northamptonshire", "Westminster", "the", "SEND", "EHCP", "Warwick-\nshire", "\u00ad",
    "Yorkshire", "Devon, Plymouth and Torbay", "Fooshire", "Durham", "LBHF", "é", "’", "1.",
]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
)
dates = st.sampled_from([None, "2008", "2016", "2019-04", "2022", "2023", "2025-05-01", "2030"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, dates)
def test_resolver_never_raises_and_spans_are_exact(text: str, date: str | None) -> None:
    mentions = RESOLVER.resolve(text, date=date)
    previous_end = 0
    for m in mentions:
        assert m.text == text[m.start:m.end]
        assert m.start < m.end
        assert m.start >= previous_end, "mentions overlap or are out of order"
        previous_end = m.end
        assert (m.status == "resolved") == (m.authority is not None)
        if m.authority is not None:
            assert m.authority in m.candidates
    assert RESOLVER.resolve(text, date=date) == mentions


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join))
def test_a_fresh_resolver_gives_the_same_answer(text: str) -> None:
    assert Resolver().resolve(text, date="2022") == RESOLVER.resolve(text, date="2022")
