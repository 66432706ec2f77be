"""The resolver, offered to extractors as their `AuthorityLookup` (dependency inversion:
extraction sits below resolution, so the graph layer wires the two together)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from sendgraph.document import Document
from sendgraph.extract.context import AuthorityHit
from sendgraph.resolve import Judgements, Resolver

RESOLVER_VERSION = "1"


class ResolverLookup:
    def __init__(self, resolver: Resolver, judgements_digest: str = "",
                 judgements: Judgements | None = None) -> None:
        self.resolver = resolver
        self._judgements_digest = judgements_digest
        self._judgements = judgements
        # several extractors ask about the same document in turn: resolve it once
        self._last: tuple[Document, Sequence[AuthorityHit]] | None = None

    @classmethod
    def for_archive(cls, root: Path) -> ResolverLookup:
        """The resolver with the judgements users recorded for this archive."""
        # user decisions are data, not derived: they live beside the WARCs, not in graph/
        judgements = Judgements(Path(root) / "judgements")
        path = judgements.path
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else ""
        return cls(Resolver(judgements=judgements), digest, judgements)

    def signature(self) -> tuple[str, ...]:
        """Changes here (a new resolver, a new user judgement) mean re-extraction."""
        return (f"resolver@{RESOLVER_VERSION}",
                *((f"judgements:{self._judgements_digest}",) if self._judgements_digest else ()))

    def mentions(self, document: Document) -> Sequence[AuthorityHit]:
        if self._last is not None and self._last[0] is document:
            return self._last[1]
        hits = self._resolve(document)
        self._last = (document, hits)
        return hits

    def _resolve(self, document: Document) -> Sequence[AuthorityHit]:
        hits = []
        found = self.resolver.resolve(document, date=document.metadata.published)
        if self._judgements is not None:  # kept, not guessed: `sendgraph authorities --unresolved`
            self._judgements.keep_undecided(found, snapshot=document.snapshot_id,
                                            source=document.text)
        for m in found:
            if m.status == "resolved" and m.authority is not None:
                hits.append(AuthorityHit(m.start, m.end, m.authority.gss_code, m.authority.name,
                                         m.confidence))
        return tuple(hits)
