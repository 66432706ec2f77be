"""The metric and programme wording tables agree with the SKOS schemes in ontology/."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from sendgraph.extract.metrics import METRIC_SLUGS, metric_for
from sendgraph.extract.programme_words import (
    PROGRAMME_PATTERNS,
    programme_for,
    programme_mentions,
)

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"
SGM = "https://w3id.org/sendgraph/id/metric/"
SGP = "https://w3id.org/sendgraph/id/programme/"
SG = Namespace("https://w3id.org/sendgraph/ns#")


def _labels(graph: Graph, base: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for concept in sorted(set(graph.subjects(RDF.type, SKOS.Concept))):
        if str(concept).startswith(base):
            slug = str(concept)[len(base):]
            labels = [str(o) for p in (SKOS.prefLabel, SKOS.altLabel)
                      for o in graph.objects(concept, p)]
            out[slug] = sorted(labels)
    return out


@pytest.fixture(scope="module")
def metrics() -> dict[str, list[str]]:
    return _labels(Graph().parse(ONTOLOGY / "metrics.ttl"), SGM)


@pytest.fixture(scope="module")
def programmes() -> tuple[Graph, dict[str, list[str]]]:
    graph = Graph().parse(ONTOLOGY / "programmes.ttl")
    return graph, _labels(graph, SGP)


def test_every_metric_slug_is_in_the_scheme(metrics: dict[str, list[str]]) -> None:
    assert set(METRIC_SLUGS) <= set(metrics)
    assert set(metrics) <= set(METRIC_SLUGS), "a concept of the scheme has no wording"


def test_every_metric_label_maps_back_to_its_concept(metrics: dict[str, list[str]]) -> None:
    wrong = [(label, slug, metric_for(label)) for slug, labels in metrics.items()
             for label in labels if metric_for(label) != slug]
    assert wrong == []


@pytest.mark.parametrize(("wording", "slug"), [
    ("new EHCPs", "new-ehcps"), ("issue new plans", "new-ehcps"),
    ("cease EHCPs", "ehcps-ceased"), ("average top-up cost of a college placement", "top-up-cost"),
    ("average placement cost for primary pupils", "placement-cost"),
    ("average cost of an EHCP", "average-ehcp-cost"), ("savings and mitigations", "savings"),
    ("DSG deficits", "dsg-deficit"), ("pupils with EHCPs", "ehcps-maintained"),
    ("children and young people with Education, Health and Care Plans", "ehcps-maintained"),
    ("appeals to the SENDIST Tribunal", "tribunal-appeals"), ("case loads", "caseload"),
    ("allocation in the high needs block", "high-needs-funding"),
    ("EHCPs issued within 20 weeks", "ehcp-timeliness"),
    ("requests for assessment refused", "assessments-refused"),
    ("the colour of the town hall", None), ("webinars", None),
])
def test_source_wordings(wording: str, slug: str | None) -> None:
    assert metric_for(wording) == slug


def test_every_programme_slug_is_a_programme_of_the_scheme(
        programmes: tuple[Graph, dict[str, list[str]]]) -> None:
    graph, _ = programmes
    concrete = {str(s)[len(SGP):] for s in graph.subjects(RDF.type, SG.Programme)}
    assert {slug for slug, _ in PROGRAMME_PATTERNS} == concrete


def test_every_programme_label_maps_back(programmes: tuple[Graph, dict[str, list[str]]]) -> None:
    graph, labels = programmes
    concrete = {str(s)[len(SGP):] for s in graph.subjects(RDF.type, SG.Programme)}
    for slug, names in labels.items():
        for name in names:
            expected = slug if slug in concrete else None
            assert programme_for(name) == expected, (name, slug)
    assert URIRef(SGP + "safety-valve") in set(graph.subjects(RDF.type, SG.Programme))


def test_programme_wording_in_text() -> None:
    text = "Both the Safety Valve and DBV programmes, plus the SEND Change Programme."
    assert [m[2] for m in programme_mentions(text)] == [
        "safety-valve", "delivering-better-value", "send-change-programme"]
    assert programme_for("pins and needles") is None
    assert programme_for("an ambitious change programme for the council") is None
    assert programme_for("High-Needs Safety-Valve deal") == "safety-valve"
