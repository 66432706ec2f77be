"""`python -m bench`: the benchmark harness (same options as `sendgraph bench`)."""

from __future__ import annotations

import sys

from sendgraph.cli.bench_cmd import bench

if __name__ == "__main__":
    sys.exit(bench.main(prog_name="python -m bench"))
