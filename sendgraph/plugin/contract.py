"""The source-plugin contract: metadata, a network-side `crawl`, an offline `parse`.

A plugin is one small module exposing an instance of `Source` (usually a subclass) through the
`sendgraph.sources` entry-point group. Built-in plugins are registered the same way as
third-party ones, so `pip install` is all it takes to add a source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sendgraph.archive.snapshot import Snapshot
    from sendgraph.plugin.context import CrawlContext, ParseContext

KINDS = frozenset({
    "blog", "inquiry_report", "commissioner_report", "programme_list", "statistics",
    "minutes", "guidance", "news", "web", "other",
})
_ID = re.compile(r"^[a-z][a-z0-9_-]{1,40}$")


class PluginError(Exception):
    """A plugin is malformed or could not be loaded (the message names it)."""


@dataclass(frozen=True)
class Politeness:
    """Per-source overrides of the fetch policy; None keeps the user's/global setting."""

    min_delay: float | None = None
    max_concurrency: int | None = None


@dataclass(frozen=True)
class SourceInfo:
    id: str
    title: str
    publisher: str
    home: str
    kind: str
    hosts: tuple[str, ...] = ()
    version: str = "1"
    description: str = ""
    politeness: Politeness = field(default_factory=Politeness)
    # Minimum counts a healthy run finds, e.g. {"documents": 20}; fewer means a site redesign.
    expected: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise PluginError(f"plugin id {self.id!r} must match {_ID.pattern}")
        if self.kind not in KINDS:
            raise PluginError(f"plugin {self.id}: kind {self.kind!r} is not one of {sorted(KINDS)}")

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "publisher": self.publisher,
            "home": self.home,
            "hosts": list(self.hosts),
            "version": self.version,
            "description": self.description,
            "expected": dict(self.expected),
        }


class Source:
    """Base class for source plugins. Subclasses set `info` and implement `crawl`."""

    info: SourceInfo

    def crawl(self, ctx: CrawlContext) -> None:
        """Network side: discover URLs and fetch them through `ctx`; every fetch is archived."""
        raise PluginError(f"plugin {self.info.id} does not implement crawl()")

    def parse(self, ctx: ParseContext, snapshot: Snapshot) -> None:
        """Offline and pure: read one snapshot and emit what it says through `ctx`.

        The default reads the snapshot as a Document, which is all a plain source needs;
        plugins override it to add site-specific structure.
        """
        ctx.document(snapshot)
