"""The crawl run report: what was fetched, what failed and why."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CrawlReport:
    run_id: str
    plugin: str
    resumed: bool = False
    status: str = "running"  # running | ok | partial | failed | interrupted
    started: str = ""
    finished: str | None = None
    counts: Counter[str] = field(default_factory=Counter)
    found: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, what: str, n: int = 1) -> None:
        with self._lock:
            self.counts[what] += n

    def fail(self, failure: dict[str, Any]) -> None:
        with self._lock:
            self.failures.append(failure)

    def warn(self, message: str) -> None:
        with self._lock:
            self.warnings.append(message)

    @property
    def captured(self) -> int:
        return sum(self.counts[k] for k in ("new", "unchanged", "not_modified"))

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "plugin": self.plugin,
            "resumed": self.resumed,
            "status": self.status,
            "started": self.started,
            "finished": self.finished,
            "counts": dict(sorted(self.counts.items())),
            "found": dict(sorted(self.found.items())),
            "failures": self.failures,
            "warnings": self.warnings,
        }
