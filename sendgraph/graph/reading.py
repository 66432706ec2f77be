"""Reading one snapshot into its named graph (document -> facts -> quads), and doing that for
many snapshots on several cores.

A read is a pure function of the snapshot's archived bytes, the plugin and the resolver, so
snapshots can be read in any order by any process; the builder writes the results in archive
order. Workers are forked before the graph store is opened and never touch it: they hand back
each graph as N-Quads bytes, which the builder bulk-loads (cheaper to pass between processes
than term objects, and Oxigraph parses them natively).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyoxigraph import RdfFormat, serialize

from sendgraph.archive.snapshot import Snapshot
from sendgraph.archive.store import Archive
from sendgraph.document import Document, DocumentError, document_for
from sendgraph.extract import ExtractionContext, Fact, check_evidence, run_shared
from sendgraph.extract.context import AuthorityLookup
from sendgraph.graph import iris
from sendgraph.graph.rdf import QuadSink, fact_quads, merge_facts
from sendgraph.plugin.context import ParseContext
from sendgraph.plugin.contract import Source

# Below this many snapshots a pool costs more (fork, warm-up) than it saves.
PARALLEL_MIN = 24
_CHUNK = 4  # snapshots per task: enough to amortise the hand-off, small enough to balance
# Chunks in flight. Enough for the workers to keep reading while the builder writes a batch
# (64 graphs), few enough to bound memory (~0.6 MB of N-Quads per blog-sized snapshot).
_WINDOW = 40


@dataclass(frozen=True)
class Outcome:
    """What reading one snapshot gave: its graph as N-Quads, or why it could not be read."""

    snapshot: str
    url: str
    nquads: bytes = b""
    facts: int = 0
    source: dict[str, Any] | None = None
    error: str | None = None


def should_extract(snapshot: Snapshot) -> bool:
    """Error pages and robots.txt are archived as evidence but say nothing to extract."""
    if snapshot.status is not None and snapshot.status >= 300:
        return False
    return not snapshot.url.rstrip("/").endswith("/robots.txt")


def is_listing(content_type: str | None) -> bool:
    """JSON and XML payloads (APIs, sitemaps, feeds) as opposed to documents people read."""
    media = (content_type or "").split(";")[0].strip().lower()
    return (media in ("application/json", "application/xml", "text/xml")
            or media.endswith(("+json", "+xml")))


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


def read_snapshot(snapshot: Snapshot, plugin: Source | None,
                  lookup: AuthorityLookup) -> Outcome:
    try:
        document = document_for(snapshot)
        facts = extract_facts(snapshot, document, plugin, lookup)
    except DocumentError as exc:
        return Outcome(snapshot.id, snapshot.url, error=str(exc))
    source_iri = iris.source(snapshot.url)
    sink = QuadSink(iris.snapshot_graph(snapshot.id))
    merged = merge_facts(facts, source_iri)
    for fact in merged:
        fact_quads(sink, fact, source_iri)
    nquads = serialize(sink.quads, format=RdfFormat.N_QUADS) or b""
    return Outcome(snapshot.id, snapshot.url, nquads, len(merged),
                   source_entry(snapshot, document, plugin))


def source_entry(snapshot: Snapshot, document: Document, plugin: Source | None,
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


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# -- the pool ---------------------------------------------------------------------------------
# Set in each worker at start; with fork the plugins and the resolver are inherited as they
# are in the builder (a third-party plugin object need not be picklable).
_WORKER: dict[str, Any] = {}


def _start_worker(root: str, sources: Mapping[str, Source], lookup: AuthorityLookup) -> None:
    _WORKER.update(archive=Archive(Path(root)), sources=sources, lookup=lookup)
    # The inherited resolver and plugins live as long as the worker: keeping them out of the
    # collector's scans saves a millisecond or so per document (many quads are allocated).
    gc.freeze()


def _read_ids(ids: list[str]) -> list[Outcome]:
    archive: Archive = _WORKER["archive"]
    out = []
    for sid in ids:
        snapshot = archive.snapshot(sid)
        out.append(read_snapshot(snapshot, _WORKER["sources"].get(snapshot.plugin or ""),
                                 _WORKER["lookup"]))
    return out


class Readers:
    """Reads snapshots on `workers` forked processes (or in this one when `workers` is 1)."""

    def __init__(self, archive: Archive, sources: Mapping[str, Source],
                 lookup: AuthorityLookup, workers: int) -> None:
        self.archive, self.sources, self.lookup = archive, sources, lookup
        self.pool: ProcessPoolExecutor | None = None
        if workers > 1:
            self.pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker, initargs=(str(archive.root), sources, lookup))

    def read(self, snapshots: Iterable[Snapshot]) -> Iterator[Outcome]:
        """Outcomes in the order of `snapshots`."""
        if self.pool is None:
            for snapshot in snapshots:
                yield read_snapshot(snapshot, self.sources.get(snapshot.plugin or ""),
                                    self.lookup)
            return
        ids = [s.id for s in snapshots]
        chunks = [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
        # A bounded window of chunks in flight: when writing the store is slower than reading,
        # finished graphs would otherwise pile up in the builder's memory.
        window: deque[Future[list[Outcome]]] = deque()
        for chunk in chunks:
            window.append(self.pool.submit(_read_ids, chunk))
            if len(window) >= _WINDOW:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
