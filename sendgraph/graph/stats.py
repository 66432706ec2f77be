"""Graph analytics over the networkx projection (`sendgraph stats`)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from sendgraph.graph.store import GraphStore


def graph_stats(store: GraphStore, graph: nx.DiGraph, *, top: int = 10) -> dict[str, Any]:
    """Node and edge counts by type, the most-cited sources and authorities by evidence.

    `cited_by` counts distinct citing sources; an authority's `evidence` sums the evidence of
    the facts about it and of its mentions, so it equals `evidence_count` of
    `sendgraph authorities`.
    """
    nodes = Counter(d.get("type", "?") for _, d in graph.nodes(data=True))
    edges = Counter(d.get("type", "?") for _, _, d in graph.edges(data=True))
    cited = []
    for node, data in graph.nodes(data=True):
        if data.get("type") != "source":
            continue
        citing = [(u, d.get("count", 1)) for u, _, d in graph.in_edges(node, data=True)
                  if d.get("type") == "cites"]
        if citing:
            cited.append({"url": data.get("url"), "title": data.get("title"),
                          "archived": bool(data.get("archived")), "cited_by": len(citing),
                          "citations": sum(n for _, n in citing)})
    cited.sort(key=lambda s: (-s["cited_by"], -s["citations"], s["url"] or ""))
    authorities = []
    for node, data in graph.nodes(data=True):
        if data.get("type") != "authority":
            continue
        evidence = 0
        for u, _, d in graph.in_edges(node, data=True):
            if d.get("type") == "mentions":
                evidence += d.get("evidence", 0)
            elif d.get("type") in ("authority", "about"):
                evidence += graph.nodes[u].get("evidence", 0)
        authorities.append({"name": data.get("label"), "gss_code": data.get("gss_code"),
                            "evidence": evidence})
    authorities.sort(key=lambda a: (-a["evidence"], a["name"] or ""))
    return {
        "quads": len(store),
        "named_graphs": len(store.graphs()),
        "nodes": dict(sorted(nodes.items())),
        "edges": dict(sorted(edges.items())),
        "most_cited_sources": cited[:top],
        "authorities_by_evidence": authorities[:top],
    }
