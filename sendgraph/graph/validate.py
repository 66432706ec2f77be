"""Check a graph against ontology/shapes.ttl with pySHACL and explain what is wrong.

The data graph is validated as one graph: a Dataset (or an Oxigraph store) is merged first, because
facts in a snapshot graph point at authorities in the reference graph and at snapshots in the
provenance graph, and pySHACL would otherwise check each named graph on its own. The merged copy
lives in an in-memory Oxigraph store behind rdflib's API (oxrdflib), so the shapes' SPARQL parts
run in Oxigraph.

The vocabulary (sendgraph.ttl and the SKOS schemes) is added to (a copy of) the data graph, so
`sh:targetClass sg:Fact` reaches every Target and Claim through rdfs:subClassOf, and metric and
programme concepts resolve. (pySHACL's own `ont_graph` mixing copies only RDFS/OWL axioms, not the
SKOS concepts, so it is not used.)

RDFS entailment is deliberately *not* run by default: with it, `rdfs:range sg:LocalAuthority` on
`sg:authority` would make any object of sg:authority a local authority, and `sh:class` checks could
never fail.

Results of severity sh:Violation make the graph non-conforming; sh:Warning and sh:Info results are
reported but the graph still conforms.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import BNode, Literal, Node, URIRef

from sendgraph.graph.ontology import cached_ontology, cached_shapes

_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
PREFIXES = {
    "sg": "https://w3id.org/sendgraph/ns#",
    "sgm": "https://w3id.org/sendgraph/id/metric/",
    "sgp": "https://w3id.org/sendgraph/id/programme/",
    "sgid": "https://w3id.org/sendgraph/id/",
    "sgsh": "https://w3id.org/sendgraph/shapes#",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": str(RDF),
    "xsd": str(XSD),
}


@dataclass
class ValidationResult:
    """What pySHACL found. `violations` lists every result (any severity), most serious first."""

    conforms: bool
    report_text: str
    violations: list[dict[str, Any]] = field(default_factory=list)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v["severity"] == "Violation"]

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v["severity"] != "Violation"]

    def to_json(self) -> dict[str, Any]:
        return {"conforms": self.conforms, "violations": self.violations}


def compact(node: Node | None) -> str | None:
    """An IRI in its prefixed form where one of sendgraph's prefixes fits; literals quoted."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        text = str(node)
        # longest namespace first, so sgm: wins over sgid:
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
        return f"<{text}>"
    if isinstance(node, Literal):
        out = '"' + str(node).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if node.language:
            return f"{out}@{node.language}"
        if node.datatype in (XSD.integer, XSD.decimal, XSD.boolean):
            return str(node)
        if node.datatype and node.datatype != XSD.string:
            return f"{out}^^{compact(node.datatype)}"
        return out
    return f"_:{node}"


def _path_text(results: rdflib.Graph, path: Node | None) -> str | None:
    """sh:resultPath as text: an IRI, or a readable form of an alternative/inverse path."""
    if path is None or isinstance(path, URIRef):
        return compact(path)
    alternatives = results.value(path, SH.alternativePath)
    if alternatives is not None:
        items = rdflib.collection.Collection(results, alternatives)
        return "|".join(_path_text(results, p) or "?" for p in items)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + (_path_text(results, inverse) or "?")
    return str(path)


def _ox(term: Node) -> Any:
    import pyoxigraph as ox

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))
    raise TypeError(f"cannot validate the term {term!r}")


def _triples(data: rdflib.Graph | Any) -> Iterator[tuple[Any, Any, Any]]:
    """Every triple of a Graph, Dataset or pyoxigraph Store, as pyoxigraph terms, graphs merged."""
    import pyoxigraph as ox

    if isinstance(data, ox.Store):
        for quad in data:
            yield quad.subject, quad.predicate, quad.object
    elif isinstance(data, rdflib.Dataset | rdflib.ConjunctiveGraph):
        for s, p, o, _ in data.quads((None, None, None, None)):
            yield _ox(s), _ox(p), _ox(o)
    elif isinstance(data, rdflib.Graph):
        for s, p, o in data:
            yield _ox(s), _ox(p), _ox(o)
    else:
        raise TypeError(f"cannot validate a {type(data).__name__}: give an rdflib Graph, "
                        "Dataset or pyoxigraph Store")


