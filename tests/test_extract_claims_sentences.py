"""Sentence splitting for the claims extractor: exact spans, no splits inside abbreviations,
numbers, initials, and never across blocks."""

from __future__ import annotations

import pytest

from sendgraph.extract.sentences import sentences, split_spans
from tests.support.extract_docs import text_doc


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_spans(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Mr. Lee met Dr. Shah. They agreed.", ["Mr. Lee met Dr. Shah.", "They agreed."]),
    ("It cost 1.6m pounds. That is a lot.", ["It cost 1.6m pounds.", "That is a lot."]),
    ("Some councils, e.g. Exampleshire, refused. Others did not.",
     ["Some councils, e.g. Exampleshire, refused.", "Others did not."]),
    ("See No. 10 for details. Then go.", ["See No. 10 for details.", "Then go."]),
    ("Ask J. R. Smith. He knows.", ["Ask J. R. Smith.", "He knows."]),
    ("The U.K. Government agreed. Fine.", ["The U.K. Government agreed.", "Fine."]),
    ("He said “Stop.” Then he left!", ["He said “Stop.”", "Then he left!"]),
    ("Really? Yes… Quite.", ["Really?", "Yes…", "Quite."]),
    ("lower case after a stop. does not split", ["lower case after a stop. does not split"]),
    ("Numbers start sentences. 20 councils replied.",
     ["Numbers start sentences.", "20 councils replied."]),
    ("  padded sentence.   ", ["padded sentence."]),
    ("", []),
])
def test_split(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_sentences_stay_inside_blocks_with_absolute_offsets() -> None:
    doc = text_doc("Title line\n\nFirst one. Second one\nThird line. Fourth.\n")
    found = [(doc.text[s.start:s.end], s.block) for s in sentences(doc)]
    assert found == [("Title line", 0), ("First one.", 1), ("Second one", 1),
                     ("Third line.", 2), ("Fourth.", 2)]
