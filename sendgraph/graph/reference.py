"""The reference graph: local authorities (from the gazetteer) and the ontology's schemes."""

from __future__ import annotations

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from sendgraph.graph import iris
from sendgraph.graph.ontology import ontology_files
from sendgraph.graph.rdf import QuadSink, node, text, typed
from sendgraph.graph.vocab import SG
from sendgraph.resolve import Gazetteer

ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
_SCHEME_FILES = ("metrics.ttl", "programmes.ttl")


def authority_quads(sink: QuadSink, gazetteer: Gazetteer) -> None:
    for la in sorted(gazetteer.authorities, key=lambda a: a.gss_code):
        a = iris.authority(la.gss_code)
        sink.a(a, SG.LocalAuthority)
        sink.a(a, ORG + "Organization")
        sink.add(a, SKOS + "prefLabel", text(la.name))
        for alt in sorted(set(la.names) - {la.name}):
            sink.add(a, SKOS + "altLabel", text(alt))
        sink.add(a, SG.gssCode, text(la.gss_code))
        if la.dfe_la_code:
            sink.add(a, SG.dfeLaCode, text(la.dfe_la_code))
        if la.region:
            sink.add(a, SG.region, text(la.region))
        if la.kind:
            sink.add(a, SG.authorityType, text(la.kind))
        if la.valid_from:
            sink.add(a, SG.validFrom, typed(la.valid_from.isoformat(), "date"))
        if la.valid_to:
            sink.add(a, SG.validTo, typed(la.valid_to.isoformat(), "date"))
        sink.add(a, OWL_SAMEAS, node(iris.STATGEO + la.gss_code))


def scheme_quads(sink: QuadSink) -> None:
    for path in ontology_files():
        if path.name in _SCHEME_FILES:
            with path.open("rb") as fh:
                for triple in parse(fh, format=RdfFormat.TURTLE):
                    sink.quads.append(Quad(triple.subject, triple.predicate, triple.object,
                                           NamedNode(iris.GRAPH_REFERENCE)))


def reference_quads() -> list[Quad]:
    sink = QuadSink(iris.GRAPH_REFERENCE)
    authority_quads(sink, Gazetteer.load())
    scheme_quads(sink)
    return sink.quads