def working_graph(data: rdflib.Graph | Any, ontology: rdflib.Graph | None = None) -> rdflib.Graph:
    """A private Oxigraph-backed copy of the data (all graphs merged) plus the vocabulary.

    Oxigraph behind rdflib's API (DESIGN.md): pySHACL walks it through rdflib, and its SPARQL
    targets and constraints run in Oxigraph, whose join ordering copes with a large graph where
    rdflib's own SPARQL engine would build cross products.
    """
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    class ReadOnlyStore(OxigraphStore):
        """oxrdflib counts triples with a query on every len(); pySHACL asks thousands of times
        (each `if graph:`), which made validation quadratic. The copy never changes: count once."""

        def __init__(self, inner: ox.Store) -> None:
            super().__init__(store=inner)
            self._size = len(inner)

        def __len__(self, context: Any = None) -> int:
            return self._size

    store = ox.Store()
    default = ox.DefaultGraph()
    store.extend(ox.Quad(s, p, o, default) for s, p, o in _triples(data))
    store.extend(ox.Quad(s, p, o, default)
                 for s, p, o in _triples(cached_ontology() if ontology is None else ontology))
    return rdflib.Graph(store=ReadOnlyStore(store), identifier=DATASET_DEFAULT_GRAPH_ID)


def _results(report: rdflib.Graph) -> list[dict[str, Any]]:
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        component = report.value(result, SH.sourceConstraintComponent)
        focus = report.value(result, SH.focusNode)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        found.append({
            "focus": compact(focus),
            "path": _path_text(report, report.value(result, SH.resultPath)),
            "message": "; ".join(messages) or compact(component) or "constraint not met",
            "severity": str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            # SPARQL constraints report the focus node itself as the value: say it once
            "value": None if value == focus else compact(value),
            "shape": compact(shape) if isinstance(shape, URIRef) else None,
            "constraint": compact(component),
        })
    found.sort(key=lambda r: (_SEVERITY_ORDER.get(r["severity"], 9), r["focus"] or "",
                              r["path"] or "", r["message"], r["value"] or ""))
    return found


def format_report(conforms: bool, results: Iterable[dict[str, Any]]) -> str:
    results = list(results)
    errors = sum(r["severity"] == "Violation" for r in results)
    others = len(results) - errors
    head = "conforms" if conforms else "does not conform"
    lines = [f"SHACL validation: the graph {head} ({errors} violation{'s' * (errors != 1)}, "
             f"{others} warning{'s' * (others != 1)})"]
    for r in results:
        where = (r["focus"] or "?") + (f" {r['path']}" if r["path"] else "")
        lines.append(f"[{r['severity']}] {where}: {r['message']}")
        if r["value"] is not None:
            lines.append(f"    value: {r['value']}")
    return "\n".join(lines) + "\n"


def validate(data_graph: rdflib.Graph | Any, *, shapes: rdflib.Graph | None = None,
             ontology: rdflib.Graph | None = None) -> ValidationResult:
    """Validate a Graph, Dataset or pyoxigraph Store against the shipped SHACL shapes.

    `shapes` and `ontology` replace the shipped shapes graph and vocabulary (for tests and for
    users checking their own extensions)."""
    import pyshacl  # imported here: it is slow to import and only this command needs it

    data = working_graph(data_graph, ontology)  # a copy: the caller's graph is never changed
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=cached_shapes() if shapes is None else shapes,
        inference="none",  # deliberately: see the module docstring
        abort_on_first=False,
        allow_warnings=True,
        allow_infos=True,
        advanced=True,  # SPARQL targets (see shapes.ttl)
        inplace=True,
    )
    results = _results(report)
    return ValidationResult(conforms=bool(conforms), report_text=format_report(conforms, results),
                            violations=results)
