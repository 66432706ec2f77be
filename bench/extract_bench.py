"""Benchmark: the shared extractors on the five seed documents together.

    python -m bench.extract_bench [--runs 15] [--seeds ../shared/seeds] [--no-resolver]

Reads the seeds in place (metadata from their manifest, as the seed tests do), builds their
documents once, then times extracting all five: the programme, target and figure extractors,
and every shared extractor (`run_shared`), with authority mentions from the real resolver
(through the graph layer's adapter). Each run works on fresh document objects, so the
resolver's answer is never reused from an earlier run: resolution is part of the time.
Prints the median (and min / max) of each in seconds; the goal is under 2 s for all five.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from sendgraph.document import Document, build_document
from sendgraph.extract import (
    SHARED_EXTRACTORS,
    ExtractionContext,
    NoAuthorities,
    figures,
    programmes,
    run_shared,
    targets,
)

DEFAULT_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
OURS = (programmes.extract, targets.extract, figures.extract)


def load(seeds: Path) -> list[Document]:
    manifest = json.loads((seeds / "manifest.json").read_text(encoding="utf-8"))["documents"]
    documents = []
    for entry in manifest:
        published = entry["published"]
        if not published:
            token = entry["date_hint"].split()[0]
            published = token if token[:4].isdigit() else entry["date_hint"][:4]
        documents.append(build_document(
            (seeds / entry["file"]).read_bytes(), url=entry["url"] or f"file:///{entry['file']}",
            content_type="text/plain", snapshot_id=entry["file"][4:20],
            metadata={"published": published, "title": entry["title"]}))
    return documents


def timed(documents: list[Document], lookup: object, shared: bool) -> tuple[float, int]:
    fresh = [replace(d) for d in documents]  # new identities: nothing cached from earlier runs
    start = time.perf_counter()
    count = 0
    for document in fresh:
        ctx = ExtractionContext(document, lookup)
        if shared:
            count += len(run_shared(ctx))
        else:
            for extract in OURS:
                count += len(list(extract(ctx)))
    return time.perf_counter() - start, count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--no-resolver", action="store_true",
                        help="time the extractors alone, with no authority lookup")
    args = parser.parse_args(argv)
    if not (args.seeds / "manifest.json").is_file():
        print(f"seed documents not found at {args.seeds}", file=sys.stderr)
        return 2
    documents = load(args.seeds)
    lookup: object = NoAuthorities()
    label = "no authority lookup"
    if not args.no_resolver:
        from sendgraph.graph.lookup import ResolverLookup
        started = time.perf_counter()
        lookup = ResolverLookup.for_archive(Path(tempfile.mkdtemp(prefix="sendgraph-bench-")))
        label = f"real resolver (built once, in {time.perf_counter() - started:.2f} s)"
    chars = sum(len(d.text) for d in documents)
    print(f"{len(documents)} seed documents, {chars:,} characters; {label}; {args.runs} runs")
    for name, shared in (("programmes + targets + figures", False),
                         (f"all shared extractors ({len(SHARED_EXTRACTORS)})", True)):
        timed(documents, lookup, shared)  # warm-up: imports, regex caches
        times, count = [], 0
        for _ in range(args.runs):
            seconds, count = timed(documents, lookup, shared)
            times.append(seconds)
        print(f"{name:<36} median {statistics.median(times):.3f} s  "
              f"(min {min(times):.3f}, max {max(times):.3f})  {count} facts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
