"""The vocabulary (ontology/*.ttl) parses, is documented and aligned; vocab.py matches it."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from sendgraph.graph import vocab, vocabgen
from sendgraph.graph.ontology import (
    load_ontology,
    load_shapes,
    ontology_files,
    queries_dir,
    scheme_files,
    vocabulary_files,
)
from sendgraph.graph.vocab import OA, SG, SGM, SGP
from sendgraph.plugin.contract import KINDS

ROOT = Path(__file__).resolve().parents[1]
SG_NS = str(SG)
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
SG_KIND_CODE = rdflib.URIRef(SG_NS + "kindCode")
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return load_ontology()


def _sg_subjects(graph: rdflib.Graph, rdf_type: rdflib.URIRef) -> list[rdflib.URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, rdf_type)
                  if isinstance(s, rdflib.URIRef) and str(s).startswith(SG_NS))


def _en(graph: rdflib.Graph, subject: rdflib.URIRef, predicate: rdflib.URIRef) -> list[str]:
    return [str(o) for o in graph.objects(subject, predicate)
            if isinstance(o, rdflib.Literal) and o.language == "en" and str(o).strip()]


# --- files ------------------------------------------------------------------------------------

def test_the_ontology_ships_as_a_data_package() -> None:
    names = [f.name for f in ontology_files()]
    assert names == ["metrics.ttl", "programmes.ttl", "sendgraph.ttl", "shapes.ttl"]
    assert [f.name for f in vocabulary_files()] == ["metrics.ttl", "programmes.ttl",
                                                    "sendgraph.ttl"]
    assert [f.name for f in scheme_files()] == ["metrics.ttl", "programmes.ttl"]
    assert files("sendgraph_ontology").joinpath("sendgraph.ttl").is_file()
    assert len([q for q in queries_dir().iterdir() if q.name.endswith(".rq")]) >= 8


def test_pyproject_ships_ttl_and_queries() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'sendgraph_ontology = "ontology"' in text
    assert '"sendgraph_ontology.queries"' in text and '"*.rq"' in text
    assert 'sendgraph_ontology = ["*.ttl"]' in text


@pytest.mark.parametrize("name", ["sendgraph.ttl", "metrics.ttl", "programmes.ttl", "shapes.ttl"])
def test_every_file_parses_in_rdflib_and_oxigraph(name: str) -> None:
    data = (ROOT / "ontology" / name).read_bytes()
    graph = rdflib.Graph().parse(data=data, format="turtle")
    assert len(graph) > 20
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(graph)


def test_load_ontology_leaves_the_shapes_out(onto: rdflib.Graph) -> None:
    shapes = load_shapes()
    assert (None, RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#NodeShape")) in shapes
    assert (None, RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#NodeShape")) not in onto
    assert len(load_ontology(include_shapes=True)) == len(onto) + len(shapes)


# --- documentation ----------------------------------------------------------------------------

def test_ontology_header(onto: rdflib.Graph) -> None:
    header = rdflib.URIRef("https://w3id.org/sendgraph/ns")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionInfo) is not None
    assert _en(onto, header, DCTERMS.title) and _en(onto, header, DCTERMS.description)


def test_every_class_and_property_has_an_english_label_and_comment(onto: rdflib.Graph) -> None:
    terms = _sg_subjects(onto, OWL.Class)
    for kind in PROPERTY_TYPES:
        terms += _sg_subjects(onto, kind)
    assert len(terms) > 60
    missing = [str(t) for t in terms
               if len(_en(onto, t, RDFS.label)) != 1 or len(_en(onto, t, RDFS.comment)) != 1]
    assert not missing, f"terms without exactly one @en label and comment: {missing}"


def test_every_individual_is_documented_and_typed(onto: rdflib.Graph) -> None:
    individuals = _sg_subjects(onto, OWL.NamedIndividual)
    assert {str(i)[len(SG_NS):] for i in individuals} >= {
        "Member", "Invitee", "PotentialInvitee", "Agreed", "Extended", "FundingWithheld",
        "Rejected", "AtMost", "AtLeast", "Exactly", "ReduceBy", "IncreaseBy", "Save",
        "Finding", "Quotation", "Recommendation", "FigureClaim", "Assertion", "ReaderComment"}
    for individual in individuals:
        assert _en(onto, individual, RDFS.label) and _en(onto, individual, RDFS.comment)
        classes = [c for c in onto.objects(individual, RDF.type) if c != OWL.NamedIndividual]
        assert classes and all((c, RDF.type, OWL.Class) in onto for c in classes)


def test_required_classes_exist(onto: rdflib.Graph) -> None:
    required = {
        "LocalAuthority", "Programme", "ProgrammeParticipation", "Target", "Claim", "Figure",
        "Citation", "AuthorityMention", "Fact", "Source", "Snapshot", "Capture", "CrawlRun",
        "Person", "Organisation", "Evidence", "BlogPost", "InquiryReport", "CommissionerReport",
        "ProgrammeList", "Minutes", "Guidance", "Statistics", "NewsArticle", "WebPage",
        "Document"}
    classes = {str(c)[len(SG_NS):] for c in _sg_subjects(onto, OWL.Class)}
    assert required <= classes


# --- alignment ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("term", "parent"), [
    (SG.Snapshot, "http://www.w3.org/ns/prov#Entity"),
    (SG.Fact, "http://www.w3.org/ns/prov#Entity"),
    (SG.Evidence, "http://www.w3.org/ns/oa#SpecificResource"),
    (SG.Source, "https://schema.org/CreativeWork"),
    (SG.InquiryReport, "https://schema.org/Report"),
    (SG.BlogPost, "https://schema.org/BlogPosting"),
    (SG.LocalAuthority, "http://www.w3.org/ns/org#Organization"),
    (SG.LocalAuthority, "http://www.w3.org/ns/prov#Agent"),
    (SG.Person, "https://schema.org/Person"),
    (SG.Organisation, "https://schema.org/Organization"),
    (SG.Capture, "http://www.w3.org/ns/prov#Activity"),
    (SG.Programme, "http://www.w3.org/2004/02/skos/core#Concept"),
    (SG.Target, SG_NS + "Fact"),
])
def test_classes_are_aligned(onto: rdflib.Graph, term: rdflib.URIRef, parent: str) -> None:
    assert (term, RDFS.subClassOf, rdflib.URIRef(parent)) in onto


def test_properties_are_aligned(onto: rdflib.Graph) -> None:
    assert (SG.gssCode, SKOS.closeMatch,
            rdflib.URIRef("http://www.wikidata.org/prop/direct/P836")) in onto
    assert (SG.role, RDFS.subPropertyOf, rdflib.URIRef("http://www.w3.org/ns/org#role")) in onto
    assert (SG.speaker, RDFS.subPropertyOf,
            rdflib.URIRef("http://www.w3.org/ns/prov#wasAttributedTo")) in onto
    assert (SG.statedIn, RDFS.subPropertyOf, DCTERMS.source) in onto


def test_object_and_datatype_properties_do_not_overlap(onto: rdflib.Graph) -> None:
    both = set(onto.subjects(RDF.type, OWL.ObjectProperty)) & set(
        onto.subjects(RDF.type, OWL.DatatypeProperty))
    assert not both


def test_source_kind_codes_cover_the_plugin_kinds(onto: rdflib.Graph) -> None:
    codes = {str(code): cls for cls, code in onto.subject_objects(SG_KIND_CODE)}
    assert set(codes) == set(KINDS)
    for cls in codes.values():
        assert (cls, RDFS.subClassOf, SG.Source) in onto


# --- schemes ------------------------------------------------------------------------------------

REQUIRED_METRICS = {
    "new-ehcps", "ehcps-ceased", "ehcp-assessments", "assessments-refused", "ehcp-timeliness",
    "placement-cost", "average-ehcp-cost", "top-up-cost", "special-school-placements",
    "independent-special-school-placements", "out-of-area-placements", "mainstream-inclusion",
    "savings", "deficit", "dsg-deficit", "high-needs-spend", "tribunal-appeals", "caseload"}
REQUIRED_PROGRAMMES = {"safety-valve", "delivering-better-value", "send-commissioner",
                       "send-change-programme", "statutory-direction"}


def _concepts(graph: rdflib.Graph, scheme: rdflib.URIRef) -> list[rdflib.URIRef]:
    return sorted(graph.subjects(SKOS.inScheme, scheme))


@pytest.mark.parametrize(("scheme", "namespace"), [(SG.MetricScheme, str(SGM)),
                                                   (SG.ProgrammeScheme, str(SGP))])
def test_scheme_concepts_are_complete(onto: rdflib.Graph, scheme: rdflib.URIRef,
                                      namespace: str) -> None:
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    concepts = _concepts(onto, scheme)
    assert len(concepts) >= 8
    for concept in concepts:
        assert str(concept).startswith(namespace)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(concept)[len(namespace):])
        assert (concept, RDF.type, SKOS.Concept) in onto
        assert len(_en(onto, concept, SKOS.prefLabel)) == 1, concept
        assert len(_en(onto, concept, SKOS.definition)) == 1, concept
        assert _en(onto, concept, SKOS.altLabel), f"{concept} has no altLabels for extraction"
    tops = set(onto.objects(scheme, SKOS.hasTopConcept))
    assert tops == set(onto.subjects(SKOS.topConceptOf, scheme))
    assert tops == {c for c in concepts if (c, SKOS.broader, None) not in onto}


@pytest.mark.parametrize("scheme", [SG.MetricScheme, SG.ProgrammeScheme])
def test_labels_map_to_one_concept_each(onto: rdflib.Graph, scheme: rdflib.URIRef) -> None:
    """Extraction matches labels case-insensitively, so none may be shared."""
    owner: dict[str, rdflib.URIRef] = {}
    for concept in _concepts(onto, scheme):
        for label in _en(onto, concept, SKOS.prefLabel) + _en(onto, concept, SKOS.altLabel):
            key = " ".join(label.lower().split())
            assert owner.setdefault(key, concept) == concept, (
                f"{label!r} labels both {owner[key]} and {concept}")


def test_broader_and_narrower_are_stated_both_ways(onto: rdflib.Graph) -> None:
    broader = set(onto.subject_objects(SKOS.broader))
    narrower = {(n, b) for b, n in onto.subject_objects(SKOS.narrower)}
    assert broader and broader == narrower


def test_required_metrics_and_programmes(onto: rdflib.Graph) -> None:
    assert set(vocab.METRIC_SLUGS) >= REQUIRED_METRICS
    assert set(vocab.PROGRAMME_SLUGS) >= REQUIRED_PROGRAMMES
    for slug in vocab.PROGRAMME_SLUGS:
        assert (SGP[slug], RDF.type, SG.Programme) in onto
        assert (SGP[slug], RDF.type, SKOS.Concept) in onto
    assert (SGM["dsg-deficit"], SKOS.broader, SGM["deficit"]) in onto
    assert (SGP["safety-valve"], SKOS.broader, SGP["deficit-support"]) in onto


@pytest.mark.parametrize(("wording", "slug"), [
    ("new education, health and care plans", "new-ehcps"),
    ("cease EHCPs", "ehcps-ceased"),
    ("DSG deficit", "dsg-deficit"),
    ("High Needs Safety Valve", "safety-valve"),
    ("DBV", "delivering-better-value"),
    ("Delivering Better Value in SEND", "delivering-better-value"),
])
def test_wordings_extraction_will_meet(onto: rdflib.Graph, wording: str, slug: str) -> None:
    matches = {str(s).rsplit("/", 1)[-1]
               for p in (SKOS.prefLabel, SKOS.altLabel)
               for s in onto.subjects(p, rdflib.Literal(wording, lang="en"))}
    assert matches == {slug}


# --- the contract: every term the model, shapes and queries use exists -----------------------

def _used_terms(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w/#])sg:([A-Za-z]\w*)", text))


def test_graph_model_uses_only_defined_terms() -> None:
    doc = (ROOT / "docs" / "GRAPH-MODEL.md").read_text(encoding="utf-8")
    used = _used_terms(doc)
    assert {"LocalAuthority", "Target", "evidence", "statedIn"} <= used
    undefined = sorted(t for t in used if not hasattr(SG, t))
    assert not undefined, f"GRAPH-MODEL.md uses undefined sg: terms {undefined}"
    for slug in re.findall(r"sgm:([a-z0-9-]+)", doc):
        assert slug in vocab.METRIC_SLUGS, slug
    for slug in re.findall(r"sgp:([a-z0-9-]+)", doc):
        assert slug in vocab.PROGRAMME_CONCEPT_SLUGS, slug


def test_shapes_and_queries_use_only_defined_terms() -> None:
    texts = [(ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8")]
    texts += [q.read_text(encoding="utf-8") for q in sorted((ROOT / "ontology" / "queries")
                                                            .glob("*.rq"))]
    for text in texts:
        undefined = sorted(t for t in _used_terms(text) if not hasattr(SG, t))
        assert not undefined, undefined
        for slug in re.findall(r"sgm:([a-z0-9-]+)", text):
            assert slug in vocab.METRIC_SLUGS, slug


# --- the generated Python module --------------------------------------------------------------

def test_vocab_module_is_not_stale() -> None:
    on_disk = (ROOT / "sendgraph" / "graph" / "vocab.py").read_text(encoding="utf-8")
    assert vocabgen.render() == on_disk, (
        "sendgraph/graph/vocab.py is stale: run python -m sendgraph.graph.vocabgen")


def test_vocabgen_is_deterministic_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "vocab.py"
    assert vocabgen.main(["--output", str(out)]) == 0
    first = out.read_bytes()
    assert vocabgen.main(["--output", str(out)]) == 0
    assert out.read_bytes() == first
    assert vocabgen.main(["--check", "--output", str(out)]) == 0
    out.write_text(first.decode() + "# edited\n", encoding="utf-8")
    assert vocabgen.main(["--check", "--output", str(out)]) == 1
    assert first.startswith(b"# generated by")


def test_vocab_module_has_every_ontology_term(onto: rdflib.Graph) -> None:
    terms = {str(s)[len(SG_NS):] for s in onto.subjects()
             if isinstance(s, rdflib.URIRef) and str(s).startswith(SG_NS)}
    assert terms
    for name in terms:
        assert getattr(SG, name) == rdflib.URIRef(SG_NS + name)


def test_closed_namespaces_raise_on_unknown_terms() -> None:
    assert SG.LocalAuthority == rdflib.URIRef(SG_NS + "LocalAuthority")
    assert SG["Member"] == rdflib.URIRef(SG_NS + "Member")
    with pytest.raises(AttributeError):
        _ = SG.NotATerm
    with pytest.raises(AttributeError):
        _ = SG["localAuthority"]
    with pytest.raises(AttributeError):
        _ = OA.exactt
    assert OA.TextQuoteSelector == rdflib.URIRef("http://www.w3.org/ns/oa#TextQuoteSelector")


def test_instance_and_standard_namespaces() -> None:
    assert SGM["new-ehcps"] == rdflib.URIRef("https://w3id.org/sendgraph/id/metric/new-ehcps")
    assert SGP["safety-valve"] == rdflib.URIRef(
        "https://w3id.org/sendgraph/id/programme/safety-valve")
    assert str(vocab.SGID) == "https://w3id.org/sendgraph/id/"
    assert str(vocab.SCHEMA) == "https://schema.org/"
    assert str(vocab.PROV) == "http://www.w3.org/ns/prov#"
    assert list(vocab.METRIC_SLUGS) == sorted(vocab.METRIC_SLUGS)
