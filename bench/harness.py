"""The benchmark harness: every pipeline stage timed against a synthetic corpus, peers alongside.

    python -m bench --docs 1000 --out bench/results/latest.json     # or: sendgraph bench ...

Stages (the corpus server and each graph build run in their own processes): crawl + archive
through `run_crawl` and the `web` plugin against `bench.server` on loopback (politeness off, then
a 1 s per-host delay on a sample), WARC verification, re-extraction (`build_graph --rebuild`) on
one core and on all cores, N-Quads export of the whole graph, then on a 1M-quad graph of whole
snapshots: export of every format, graph load, every named SPARQL query, `trace`; peak RSS and
sizes on disk. Peers run in the same invocation so their ratios hold on a noisy machine: Scrapy
and `wget --warc-file` (crawl), trafilatura (extraction), plain pyoxigraph in memory and on disk
and rdflib's in-memory Dataset (load, export, queries). A peer that cannot run says why;
no number is made up.
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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.corpus import Corpus
from bench.peers import (
    MB,
    export_peers,
    load_peers,
    peer_scrapy,
    peer_trafilatura,
    peer_wget,
)
from bench.stages import SAMPLE_QUADS, build, crawl, export_all, sample
from bench.timing import named_queries, query_params, trace_latency
from sendgraph.graph.store import GraphStore

POLITE_DELAY = 1.0  # the fetcher's default per-host gap
ONE_CORE_MAX_DOCS = 2000
RDFLIB_QUERY_MAX = 300_000
QUICK_SAMPLE_QUADS = 100_000  # quick mode checks that every stage runs, on a smaller graph


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
    rdflib_max_quads: int = 1_500_000
    log: Callable[[str], None] = field(default=lambda s: print(s, file=sys.stderr, flush=True))


def pipeline(opts: Options, docs: int, work: Path, *, peers: bool,
             interactive_stages: bool = True) -> dict[str, Any]:
    """Every stage for one corpus size; returns the stage figures (and the peers', if asked).
    Without `interactive_stages`, it stops after the whole-graph export (the scaling run:
    the interactive figures are taken on a fixed-size graph anyway)."""
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
        sample_urls = urls[: min(len(urls), opts.polite_sample)]
        sample_bytes = sum(p["bytes"] for p in manifest["pages"][: len(sample_urls)])
        if not opts.quick and peers:
            stages["crawl_polite"] = crawl(work / f"archive-polite-{docs}", sample_urls,
                                           min_delay=POLITE_DELAY, raw_bytes=sample_bytes)
            stages["crawl_polite"]["ceiling_pages_per_s"] = polite_ceiling(sample_urls)
            log(f"[{docs}] polite crawl: {stages['crawl_polite']['pages_per_s']:.2f} pages/s")
        if peers:
            peer["scrapy"] = peer_scrapy(urls_file, len(urls))
            log(f"[{docs}] scrapy: {peer['scrapy'].get('pages_per_s', peer['scrapy'])}")
            peer["wget"] = peer_wget(urls_file, work / f"wget-{docs}", len(urls), raw)
            log(f"[{docs}] wget: {peer['wget'].get('pages_per_s', peer['wget'])}")
    cores = os.cpu_count() or 1
    # The one-core build of a big corpus costs as much as the rest of the run: it is measured
    # on the scaling run's tenth instead (the table says which).
    if (not opts.quick and docs <= ONE_CORE_MAX_DOCS) or cores == 1:
        stages["build_1core"] = build(archive_dir, 1)
        log(f"[{docs}] re-extraction, 1 core: {stages['build_1core']['docs_per_s']:.1f} docs/s")
    if cores > 1:
        stages["build"] = build(archive_dir, cores)
    else:
        stages["build"] = stages["build_1core"]
    log(f"[{docs}] re-extraction, {cores} cores: {stages['build']['docs_per_s']:.1f} docs/s, "
        f"{stages['build']['quads']:,} quads")
    if peers:
        peer["trafilatura"] = peer_trafilatura(corpus_dir, manifest,
                                               limit=100 if opts.quick else 1000)
        log(f"[{docs}] trafilatura: {peer['trafilatura'].get('docs_per_s')}")
    shutil.rmtree(corpus_dir, ignore_errors=True)  # served and read: not needed any more
    out_dir = work / f"export-{docs}"
    out_dir.mkdir(exist_ok=True)
    store = GraphStore(archive_dir)
    stages["sizes"] = {"raw_bytes": raw, "warc_bytes": stages["crawl"]["warc_bytes"],
                       "index_bytes": (archive_dir / "index.sqlite3").stat().st_size,
                       "graph_bytes": dir_bytes(archive_dir / "graph"),
                       "warc_to_raw": stages["crawl"]["warc_bytes"] / raw}
    limit = QUICK_SAMPLE_QUADS if opts.quick else SAMPLE_QUADS
    if len(store) > limit * 1.2 and not opts.quick:
        # the whole graph in the streaming format, for the growth figures
        stages["export_full"] = export_all(store, out_dir, ("nquads",))
        for f in out_dir.glob("export.*"):
            f.unlink()
        log(f"[{docs}] export of the whole graph done")
    if not interactive_stages:
        shutil.rmtree(out_dir, ignore_errors=True)
        return {"stages": stages, "peers": peer}
    graph, stages["graph"] = sample(store, work / f"sample-{docs}", limit)
    log(f"[{docs}] graph for the interactive figures: {stages['graph']['quads']:,} quads")
    stages.update(interactive(opts, graph, work, docs, urls[0], peer if peers else None))
    stages["trace"] = trace_latency(graph, archive_dir, 3 if opts.quick else 20)
    stages["peak_rss_mb_after_pipeline"] = rss_mb()
    if not opts.keep:
        shutil.rmtree(out_dir, ignore_errors=True)
    return {"stages": stages, "peers": peer}


def interactive(opts: Options, store: Any, work: Path, docs: int, url: str,
                peer: dict[str, Any] | None) -> dict[str, Any]:
    """Export, load and the named queries on `store`, beside the peers when `peer` is given."""
    from pyoxigraph import RdfFormat, Store

    stages: dict[str, Any] = {}
    out_dir = work / f"export-{docs}"
    stages["export"] = export_all(store, out_dir)
    opts.log(f"[{docs}] export done")
    nq = out_dir / "export.nquads"
    load_dir = work / f"load-{docs}"
    start = time.perf_counter()
    loaded = GraphStore(load_dir)  # plain pyoxigraph on disk, bulk-loaded: the like-for-like peer
    loaded.store.bulk_load(path=str(nq), format=RdfFormat.N_QUADS)
    loaded.store.optimize()
    loaded.flush()
    stages["load"] = {"seconds": time.perf_counter() - start, "quads": len(loaded)}
    params = query_params(store, url)
    repeat = 3 if opts.quick else 20
    if peer is not None:
        with_rdflib = len(store) <= opts.rdflib_max_quads
        lp = load_peers(nq, with_rdflib)
        ox, ds = lp.pop("_ox"), lp.pop("_rdflib", None)
        if not with_rdflib:
            lp["rdflib_memory"] = {"not_run": f"graph has {len(store)} quads, over the "
                                   f"{opts.rdflib_max_quads} limit set for rdflib's store"}
        peer["load"] = lp
        peer["export"] = export_peers(ox, ds, out_dir, loaded.store)
    else:
        ox, ds = Store(), None
        ox.bulk_load(path=str(nq), format=RdfFormat.N_QUADS)
    # rdflib's SPARQL takes minutes per aggregate query at this size: loaded and exported
    # above, queried only on small graphs
    queried = ds if len(store) <= RDFLIB_QUERY_MAX and not opts.quick else None
    stages["queries"] = named_queries(store, ox, queried, params, repeat, loaded.store)
    stages["query_params"] = params
    del ox, ds, loaded
    opts.log(f"[{docs}] queries done")
    if not opts.keep:
        shutil.rmtree(load_dir, ignore_errors=True)
    return stages


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
                opts, small, work, peers=False, interactive_stages=False)["stages"]}
    finally:
        if not opts.keep:
            shutil.rmtree(work, ignore_errors=True)
    result["seconds"] = time.perf_counter() - started
    from bench.report import verdicts

    result["targets"] = verdicts(result)
    return result
