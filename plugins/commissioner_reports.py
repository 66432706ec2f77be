"""SEND commissioner reports and intervention notices published by the DfE on gov.uk.

Discovery goes through gov.uk's own APIs (`sendgraph.plugin.govuk`), not its listing pages:

1. the Search API, for the Department for Education's SEND commissioner and intervention
   publications (``q`` = ``--search`` or the ``query`` setting, default "SEND commissioner";
   ``filter_organisations`` = the ``organisation`` setting; ``filter_content_store_document_type``
   = the ``types`` setting, comma-separated; ``--since`` filters on ``public_timestamp``;
   ``--max`` caps the publications). Given ``--url``s (publication pages or their Content API
   URLs), only those are crawled - unless ``--search`` is given too;
2. for each publication, its Content API item (JSON, archived; re-fetched conditionally on
   every crawl, so an edited publication becomes a new capture and each version is kept);
3. the publication's HTML page and its attachments (PDFs on assets.publishing.service.gov.uk,
   HTML publications on www.gov.uk), all archived. PDF page numbers are kept by the document
   model and travel with every evidence.

Dates: the HTML page's ``govuk:first-published-at`` / ``govuk:updated-at`` meta tags become the
source's ``dcterms:issued`` / ``dcterms:modified`` (document metadata), so "published in May,
edited since" is in the provenance graph; a PDF keeps the dates it carries itself.

`parse` adds, for a Content API snapshot, each change-history entry as an ``assertion`` claim
by the publishing organisation (evidence: the note's characters in the archived JSON, then its
timestamp's) and the item's links to its page and attachments as citations. Everything else
(commissioner appointments, findings, recommendations, targets) is the shared extractors' work
on the HTML page and the PDFs.

Settings: ``base`` and ``assets`` (gov.uk origins, see govuk.py), ``query``, ``organisation``,
``types``.
"""

from __future__ import annotations

from sendgraph import Snapshot
from sendgraph.extract.prose import authority_hits
from sendgraph.plugin.context import CrawlContext, ParseContext
from sendgraph.plugin.contract import Politeness, Source, SourceInfo
from sendgraph.plugin.govuk import (
    HOSTS,
    GovUk,
    change_note_claims,
    expect,
    is_content_api,
    item_citations,
    located_json,
)

QUERY = "SEND commissioner"
ORGANISATION = "department-for-education"
DOCUMENT_TYPES = ("independent_report", "correspondence", "notice", "policy_paper")
EXTRACTOR = "commissioner-reports@1"


def _listed(value: str | None, default: tuple[str, ...]) -> tuple[str, ...]:
    if value is None:
        return default
    return tuple(v.strip() for v in value.split(",") if v.strip())


class CommissionerReports(Source):
    info = SourceInfo(
        id="commissioner-reports",
        title="SEND commissioner reports and intervention notices",
        publisher="Department for Education",
        home="https://www.gov.uk/search/all?organisations%5B%5D=department-for-education"
             "&keywords=SEND+commissioner",
        kind="commissioner_report",
        hosts=HOSTS,
        version="1",
        description="DfE SEND commissioner reports and intervention notices found through the "
                    "gov.uk Search and Content APIs; each publication's JSON (with its change "
                    "history), HTML page and attachments archived.",
        politeness=Politeness(max_concurrency=2),
        expected={"publications": 2, "documents": 2},
    )

    def crawl(self, ctx: CrawlContext) -> None:
        gov = GovUk(ctx)
        opts, settings = ctx.options, ctx.options.settings
        narrowed = bool(opts.urls or opts.search or opts.since or opts.max_items)
        wanted = list(opts.urls)
        if not wanted or opts.search:
            hits = gov.search(query=opts.search or settings.get("query", QUERY),
                              organisation=settings.get("organisation", ORGANISATION),
                              document_types=_listed(settings.get("types"), DOCUMENT_TYPES),
                              since=opts.since, limit=opts.max_items)
            expect(ctx, "publications", len(hits), narrowed=narrowed)
            wanted += [hit.link for hit in hits]
        wanted = list(dict.fromkeys(wanted))[: opts.max_items or None]
        documents: list[str] = []
        for _, item in gov.items(wanted):
            documents.append(item.web_url)
            documents += [a.url for a in gov.files(item)]
        fetched = sum(1 for _ in ctx.fetch_all(documents))
        expect(ctx, "documents", fetched, narrowed=narrowed)

    def parse(self, ctx: ParseContext, snapshot: Snapshot) -> None:
        document = ctx.document(snapshot)
        if not is_content_api(snapshot.url):
            return
        try:
            data = located_json(document.text)
        except (ValueError, RecursionError) as exc:
            ctx.log.warning("%s: not a Content API item (%s); nothing parsed", snapshot.url,
                            str(exc))
            return
        hits = authority_hits(ctx.extraction) if ctx.extraction else ()
        for claim in change_note_claims(document, data, EXTRACTOR, hits):
            ctx.emit(claim)
        for citation in item_citations(document, data, EXTRACTOR):
            ctx.emit(citation)


plugin = CommissionerReports()
