"""`sendgraph export`: the built graph as TriG, N-Quads, Turtle, JSON-LD or GraphML.

- TriG and N-Quads keep the named graphs (one per snapshot, provenance, reference) and are
  dumped by Oxigraph straight to the output, streaming.
- Turtle is the union of the named graphs: a CONSTRUCT over the union graph, serialised by
  Oxigraph as the results arrive (the provenance of each triple is lost; use TriG to keep it).
- JSON-LD is the same union, compacted with the documented context `ontology/context.jsonld`
  (embedded in the file, so it reads anywhere). It goes through rdflib, whose JSON-LD writer
  builds the whole document in memory: not streamed.
- GraphML is the networkx projection (entities and citations, see `project.py`) for Gephi.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import IO, Any

from pyoxigraph import BlankNode, Literal, NamedNode, QueryTriples, RdfFormat, serialize

from sendgraph.graph.ontology import ontology_dir
from sendgraph.graph.store import GraphStore

FORMATS = ("trig", "nquads", "turtle", "jsonld", "graphml")
EXTENSIONS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads", ".ttl": "turtle",
              ".jsonld": "jsonld", ".json": "jsonld", ".graphml": "graphml"}
CONTEXT_FILE = "context.jsonld"
UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


@cache
def jsonld_context() -> dict[str, Any]:
    """The documented JSON-LD context (the object under "@context" in ontology/context.jsonld)."""
    text = (ontology_dir() / CONTEXT_FILE).read_text(encoding="utf-8")
    return json.loads(text)["@context"]


def prefixes() -> dict[str, str]:
    """The context's prefix definitions (its plain-string entries), for Turtle and TriG."""
    return {k: v for k, v in jsonld_context().items()
            if isinstance(v, str) and not k.startswith("@") and v.endswith(("#", "/"))}


def format_for(path: str | Path | None, fmt: str | None) -> str:
    """The export format: as given, else from the file's extension."""
    if fmt:
        return fmt
    suffix = Path(str(path or "")).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    raise ValueError(f"cannot tell the format from {str(path)!r}; give --format "
                     f"({', '.join(FORMATS)})")


def union_triples(store: GraphStore) -> QueryTriples:
    """Every triple of every named graph, once (the union as one graph), as a stream."""
    result = store.store.query(UNION, use_default_graph_as_union=True)
    assert isinstance(result, QueryTriples)
    return result


def export(store: GraphStore, fmt: str, out: IO[bytes]) -> None:
    """Write the graph to the binary stream `out` in `fmt` (one of FORMATS)."""
    if fmt == "trig":
        store.store.dump(out, RdfFormat.TRIG, prefixes=prefixes())
    elif fmt == "nquads":
        store.store.dump(out, RdfFormat.N_QUADS)
    elif fmt == "turtle":
        serialize(union_triples(store), out, RdfFormat.TURTLE, prefixes=prefixes())
    elif fmt == "jsonld":
        _jsonld(store, out)
    elif fmt == "graphml":
        import networkx as nx

        from sendgraph.graph.project import project

        nx.write_graphml(project(store), out, encoding="utf-8", prettyprint=True)
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _rdflib_term(term: Any) -> Any:
    from rdflib import BNode, URIRef
    from rdflib import Literal as RLiteral

    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return RLiteral(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return RLiteral(term.value)
        return RLiteral(term.value, datatype=URIRef(datatype))
    raise TypeError(f"cannot export RDF-star term {term!r} as JSON-LD")


def _sorted(value: Any) -> Any:
    """JSON-LD with its arrays in a fixed order, so one graph always exports the same bytes.

    Safe because sendgraph writes no `@list`: every other JSON-LD array is an unordered set.
    """
    if isinstance(value, dict):
        return {k: (v if k == "@list" else _sorted(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(store: GraphStore, out: IO[bytes]) -> None:
    import rdflib
    from rdflib.plugins.serializers.jsonld import from_rdf

    graph = rdflib.Graph()
    for triple in union_triples(store):
        graph.add((_rdflib_term(triple.subject), _rdflib_term(triple.predicate),
                   _rdflib_term(triple.object)))
    document = from_rdf(graph, context_data=jsonld_context())
    document = {"@context": jsonld_context(), **_sorted({k: v for k, v in document.items()
                                                         if k != "@context"})}
    out.write(json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True)
              .encode("utf-8"))
    out.write(b"\n")
