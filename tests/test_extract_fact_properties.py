"""Properties of the programme, target and figure extractors on arbitrary input: they never
raise, every evidence quote is the document's text at its offsets, and output is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendgraph.document.model import Block, Document, Metadata
from sendgraph.document.text import text_document
from sendgraph.extract import ExtractionContext, check_evidence, figures, programmes, targets
from sendgraph.extract.model import Figure, ProgrammeParticipation, Target
from tests.support.fact_docs import Names

UNITS = {"count", "GBP", "percent", "ratio"}

EXTRACTORS = (programmes.extract, targets.extract, figures.extract)
WORDS = [
    "Kent", "Medway", "Kingston and Richmond", "Bury's", "Safety Valve", "DBV", "Delivering Better "
    "Value", "SEND Commissioner", "Tranche 2", "(2021-22)", "members:", "invitees", "potential",
    "target", "KPI", "aims to", "to save", "no more than", "at least", "around", "cut", "reduce",
    "by", "to", "of", "176", "1,250", "£1.6m", "£85 million", "£1bn", "65%", "12 per cent",
    "Thirty-eight", "two-thirds", "half", "500-600", "new EHCPs", "cease", "EHCPs", "pupils with "
    "EHCPs", "DSG deficits", "stand at", "reached", "should be", "that figure", "similar targets",
    "for both", "It", "2022-23", "FY23/24", "from April 2022 to March 2023", "before the end of "
    "March 2023", "in this financial year", "withheld", "entered", "agreement", "invited",
    "rejected", "extended", "not", ".", ",", ":", "–", "-", "‘", "’", "\n", "\n\n", " ", "  ",
    "- ", "• ", "1.", "P21", "2014", "per worker", "x", "é", "\t",
]
text_strategy = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)),
                         max_size=60).map(" ".join)
DATES = st.sampled_from([None, "2022", "2022-02", "2019-10-23", "2023-11"])
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _well_formed(fact: object) -> None:
    """What the SHACL shapes ask of these facts."""
    if isinstance(fact, Target):
        assert fact.metric_text.strip()
        assert fact.value is None or fact.unit in UNITS
        if fact.period_start and fact.period_end:
            assert fact.period_start <= fact.period_end
    elif isinstance(fact, Figure):
        assert fact.measure.strip() and fact.unit in UNITS
    elif isinstance(fact, ProgrammeParticipation):
        assert fact.programme and fact.authority


def _check(document: Document) -> None:
    names = Names()
    outputs = []
    for _ in range(2):
        run = []
        for extract in EXTRACTORS:
            facts = list(extract(ExtractionContext(document, names)))
            for fact in facts:
                assert fact.evidence
                for evidence in fact.evidence:
                    check_evidence(document, evidence)
                _well_formed(fact)
            run.append([(f.kind, f.identity(), f.evidence) for f in facts])
        outputs.append(run)
    assert outputs[0] == outputs[1]


@SETTINGS
@given(text=text_strategy, date=DATES)
def test_plain_text(text: str, date: str | None) -> None:
    meta = {"published": date} if date else None
    document = text_document(text.encode("utf-8"), url="https://example.org/x",
                             content_type="text/plain; charset=utf-8",
                             snapshot_id="0123456789abcdef", metadata=meta)
    _check(document)


KINDS = st.sampled_from(["heading", "paragraph", "list_item", "table_cell", "quotation"])
segment = st.tuples(KINDS, text_strategy.map(str.strip), st.integers(0, 2), st.integers(0, 3),
                    st.integers(0, 3))


@SETTINGS
@given(segments=st.lists(segment, max_size=14), comments=st.lists(text_strategy, max_size=2),
       date=DATES)
def test_arbitrary_block_structures(segments: list, comments: list[str],
                                    date: str | None) -> None:
    text = ""
    blocks = []
    parts = [(k, t, tb, r, c) for k, t, tb, r, c in segments if t.strip()]
    parts += [("comment", t.strip(), 0, 0, 0) for t in comments if t.strip()]
    for kind, body, table, row, col in parts:
        if text:
            text += "\n\n"
        start = len(text)
        text += body
        cell = kind == "table_cell"
        blocks.append(Block(kind, start, len(text), level=1 if kind == "heading" else None,
                            table=table if cell else None, row=row if cell else None,
                            col=col if cell else None))
    document = Document(snapshot_id="0123456789abcdef", url="https://example.org/y",
                        content_type="text/html", text=text, blocks=tuple(blocks),
                        metadata=Metadata(published=date))
    _check(document)
