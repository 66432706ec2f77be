"""The benchmark harness: every pipeline stage timed against a synthetic corpus, peers alongside.

    python -m bench --docs 1000 --out bench/results/latest.json     # or: sendgraph bench ...

Stages, in one process (the corpus server runs in its own): crawl + archive through `run_crawl`
and the `web` plugin against `bench.server` on loopback (politeness off, then a 1 s per-host
delay on a sample), WARC verification, re-extraction (`build_graph`), extraction on one core and
on all cores, graph load, export of every format, every named SPARQL query, `trace`, peak RSS,
sizes on disk. Peers run in the same invocation so their ratios hold on a noisy machine: Scrapy
and `wget --warc-file` (crawl), trafilatura (extraction), plain pyoxigraph and rdflib's
in-memory Dataset (load, export, queries). A peer that cannot run says why; no number is made up.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.corpus import Corpus
from bench.peers import (
    CONCURRENCY,
    MB,
    export_peers,
    load_peers,
    peer_scrapy,
    peer_trafilatura,
    peer_wget,
)
from bench.timing import named_queries, query_params, trace_latency

POLITE_DELAY = 1.0  # the fetcher's default per-host gap


def rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in ("sendgraph", "pyoxigraph", "rdflib", "oxrdflib", "lxml", "warcio", "httpx",
                 "pypdf", "networkx", "scrapy", "trafilatura"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    wget = shutil.which("wget")
    if wget:
        first = subprocess.run([wget, "--version"], capture_output=True, text=True).stdout
        out["wget"] = first.split("\n", 1)[0]
    else:
        out["wget"] = None
    return out


def machine() -> dict[str, Any]:
    cpu = platform.processor()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        mem = int(Path("/proc/meminfo").read_text().split()[1]) // 1024
    return {"platform": platform.platform(), "python": platform.python_version(),
            "cpu": cpu, "cores": os.cpu_count(), "memory_mb": mem}


@contextlib.contextmanager
def corpus_server(corpus_dir: Path) -> Iterator[dict[str, str]]:
    proc = subprocess.Popen([sys.executable, "-m", "bench.server", str(corpus_dir)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("the corpus server did not start")
        yield json.loads(line)
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def polite_ceiling(urls: list[str], delay: float = POLITE_DELAY) -> float | None:
    """The fastest a crawl of `urls` can go with `delay` between requests to one host: the
    busiest host needs (its pages - 1) gaps."""
    from collections import Counter
    from urllib.parse import urlsplit

    busiest = max(Counter(urlsplit(u).hostname for u in urls).values())
    return len(urls) / ((busiest - 1) * delay) if busiest > 1 else None


def urls_for(manifest: dict[str, Any], bases: dict[str, str]) -> list[str]:
    return [bases[p["site"]] + p["path"] for p in manifest["pages"]]


# -- stages ---------------------------------------------------------------------------------

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


def build(archive_dir: Path) -> dict[str, Any]:
    from sendgraph_plugins.web import plugin

    from sendgraph.archive.store import Archive
    from sendgraph.graph.build import build_graph

    archive = Archive(archive_dir)
    start = time.perf_counter()
    report = build_graph(archive, rebuild=True, sources={"web": plugin})
    seconds = time.perf_counter() - start
    archive.close()
    docs = report.extracted
    return {"documents": docs, "facts": report.facts, "quads": report.quads,
            "errors": len(report.errors), "seconds": seconds, "docs_per_s": docs / seconds,
            "facts_per_s": report.facts / seconds, "peak_rss_mb": rss_mb()}


_WORKER: dict[str, Any] = {}


def _init_worker(root: str) -> None:
    from sendgraph.archive.store import Archive
    from sendgraph.graph.lookup import ResolverLookup

    _WORKER["archive"] = Archive(root)
    _WORKER["lookup"] = ResolverLookup.for_archive(Path(root))


def _extract_ids(ids: list[str]) -> tuple[int, int]:
    from sendgraph.document import DocumentError, document_for
    from sendgraph.graph.build import extract_facts, should_extract

    archive, lookup = _WORKER["archive"], _WORKER["lookup"]
    docs = facts = 0
    for sid in ids:
        snap = archive.snapshot(sid)
        if not should_extract(snap):
            continue
        try:
            facts += len(extract_facts(snap, document_for(snap), None, lookup))
        except DocumentError:
            continue
        docs += 1
    return docs, facts


def extract_parallel(archive_dir: Path, workers: int) -> dict[str, Any]:
    """archive -> document -> facts (no graph writes) on `workers` processes; each worker
    builds its own resolver before the clock starts."""
    from sendgraph.archive.store import Archive

    archive = Archive(archive_dir)
    ids = [s.id for s in archive.snapshots()]
    archive.close()
    chunks = [ids[i:i + 5] for i in range(0, len(ids), 5)]
    with ProcessPoolExecutor(workers, initializer=_init_worker,
                             initargs=(str(archive_dir),)) as pool:
        list(pool.map(_extract_ids, [[] for _ in range(workers)]))  # workers up and warm
        start = time.perf_counter()
        results = list(pool.map(_extract_ids, chunks))
        seconds = time.perf_counter() - start
    docs = sum(d for d, _ in results)
    facts = sum(f for _, f in results)
    return {"workers": workers, "documents": docs, "facts": facts, "seconds": seconds,
            "docs_per_s": docs / seconds, "facts_per_s": facts / seconds}


def export_all(store: Any, out_dir: Path) -> dict[str, Any]:
    from sendgraph.graph.export import FORMATS, export

    quads = len(store)
    out: dict[str, Any] = {}
    for fmt in FORMATS:
        path = out_dir / f"export.{fmt}"
        start = time.perf_counter()
        with open(path, "wb") as fh:
            export(store, fmt, fh)
        seconds = time.perf_counter() - start
        out[fmt] = {"seconds": seconds, "bytes": path.stat().st_size,
                    "quads_per_s": quads / seconds}
    return out


@dataclass
class Options:
    docs: int = 1000
    seed: int = 7
    peers: bool = True
    quick: bool = False
    scaling: bool = False
    work: Path | None = None
    keep: bool = False
    polite_sample: int = 40
    rdflib_max_quads: int = 300_000
    log: Callable[[str], None] = field(default=lambda s: print(s, file=sys.stderr, flush=True))


def pipeline(opts: Options, docs: int, work: Path, *, peers: bool) -> dict[str, Any]:
    """Every stage for one corpus size; returns the stage figures (and the peers', if asked)."""
    log = opts.log
    stages: dict[str, Any] = {}
    corpus_dir = work / f"corpus-{docs}"
    start = time.perf_counter()
    manifest = Corpus(docs, opts.seed).write(corpus_dir)
    stages["corpus"] = {"documents": manifest["docs"], "raw_bytes": manifest["raw_bytes"],
                        "seconds": time.perf_counter() - start}
    raw = manifest["raw_bytes"]
    log(f"[{docs}] corpus: {manifest['docs']} documents, {raw / MB:.1f} MB "
        f"({stages['corpus']['seconds']:.1f} s)")
    peer: dict[str, Any] = {}
    with corpus_server(corpus_dir) as bases:
        urls = urls_for(manifest, bases)
        urls_file = work / f"urls-{docs}.txt"
        urls_file.write_text("\n".join(urls) + "\n", encoding="utf-8")
        archive_dir = work / f"archive-{docs}"
        stages["crawl"] = crawl(archive_dir, urls, min_delay=0.0, raw_bytes=raw)
        log(f"[{docs}] crawl+archive: {stages['crawl']['pages_per_s']:.0f} pages/s")
        sample = urls[: min(len(urls), opts.polite_sample)]
        sample_bytes = sum(p["bytes"] for p in manifest["pages"][: len(sample)])
        if not opts.quick and peers:
            stages["crawl_polite"] = crawl(work / f"archive-polite-{docs}", sample,
                                           min_delay=POLITE_DELAY, raw_bytes=sample_bytes)
            stages["crawl_polite"]["ceiling_pages_per_s"] = polite_ceiling(sample)
            log(f"[{docs}] polite crawl: {stages['crawl_polite']['pages_per_s']:.2f} pages/s")
        if peers:
            peer["scrapy"] = peer_scrapy(urls_file, len(urls))
            log(f"[{docs}] scrapy: {peer['scrapy'].get('pages_per_s', peer['scrapy'])}")
            peer["wget"] = peer_wget(urls_file, work / f"wget-{docs}", len(urls), raw)
            log(f"[{docs}] wget: {peer['wget'].get('pages_per_s', peer['wget'])}")
    stages["build"] = build(archive_dir)
    log(f"[{docs}] re-extraction (build_graph): {stages['build']['docs_per_s']:.1f} docs/s, "
        f"{stages['build']['quads']} quads")
    stages["extract_1core"] = extract_parallel(archive_dir, 1)
    if (os.cpu_count() or 1) > 1:
        stages["extract_all_cores"] = extract_parallel(archive_dir, os.cpu_count() or 1)
    log(f"[{docs}] extraction 1 core {stages['extract_1core']['docs_per_s']:.1f} docs/s")
    if peers:
        peer["trafilatura"] = peer_trafilatura(corpus_dir, manifest,
                                               limit=200 if opts.quick else 1000)
        log(f"[{docs}] trafilatura: {peer['trafilatura'].get('docs_per_s')}")

    from pyoxigraph import RdfFormat

    from sendgraph.graph.store import GraphStore

    store = GraphStore(archive_dir)
    out_dir = work / f"export-{docs}"
    out_dir.mkdir(exist_ok=True)
    stages["export"] = export_all(store, out_dir)
    log(f"[{docs}] export done")
    nq = out_dir / "export.nquads"
    load_dir = work / f"load-{docs}"
    start = time.perf_counter()
    loaded = GraphStore(load_dir)
    loaded.store.bulk_load(path=str(nq), format=RdfFormat.N_QUADS)
    loaded.flush()
    stages["load"] = {"seconds": time.perf_counter() - start, "quads": len(loaded)}
    stages["sizes"] = {"raw_bytes": raw, "warc_bytes": stages["crawl"]["warc_bytes"],
                       "index_bytes": (archive_dir / "index.sqlite3").stat().st_size,
                       "graph_bytes": dir_bytes(archive_dir / "graph"),
                       "warc_to_raw": stages["crawl"]["warc_bytes"] / raw}
    stages["peak_rss_mb_after_pipeline"] = rss_mb()
    params = query_params(store, urls[0])
    repeat = 5 if opts.quick else 20
    if peers:
        with_rdflib = len(store) <= opts.rdflib_max_quads
        lp = load_peers(nq, with_rdflib)
        ox, ds = lp.pop("_ox"), lp.pop("_rdflib", None)
        if not with_rdflib:
            lp["rdflib_memory"] = {"not_run": f"graph has {len(store)} quads, over the "
                                   f"{opts.rdflib_max_quads} limit set for rdflib's store"}
        peer["load"] = lp
        peer["export"] = export_peers(ox, ds, out_dir)
        stages["queries"] = named_queries(store, ox, ds, params, repeat, loaded.store)
        del ox, ds
    else:
        from pyoxigraph import Store

        ox = Store()
        ox.bulk_load(path=str(nq), format=RdfFormat.N_QUADS)
        stages["queries"] = named_queries(store, ox, None, params, repeat, loaded.store)
    del loaded
    log(f"[{docs}] queries done")
    stages["trace"] = trace_latency(store, archive_dir, 5 if opts.quick else 20)
    stages["query_params"] = params
    if not opts.keep:
        shutil.rmtree(corpus_dir, ignore_errors=True)
        shutil.rmtree(out_dir, ignore_errors=True)
        shutil.rmtree(load_dir, ignore_errors=True)
    return {"stages": stages, "peers": peer}


def run(opts: Options) -> dict[str, Any]:
    work = opts.work or Path(tempfile.mkdtemp(prefix="sendgraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    result: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "docs": opts.docs, "seed": opts.seed, "quick": opts.quick,
        "machine": machine(), "versions": versions(),
    }
    try:
        main = pipeline(opts, opts.docs, work, peers=opts.peers)
        result.update(main)
        if opts.scaling:
            small = max(20, opts.docs // 10)
            result["scaling"] = {"small_docs": small, "small": pipeline(
                opts, small, work, peers=False)["stages"]}
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
    result["seconds"] = time.perf_counter() - started
    from bench.report import verdicts

    result["targets"] = verdicts(result)
    return result
