"""The graph store: Oxigraph on disk inside the archive folder (DESIGN.md, measured choices).

Quads are written natively in batches; SPARQL runs in Oxigraph with the union of all named
graphs as the default graph; rdflib's API is available over the same store (`dataset()`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import IO

from pyoxigraph import NamedNode, Quad, RdfFormat, Store


class GraphStoreError(Exception):
    pass


class GraphStore:
    def __init__(self, archive_root: Path, *, read_only: bool = False) -> None:
        self.dir = Path(archive_root) / "graph"
        path = self.dir / "oxigraph"
        if read_only:
            if not path.exists():
                raise GraphStoreError(
                    f"no graph built in {archive_root} yet; run `sendgraph extract` first")
            self.store = Store.read_only(str(path))
        else:
            self.dir.mkdir(parents=True, exist_ok=True)
            try:
                self.store = Store(str(path))
            except OSError as exc:
                raise GraphStoreError(
                    f"the graph in {path} is in use by another sendgraph process ({exc}); "
                    "wait for it to finish") from exc

    def replace_graph(self, graph: str, quads: Iterable[Quad]) -> None:
        g = NamedNode(graph)
        if self.store.contains_named_graph(g):
            self.store.remove_graph(g)
        # bulk_extend skips per-quad transactions (measured ~10x faster than extend). It is
        # not atomic, but nothing relies on that: a build killed midway has not saved its
        # state, so the next build re-extracts and replaces these graphs wholesale.
        self.store.bulk_extend(quads)

    def load_graphs(self, graphs: dict[str, bytes]) -> None:
        """Replace several named graphs with their N-Quads (each line naming its graph)."""
        for graph in graphs:
            self.remove_graph(graph)
        data = b"".join(graphs.values())
        if data:
            self.store.bulk_load(data, format=RdfFormat.N_QUADS)

    def remove_graph(self, graph: str) -> None:
        g = NamedNode(graph)
        if self.store.contains_named_graph(g):
            self.store.remove_graph(g)

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, NamedNode))

    def query(self, sparql: str):  # -> QuerySolutions | QueryBoolean | QueryTriples
        return self.store.query(sparql, use_default_graph_as_union=True)

    def dump(self, output: IO[bytes] | str | Path, fmt: RdfFormat) -> None:
        self.store.dump(output, format=fmt)

    def sorted_nquads(self) -> bytes:
        """The whole dataset as N-Quads, lines sorted: the build's reproducibility check."""
        data = self.store.dump(format=RdfFormat.N_QUADS) or b""
        lines = sorted(line for line in data.split(b"\n") if line)
        return b"\n".join(lines) + (b"\n" if lines else b"")

    def __len__(self) -> int:
        return len(self.store)

    def flush(self) -> None:
        self.store.flush()
