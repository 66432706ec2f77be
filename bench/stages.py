"""The pipeline stages the harness times: crawl + archive, the graph build (in a fresh process,
so its peak memory is its own), the graph sample the interactive figures are taken on, and
export.

    python -m bench.stages build ARCHIVE --workers N     # one build, its figures as JSON
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.peers import CONCURRENCY, MB

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_QUADS = 1_000_000  # the query, export and memory targets are for 1M triples


def crawl(archive_dir: Path, urls: list[str], *, min_delay: float, raw_bytes: int,
          ) -> dict[str, Any]:
    from sendgraph_plugins.web import plugin

    from sendgraph.archive.store import Archive
    from sendgraph.archive.verify import verify_archive
    from sendgraph.capture.policy import FetchPolicy
    from sendgraph.plugin.context import CrawlOptions
    from sendgraph.plugin.runner import run_crawl

    archive = Archive(archive_dir)
    policy = FetchPolicy(min_delay=min_delay, max_concurrency=CONCURRENCY)
    start = time.perf_counter()
    report = run_crawl(archive, plugin, CrawlOptions(urls=tuple(urls)), policy, resume=False)
    seconds = time.perf_counter() - start
    verify_start = time.perf_counter()
    verified = verify_archive(archive)
    verify_seconds = time.perf_counter() - verify_start
    missing = [u for u in urls
               if (row := archive.index.latest(u)) is None or row.status != 200]
    warc = sum(p.stat().st_size for p in archive.warc_files())
    archive.close()
    return {"pages": len(urls), "seconds": seconds, "pages_per_s": len(urls) / seconds,
            "mb_per_s": raw_bytes / MB / seconds, "status": report.status,
            "failures": len(report.failures), "warc_verified": verified.ok,
            "verify_records": verified.records, "verify_seconds": verify_seconds,
            "pages_missing_from_warc": len(missing), "all_pages_in_verified_warc":
                verified.ok and not missing,
            "warc_bytes": warc, "raw_bytes": raw_bytes, "min_delay": min_delay,
            "concurrency": CONCURRENCY}


def build(archive_dir: Path, workers: int) -> dict[str, Any]:
    """`build_graph --rebuild` with `workers` processes, run in a fresh interpreter."""
    proc = subprocess.run([sys.executable, "-m", "bench.stages", "build", str(archive_dir),
                           "--workers", str(workers)], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise RuntimeError(f"the build stage failed: {proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def own_peak_mb() -> float:
    """This process's own peak RSS. Linux carries ru_maxrss across fork and exec, so a
    process started by a big one would report its parent's peak; VmHWM starts afresh."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _build_here(archive_dir: Path, workers: int) -> dict[str, Any]:
    from sendgraph_plugins.web import plugin

    from sendgraph.archive.store import Archive
    from sendgraph.graph.build import build_graph

    archive = Archive(archive_dir)
    start = time.perf_counter()
    report = build_graph(archive, rebuild=True, sources={"web": plugin}, workers=workers)
    seconds = time.perf_counter() - start
    archive.close()
    docs = report.extracted
    own = own_peak_mb()
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"workers": workers, "documents": docs, "facts": report.facts,
            "quads": report.quads, "errors": len(report.errors), "seconds": seconds,
            "docs_per_s": docs / seconds, "facts_per_s": report.facts / seconds,
            "docs_per_s_per_core": docs / seconds / workers,
            # the builder (store writes) and its largest worker (reading), each its own peak
            "peak_rss_mb": own, "peak_worker_rss_mb": worker if workers > 1 else None}


def sample(store: Any, dest: Path, limit: int = SAMPLE_QUADS) -> tuple[Any, dict[str, Any]]:
    """A store holding whole snapshot graphs (in IRI order: a fixed choice, unrelated to
    content) up to `limit` quads, with
    the reference and provenance graphs: the '1M-triple graph' the interactive targets are
    for. A graph already at or under `limit` is used as it is."""
    from pyoxigraph import NamedNode

    from sendgraph.graph import iris
    from sendgraph.graph.store import GraphStore

    total = len(store)
    if total <= limit * 1.2:
        return store, {"quads": total, "snapshot_graphs": None, "of_quads": total,
                       "seconds": 0.0}
    start = time.perf_counter()
    out = GraphStore(dest)
    keep = [iris.GRAPH_REFERENCE, iris.GRAPH_PROVENANCE]
    snapshots = [g for g in store.graphs() if g not in keep]  # sorted
    count = 0
    for graph in [*keep, *snapshots]:
        quads = list(store.store.quads_for_pattern(None, None, None, NamedNode(graph)))
        out.store.bulk_extend(quads)
        count += len(quads)
        if graph not in keep:
            keep.append(graph)
        if count >= limit:
            break
    out.store.optimize()
    out.flush()
    return out, {"quads": len(out), "snapshot_graphs": len(keep) - 2, "of_quads": total,
                 "seconds": time.perf_counter() - start}


def export_all(store: Any, out_dir: Path, formats: tuple[str, ...] | None = None,
               ) -> dict[str, Any]:
    from sendgraph.graph.export import FORMATS, export

    quads = len(store)
    out: dict[str, Any] = {}
    for fmt in formats or FORMATS:
        path = out_dir / f"export.{fmt}"
        start = time.perf_counter()
        with open(path, "wb") as fh:
            export(store, fmt, fh)
        seconds = time.perf_counter() - start
        out[fmt] = {"seconds": seconds, "bytes": path.stat().st_size, "quads": quads,
                    "quads_per_s": quads / seconds}
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 4 or argv[0] != "build" or argv[2] != "--workers":
        print("usage: python -m bench.stages build ARCHIVE --workers N", file=sys.stderr)
        return 2
    print(json.dumps(_build_here(Path(argv[1]), int(argv[3]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
