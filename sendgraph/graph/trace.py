"""`sendgraph trace`: a fact back to the exact words in the exact archived bytes.

For a claim, target, participation (or any other fact) the trace gives every piece of evidence
with its quote in context, the source (title, publisher, author, date, URL), the snapshot
(capture time, digest) and whether the archived bytes still verify and the quote still sits at
its offsets; the other sources that carry the same fact; and the archived sources the fact's
source links to, with whether their text contains the quote. Everything comes from the graph
(SPARQL and the networkx projection); the archive is only read to re-check fixity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sendgraph.graph import iris
from sendgraph.graph.browse import LISTINGS, describe_fact
from sendgraph.graph.project import edges_of, project_around
from sendgraph.graph.rows import iri, lit, local_id, select, tail
from sendgraph.graph.store import GraphStore
from sendgraph.graph.trace_text import footnote, summary

if TYPE_CHECKING:
    import networkx as nx

    from sendgraph.archive.store import Archive

_HEX = re.compile(r"^[0-9a-f]{6,16}$")
_TRACEABLE = ("sg:Claim", "sg:Target", "sg:ProgrammeParticipation", "sg:Figure")


class TraceError(Exception):
    """Nothing to trace (the message says why)."""


class AmbiguousTrace(TraceError):
    """Several facts match; `matches` lists them so the user can pick an id."""

    def __init__(self, query: str, matches: list[dict[str, Any]]) -> None:
        super().__init__(f"{query!r} matches {len(matches)} facts; give one of their ids")
        self.matches = matches


# -- finding the fact ---------------------------------------------------------------------

def _labelled(store: GraphStore, facts: Iterable[str]) -> list[dict[str, Any]]:
    values = " ".join(iri(f) for f in sorted(set(facts)))
    if not values:
        return []
    rows = select(store, f"""
        SELECT ?fact (SAMPLE(?cls) AS ?type) (SAMPLE(?text) AS ?label) (SAMPLE(?url) AS ?source)
        WHERE {{
          VALUES ?fact {{ {values} }}
          ?fact a sg:Fact, ?cls .
          FILTER (?cls != sg:Fact)
          OPTIONAL {{ ?fact sg:text|sg:metricText|sg:measure|sg:anchorText ?text }}
          OPTIONAL {{ ?fact sg:statedIn/schema:url ?url }}
        }} GROUP BY ?fact""")
    out = []
    for r in rows:
        kind = LISTINGS.get(tail(r["type"]), (tail(r["type"]).lower(), None))[0]
        out.append({"id": local_id(r["fact"]), "iri": r["fact"], "type": kind,
                    "label": r["label"], "source_url": r["source"]})
    return sorted(out, key=lambda m: m["id"])


def find_facts(store: GraphStore, query: str) -> list[dict[str, Any]]:
    """Facts that `query` names: a fact IRI, its last path segment(s) (`claim/<h16>`, `<h16>`
    or a unique prefix of at least 6 hex digits), else text found (ignoring case) in a claim's
    text, a target's metric wording, a figure's measure or an evidence quote of one of those."""
    text = query.strip()
    if not text:
        return []
    by_id: list[str] = []
    if text.startswith(("http://", "https://")):
        by_id = [r["f"] for r in select(store, f"SELECT ?f WHERE {{ {iri(text)} a sg:Fact "
                                               f"BIND({iri(text)} AS ?f) }}")]
    elif " " not in text:
        segments = text.removeprefix("sgid:").removeprefix("fact/")
        last = segments.rsplit("/", 1)[-1].lower()
        if "/" in segments:
            candidate = iris.ID + "fact/" + segments
            by_id = [r["f"] for r in select(
                store, f"SELECT ?f WHERE {{ {iri(candidate)} a sg:Fact "
                       f"BIND({iri(candidate)} AS ?f) }}")]
        if not by_id and _HEX.match(last):
            by_id = [r["f"] for r in select(store, f"""
                SELECT DISTINCT ?f WHERE {{ ?f a sg:Fact .
                  FILTER (STRSTARTS(REPLACE(STR(?f), "^.*/", ""), {lit(last)})) }}""")]
            if "/" in segments:
                kind = segments.split("/", 1)[0]
                by_id = [f for f in by_id if f.startswith(iris.ID + f"fact/{kind}/")]
    if by_id:
        return _labelled(store, by_id)
    needle = lit(text.casefold())
    found = [r["f"] for r in select(store, f"""
        SELECT DISTINCT ?f WHERE {{
          VALUES ?cls {{ {" ".join(_TRACEABLE)} }}
          ?f a ?cls .
          {{ ?f sg:text|sg:metricText|sg:measure ?t }}
          UNION {{ ?f sg:evidence/oa:hasSelector/oa:exact ?t }}
          FILTER (CONTAINS(LCASE(STR(?t)), {needle}))
        }}""")]
    return _labelled(store, found)


def resolve(store: GraphStore, query: str) -> str:
    """The one fact IRI `query` names; TraceError if none, AmbiguousTrace if several."""
    matches = find_facts(store, query)
    if not matches:
        raise TraceError(f"no fact matches {query!r}: give a fact id (as `sendgraph claims` "
                         "or `targets` prints it) or words of its text or quote")
    if len(matches) > 1:
        if len(matches) <= 50:  # say what each one is, so the user can tell them apart
            for match in matches:
                described = describe_fact(store, match["iri"])
                if described is not None:
                    match["label"] = summary(described)
        raise AmbiguousTrace(query, matches)
    return matches[0]["iri"]


# -- sources and snapshots ----------------------------------------------------------------

def _sources(store: GraphStore, sources: Iterable[str]) -> dict[str, dict[str, Any]]:
    values = " ".join(iri(s) for s in sorted(set(sources)))
    out: dict[str, dict[str, Any]] = {}
    if not values:
        return out
    for r in select(store, f"""
        SELECT ?s ?url ?title ?publisher ?author ?issued ?cls WHERE {{
          VALUES ?s {{ {values} }}
          OPTIONAL {{ ?s schema:url ?url }}
          OPTIONAL {{ ?s dcterms:title ?title }}
          OPTIONAL {{ ?s dcterms:publisher/schema:name ?publisher }}
          OPTIONAL {{ ?s dcterms:creator/schema:name ?author }}
          OPTIONAL {{ ?s dcterms:issued ?issued }}
          OPTIONAL {{ ?s a ?cls FILTER (?cls != sg:Source) }}
        }}"""):
        src = out.setdefault(r["s"], {"iri": r["s"], "url": r["url"], "title": r["title"],
                                      "publisher": r["publisher"], "authors": [],
                                      "published": r["issued"], "kind": None})
        if r["author"] and r["author"] not in src["authors"]:
            src["authors"] = sorted([*src["authors"], r["author"]])
        if r["cls"]:
            src["kind"] = _kind_name(r["cls"])
    return out


def _kind_name(cls: str) -> str:
    """sg:InquiryReport -> 'inquiry report'."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", tail(cls)).lower()


