"""Timing the graph's interactive side: the named SPARQL queries (against the peers too) and
`trace` latency, as medians and 95th percentiles."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, math.ceil(q * len(ordered)) - 1)
    return ordered[k]


def query_params(store: Any, url: str) -> dict[str, str]:
    """Values for the named queries' parameters, taken from the graph."""
    from sendgraph.graph.rows import select

    params = {"programme": "safety-valve", "url": url, "authority": "E10000016"}
    fact = next(iter(select(store, "SELECT ?f WHERE { ?f a sg:Target } LIMIT 1")), None) \
        or next(iter(select(store, "SELECT ?f WHERE { ?f a sg:Fact } LIMIT 1")), None)
    params["fact"] = fact["f"] if fact else "https://w3id.org/sendgraph/id/fact/none"
    metric = next(iter(select(store, "SELECT ?m WHERE { ?f sg:metric ?m } LIMIT 1")), None)
    params["metric"] = metric["m"] if metric else "dsg-deficit"
    auth = next(iter(select(store, "SELECT ?a (COUNT(*) AS ?n) WHERE { ?x sg:authority ?a } "
                                   "GROUP BY ?a ORDER BY DESC(?n) LIMIT 1")), None)
    if auth:
        params["authority"] = auth["a"]
    return params


def time_query(fn: Callable[[], Any], repeat: int, budget: float = 5.0) -> dict[str, float]:
    """Median and p95 over `repeat` runs after a warm-up, stopping early (after at least 3)
    once `budget` seconds are spent; a query whose warm-up alone exceeds the budget is timed
    once more, and `runs` says how many timings there are."""
    spent = time.perf_counter()
    fn()  # warm
    warm = time.perf_counter() - spent
    times: list[float] = []
    rows = 0
    spent = time.perf_counter()
    for _ in range(1 if warm > budget else repeat):  # a query slower than the budget: once
        if len(times) >= 3 and time.perf_counter() - spent > budget:
            break
        start = time.perf_counter()
        rows = len(list(fn()))
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": statistics.median(times), "p95_ms": pct(times, 0.95), "rows": rows,
            "runs": len(times)}


def named_queries(store: Any, peer_ox: Any, peer_rdflib: Any | None, params: dict[str, str],
                  repeat: int, peer_disk: Any | None = None) -> dict[str, Any]:
    from sendgraph.graph.queries import list_queries, run

    out: dict[str, Any] = {}
    for q in list_queries():
        values = {p.name: params[p.type if p.type in params else p.name]
                  for p in q.params} if q.params else {}
        text = q.render(values)
        entry: dict[str, Any] = {"sendgraph": time_query(
            lambda q=q, values=values: run(store.store, q.name, values), repeat)}
        entry["pyoxigraph"] = time_query(
            lambda text=text: peer_ox.query(text, use_default_graph_as_union=True), repeat)
        if peer_disk is not None:
            entry["pyoxigraph_disk"] = time_query(
                lambda text=text: peer_disk.query(text, use_default_graph_as_union=True), repeat)
        if peer_rdflib is not None:
            entry["rdflib"] = time_query(lambda text=text: peer_rdflib.query(text),
                                         max(1, repeat // 5))
        out[q.name] = entry
    return out


def trace_latency(store: Any, archive_dir: Path, repeat: int) -> dict[str, Any]:
    """`trace` end to end as the CLI runs it (it reads only the graph around the fact), and,
    once, the whole networkx projection (what GraphML export and `stats` build)."""
    from sendgraph.archive.store import Archive
    from sendgraph.graph.project import project
    from sendgraph.graph.rows import select
    from sendgraph.graph.trace import trace_fact

    facts = [r["f"] for r in select(store, "SELECT ?f WHERE { ?f a sg:Claim } LIMIT 5")]
    facts += [r["f"] for r in select(store, "SELECT ?f WHERE { ?f a sg:Target } LIMIT 5")]
    if not facts:
        return {"not_run": "no claims or targets in the graph"}
    archive = Archive(archive_dir)
    trace_fact(store, facts[0], archive=archive)  # warm
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        trace_fact(store, facts[i % len(facts)], archive=archive)
        times.append((time.perf_counter() - start) * 1000)
    archive.close()
    start = time.perf_counter()
    project(store)
    project_ms = (time.perf_counter() - start) * 1000
    return {"median_ms": statistics.median(times), "p95_ms": pct(times, 0.95),
            "projection_ms": project_ms, "runs": repeat, "end_to_end": True}


# -- peers ----------------------------------------------------------------------------------
