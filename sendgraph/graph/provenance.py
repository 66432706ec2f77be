"""The provenance graph: snapshots, their captures and crawl runs, and the sources they are of."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pyoxigraph import Quad

from sendgraph.archive.index import IndexRow
from sendgraph.archive.store import Archive
from sendgraph.graph import iris
from sendgraph.graph.rdf import PROV, QuadSink, node, source_quads, text, typed
from sendgraph.graph.vocab import SG


def provenance_quads(archive: Archive, known: Mapping[str, Mapping[str, Any]]) -> list[Quad]:
    sink = QuadSink(iris.GRAPH_PROVENANCE)
    latest_meta: dict[str, tuple[str, Mapping[str, Any]]] = {}
    runs: set[str] = set()
    for sid in sorted(known):
        rows = archive.index.by_snapshot(sid)
        payload = next((r for r in rows if r.type in ("response", "resource")), None)
        if payload is None:
            continue
        s = iris.snapshot(sid)
        sink.a(s, SG.Snapshot)
        sink.add(s, SG.snapshotId, text(sid))
        sink.add(s, SG.payloadDigest, text(payload.digest or ""))
        sink.add(s, PROV + "generatedAtTime", typed(payload.captured, "dateTime"))
        sink.add(s, SG.capturedUrl, typed(payload.url, "anyURI"))
        if payload.status is not None:
            sink.add(s, SG.httpStatus, typed(payload.status, "integer"))
        if payload.content_type:
            sink.add(s, "http://purl.org/dc/terms/format", text(payload.content_type))
        if payload.run_id:
            sink.add(s, PROV + "wasGeneratedBy", node(iris.run(payload.run_id)))
            runs.add(payload.run_id)
        for row in rows:  # every capture that received these bytes (docs/GRAPH-MODEL.md)
            if row.type in ("response", "resource", "revisit"):
                runs.update(_capture_quads(sink, row, s))
        entry = known[sid]
        for label in entry.get("signature", []):
            if label:
                sink.add(s, SG.extractedWith, text(label))
        src = entry.get("source")
        if src:
            source_iri = iris.source(src["url"])
            sink.add(s, PROV + "specializationOf", node(source_iri))
            previous = latest_meta.get(source_iri)
            if previous is None or previous[0] <= payload.captured:
                latest_meta[source_iri] = (payload.captured, src)
    for source_iri in sorted(latest_meta):
        src = latest_meta[source_iri][1]
        source_quads(sink, src["url"], src, src.get("kind"))
    for run in archive.index.runs():
        if run["run_id"] not in runs:
            continue
        r = iris.run(run["run_id"])
        sink.a(r, SG.CrawlRun)
        sink.add(r, SG.runId, text(run["run_id"]))
        sink.add(r, SG.sourcePlugin, text(run["plugin"]))
        sink.add(r, PROV + "startedAtTime", typed(_iso(run["started"]), "dateTime"))
        if run["finished"]:
            sink.add(r, PROV + "endedAtTime", typed(_iso(run["finished"]), "dateTime"))
    return sink.quads


def _capture_quads(sink: QuadSink, row: IndexRow, snapshot_iri: str) -> set[str]:
    c = iris.capture(row.record_id)
    sink.a(c, SG.Capture)
    sink.add(c, SG.capturedUrl, typed(row.url, "anyURI"))
    sink.add(c, PROV + "startedAtTime", typed(row.captured, "dateTime"))
    sink.add(c, SG.yielded, node(snapshot_iri))
    sink.add(c, SG.revisit, typed("true" if row.type == "revisit" else "false", "boolean"))
    if row.status is not None:
        sink.add(c, SG.httpStatus, typed(row.status, "integer"))
    sink.add(c, SG.warcRecordId, text(row.record_id))
    if row.run_id:
        sink.add(c, "http://purl.org/dc/terms/isPartOf", node(iris.run(row.run_id)))
        return {row.run_id}
    return set()


def _iso(value: str) -> str:
    return value.replace("+00:00", "Z")