def _snapshots(store: GraphStore, snapshots: Iterable[str]) -> dict[str, dict[str, Any]]:
    values = " ".join(iri(iris.snapshot(s)) for s in sorted(set(snapshots)))
    out: dict[str, dict[str, Any]] = {}
    if not values:
        return out
    for r in select(store, f"""
        SELECT ?snap ?sid ?digest ?captured ?url ?format ?status ?source WHERE {{
          VALUES ?snap {{ {values} }}
          OPTIONAL {{ ?snap sg:snapshotId ?sid }}
          OPTIONAL {{ ?snap sg:payloadDigest ?digest }}
          OPTIONAL {{ ?snap prov:generatedAtTime ?captured }}
          OPTIONAL {{ ?snap sg:capturedUrl ?url }}
          OPTIONAL {{ ?snap dcterms:format ?format }}
          OPTIONAL {{ ?snap sg:httpStatus ?status }}
          OPTIONAL {{ ?snap prov:specializationOf ?source }}
        }}"""):
        sid = r["sid"] or tail(r["snap"])
        out.setdefault(sid, {"id": sid, "digest": r["digest"], "captured": r["captured"],
                             "captured_url": r["url"], "content_type": r["format"],
                             "status": r["status"], "source": r["source"]})
    return out


# -- checks against the archive -----------------------------------------------------------

def _check(archive: Archive | None, snapshot: dict[str, Any],
           spans: list[tuple[int, int, str]]) -> dict[str, Any]:
    """Fixity of the snapshot's bytes and whether each quote still sits at its offsets."""
    if archive is None:
        return {"verified": None, "problems": ["no archive to check against"],
                "quotes_anchored": None}
    from sendgraph.archive.store import ArchiveError
    from sendgraph.archive.verify import verify_snapshot
    from sendgraph.document import DocumentError, document_for

    problems = verify_snapshot(archive, snapshot["id"])
    rows = [r for r in archive.index.by_snapshot(snapshot["id"])
            if r.type in ("response", "resource")]
    if rows and snapshot["digest"] and rows[0].digest != snapshot["digest"]:
        problems.append(f"the archive's digest {rows[0].digest} is not the graph's "
                        f"{snapshot['digest']}")
    anchored: bool | None = None
    if not problems:
        try:
            text = document_for(archive.snapshot(snapshot["id"])).text
            anchored = all(text[s:e] == quote for s, e, quote in spans)
        except (ArchiveError, DocumentError) as exc:
            problems.append(f"cannot read the document: {exc}")
    return {"verified": not problems, "problems": problems, "quotes_anchored": anchored}


