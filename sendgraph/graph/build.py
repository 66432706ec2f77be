"""`sendgraph extract`: (re)build the graph from the archive, offline and incrementally.

One named graph per snapshot holds what was extracted from it; the provenance graph is
re-derived from the index and the per-snapshot metadata kept in `graph/state.json`; the
reference graph holds authorities and the ontology's schemes. Nothing in the graph depends on
when it was built, so two builds of one archive give identical sorted N-Quads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Quad

from sendgraph.archive.snapshot import Snapshot
from sendgraph.archive.store import Archive
from sendgraph.document import Document, DocumentError, document_for
from sendgraph.extract import (
    ExtractionContext,
    Fact,
    check_evidence,
    extractor_signature,
    run_shared,
)
from sendgraph.extract.context import AuthorityLookup
from sendgraph.graph import iris
from sendgraph.graph.lookup import ResolverLookup
from sendgraph.graph.provenance import provenance_quads
from sendgraph.graph.rdf import QuadSink, fact_quads, merge_facts
from sendgraph.graph.reference import reference_quads
from sendgraph.graph.store import GraphStore
from sendgraph.plugin.context import ParseContext
from sendgraph.plugin.contract import Source
from sendgraph.plugin.registry import load_sources

STATE_VERSION = 1
_BATCH = 64  # snapshot graphs written per bulk load
# Bump when the builder's own rules change (e.g. which snapshots the shared extractors read),
# so the next build re-extracts everything.
BUILD_VERSION = "3"


@dataclass
class BuildReport:
    extracted: int = 0
    unchanged: int = 0
    skipped: int = 0
    facts: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    quads: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"extracted": self.extracted, "unchanged": self.unchanged,
                "skipped": self.skipped, "facts": self.facts, "errors": self.errors,
                "quads": self.quads}


def should_extract(snapshot: Snapshot) -> bool:
    """Error pages and robots.txt are archived as evidence but say nothing to extract."""
    if snapshot.status is not None and snapshot.status >= 300:
        return False
    return not snapshot.url.rstrip("/").endswith("/robots.txt")


def extract_facts(snapshot: Snapshot, document: Document, plugin: Source | None,
                  lookup: AuthorityLookup) -> list[Fact]:
    ctx = ExtractionContext(document, lookup)
    # API answers, sitemaps and feeds are listings, not prose: read as sentences they give junk
    # targets, and a feed's full text would restate every claim under the feed's URL. The
    # plugin that fetched them knows their structure and parses them itself.
    facts = [] if is_listing(document.content_type) else run_shared(ctx)
    if plugin is not None:
        pctx = ParseContext(plugin.info, document=document, extraction=ctx)
        plugin.parse(pctx, snapshot)
        facts.extend(pctx.facts)
    for fact in facts:  # enforced, never assumed
        for ev in fact.evidence:
            check_evidence(document, ev)
    return facts


def is_listing(content_type: str | None) -> bool:
    """JSON and XML payloads (APIs, sitemaps, feeds) as opposed to documents people read."""
    media = (content_type or "").split(";")[0].strip().lower()
    return (media in ("application/json", "application/xml", "text/xml")
            or media.endswith(("+json", "+xml")))


def _state_path(archive: Archive) -> Path:
    return archive.root / "graph" / "state.json"


def load_state(archive: Archive) -> dict[str, Any]:
    path = _state_path(archive)
    if not path.exists():
        return {"version": STATE_VERSION, "snapshots": {}}
    state = json.loads(path.read_text(encoding="utf-8"))
    if state.get("version") != STATE_VERSION:
        return {"version": STATE_VERSION, "snapshots": {}}
    return state


def save_state(archive: Archive, state: Mapping[str, Any]) -> None:
    path = _state_path(archive)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, sort_keys=True, indent=1), encoding="utf-8")
    os.replace(tmp, path)  # atomic: a crash leaves the old state or the new, never half


def build_graph(archive: Archive, *, rebuild: bool = False,
                progress: Callable[[int], None] | None = None,
                sources: Mapping[str, Source] | None = None,
                lookup: AuthorityLookup | None = None) -> BuildReport:
    """Extract every snapshot that is new, or whose extractors changed, into the graph."""
    sources = load_sources() if sources is None else sources
    resolver = ResolverLookup.for_archive(archive.root) if lookup is None else None
    lookup = lookup or resolver
    assert lookup is not None
    signature = (f"build@{BUILD_VERSION}", *extractor_signature(),
                 *(resolver.signature() if resolver else ()))
    report = BuildReport()
    store = GraphStore(archive.root)
    state = load_state(archive)
    if rebuild:
        state = {"version": STATE_VERSION, "snapshots": {}}
        # Forget the old state before clearing: a rebuild killed after the clear must not
        # leave a state that calls every snapshot done while the store is empty.
        save_state(archive, state)
        store.store.clear()
    known: dict[str, Any] = state["snapshots"]
    pending: dict[str, list[Quad]] = {}
    for snapshot in archive.snapshots():
        if progress:
            progress(1)
        plugin = sources.get(snapshot.plugin or "")
        sig = [*signature, f"plugin:{plugin.info.id}@{plugin.info.version}" if plugin else ""]
        entry = known.get(snapshot.id)
        if entry is not None and entry.get("signature") == sig:
            report.unchanged += 1
            continue
        if not should_extract(snapshot):
            known[snapshot.id] = {"signature": sig, "skipped": True}
            report.skipped += 1
            continue
        graph = iris.snapshot_graph(snapshot.id)
        try:
            document = document_for(snapshot)
            facts = extract_facts(snapshot, document, plugin, lookup)
        except DocumentError as exc:
            store.remove_graph(graph)
            known[snapshot.id] = {"signature": sig, "error": str(exc)}
            report.errors.append({"snapshot": snapshot.id, "url": snapshot.url,
                                  "error": str(exc)})
            continue
        source_iri = iris.source(snapshot.url)
        sink = QuadSink(graph)
        merged = merge_facts(facts, source_iri)
        for fact in merged:
            fact_quads(sink, fact, source_iri)
        pending[graph] = sink.quads
        if len(pending) >= _BATCH:
            store.replace_graphs(pending)
            pending.clear()
        known[snapshot.id] = {"signature": sig, "source": _source_entry(snapshot, document,
                                                                        plugin)}
        report.extracted += 1
        report.facts += len(merged)
    store.replace_graphs(pending)
    store.replace_graph(iris.GRAPH_REFERENCE, reference_quads())
    store.replace_graph(iris.GRAPH_PROVENANCE, provenance_quads(archive, known))
    save_state(archive, state)
    store.flush()
    report.quads = len(store)
    return report


def _source_entry(snapshot: Snapshot, document: Document, plugin: Source | None,
                  ) -> dict[str, Any]:
    meta = document.metadata
    kind = snapshot.metadata.get("kind") or (plugin.info.kind if plugin else None)
    if is_listing(document.content_type):
        kind = None  # a listing is a sg:Document, not a blog post or report
    return {
        "url": snapshot.url,
        "kind": kind,
        "title": meta.title,
        "publisher": meta.publisher,
        "authors": list(meta.authors),
        "published": meta.published,
        "modified": meta.modified,
        "content_type": document.content_type,
    }
