"""The installed ontology: vocabulary, schemes, shapes and named queries.

The files live in the repository's top-level `ontology/` folder and install as the data package
`sendgraph_ontology`, so these helpers find them the same way from a checkout, an editable install
or a wheel.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable

import rdflib

PACKAGE = "sendgraph_ontology"
VOCABULARY_FILE = "sendgraph.ttl"
SCHEME_FILES = ("metrics.ttl", "programmes.ttl")
SHAPES_FILE = "shapes.ttl"


def ontology_dir() -> Traversable:
    return files(PACKAGE)


def ontology_files() -> list[Traversable]:
    """Every Turtle file of the ontology (vocabulary, schemes and shapes), sorted by name."""
    return sorted((f for f in ontology_dir().iterdir() if f.name.endswith(".ttl")),
                  key=lambda f: f.name)


def vocabulary_files() -> list[Traversable]:
    """The files that define terms: the sg: vocabulary and the metric and programme schemes."""
    return [f for f in ontology_files() if f.name != SHAPES_FILE]


def scheme_files() -> list[Traversable]:
    """The SKOS schemes (metrics, programmes) that the builder copies into the reference graph."""
    return [f for f in ontology_files() if f.name in SCHEME_FILES]


def shapes_file() -> Traversable:
    return ontology_dir() / SHAPES_FILE


def queries_dir() -> Traversable:
    """The folder of named SPARQL queries (`*.rq`)."""
    return ontology_dir() / "queries"


def _parse(sources: list[Traversable]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for source in sources:
        graph.parse(data=source.read_text(encoding="utf-8"), format="turtle",
                    publicID=f"https://w3id.org/sendgraph/ontology/{source.name}")
    return graph


def load_ontology(*, include_shapes: bool = False) -> rdflib.Graph:
    """The vocabulary and both SKOS schemes merged into one graph (a fresh copy each call).

    The shapes are left out unless asked for: they describe graphs, they are not part of one.
    """
    return _parse(ontology_files() if include_shapes else vocabulary_files())


def load_shapes() -> rdflib.Graph:
    """The SHACL shapes graph (a fresh copy each call)."""
    return _parse([shapes_file()])


@cache
def _cached(name: str) -> rdflib.Graph:
    return load_shapes() if name == "shapes" else load_ontology()


def cached_ontology() -> rdflib.Graph:
    """A shared, parsed-once copy of `load_ontology()`. Do not modify it."""
    return _cached("ontology")


def cached_shapes() -> rdflib.Graph:
    """A shared, parsed-once copy of `load_shapes()`. Do not modify it."""
    return _cached("shapes")
