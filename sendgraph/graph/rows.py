"""SPARQL over the Oxigraph store as plain Python rows (the read side of the `use` layer).

Every read command asks Oxigraph, never rdflib: the union of the named graphs is the default
graph, so a fact (snapshot graph) joins its source and snapshot (provenance graph) and its
authority (reference graph) in one query. Values are put into query text only through
pyoxigraph's own term serialisation (`iri()`, `lit()`), which escapes them.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions

from sendgraph.graph import iris
from sendgraph.graph.store import GraphStore

PREFIXES = {
    "sg": "https://w3id.org/sendgraph/ns#",
    "sgid": iris.ID,
    "sgm": iris.ID + "metric/",
    "sgp": iris.ID + "programme/",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
SG = PREFIXES["sg"]
XSD = PREFIXES["xsd"]
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                                "positiveInteger")}


def iri(value: str) -> str:
    """`value` as a SPARQL IRI term (pyoxigraph validates it)."""
    return str(NamedNode(value))


def lit(value: str) -> str:
    """`value` as an escaped SPARQL string literal."""
    return str(Literal(value))


def py(term: Any) -> Any:
    """A pyoxigraph term as a plain value: IRIs and strings as str, integers as int,
    decimals as Decimal, booleans as bool; dates and other literals as their lexical form."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        datatype = term.datatype.value if term.datatype is not None else ""
        if datatype in _INTEGERS:
            return int(term.value)
        if datatype == XSD + "decimal":
            try:
                return Decimal(term.value)
            except InvalidOperation:
                return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def select(store: GraphStore, sparql: str) -> Iterator[dict[str, Any]]:
    """Run a SELECT over the union graph; each solution as {variable: plain value}."""
    result = store.store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
    assert isinstance(result, QuerySolutions), "select() runs SELECT queries only"
    names = [v.value for v in result.variables]
    for solution in result:
        yield {name: py(solution[name]) for name in names}


def ask(store: GraphStore, sparql: str) -> bool:
    return bool(store.store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES))


def local_id(fact_iri: str) -> str:
    """The short id the CLI prints for a fact: its IRI after `.../fact/` (`claim/<h16>`)."""
    head = iris.ID + "fact/"
    return fact_iri[len(head):] if fact_iri.startswith(head) else fact_iri


def tail(value: str) -> str:
    """The last segment of an IRI (after `#` or `/`)."""
    return value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def json_number(value: Any) -> Any:
    """Decimals for JSON: an int when whole, else a float (JSON has no decimal type)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
