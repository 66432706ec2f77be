"""Run the `sendgraph` CLI with the fetch policy's limits shortened, so hostile-server
trials finish in seconds:

    SENDGRAPH_TEST_POLICY='{"total_timeout": 2}' python hostile_driver.py sendgraph-args...

The JSON object's keys are `FetchPolicy` fields; they replace the defaults (options given
on the command line, e.g. --delay, still apply on top). Used by tests/support/hostile.py;
it imports only sendgraph, so it runs from any directory.
"""

from __future__ import annotations

import atexit
import json
import os
import sys
from typing import Any

from sendgraph.capture.policy import FetchPolicy
from sendgraph.cli import crawl_cmds, import_cmd
from sendgraph.cli.main import main


def _policy(**kwargs: Any) -> FetchPolicy:
    overrides = json.loads(os.environ.get("SENDGRAPH_TEST_POLICY") or "{}")
    return FetchPolicy(**{**overrides, **kwargs})


def _record_peak_memory() -> None:
    """Write this process's own peak RSS (VmHWM) where the test asked for it.

    getrusage's ru_maxrss cannot be used: Linux carries the parent's (pytest's) high-water
    mark across fork+exec, so a child of a big test process would look big itself.
    """
    target = os.environ.get("SENDGRAPH_TEST_PEAK_FILE")
    if not target:
        return
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                with open(target, "w", encoding="ascii") as out:
                    out.write(str(int(line.split()[1]) * 1024))


if __name__ == "__main__":
    atexit.register(_record_peak_memory)
    crawl_cmds.FetchPolicy = _policy  # type: ignore[misc,assignment]
    import_cmd.FetchPolicy = _policy  # type: ignore[misc,assignment]
    sys.argv = ["sendgraph", *sys.argv[1:]]
    main()
