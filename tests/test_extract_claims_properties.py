"""Properties of the claims and references extractors on arbitrary text and block structures:
they never raise, every evidence quote is the text at its offsets, the output is deterministic,
and nothing inside a reader comment is given to anyone but its commenter."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendgraph.document.model import Block, Document, Metadata
from sendgraph.document.text import line_blocks
from sendgraph.extract import ExtractionContext, check_evidence, claims, references
from sendgraph.extract.model import Claim
from tests.support.extract_docs import FakeAuthorities

WORDS = [
    "The", "report", "by", "the", "Commissioner", "for", "SEND", "in", "Exampleshire", "said:",
    "said", "says", "he", "she", "added", "found", "that", "8", "of", "20", "councils", "I",
    "researched", "we", "surveyed", "recommendations", "including:", "should", "must", "“", "”",
    "‘", "’", '"', "'", ",", ".", ":", ";", "…", "Read more »", "Reply", "3 Comments",
    "Notify of", "Jane Doe MP,", "Chair of the Committee,", "Education Committee", "DfE",
    "LGA", "Green Paper", "SEND & AP", "guidance", "published", "Report:", "P21", "Guidance",
    "It", "it", "inquiry", "statistics", "£7.3m", "1.6m", "Mr.", "e.g.", "No.", "As", "According",
    "to", "view,", "In", "Recommendation 1:", "-", "•", "Today’s guest post", "Pat Writer",
    "Recommendations", "concluded", "urges", "calls for", "’s", "Matt", "Smith says:",
]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "  "]
LOOKUP = FakeAuthorities({"Exampleshire": "E10000099", "Sampleton": "E06000098"})

token_text = st.lists(
    st.tuples(st.sampled_from(WORDS) | st.text(max_size=6), st.sampled_from(SEPARATORS)),
    max_size=80,
).map(lambda parts: "".join(w + s for w, s in parts))


def _plain(text: str, author: str | None) -> Document:
    return Document(snapshot_id="0" * 16, url="https://example.org/p", content_type="text/plain",
                    text=text, blocks=line_blocks(text),
                    metadata=Metadata(authors=(author,) if author else ()))


block_kinds = st.sampled_from(["heading", "paragraph", "list_item", "table_cell", "quotation"])
main_blocks = st.lists(st.tuples(block_kinds, token_text), max_size=12)
comment_blocks = st.lists(st.tuples(st.sampled_from(["Pat Writer", "Dee Reader", None]),
                                    token_text), max_size=4)


def _structured(main: list[tuple[str, str]], comments: list[tuple[str | None, str]],
                author: str | None) -> Document:
    text = ""
    blocks: list[Block] = []
    for n, (kind, body, who) in enumerate(
            [(k, b, None) for k, b in main] + [("comment", b, a) for a, b in comments]):
        body = body.strip()
        if not body:
            continue
        if text:
            text += "\n\n"
        start = len(text)
        text += body
        extra = {"author": who, "comment": n + 1} if kind == "comment" else {}
        blocks.append(Block(kind, start, len(text), **extra))
    return Document(snapshot_id="1" * 16, url="https://example.org/s", content_type="text/html",
                    text=text, blocks=tuple(blocks),
                    metadata=Metadata(authors=(author,) if author else ()))


def _run(doc: Document) -> list:
    facts = []
    for extract in (references.extract, claims.extract):
        facts.extend(extract(ExtractionContext(doc, LOOKUP)))
    for fact in facts:
        assert fact.evidence
        for ev in fact.evidence:
            check_evidence(doc, ev)
            assert doc.text[ev.start:ev.end] == ev.exact
    return facts


def _comments_are_the_commenters(doc: Document, facts: list) -> None:
    for fact in facts:
        if not isinstance(fact, Claim):
            continue
        start = fact.evidence[0].start
        block = next((b for b in doc.blocks if b.start <= start < b.end), None)
        if block is not None and block.kind == "comment":
            assert fact.claim_kind == "reader_comment"
            assert (fact.speaker.name if fact.speaker else None) == block.author


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(token_text, st.sampled_from([None, "Pat Writer"]))
def test_arbitrary_plain_text(text: str, author: str | None) -> None:
    doc = _plain(text, author)
    first = _run(doc)
    assert _run(doc) == first  # same object again
    assert _run(_plain(text, author)) == first  # an equal document
    for fact in first:
        if isinstance(fact, Claim) and fact.claim_kind == "reader_comment" and fact.speaker:
            assert fact.speaker.kind == "person"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(main_blocks, comment_blocks, st.sampled_from([None, "Pat Writer"]))
def test_arbitrary_block_structures(main, comments, author) -> None:
    doc = _structured(main, comments, author)
    first = _run(doc)
    assert _run(_structured(main, comments, author)) == first
    _comments_are_the_commenters(doc, first)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_unicode_text(text: str) -> None:
    _run(_plain(text, "Pat Writer"))
