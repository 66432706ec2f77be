"""Citations from links: a document's main-content links are the sources it cites.

Links inside reader comments are the commenters', not the document's, so they are skipped, and
so are a site's links to its own author, category and tag pages (a byline or "Posted in" line
is page furniture, not a cited source).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urldefrag, urlsplit

from sendgraph.extract.context import ExtractionContext
from sendgraph.extract.model import Citation, evidence_for

NAME = "citations"
VERSION = "2"
_TAXONOMY = re.compile(r"^/(?:author|category|tag|topics?)/", re.IGNORECASE)


def _own_taxonomy(target: str, own_host: str) -> bool:
    parts = urlsplit(target)
    return parts.hostname == own_host and bool(_TAXONOMY.match(parts.path))


def extract(ctx: ExtractionContext) -> Iterator[Citation]:
    document = ctx.document
    comment_spans = [(b.start, b.end) for b in document.blocks if b.kind == "comment"]
    own = urldefrag(document.url)[0]
    own_host = urlsplit(own).hostname or ""
    for link in document.links:
        target = urldefrag(link.url)[0]
        if urlsplit(target).scheme not in ("http", "https") or target == own:
            continue
        if _own_taxonomy(target, own_host):
            continue
        if any(s <= link.start < e for s, e in comment_spans):
            continue
        if not link.text.strip():
            continue
        yield Citation(
            cited_url=target,
            anchor_text=link.text,
            evidence=(evidence_for(document, link.start, link.end, f"{NAME}@{VERSION}"),),
        )
