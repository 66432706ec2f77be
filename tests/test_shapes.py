"""SHACL shapes (ontology/shapes.ttl): the fixture graph conforms; malformed graphs are rejected
with a report that names the node and says what is wrong."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import Literal, URIRef

from sendgraph.graph.validate import validate
from sendgraph.graph.vocab import OA, PROV, SG, SGID, SGM, XSD

DATA = Path(__file__).resolve().parent / "data"
FIXTURE = DATA / "graph_fixture.trig"

ID = str(SGID)
KINGSTON = SGID["authority/E09000021"]
SNAPSHOT_A = "2091b70884d15c77"
GRAPH_A = SGID[f"graph/snapshot/{SNAPSHOT_A}"]
GRAPH_REFERENCE = SGID["graph/reference"]
GRAPH_PROVENANCE = SGID["graph/provenance"]
PARTICIPATION = SGID["fact/participation/c0815cacf77a3abf"]  # Kingston in Safety Valve (S1)
TARGET = SGID["fact/target/f1fc52916c493cdf"]                # Kingston: cease >= 250 EHCPs
CLAIM = SGID["fact/claim/bdb4123a7660dfb6"]
CITATION = SGID["fact/citation/0177cb0550653a0b"]
EVIDENCE = SGID["evidence/7b6d6a1597606193"]                 # the participation's, in A
QUOTE = URIRef(str(EVIDENCE) + "#quote")
POSITION = URIRef(str(EVIDENCE) + "#position")
S1 = SGID["source/164985debbd7de3b"]
S2 = SGID["source/ece584517b4ce64e"]


def load() -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    dataset.parse(FIXTURE, format="trig")
    return dataset


def replace(dataset: rdflib.Dataset, graph: URIRef, s: URIRef, p: URIRef,
            o: rdflib.term.Node) -> None:
    dataset.remove((s, p, None, None))
    dataset.graph(graph).add((s, p, o))


@pytest.fixture(scope="module")
def fixture_result():
    return validate(load())


def test_the_fixture_conforms_without_warnings(fixture_result) -> None:
    assert fixture_result.conforms, fixture_result.report_text
    assert fixture_result.violations == []
    assert "conforms (0 violations, 0 warnings)" in fixture_result.report_text


def test_the_fixture_quotes_anchor_in_their_snapshot_texts() -> None:
    """Evidence-grade: every selector pair is exactly the snapshot text at its offsets."""
    texts = json.loads((DATA / "graph_fixture_texts.json").read_text(encoding="utf-8"))
    dataset = load()
    checked = 0
    for graph in dataset.graphs():
        name = str(graph.identifier)
        if not name.startswith(ID + "graph/snapshot/"):
            continue
        snapshot_id = name.rsplit("/", 1)[-1]
        text = texts[snapshot_id]
        for evidence in graph.subjects(rdflib.RDF.type, SG.Evidence):
            assert graph.value(evidence, OA.hasSource) == SGID[f"snapshot/{snapshot_id}"]
            selectors = list(graph.objects(evidence, OA.hasSelector))
            quote = next(s for s in selectors if (s, rdflib.RDF.type, OA.TextQuoteSelector)
                         in graph)
            position = next(s for s in selectors
                            if (s, rdflib.RDF.type, OA.TextPositionSelector) in graph)
            start = int(graph.value(position, OA.start))
            end = int(graph.value(position, OA.end))
            assert text[start:end] == str(graph.value(quote, OA.exact))
            assert text[max(0, start - 32):start] == str(graph.value(quote, OA.prefix))
            assert text[end:end + 32] == str(graph.value(quote, OA.suffix))
            checked += 1
    assert checked >= 20


def test_validating_does_not_touch_the_input() -> None:
    dataset = load()
    before = len(list(dataset.quads()))
    validate(dataset)
    assert len(list(dataset.quads())) == before


def test_an_oxigraph_store_validates_like_the_dataset() -> None:
    store = pyoxigraph.Store()
    store.load(path=str(FIXTURE), format=pyoxigraph.RdfFormat.TRIG)
    assert validate(store).conforms
    store.remove(pyoxigraph.Quad(pyoxigraph.NamedNode(str(TARGET)),
                                 pyoxigraph.NamedNode(str(SG.statedIn)),
                                 pyoxigraph.NamedNode(str(S1)),
                                 pyoxigraph.NamedNode(str(GRAPH_A))))
    result = validate(store)
    assert not result.conforms
    assert any(v["focus"] == "sgid:fact/target/f1fc52916c493cdf" and v["path"] == "sg:statedIn"
               for v in result.errors)


# --- malformed variants ------------------------------------------------------------------------

def _no_evidence(d: rdflib.Dataset) -> None:
    d.remove((TARGET, SG.evidence, None, None))


def _bad_gss(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_REFERENCE, KINGSTON, SG.gssCode, Literal("E9000021"))


def _no_quote_selector(d: rdflib.Dataset) -> None:
    d.remove((EVIDENCE, OA.hasSelector, QUOTE, None))


def _start_after_end(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_A, POSITION, OA.start, Literal(200))


def _unknown_role(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_A, PARTICIPATION, SG.role, URIRef(str(SG) + "Chair"))


def _two_sources(d: rdflib.Dataset) -> None:
    d.graph(GRAPH_A).add((TARGET, SG.statedIn, S2))


def _quote_length_differs(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_A, POSITION, OA.end, Literal(136))


def _metric_outside_scheme(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_A, TARGET, SG.metric, SGID["programme/safety-valve"])


def _unknown_comparator(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_A, TARGET, SG.comparator, URIRef(str(SG) + "Roughly"))


def _value_without_unit(d: rdflib.Dataset) -> None:
    d.remove((TARGET, SG.unit, None, None))


def _value_not_decimal(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_A, TARGET, SG.value, Literal("250"))


def _unknown_claim_kind(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_A, CLAIM, SG.claimKind, SG.Member)


def _claim_without_text(d: rdflib.Dataset) -> None:
    d.remove((CLAIM, SG.text, None, None))


def _evidence_source_not_a_snapshot(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_A, EVIDENCE, OA.hasSource, S1)


def _snapshot_iri_not_its_id(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_PROVENANCE, SGID[f"snapshot/{SNAPSHOT_A}"], SG.snapshotId,
            Literal("0000000000000000"))


def _fact_of_no_kind(d: rdflib.Dataset) -> None:
    d.remove((CLAIM, rdflib.RDF.type, SG.Claim))


def _citing_source_not_stated_in(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_A, CITATION, SG.citingSource, S2)


def _long_prefix(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_A, QUOTE, OA.prefix, Literal("x" * 33))


def _bad_digest(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_PROVENANCE, SGID[f"snapshot/{SNAPSHOT_A}"], SG.payloadDigest,
            Literal("md5:abc"))


def _authority_not_an_authority(d: rdflib.Dataset) -> None:
    replace(d, GRAPH_A, PARTICIPATION, SG.authority, SGID["authority/E09999999"])


def _capture_without_time(d: rdflib.Dataset) -> None:
    capture = next(q[0] for q in d.quads((None, rdflib.RDF.type, SG.Capture, None)))
    d.remove((capture, PROV.startedAtTime, None, None))


MALFORMED: dict[str, tuple[Callable[[rdflib.Dataset], None], str, str]] = {
    # name: (mutation, focus node as reported, words of the message)
    "missing evidence": (_no_evidence, "sgid:fact/target/f1fc52916c493cdf",
                         "a fact needs at least one sg:evidence"),
    "bad GSS code": (_bad_gss, "sgid:authority/E09000021",
                     "sg:gssCode must be a GSS code for an English authority"),
    "quote selector missing": (_no_quote_selector, "sgid:evidence/7b6d6a1597606193",
                               "exactly one oa:hasSelector that is an oa:TextQuoteSelector"),
    "start after end": (_start_after_end, "sgid:evidence/7b6d6a1597606193#position",
                        "oa:start must not be greater than oa:end"),
    "unknown role": (_unknown_role, "sgid:fact/participation/c0815cacf77a3abf",
                     "sg:role: sg:Member, sg:Invitee or sg:PotentialInvitee"),
    "two sources": (_two_sources, "sgid:fact/target/f1fc52916c493cdf",
                    "exactly one sg:statedIn"),
    "quote length differs": (_quote_length_differs, "sgid:evidence/7b6d6a1597606193",
                             "the quote has 95 characters but the position selector spans 42 "
                             "to 136"),
    "metric outside scheme": (_metric_outside_scheme, "sgid:fact/target/f1fc52916c493cdf",
                              "sg:metric must be a single concept of sg:MetricScheme"),
    "unknown comparator": (_unknown_comparator, "sgid:fact/target/f1fc52916c493cdf",
                           "sg:comparator must be one of"),
    "value without unit": (_value_without_unit, "sgid:fact/target/f1fc52916c493cdf",
                           "a target with a sg:value needs a sg:unit"),
    "value not decimal": (_value_not_decimal, "sgid:fact/target/f1fc52916c493cdf",
                          "sg:value must be a single xsd:decimal"),
    "unknown claim kind": (_unknown_claim_kind, "sgid:fact/claim/bdb4123a7660dfb6",
                           "exactly one sg:claimKind"),
    "claim without text": (_claim_without_text, "sgid:fact/claim/bdb4123a7660dfb6",
                           "a claim needs exactly one non-empty sg:text"),
    "evidence not in a snapshot": (_evidence_source_not_a_snapshot,
                                   "sgid:evidence/7b6d6a1597606193",
                                   "exactly one oa:hasSource, the sg:Snapshot"),
    "snapshot IRI not its id": (_snapshot_iri_not_its_id, f"sgid:snapshot/{SNAPSHOT_A}",
                                "followed by its sg:snapshotId 0000000000000000"),
    "fact of no kind": (_fact_of_no_kind, "sgid:fact/claim/bdb4123a7660dfb6",
                        "must also be a ProgrammeParticipation, Target"),
    "citing source not stated in": (_citing_source_not_stated_in,
                                    "sgid:fact/citation/0177cb0550653a0b",
                                    "must be the source it is sg:statedIn"),
    "prefix too long": (_long_prefix, "sgid:evidence/7b6d6a1597606193#quote",
                        "oa:prefix of at most 32 characters"),
    "bad digest": (_bad_digest, f"sgid:snapshot/{SNAPSHOT_A}", "sg:payloadDigest"),
    "authority unknown": (_authority_not_an_authority,
                          "sgid:fact/participation/c0815cacf77a3abf",
                          "exactly one sg:authority, a sg:LocalAuthority"),
    "capture without time": (_capture_without_time, "sgid:capture/",
                             "exactly one prov:startedAtTime"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_graphs_are_rejected_with_a_readable_report(case: str) -> None:
    mutate, focus, words = MALFORMED[case]
    dataset = load()
    mutate(dataset)
    result = validate(dataset)
    assert not result.conforms, f"{case}: accepted\n{result.report_text}"
    matching = [v for v in result.errors
                if v["focus"].startswith(focus) and words in v["message"]]
    assert matching, f"{case}: no violation on {focus} saying {words!r}\n{result.report_text}"
    # the report a person reads names the node and says what is wrong, on one line
    assert result.report_text.startswith("SHACL validation: the graph does not conform")
    assert any(line.startswith(f"[Violation] {focus}") and words in line
               for line in result.report_text.splitlines()), result.report_text
    for v in result.violations:
        assert set(v) >= {"focus", "path", "message", "severity"}


def test_warnings_do_not_break_conformance() -> None:
    dataset = load()
    dataset.remove((TARGET, SG.metric, None, None))
    replace(dataset, GRAPH_A, TARGET, SG.unit, Literal("furlongs"))
    result = validate(dataset)
    assert result.conforms, result.report_text
    assert not result.errors
    messages = {v["message"] for v in result.warnings}
    assert any("not mapped to a metric concept" in m for m in messages)
    assert any("sg:unit is not one of the known codes" in m for m in messages)
    assert "(0 violations, 2 warnings)" in result.report_text
    assert "[Warning] sgid:fact/target/f1fc52916c493cdf sg:metric" in result.report_text


def test_a_target_may_have_a_year_as_deadline() -> None:
    dataset = load()
    target = SGID["fact/target/3ad9131acb77d25f"]  # Birmingham, deadline 2024-03-31
    replace(dataset, SGID["graph/snapshot/075780940175bc28"], target, SG.deadline,
            Literal("2024", datatype=XSD.gYear))
    assert validate(dataset).conforms


def test_validate_a_plain_graph_with_a_metric_concept() -> None:
    graph = rdflib.Graph()
    for s, p, o, _ in load().quads((None, None, None, None)):
        graph.add((s, p, o))
    assert validate(graph).conforms
    graph.set((TARGET, SG.metric, SGM["not-a-metric"]))
    result = validate(graph)
    assert not result.conforms
    assert result.errors[0]["value"] == "sgm:not-a-metric"
