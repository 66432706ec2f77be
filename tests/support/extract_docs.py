"""Helpers for extractor tests: documents from text the tests write, a fake authority lookup."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from sendgraph.document import Document, build_document
from sendgraph.extract import AuthorityHit, ExtractionContext, check_evidence
from sendgraph.extract.model import Fact


class FakeAuthorities:
    """Names -> GSS codes, found with ``str.find`` (every occurrence, text order)."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = dict(names)

    def mentions(self, document: Document) -> Sequence[AuthorityHit]:
        hits = []
        for name, gss in self.names.items():
            at = document.text.find(name)
            while at >= 0:
                hits.append(AuthorityHit(at, at + len(name), gss, name, 1.0))
                at = document.text.find(name, at + len(name))
        return sorted(hits, key=lambda h: (h.start, h.end))


def text_doc(text: str, *, author: str | None = None, publisher: str | None = None,
             url: str = "https://example.org/post", snapshot: str = "0123456789abcdef"
             ) -> Document:
    meta = {"title": "A test document"}
    if author:
        meta["author"] = author
    if publisher:
        meta["publisher"] = publisher
    return build_document(text.encode("utf-8"), url=url, content_type="text/plain",
                          snapshot_id=snapshot, metadata=meta)


def html_doc(body: str, *, author: str | None = None, url: str = "https://example.org/post",
             snapshot: str = "fedcba9876543210") -> Document:
    meta = f'<meta name="author" content="{author}">' if author else ""
    html = f"<html><head><title>Test</title>{meta}</head><body>{body}</body></html>"
    return build_document(html.encode("utf-8"), url=url, content_type="text/html",
                          snapshot_id=snapshot)


def run(extract: Callable[[ExtractionContext], Iterable[Fact]], document: Document,
        authorities: FakeAuthorities | None = None) -> list[Fact]:
    ctx = ExtractionContext(document, authorities) if authorities else ExtractionContext(document)
    facts = list(extract(ctx))
    for fact in facts:
        for ev in fact.evidence:
            check_evidence(document, ev)
    return facts
