"""Documents and a fake authority lookup for the programme, target and figure extractor tests.

The lookup is a dict of names -> GSS codes found with ``str.find`` (longest names first, never
overlapping), so these tests do not depend on the real resolver.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from sendgraph.document import Document, build_document
from sendgraph.extract import AuthorityHit, ExtractionContext, check_evidence
from sendgraph.extract.model import Fact

GSS = {
    "Kingston": "E09000021", "Richmond": "E09000027", "Bury": "E08000002",
    "Kent": "E10000016", "Medway": "E06000035", "York": "E06000014", "Surrey": "E10000030",
    "Birmingham": "E08000025", "Devon": "E10000008", "Hackney": "E09000012",
    "Stockport": "E08000007", "Norfolk": "E10000020",
}


class Names:
    def __init__(self, names: Mapping[str, str] | None = None) -> None:
        self.names = dict(GSS if names is None else names)

    def mentions(self, document: Document) -> Sequence[AuthorityHit]:
        taken: list[AuthorityHit] = []
        for name in sorted(self.names, key=lambda n: (-len(n), n)):
            at = document.text.find(name)
            while at >= 0:
                end = at + len(name)
                if not any(h.start < end and at < h.end for h in taken):
                    taken.append(AuthorityHit(at, end, self.names[name], name, 1.0))
                at = document.text.find(name, end)
        return sorted(taken, key=lambda h: (h.start, h.end))


def text_doc(text: str, published: str | None = "2022-06") -> Document:
    meta = {"published": published} if published else None
    return build_document(text.encode("utf-8"), url="https://example.org/post",
                          content_type="text/plain", snapshot_id="00112233aabbccdd",
                          metadata=meta)


def html_doc(body: str, published: str | None = "2022-06") -> Document:
    meta = {"published": published} if published else None
    html = f"<html><head><title>T</title></head><body><article>{body}</article></body></html>"
    return build_document(html.encode("utf-8"), url="https://example.org/page",
                          content_type="text/html", snapshot_id="ffeeddccbbaa9988",
                          metadata=meta)


def run(extract: Callable[[ExtractionContext], Iterable[Fact]], document: Document,
        names: Names | None = None) -> list:
    facts = list(extract(ExtractionContext(document, names or Names())))
    for fact in facts:
        for evidence in fact.evidence:
            check_evidence(document, evidence)
    return facts
