"""The networkx projection, `sendgraph stats` and `sendgraph validate` on a real build."""

from __future__ import annotations

from pathlib import Path

from sendgraph.graph import iris
from sendgraph.graph.project import edges_of, nodes_of, project
from sendgraph.graph.store import GraphStore
from tests.support.cli import invoke
from tests.support.graph_fixture import FIXTURE, Built, built, ours

__all__ = ["built"]


def _graph(b: Built):
    return project(GraphStore(b.archive, read_only=True))


def test_projection_holds_entities_and_citations_not_triples(built: Built) -> None:
    graph = _graph(built)
    store = GraphStore(built.archive, read_only=True)
    assert graph.number_of_nodes() < len(store) / 10  # far fewer nodes than quads
    # every fact the plugin emitted is a node of its kind (the shared extractors add more)
    for command, kind in (("claims", "claim"), ("targets", "target"),
                          ("programmes", "participation")):
        facts = ours(invoke(built.archive, command, "--format", "json").json())
        assert facts and {f["iri"] for f in facts} <= set(nodes_of(graph, kind))
        for fact in facts:
            assert edges_of(graph, fact["iri"], "stated_in")
            assert {graph.nodes[s]["snapshot_id"] for s in
                    edges_of(graph, fact["iri"], "evidenced_in")} == {
                e["snapshot"] for e in fact["evidence"]}
    # 3 imports + the minutes + the statement twice (robots.txt answers are not sources)
    assert len(nodes_of(graph, "snapshot")) == 6
    report, guidance = iris.source(FIXTURE.report_url), iris.source(FIXTURE.guidance_url)
    assert graph.nodes[report]["archived"] is True
    assert graph.nodes[guidance]["archived"] is False  # cited, never captured
    assert graph.nodes[guidance]["url"] == FIXTURE.guidance_url
    blog = iris.source(FIXTURE.blog_url)
    assert {report, guidance} <= set(edges_of(graph, blog, "cites"))
    assert FIXTURE.report_anchor in graph.edges[blog, report]["anchor"]
    statement = iris.source(built.snaps["statement_url"])
    assert len(edges_of(graph, statement, "snapshot_of", incoming=True)) == 2
    assert FIXTURE.kingston in {graph.nodes[a]["gss_code"] for a in nodes_of(graph, "authority")}
    # facts with the same defining fields in two sources share a key
    claims = [c["iri"] for c in ours(invoke(built.archive, "claims", "--format", "json").json())]
    assert graph.nodes[claims[0]]["key"] == graph.nodes[claims[1]]["key"]
    participation = ours(invoke(built.archive, "programmes", "--format", "json").json())[0]
    assert graph.nodes[participation["iri"]]["label"] == "Kingston upon Thames in Safety Valve"


def test_stats_counts_and_rankings(built: Built) -> None:
    out = invoke(built.archive, "stats", "--format", "json")
    assert out.code == 0, out
    data = out.json()
    graph = _graph(built)
    assert sum(data["nodes"].values()) == graph.number_of_nodes()
    assert sum(data["edges"].values()) == graph.number_of_edges()
    assert data["nodes"]["claim"] >= 2 and data["edges"]["cites"] >= 3
    top = next(s for s in data["most_cited_sources"] if s["url"] == FIXTURE.report_url)
    assert (top["cited_by"], top["archived"]) == (2, True)  # by the blog and the statement
    ranks = [(s["cited_by"], s["citations"]) for s in data["most_cited_sources"]]
    assert ranks == sorted(ranks, reverse=True)
    kingston = next(a for a in data["authorities_by_evidence"]
                    if a["gss_code"] == FIXTURE.kingston)
    listed = invoke(built.archive, "authorities", "--about", FIXTURE.kingston, "--format", "json")
    assert kingston["evidence"] == listed.json()[0]["evidence_count"]
    store = GraphStore(built.archive, read_only=True)
    assert (data["quads"], data["named_graphs"]) == (len(store), len(store.graphs()))
    table = invoke(built.archive, "stats")
    assert "Most-cited sources" in table.stdout and FIXTURE.report_url in table.stdout


def test_validate_passes_on_a_real_build(built: Built) -> None:
    out = invoke(built.archive, "validate")
    assert out.code == 0, out
    assert "the graph conforms" in out.stdout
    as_json = invoke(built.archive, "validate", "--format", "json")
    assert as_json.code == 0 and as_json.json()["conforms"] is True


def test_validate_fails_on_a_broken_graph_with_a_readable_report(
        built: Built, tmp_path: Path) -> None:
    archive = built.copy(tmp_path)
    target = ours(invoke(archive, "targets", "--format", "json").json())[0]["iri"]
    broken = invoke(archive, "sparql", "--update", f"""
        DELETE {{ GRAPH ?g {{ <{target}> sg:metricText ?t }} }}
        WHERE {{ GRAPH ?g {{ <{target}> sg:metricText ?t }} }} ;
        INSERT DATA {{ GRAPH <urn:x:broken> {{
          <urn:x:claim> a sg:Claim, sg:Fact ; sg:text "Made up." ; sg:claimKind sg:Finding .
        }} }}""")
    assert broken.code == 0, broken
    out = invoke(archive, "validate")
    assert out.code == 4, out
    assert "does not conform" in out.stdout
    assert f"sgid:fact/{target.rsplit('/fact/', 1)[1]} sg:metricText" in out.stdout
    assert "<urn:x:claim> sg:evidence" in out.stdout  # a fact without evidence
    data = invoke(archive, "validate", "--format", "json").json()
    assert data["conforms"] is False
    assert {v["focus"] for v in data["violations"] if v["severity"] == "Violation"} >= {
        "<urn:x:claim>", f"sgid:fact/{target.rsplit('/fact/', 1)[1]}"}
