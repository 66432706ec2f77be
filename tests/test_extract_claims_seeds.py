"""Acceptance: claims and citations on the five real seed documents (read in place from
../shared/seeds, never copied), with exact evidence for every fact of the whole run."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from sendgraph.document import Document, build_document
from sendgraph.extract import ExtractionContext, check_evidence, run_shared
from sendgraph.extract.model import Citation, Claim, Fact
from tests.support.extract_docs import FakeAuthorities

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
pytestmark = pytest.mark.skipif(
    not (SEEDS / "manifest.json").is_file(),
    reason=f"seed documents not found at {SEEDS} (they sit in ../shared beside the repo)",
)
LOOKUP = FakeAuthorities({"Birmingham": "E08000025", "Kingston": "E09000021",
                          "Richmond": "E09000027", "Bury": "E08000002"})
COMMISSIONER = "Commissioner for SEND services in Birmingham"
COMMITTEE = "House of Commons Education Committee"


def _metadata(entry: dict) -> dict[str, str]:
    hint = entry["date_hint"].split()[0]
    meta = {"title": entry["title"], "kind": entry["kind"],
            "published": entry["published"] or (hint if hint[:4].isdigit() else hint[:4])}
    for key in ("publisher", "author", "url"):
        if entry.get(key):
            meta[key] = entry[key]
    return meta


@cache
def _seeds() -> dict[str, tuple[Document, tuple[Fact, ...]]]:
    out = {}
    for entry in json.loads((SEEDS / "manifest.json").read_text("utf-8"))["documents"]:
        doc = build_document((SEEDS / entry["file"]).read_bytes(),
                             url=entry["url"] or f"file:///seeds/{entry['file']}",
                             content_type="text/plain", snapshot_id=entry["file"][4:20],
                             metadata=_metadata(entry))
        out[entry["file"][:3]] = (doc, tuple(run_shared(ExtractionContext(doc, LOOKUP))))
    return out


def _claims(key: str) -> list[Claim]:
    return [f for f in _seeds()[key][1] if isinstance(f, Claim)]


def _speaker(claim: Claim) -> tuple[str, str, str | None] | None:
    s = claim.speaker
    return (s.name, s.kind, s.role) if s else None


def _with(key: str, words: str) -> list[Claim]:
    return [c for c in _claims(key) if words in c.text]


def test_every_fact_of_the_seed_run_quotes_its_document_exactly() -> None:
    total = 0
    for doc, facts in _seeds().values():
        for fact in facts:
            for ev in fact.evidence:
                check_evidence(doc, ev)
                assert doc.text[ev.start:ev.end] == ev.exact
                total += 1
    assert total > 100


def test_extraction_is_deterministic() -> None:
    for doc, facts in _seeds().values():
        again = tuple(run_shared(ExtractionContext(doc, LOOKUP)))
        assert again == facts


def test_000_the_guest_authors_finding_and_comments_that_are_not_his() -> None:
    doc = _seeds()["000"][0]
    (finding,) = _with("000", "at least 8 of the 20 LA SEN teams")
    assert finding.claim_kind == "finding"
    assert _speaker(finding) == ("Matt Keer", "person", None)
    section = doc.text.index("\nNotify of\n")
    after = [c for c in _claims("000") if c.evidence[0].start > section]
    assert len(after) >= 20
    assert all(c.claim_kind == "reader_comment" for c in after)
    assert all(c.speaker is None or c.speaker.name != "Matt Keer" for c in after)
    assert ("Becky Whinnerah", "person", None) in {_speaker(c) for c in after}
    # the editor's introduction is not the guest author's voice, and an unnamed speaker
    # in the story is nobody's
    intro_end = doc.text.index("A change in the law")
    assert not [c for c in _claims("000") if c.evidence[0].start < intro_end]
    (bonus,) = _with("000", "won’t be getting a bonus")
    assert bonus.claim_kind == "quotation" and bonus.speaker is None


@pytest.mark.parametrize(("words", "kind"), [
    ("10,000 plus children", "figure"),
    ("300 appeals", "figure"),
    ("500-600 children per worker", "figure"),
    ("£7.3 million", "quotation"),
    ("not an allocation in the real meaning", "quotation"),
])
def test_002_claims_from_the_commissioners_report(words: str, kind: str) -> None:
    (claim,) = _with("002", words)
    assert claim.claim_kind == kind
    assert _speaker(claim) == (COMMISSIONER, "person", None)
    if "Birmingham" in claim.text:
        assert claim.about == ("E08000025",)


def test_002_the_report_is_a_cited_source() -> None:
    cites = [f for f in _seeds()["002"][1] if isinstance(f, Citation)]
    urn = "urn:sendgraph:ref:report:commissioner-for-send-services-in-birmingham"
    anchors = {c.anchor_text for c in cites if c.cited_url == urn}
    assert "the report by the Commissioner for SEND services in Birmingham" in anchors
    assert len(anchors) >= 3


def test_004_recommendations_of_the_committee() -> None:
    recs = [c for c in _claims("004") if c.claim_kind == "recommendation"]
    listed = [c for c in recs if "Ombudsman to investigate complaints about schools" in c.text
              or "NASENCO course" in c.text or "more rigorous inspection framework for" in c.text]
    assert len(listed) == 3
    assert len(recs) >= 9
    assert {_speaker(c) for c in recs} == {(COMMITTEE, "organisation", None)}


def test_004_quotations_with_their_speakers() -> None:
    halfon = ("Robert Halfon", "person", "Chair of the Education Committee")
    for words in ("titanic struggle", "radical change to inspection", "major social injustice",
                  "piecemeal and reactive approach"):
        (claim,) = _with("004", words)
        assert claim.claim_kind == "quotation", words
        assert _speaker(claim) == halfon, words
    (lga,) = _with("004", "reached a tipping point")
    assert _speaker(lga) == ("Judith Blake", "person", "Chair of the Local Government "
                             "Association’s Children and Young People Board")
    (adcs,) = _with("004", "shines a light on some of the systemic challenges")
    assert _speaker(adcs) == ("Rachel Dickinson", "person", "ADCS President")
    (report,) = _with("004", "greater focus on SEND in school inspections: at present")
    assert _speaker(report) == (COMMITTEE, "organisation", None)


def test_004_findings_of_the_inquiry() -> None:
    for words in ("The inquiry found that many local authorities",
                  "The inquiry also found serious gaps"):
        (claim,) = _with("004", words)
        assert claim.claim_kind == "finding"
        assert _speaker(claim) == (COMMITTEE, "organisation", None)
