"""The peers the benchmark measures sendgraph against, run in the same invocation so that
ratios hold on a noisy machine: Scrapy and wget (crawl), trafilatura (main-content
extraction), plain pyoxigraph and rdflib's in-memory store (load, export, queries).
A peer that cannot run here reports why instead of a number."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

MB = 1024 * 1024
RDFLIB_TRIG_MAX = 300_000
CONCURRENCY = 4  # = the four corpus sites; the fetcher never has two requests in flight to one host


def peer_scrapy(urls_file: Path, pages: int) -> dict[str, Any]:
    try:
        import scrapy  # noqa: F401
    except ImportError:
        return {"not_run": "scrapy is not installed (pip install -e '.[bench]')"}
    proc = subprocess.run([sys.executable, "-m", "bench.scrapy_peer", str(urls_file),
                           str(CONCURRENCY)], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1])
    if proc.returncode != 0 or not proc.stdout.strip():
        return {"not_run": f"scrapy failed: {proc.stderr.strip()[-300:]}"}
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    data["pages_per_s"] = data["pages"] / data["seconds"]
    data["mb_per_s"] = data["bytes"] / MB / data["seconds"]
    data["concurrency"] = CONCURRENCY
    data["complete"] = data["pages"] == pages
    data["warc_bytes"] = None
    return data


def peer_wget(urls_file: Path, work: Path, pages: int, raw_bytes: int) -> dict[str, Any]:
    wget = shutil.which("wget")
    if not wget:
        return {"not_run": "wget is not installed"}
    work.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    proc = subprocess.run([wget, "-q", "--no-proxy", "--warc-file=" + str(work / "wget"),
                           "--no-warc-keep-log", "-i", str(urls_file), "-P", str(work / "files"),
                           "--delete-after"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    warcs = list(work.glob("wget*.warc.gz"))
    if not warcs:
        return {"not_run": f"wget wrote no WARC (exit {proc.returncode}): "
                           f"{proc.stderr.strip()[-200:]}"}
    return {"pages": pages, "seconds": seconds, "pages_per_s": pages / seconds,
            "mb_per_s": raw_bytes / MB / seconds, "concurrency": 1, "exit": proc.returncode,
            "warc_bytes": sum(p.stat().st_size for p in warcs)}


def peer_trafilatura(corpus_dir: Path, manifest: dict[str, Any], limit: int) -> dict[str, Any]:
    try:
        import trafilatura
    except ImportError as exc:
        return {"not_run": f"trafilatura cannot be imported ({exc}); "
                           "pip install -e '.[bench]'"}
    files = [corpus_dir / p["file"] for p in manifest["pages"]
             if p["content_type"] == "text/html"][:limit]
    pages = [f.read_bytes().decode("utf-8") for f in files]
    trafilatura.extract(pages[0])
    start = time.perf_counter()
    chars = sum(len(trafilatura.extract(p) or "") for p in pages)
    seconds = time.perf_counter() - start
    return {"documents": len(pages), "seconds": seconds, "docs_per_s": len(pages) / seconds,
            "chars": chars, "version": trafilatura.__version__}


def load_peers(nq: Path, with_rdflib: bool) -> dict[str, Any]:
    from pyoxigraph import RdfFormat, Store

    out: dict[str, Any] = {}
    start = time.perf_counter()
    ox = Store()
    ox.bulk_load(path=str(nq), format=RdfFormat.N_QUADS)
    out["pyoxigraph_memory"] = {"seconds": time.perf_counter() - start, "quads": len(ox)}
    out["_ox"] = ox
    if with_rdflib:
        import rdflib

        start = time.perf_counter()
        ds = rdflib.Dataset(default_union=True)
        ds.parse(str(nq), format="nquads")
        out["rdflib_memory"] = {"seconds": time.perf_counter() - start, "quads": len(ds)}
        out["_rdflib"] = ds
    return out


def export_peers(ox: Any, ds: Any | None, out_dir: Path, disk: Any | None = None,
                 ) -> dict[str, Any]:
    """Plain pyoxigraph dumping from memory (`ox`) and from disk (`disk`), and rdflib."""
    from pyoxigraph import RdfFormat

    out: dict[str, Any] = {}
    quads = len(ox)
    for fmt, rf in (("nquads", RdfFormat.N_QUADS), ("trig", RdfFormat.TRIG)):
        for name, store in (("pyoxigraph", ox), ("pyoxigraph_disk", disk)):
            if store is None:
                continue
            start = time.perf_counter()
            with open(out_dir / f"peer.{fmt}", "wb") as fh:
                store.dump(fh, rf)
            seconds = time.perf_counter() - start
            out[f"{name}_{fmt}"] = {"seconds": seconds, "quads_per_s": quads / seconds}
    if ds is not None:
        # rdflib's TriG writer groups and sorts subjects in Python: ~20 s at 100k quads and
        # well over ten minutes at 1M, so only N-Quads past the small sizes
        for fmt in ("nquads", "trig") if len(ds) <= RDFLIB_TRIG_MAX else ("nquads",):
            start = time.perf_counter()
            ds.serialize(destination=str(out_dir / f"rdflib.{fmt}"), format=fmt)
            seconds = time.perf_counter() - start
            out[f"rdflib_{fmt}"] = {"seconds": seconds, "quads_per_s": quads / seconds}
    return out


# -- the run --------------------------------------------------------------------------------
