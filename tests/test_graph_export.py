"""`sendgraph export`: every format parses back to the graph it came from; rebuilds reproduce."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic

from sendgraph.cli.graph_cmds import EXPORT_FORMATS
from sendgraph.graph import export as export_module
from sendgraph.graph.export import jsonld_context, union_triples
from sendgraph.graph.ontology import ontology_dir
from sendgraph.graph.project import project
from sendgraph.graph.store import GraphStore
from tests.support.cli import invoke
from tests.support.graph_fixture import FIXTURE, Built, built, plugin_on_path

__all__ = ["built"]  # the session fixture, imported for pytest

EXT = {"trig": "trig", "nquads": "nq", "turtle": "ttl", "jsonld": "jsonld", "graphml": "graphml"}


def _rdflib(term):  # pyoxigraph term -> rdflib term, through the exporter's own mapping
    return export_module._rdflib_term(term)


def _store(archive: Path) -> GraphStore:
    return GraphStore(archive, read_only=True)


def _quads(archive: Path) -> set[tuple]:
    return {(_rdflib(q.subject), _rdflib(q.predicate), _rdflib(q.object), _rdflib(q.graph_name))
            for q in _store(archive).store}


def _union(archive: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    for t in union_triples(_store(archive)):
        graph.add((_rdflib(t.subject), _rdflib(t.predicate), _rdflib(t.object)))
    return graph


def _export(archive: Path, fmt: str, out: Path) -> bytes:
    result = invoke(archive, "export", "--format", fmt, "-o", out)
    assert result.code == 0, result
    return out.read_bytes()


def test_cli_offers_exactly_the_exporters_formats() -> None:
    assert EXPORT_FORMATS == export_module.FORMATS


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_trig_and_nquads_keep_every_named_graph(built: Built, tmp_path: Path, fmt: str) -> None:
    data = _export(built.archive, fmt, tmp_path / f"graph.{EXT[fmt]}")
    parsed = rdflib.Dataset()
    parsed.parse(data=data, format={"trig": "trig", "nquads": "nquads"}[fmt])
    quads = {(s, p, o, g) for s, p, o, g in parsed.quads((None, None, None, None))}
    expected = _quads(built.archive)
    # No blank nodes anywhere (every node has an IRI), so equal sets are isomorphic datasets.
    assert quads == expected
    graphs = {str(g) for *_, g in expected}
    assert "https://w3id.org/sendgraph/id/graph/provenance" in graphs
    assert "https://w3id.org/sendgraph/id/graph/reference" in graphs
    assert {f"https://w3id.org/sendgraph/id/graph/snapshot/{built.snaps[k]}"
            for k in ("minutes", "statement", "statement_updated", "blog")} <= graphs


@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
def test_turtle_and_jsonld_are_the_union(built: Built, tmp_path: Path, fmt: str) -> None:
    data = _export(built.archive, fmt, tmp_path / f"graph.{EXT[fmt]}")
    parsed = rdflib.Graph().parse(data=data, format={"turtle": "turtle",
                                                     "jsonld": "json-ld"}[fmt])
    union = _union(built.archive)
    assert len(parsed) == len(union) > 2000
    assert isomorphic(parsed, union)
    if fmt == "turtle":
        assert data.startswith(b"@prefix ") and b"sg:Target" in data


def test_jsonld_carries_the_documented_context(built: Built, tmp_path: Path) -> None:
    data = json.loads(_export(built.archive, "jsonld", tmp_path / "graph.jsonld"))
    shipped = json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == shipped["@context"] == jsonld_context()
    by_id = {node["@id"]: node for node in data["@graph"]}
    (target,) = [n for n in by_id.values() if n.get("metricText") == FIXTURE.cease_words]
    # compacted with the context's terms: a reader sees names, not IRIs
    assert target["@type"] == ["sg:Fact", "sg:Target"]
    assert (target["authority"], target["comparator"], target["metric"], target["value"]) == (
        "https://w3id.org/sendgraph/id/authority/E09000021", "sg:AtLeast", "sgm:ehcps-ceased",
        "300")
    assert "evidence" in target and "statedIn" in target
    evidence = by_id[target["evidence"]]
    quote = by_id[next(s for s in evidence["hasSelector"] if s.endswith("#quote"))]
    assert quote["exact"] == FIXTURE.cease
    # GRAPH-MODEL.md documents the context
    model = (Path(__file__).resolve().parents[1] / "docs" / "GRAPH-MODEL.md").read_text()
    assert "ontology/context.jsonld" in model


def test_jsonld_export_is_deterministic(built: Built, tmp_path: Path) -> None:
    first = _export(built.archive, "jsonld", tmp_path / "a.jsonld")
    assert _export(built.archive, "jsonld", tmp_path / "b.jsonld") == first


def test_graphml_opens_in_networkx_with_counts_and_labels(built: Built, tmp_path: Path) -> None:
    _export(built.archive, "graphml", tmp_path / "graph.graphml")
    read = nx.read_graphml(tmp_path / "graph.graphml")
    projected = project(_store(built.archive))
    assert read.number_of_nodes() == projected.number_of_nodes() > 10
    assert read.number_of_edges() == projected.number_of_edges() > 10
    assert read.is_directed()
    for node, data in projected.nodes(data=True):
        assert read.nodes[node]["label"] == data["label"]
        assert read.nodes[node]["type"] == data["type"]
    assert {d["type"] for _, _, d in read.edges(data=True)} >= {
        "stated_in", "evidenced_in", "snapshot_of", "cites", "authority", "about"}


def test_format_from_extension_and_stdout(built: Built, tmp_path: Path) -> None:
    out = invoke(built.archive, "export", "-o", tmp_path / "g.nq")
    assert out.code == 0, out
    streamed = invoke(built.archive, "export", "--format", "nquads", "-o", "-")
    assert streamed.code == 0, streamed
    assert sorted(streamed.stdout.splitlines()) == sorted(
        (tmp_path / "g.nq").read_text(encoding="utf-8").splitlines())
    unknown = invoke(built.archive, "export", "-o", tmp_path / "g.xyz")
    assert unknown.code == 2 and "give --format" in unknown.stderr
    assert not (tmp_path / "g.xyz").exists()


def test_export_before_any_build_says_run_extract(tmp_path: Path) -> None:
    out = invoke(tmp_path / "archive", "export", "--format", "trig", "-o", tmp_path / "g.trig")
    assert out.code == 1
    assert "run `sendgraph extract` first" in out.stderr
    assert not (tmp_path / "g.trig").exists()


def test_two_rebuilds_give_identical_sorted_nquads(built: Built, tmp_path: Path) -> None:
    archive = built.copy(tmp_path)
    exports = []
    with plugin_on_path(built.site_dir):
        for n in range(2):
            assert invoke(archive, "extract", "--rebuild").code == 0
            exports.append(sorted(_export(archive, "nquads", tmp_path / f"{n}.nq").splitlines()))
    original = sorted(_export(built.archive, "nquads", tmp_path / "orig.nq").splitlines())
    assert exports[0] == exports[1] == original
    assert len(original) > 2000
