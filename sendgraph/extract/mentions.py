"""Authority mentions: every confidently resolved naming of a local authority, as a fact."""

from __future__ import annotations

from collections.abc import Iterator

from sendgraph.extract.context import ExtractionContext
from sendgraph.extract.model import AuthorityMention, evidence_for

NAME = "mentions"
VERSION = "1"


def extract(ctx: ExtractionContext) -> Iterator[AuthorityMention]:
    for hit in ctx.authorities.mentions(ctx.document):
        yield AuthorityMention(
            authority=hit.gss_code,
            evidence=(evidence_for(ctx.document, hit.start, hit.end, f"{NAME}@{VERSION}"),),
        )
