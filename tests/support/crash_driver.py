"""Run the `sendgraph` CLI with a tripwire in the WARC writer: once BUDGET bytes of WARC
data have been written, the process sends itself SIGNAL (KILL or INT) in the middle of a
write call, so the signal lands inside a record at a chosen byte.

    python crash_driver.py BUDGET SIGNAL sendgraph-args...

Used by tests/test_crash.py; it imports only sendgraph, so it runs from any directory.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any, BinaryIO

from sendgraph.archive.warcfile import WarcAppender
from sendgraph.cli.main import main


class Tripwire:
    """Stands in for the WARC file object under warcio's writer; delegates everything."""

    def __init__(self, fh: BinaryIO, budget: int, sig: signal.Signals) -> None:
        self._fh = fh
        self._left = budget
        self._sig = sig

    def write(self, data: bytes) -> int:
        if self._left is not None and len(data) >= self._left:
            # Write all but the tail of this chunk: the record it belongs to stays incomplete.
            keep = min(self._left, max(len(data) - 1, 0))
            self._fh.write(data[:keep])
            self._fh.flush()
            self._left = None
            os.kill(os.getpid(), self._sig)
            return len(data)
        if self._left is not None:
            self._left -= len(data)
        return self._fh.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)


def _arm(budget: int, sig: signal.Signals) -> None:
    original = WarcAppender.__init__

    def init(self: WarcAppender, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.writer.out = Tripwire(self._fh, budget, sig)

    WarcAppender.__init__ = init  # type: ignore[method-assign]


if __name__ == "__main__":
    budget, signame, *args = sys.argv[1:]
    _arm(int(budget), signal.Signals[f"SIG{signame.upper()}"])
    sys.argv = ["sendgraph", *args]
    main()
