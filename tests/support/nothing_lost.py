""""Nothing lost": what an archive held before something hostile happened is still there.

    before = ArchiveState.take(root)       # index rows + sorted N-Quads of a fresh build
    ...                                    # a hostile crawl, a bad import, a SIGKILL
    after = assert_nothing_lost(before, root)

`take` builds the graph (`build_graph(rebuild=True)`) and keeps, per record id, where it
lives and its digest, and per named graph its sorted N-Quads lines. `assert_nothing_lost`
then checks, in this order:

1. the archive opens (recovery runs) and `sendgraph archive verify` exits 0;
2. every record indexed before is still indexed, at the same place, with the same digest,
   and every snapshot before still reads back to the same bytes;
3. a rebuild of the graph gives the same N-Quads for every named graph that existed before
   (each prior snapshot's graph and the reference graph), and the provenance graph keeps
   every quad it had; when no record was added the whole dataset must be byte-identical.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import NamedNode

from sendgraph.archive import Archive
from sendgraph.graph import iris
from sendgraph.graph.build import build_graph
from sendgraph.graph.store import GraphStore
from tests.support.cli import invoke


def graph_nquads(root: Path) -> dict[str, list[str]]:
    """Rebuild the graph from scratch and return its sorted N-Quads, per named graph."""
    with Archive(root) as archive:
        build_graph(archive, rebuild=True)
    store = GraphStore(root)
    per: dict[str, list[str]] = defaultdict(list)
    try:
        for quad in store.store.quads_for_pattern(None, None, None, None):
            name = quad.graph_name
            per[name.value if isinstance(name, NamedNode) else ""].append(str(quad))
    finally:
        del store  # release Oxigraph's lock
    return {name: sorted(lines) for name, lines in per.items()}


@dataclass
class ArchiveState:
    root: Path
    places: dict[str, tuple[str, int, int, str | None]] = field(default_factory=dict)
    contents: dict[str, str] = field(default_factory=dict)  # snapshot -> sha256 of content
    graphs: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def take(cls, root: Path, *, graph: bool = True) -> ArchiveState:
        state = cls(root)
        with Archive(root) as archive:
            for row in archive.index.all():
                state.places[row.record_id] = (row.warc_file, row.offset, row.length, row.digest)
            for snap in archive.snapshots():
                state.contents[snap.id] = hashlib.sha256(snap.content()).hexdigest()
        if graph:
            state.graphs = graph_nquads(root)
        return state

    @property
    def snapshot_graphs(self) -> set[str]:
        return {iris.snapshot_graph(sid) for sid in self.contents}


def assert_nothing_lost(before: ArchiveState, root: Path | None = None, *,
                        graph: bool = True) -> ArchiveState:
    """Assert the three checks above; returns the state after (for the next comparison)."""
    root = root or before.root
    verify = invoke(root, "archive", "verify", "--format", "json")
    assert verify.code == 0, verify
    after = ArchiveState.take(root, graph=graph)
    for record_id, place in before.places.items():
        now = after.places.get(record_id)
        assert now is not None, f"record {record_id}, indexed before, is gone"
        assert now == place, f"record {record_id} moved or changed: {place} -> {now}"
    for sid, sha in before.contents.items():
        assert after.contents.get(sid) == sha, f"snapshot {sid} no longer reads the same"
    if graph and before.graphs:
        if set(after.places) == set(before.places):
            assert after.graphs == before.graphs, "nothing was added, yet the graph changed"
        for name, lines in before.graphs.items():
            if name == iris.GRAPH_PROVENANCE:
                missing = set(lines) - set(after.graphs.get(name, []))
                assert not missing, f"provenance lost {len(missing)} quads: {sorted(missing)[:3]}"
            else:
                assert after.graphs.get(name) == lines, f"graph {name} changed on rebuild"
    return after
