"""`sendgraph extract`: (re)build the graph from the archive, offline and incrementally.

One named graph per snapshot holds what was extracted from it; the provenance graph is
re-derived from the index and the per-snapshot metadata kept in `graph/state.json`; the
reference graph holds authorities and the ontology's schemes. Nothing in the graph depends on
when it was built, so two builds of one archive give identical sorted N-Quads.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sendgraph.archive.snapshot import Snapshot
from sendgraph.archive.store import Archive
from sendgraph.extract import extractor_signature
from sendgraph.extract.context import AuthorityLookup
from sendgraph.graph import iris
from sendgraph.graph.lookup import ResolverLookup
from sendgraph.graph.provenance import provenance_quads
from sendgraph.graph.reading import (
    PARALLEL_MIN,
    Outcome,
    Readers,
    default_workers,
    should_extract,
)
from sendgraph.graph.reference import reference_quads
from sendgraph.graph.store import GraphStore
from sendgraph.plugin.contract import Source
from sendgraph.plugin.registry import load_sources

STATE_VERSION = 1
_BATCH = 64  # snapshot graphs written per bulk load
_OPTIMIZE_AFTER = 64  # snapshots extracted in one build before compacting the store pays
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
                lookup: AuthorityLookup | None = None,
                workers: int | None = None) -> BuildReport:
    """Extract every snapshot that is new, or whose extractors changed, into the graph.

    `workers` processes read snapshots side by side (default: one per core, for builds big
    enough to repay starting them); the result does not depend on how many.
    """
    sources = load_sources() if sources is None else sources
    resolver = ResolverLookup.for_archive(archive.root) if lookup is None else None
    lookup = lookup or resolver
    assert lookup is not None
    signature = (f"build@{BUILD_VERSION}", *extractor_signature(),
                 *(resolver.signature() if resolver else ()))
    report = BuildReport()
    state = {"version": STATE_VERSION, "snapshots": {}} if rebuild else load_state(archive)
    known: dict[str, Any] = state["snapshots"]
    todo: list[Snapshot] = []
    sigs: dict[str, list[str]] = {}
    for snapshot in archive.snapshots():
        plugin = sources.get(snapshot.plugin or "")
        sig = [*signature, f"plugin:{plugin.info.id}@{plugin.info.version}" if plugin else ""]
        entry = known.get(snapshot.id)
        if entry is not None and entry.get("signature") == sig:
            report.unchanged += 1
        elif not should_extract(snapshot):
            known[snapshot.id] = {"signature": sig, "skipped": True}
            report.skipped += 1
        else:
            todo.append(snapshot)
            sigs[snapshot.id] = sig
            continue
        if progress:
            progress(1)
    if workers is None:
        workers = default_workers() if len(todo) >= PARALLEL_MIN else 1
    # the pool is forked before the store opens: no child inherits the store's threads
    readers = Readers(archive, sources, lookup, min(workers, max(1, len(todo))))
    try:
        store = GraphStore(archive.root)
    except BaseException:
        readers.close()
        raise
    try:
        if rebuild:
            # Forget the old state before clearing: a rebuild killed after the clear must not
            # leave a state that calls every snapshot done while the store is empty.
            save_state(archive, state)
            store.store.clear()
        _write(store, readers.read(todo), known, sigs, report, progress)
    finally:
        readers.close()
    store.replace_graph(iris.GRAPH_REFERENCE, reference_quads())
    store.replace_graph(iris.GRAPH_PROVENANCE, provenance_quads(archive, known))
    save_state(archive, state)
    if report.extracted >= _OPTIMIZE_AFTER:
        store.store.optimize()  # compacts the bulk loads: queries then read far fewer files
    store.flush()
    report.quads = len(store)
    return report


def _write(store: GraphStore, outcomes: Iterable[Outcome], known: dict[str, Any],
           sigs: Mapping[str, list[str]], report: BuildReport,
           progress: Callable[[int], None] | None) -> None:
    pending: dict[str, bytes] = {}
    for out in outcomes:
        if progress:
            progress(1)
        sig, graph = sigs[out.snapshot], iris.snapshot_graph(out.snapshot)
        if out.error is not None:
            store.remove_graph(graph)
            known[out.snapshot] = {"signature": sig, "error": out.error}
            report.errors.append({"snapshot": out.snapshot, "url": out.url,
                                  "error": out.error})
            continue
        pending[graph] = out.nquads
        if len(pending) >= _BATCH:
            store.load_graphs(pending)
            pending.clear()
        known[out.snapshot] = {"signature": sig, "source": out.source}
        report.extracted += 1
        report.facts += out.facts
    store.load_graphs(pending)