def _document_text(archive: Archive | None, snapshot_id: str) -> str | None:
    if archive is None:
        return None
    from sendgraph.archive.store import ArchiveError
    from sendgraph.document import DocumentError, document_for

    try:
        return document_for(archive.snapshot(snapshot_id)).text
    except (ArchiveError, DocumentError):
        return None


def _squash(text: str) -> str:
    return " ".join(text.split())


def _spaces(text: str) -> str:
    """Runs of whitespace (paragraph breaks) as one space, keeping a leading/trailing one."""
    return re.sub(r"\s+", " ", text)


# -- the trace ----------------------------------------------------------------------------

def trace_fact(store: GraphStore, fact: str, *, archive: Archive | None = None,
               graph: nx.DiGraph | None = None) -> dict[str, Any]:
    """Everything `sendgraph trace` reports about one fact IRI, as JSON-ready data."""
    described = describe_fact(store, fact)
    if described is None:
        raise TraceError(f"{fact} is not a fact in the graph")
    evidence = described.pop("evidence")
    graph = project_around(store, fact) if graph is None else graph
    snapshots = _snapshots(store, (e["snapshot"] for e in evidence))
    stated_in = [r["s"] for r in select(store, f"SELECT DISTINCT ?s WHERE {{ {iri(fact)} "
                                               "sg:statedIn ?s }")]
    sources = _sources(store, [*stated_in, *(s["source"] for s in snapshots.values()
                                             if s["source"])])
    checks = {sid: _check(archive, snap, [(e["start"], e["end"], e["quote"]) for e in evidence
                                          if e["snapshot"] == sid])
              for sid, snap in snapshots.items()}
    items = []
    for ev in evidence:
        snap = dict(snapshots.get(ev["snapshot"], {"id": ev["snapshot"], "source": None}))
        snap.update(checks.get(ev["snapshot"], {}))
        source_iri = snap.pop("source", None) or (stated_in[0] if stated_in else None)
        items.append({
            **{k: ev[k] for k in ("quote", "prefix", "suffix", "start", "end", "page",
                                  "locator", "extractor")},
            "context": f"…{_spaces(ev['prefix'] or '')}[{ev['quote']}]"
                       f"{_spaces(ev['suffix'] or '')}…",
            "source": sources.get(source_iri or "", {"iri": source_iri, "url": ev["source_url"]}),
            "snapshot": snap,
        })
    quotes = sorted({e["quote"] for e in evidence})
    return {
        "fact": described,
        "summary": summary(described),
        "evidence": items,
        "same_fact_elsewhere": _elsewhere(store, graph, fact),
        "links": _links(graph, stated_in, quotes, archive),
        "citations": [footnote(item) for item in items],
    }


def _elsewhere(store: GraphStore, graph: nx.DiGraph, fact: str) -> list[dict[str, Any]]:
    """Facts with the same defining fields (the projection's `key`) stated in other sources."""
    key = graph.nodes[fact].get("key") if fact in graph else None
    if key is None:
        return []
    own = set(edges_of(graph, fact, "stated_in"))
    others = sorted(n for n, d in graph.nodes(data=True)
                    if n != fact and d.get("key") == key
                    and not own & set(edges_of(graph, n, "stated_in")))
    out = []
    for other in others:
        described = describe_fact(store, other) or {}
        src = edges_of(graph, other, "stated_in")
        node = graph.nodes[src[0]] if src else {}
        out.append({"id": local_id(other), "iri": other,
                    "source": {"iri": src[0] if src else None, "url": node.get("url"),
                               "title": node.get("title")},
                    "evidence": [{k: e[k] for k in ("snapshot", "quote", "start", "end")}
                                 for e in described.get("evidence", [])]})
    return out


def _links(graph: nx.DiGraph, stated_in: list[str], quotes: list[str],
           archive: Archive | None) -> list[dict[str, Any]]:
    """Archived sources that the fact's source links to, and whether they carry its words."""
    out = []
    for source in stated_in:
        if source not in graph:
            continue
        for _, cited, data in sorted(graph.out_edges(source, data=True)):
            node = graph.nodes[cited]
            if data.get("type") != "cites" or not node.get("archived"):
                continue
            snaps = [graph.nodes[s] for s in edges_of(graph, cited, "snapshot_of", incoming=True)]
            latest = max(snaps, key=lambda s: s.get("captured", "")) if snaps else {}
            text = _document_text(archive, latest["snapshot_id"]) if latest else None
            carries = None if text is None else any(_squash(q) in _squash(text) for q in quotes)
            out.append({"url": node.get("url"), "title": node.get("title"), "iri": cited,
                        "linked_as": data.get("anchor") or None, "cited_in": source,
                        "snapshot": latest.get("snapshot_id"), "captured": latest.get("captured"),
                        "contains_quote": carries})
    return out


# -- words --------------------------------------------------------------------------------
