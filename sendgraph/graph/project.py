"""A networkx projection of the graph: entities and citations, not every triple.

Nodes (id = IRI; attribute `type`, `label` for Gephi, and a few per type):

- `claim`, `target`, `participation`, `figure` — facts worth tracing; `key` is their defining
  fields without the source, so facts with one key in several sources are "the same fact";
  `evidence` is how many pieces of evidence back the fact;
- `source` (`url`, `title`, `archived`: a snapshot of it is in the archive);
- `snapshot` (`snapshot_id`, `captured`);
- `authority` (`gss_code`), only those the graph says something about;
- `programme`.

Edges (attribute `type`): fact -stated_in-> source, fact -evidenced_in-> snapshot (`evidence`
count), snapshot -snapshot_of-> source, fact -authority|about-> authority, participation
-programme-> programme, source -cites-> source (`count` citations, `anchor` their link words),
source -mentions-> authority (`evidence`: mentions). Authority mentions and citations are facts
in RDF but edges here: there can be very many, and analysis wants them as links.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx

from sendgraph.graph.rows import iri, lit, select, tail
from sendgraph.graph.store import GraphStore

FACT_TYPES = {"Claim": "claim", "Target": "target", "ProgrammeParticipation": "participation",
              "Figure": "figure"}
# The fields that define each kind of fact apart from its source (compare rdf.fact identity).
_KEY_FIELDS = {
    "claim": ("sg:text",),
    "target": ("sg:authority", "sg:metric", "sg:metricText", "sg:comparator", "sg:value",
               "sg:unit", "sg:periodStart", "sg:periodEnd", "sg:deadline"),
    "participation": ("sg:authority", "sg:programme", "sg:role", "sg:tranche", "sg:period"),
    "figure": ("sg:value", "sg:unit", "sg:metric", "sg:measure"),
}


def _set(graph: nx.DiGraph, node: str, **attrs: Any) -> None:
    """Add or update a node, dropping None values (GraphML has no null)."""
    clean = {k: v for k, v in attrs.items() if v is not None}
    if node in graph:
        graph.nodes[node].update(clean)
    else:
        graph.add_node(node, **clean)


def _key_text(value: Any) -> str:
    text = "" if value is None else str(value)
    return " ".join(text.casefold().split()) if isinstance(value, str) else text


def _values(var: str, iris_: list[str] | None) -> str:
    """A VALUES clause restricting `var` to `iris_` (nothing when None: no restriction)."""
    return "" if iris_ is None else f"VALUES ?{var} {{ {' '.join(map(iri, iris_))} }}"


def _facts(store: GraphStore, graph: nx.DiGraph, only: list[str] | None = None) -> None:
    classes = " ".join(f"sg:{c}" for c in FACT_TYPES)
    keys: dict[str, dict[str, Any]] = {}
    only_facts = _values("fact", only)
    for r in select(store, f"""
        SELECT ?fact ?cls ?source (COUNT(DISTINCT ?ev) AS ?n)
               (SAMPLE(?text) AS ?label) WHERE {{
          {only_facts}
          VALUES ?cls {{ {classes} }}
          ?fact a ?cls ; sg:statedIn ?source ; sg:evidence ?ev .
          OPTIONAL {{ ?fact sg:text|sg:metricText|sg:measure ?text }}
        }} GROUP BY ?fact ?cls ?source"""):
        kind = FACT_TYPES[tail(r["cls"])]
        _set(graph, r["fact"], type=kind, label=r["label"] or kind, evidence=r["n"],
             source=r["source"])
        graph.add_edge(r["fact"], r["source"], type="stated_in")
        keys[r["fact"]] = {}
    # Defining fields, read generically so the key follows the model without a query per kind.
    wanted = sorted({p for fields in _KEY_FIELDS.values() for p in fields})
    for r in select(store, f"""
        SELECT ?fact ?p ?o WHERE {{
          {only_facts}
          VALUES ?cls {{ {classes} }}
          VALUES ?p {{ {" ".join(wanted)} }}
          ?fact a ?cls ; ?p ?o .
        }}"""):
        keys[r["fact"]][r["p"]] = r["o"]
    for fact, values in keys.items():
        kind = graph.nodes[fact]["type"]
        by_name = {tail(p): v for p, v in values.items()}
        parts = [_key_text(by_name.get(p.split(":", 1)[1])) for p in _KEY_FIELDS[kind]]
        graph.nodes[fact]["key"] = " | ".join([kind, *parts])  # XML-safe (GraphML)
    for r in select(store, f"""
        SELECT ?fact ?snap (COUNT(DISTINCT ?ev) AS ?n) WHERE {{
          {only_facts}
          VALUES ?cls {{ {classes} }}
          ?fact a ?cls ; sg:evidence ?ev . ?ev oa:hasSource ?snap .
        }} GROUP BY ?fact ?snap"""):
        if r["snap"] in graph:  # snapshots without a source (robots.txt) are not projected
            graph.add_edge(r["fact"], r["snap"], type="evidenced_in", evidence=r["n"])


def _sources_and_snapshots(store: GraphStore, graph: nx.DiGraph) -> None:
    for r in select(store, """
        SELECT ?source ?url ?title WHERE {
          ?source a sg:Source .
          OPTIONAL { ?source schema:url ?url }
          OPTIONAL { ?source dcterms:title ?title }
        }"""):
        _set(graph, r["source"], type="source", label=r["title"] or r["url"] or r["source"],
             url=r["url"], title=r["title"], archived=False)
    for r in select(store, """
        SELECT ?snap ?sid ?captured ?source WHERE {
          ?snap a sg:Snapshot ; prov:specializationOf ?source .
          OPTIONAL { ?snap sg:snapshotId ?sid }
          OPTIONAL { ?snap prov:generatedAtTime ?captured }
        }"""):
        sid = r["sid"] or tail(r["snap"])
        _set(graph, r["snap"], type="snapshot", label=sid, snapshot_id=sid,
             captured=r["captured"])
        if r["source"] not in graph:
            _set(graph, r["source"], type="source", label=r["source"])
        graph.nodes[r["source"]]["archived"] = True
        graph.add_edge(r["snap"], r["source"], type="snapshot_of")


def _citations(store: GraphStore, graph: nx.DiGraph, citing: list[str] | None = None,
               ) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    anchors: dict[tuple[str, str], set[str]] = {}
    urls: dict[str, str] = {}
    for r in select(store, f"""
        SELECT DISTINCT ?fact ?citing ?cited ?url ?anchor WHERE {{
          {_values("citing", citing)}
          ?fact a sg:Citation ; sg:citingSource ?citing ; sg:citedSource ?cited ;
                sg:citedUrl ?url .
          OPTIONAL {{ ?fact sg:anchorText ?anchor }}
        }}"""):
        counts[(r["citing"], r["cited"])] += 1
        if r["anchor"]:
            anchors.setdefault((r["citing"], r["cited"]), set()).add(r["anchor"])
        urls.setdefault(r["cited"], r["url"])
    for (citing, cited), n in sorted(counts.items()):
        for node in (citing, cited):
            if node not in graph:  # a cited page that was never captured
                _set(graph, node, type="source", label=urls.get(node, node), url=urls.get(node),
                     archived=False)
        # the link words, for trace ("linked as ..."); GraphML wants one string
        words = " | ".join(sorted(anchors.get((citing, cited), ())))
        graph.add_edge(citing, cited, type="cites", count=n, anchor=words)


def _authorities(store: GraphStore, graph: nx.DiGraph) -> None:
    for r in select(store, """
        SELECT DISTINCT ?fact ?p ?a ?name ?gss WHERE {
          VALUES ?p { sg:authority sg:about sg:programme }
          ?fact ?p ?a .
          FILTER NOT EXISTS { ?fact a sg:AuthorityMention }
          OPTIONAL { ?a skos:prefLabel ?name }
          OPTIONAL { ?a sg:gssCode ?gss }
        }"""):
        if r["fact"] not in graph:
            continue
        kind = "programme" if tail(r["p"]) == "programme" else (
            "authority" if r["gss"] or "/authority/" in r["a"] else "concept")
        _set(graph, r["a"], type=kind, label=r["name"] or tail(r["a"]), gss_code=r["gss"])
        graph.add_edge(r["fact"], r["a"], type=tail(r["p"]))
    for r in select(store, """
        SELECT ?source ?a ?name ?gss (COUNT(DISTINCT ?ev) AS ?n) WHERE {
          ?fact a sg:AuthorityMention ; sg:authority ?a ; sg:statedIn ?source ;
                sg:evidence ?ev .
          OPTIONAL { ?a skos:prefLabel ?name }
          OPTIONAL { ?a sg:gssCode ?gss }
        } GROUP BY ?source ?a ?name ?gss"""):
        _set(graph, r["a"], type="authority", label=r["name"] or tail(r["a"]), gss_code=r["gss"])
        if r["source"] not in graph:
            _set(graph, r["source"], type="source", label=r["source"], archived=False)
        graph.add_edge(r["source"], r["a"], type="mentions", evidence=r["n"])


def project(store: GraphStore) -> nx.DiGraph:
    """Build the projection (a handful of SPARQL queries; nothing else is read)."""
    graph = nx.DiGraph(name="sendgraph")
    _sources_and_snapshots(store, graph)
    _facts(store, graph)
    _citations(store, graph)
    _authorities(store, graph)
    for node, data in graph.nodes(data=True):
        data.setdefault("type", "source")  # stated in a source the provenance graph lacks
        data.setdefault("label", node)
        if data["type"] == "participation":  # "Kingston upon Thames in Safety Valve"
            who = edges_of(graph, node, "authority") + edges_of(graph, node, "programme")
            data["label"] = " in ".join(graph.nodes[n]["label"] for n in who)
    return graph


# The field a same-fact candidate must share with the fact, per kind: an IRI or number where the
# key has one (compared exactly), else the text compared as the key compares it.
_ANCHORS = {"target": ("sg:authority", "sg:metric"), "participation": ("sg:authority",),
            "figure": ("sg:value",), "claim": ()}


def project_around(store: GraphStore, fact: str) -> nx.DiGraph:
    """The part of the projection `trace` reads for one fact: sources and snapshots, the facts
    that may share its key, and the citations of their sources. Querying only those keeps
    `trace` interactive on archives whose whole projection takes minutes to build; where no
    narrower candidate set is sure to hold every same-key fact, the whole projection is used."""
    classes = " ".join(f"sg:{c}" for c in FACT_TYPES)
    row = next(select(store, f"SELECT ?cls WHERE {{ VALUES ?cls {{ {classes} }} "
                             f"{iri(fact)} a ?cls }}"), None)
    if row is None:
        return project(store)
    kind, cls = FACT_TYPES[tail(row["cls"])], "sg:" + tail(row["cls"])
    candidates: list[str] | None = None
    for field in _ANCHORS[kind]:  # a same-key fact has the same value here, exactly
        found = [r["o"] for r in select(store, f"SELECT DISTINCT ?o WHERE {{ {iri(fact)} "
                                               f"{field} ?v . ?o a {cls} ; {field} ?v }}")]
        if found:
            candidates = found
            break
    if candidates is None and kind == "claim":
        text = next(select(store, f"SELECT ?t WHERE {{ {iri(fact)} sg:text ?t }} LIMIT 1"),
                    {}).get("t")
        # SPARQL's LCASE is not casefold: only where the two agree is this filter exact
        if isinstance(text, str) and text.casefold() == text.lower():
            squashed = 'REPLACE(REPLACE(STR(?t), "^\\\\s+|\\\\s+$", ""), "\\\\s+", " ")'
            candidates = [r["o"] for r in select(store, f"""
                SELECT DISTINCT ?o WHERE {{ ?o a sg:Claim ; sg:text ?t .
                  FILTER (LCASE({squashed}) = {lit(_key_text(text))}) }}""")]
    if not candidates:
        return project(store)
    graph = nx.DiGraph(name="sendgraph")
    _sources_and_snapshots(store, graph)
    _facts(store, graph, sorted({fact, *candidates}))
    _citations(store, graph, sorted({d["source"] for _, d in graph.nodes(data=True)
                                     if d.get("source")}))
    return graph


def nodes_of(graph: nx.DiGraph, kind: str) -> list[str]:
    return sorted(n for n, d in graph.nodes(data=True) if d.get("type") == kind)


def edges_of(graph: nx.DiGraph, node: str, kind: str, *, incoming: bool = False) -> list[str]:
    """Neighbours of `node` along edges of one type (outgoing unless `incoming`)."""
    edges = graph.in_edges(node, data=True) if incoming else graph.out_edges(node, data=True)
    return sorted((u if incoming else v) for u, v, d in edges if d.get("type") == kind)
