"""DfE programme lists: Safety Valve agreements and the Delivering Better Value programme.

Discovery, through gov.uk's Content API (`sendgraph.plugin.govuk`): each programme page (the
``pages`` setting, comma-separated gov.uk paths, or ``--url``s; by default the Safety Valve
collection "Dedicated schools grant: very high deficit intervention" and the Delivering Better
Value page) is read as JSON (archived, conditional; a changed page is a new capture), its HTML
page archived, and every agreement it attaches (a PDF on assets.publishing.service.gov.uk)
fetched and archived. ``--search TERM`` keeps the agreements whose title contains TERM
("Bury"); ``--max N`` the first N; ``--since`` does not apply (an attachment has no date of its
own in the API). A programme page the API no longer describes as expected
(a publication without ``details.attachments``, a guide without ``details.body``) stops the
crawl naming the page and the field; an HTML page without its ``.govuk-govspeak`` body is
reported and the crawl goes on.

`parse` adds, beyond the shared extractors:

- Content API item: each attachment titled "<Authority>: ... agreement <period>" is a
  participation (role member, status agreed - or what the title says -, period from the title),
  evidence the title's characters in the JSON; the change history as claims (see govuk.py);
- HTML page about a programme: lists under headings naming a tranche or a period ("Tranche 1
  (2022 to 2023)") are participations of the page's programme, evidence the item and heading;
- agreement PDF: the authority party to it (member, agreed, the agreement's period), the
  "positive in-year balance by <deadline>" condition as a target, and the shared targets the
  agreement states for "the authority" without naming it, attributed to that authority.

Settings: ``base`` and ``assets`` (gov.uk origins, see govuk.py), ``pages``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from sendgraph import Snapshot
from sendgraph.document import Document
from sendgraph.extract import targets
from sendgraph.extract.context import AuthorityHit
from sendgraph.extract.model import ProgrammeParticipation, Target, evidence_for
from sendgraph.extract.periods import find_periods
from sendgraph.extract.programme_words import programme_for, status_in, tranche_in
from sendgraph.extract.prose import authority_hits, sentences
from sendgraph.plugin.context import CrawlContext, ParseContext
from sendgraph.plugin.contract import Politeness, Source, SourceInfo
from sendgraph.plugin.govuk import (
    HOSTS,
    GovUk,
    Located,
    change_note_claims,
    expect,
    govuk_period,
    is_content_api,
    item_citations,
    located_json,
    optional,
    require_field,
)
from sendgraph.plugin.pages import SelectorMissing, require, soup

SAFETY_VALVE = "/government/publications/dedicated-schools-grant-very-high-deficit-intervention"
DELIVERING_BETTER_VALUE = "/guidance/delivering-better-value-in-send"
EXTRACTOR = "programme-lists@1"
LEAD = 4  # how far into a title or list item its authority may start
_AGREEMENT = re.compile(r"\bagreement\b", re.IGNORECASE)
_PARTIES = re.compile(r"\bagreement\b.{0,80}\bbetween\b", re.IGNORECASE)
_BALANCE = re.compile(r"(?:positive|balanced)\s+in-year\s+(?:balance|position)[^.;]*?"
                      r"(?=\s+by\b)", re.IGNORECASE)


def _leading(hits: list[AuthorityHit], start: int, end: int) -> str | None:
    """The authority a title or item begins with."""
    inside = [h for h in hits if start <= h.start and h.end <= end]
    return inside[0].gss_code if inside and inside[0].start - start <= LEAD else None


class ProgrammeLists(Source):
    info = SourceInfo(
        id="programme-lists",
        title="DfE programme lists: Safety Valve agreements and Delivering Better Value",
        publisher="Department for Education",
        home="https://www.gov.uk" + SAFETY_VALVE,
        kind="programme_list",
        hosts=HOSTS,
        version="1",
        description="Programme pages read through the gov.uk Content API; each authority's "
                    "agreement PDF archived; participations, tranches, periods and agreement "
                    "conditions parsed.",
        politeness=Politeness(max_concurrency=2),
        expected={"pages": 2, "agreements": 10},
    )

    def crawl(self, ctx: CrawlContext) -> None:
        gov, opts = GovUk(ctx), ctx.options
        pages = list(opts.urls) or [p.strip() for p in ctx.options.settings.get(
            "pages", f"{SAFETY_VALVE},{DELIVERING_BETTER_VALUE}").split(",") if p.strip()]
        listings = []
        for page in list(ctx.fetch_all(gov.api_url(p) for p in pages)):
            item = gov.read(page)  # a listing that is not what we expect stops the crawl
            if item.schema_name == "publication":
                require_field(item.data, "details.attachments", page.url, list)
            else:
                require_field(item.data, "details.body", page.url, str)
            listings.append(item)
        expect(ctx, "pages", len(listings), narrowed=bool(opts.urls))
        agreements = [a for item in listings for a in gov.files(item, html=False)]
        expect(ctx, "agreements", len(agreements), narrowed=bool(opts.urls))
        if opts.search:
            agreements = [a for a in agreements if opts.search.lower() in a.title.lower()]
        for page in ctx.fetch_all(item.web_url for item in listings):
            if page.status == 200 and any(i.body and i.web_url == page.url for i in listings):
                try:
                    require(soup(page.content), ".govuk-govspeak", page.url, "page body")
                except SelectorMissing as exc:
                    ctx.error(page.url, "selector_missing", str(exc))
        chosen = [a.url for a in agreements][: opts.max_items or None]
        expect(ctx, "agreements_fetched", sum(1 for _ in ctx.fetch_all(chosen)), narrowed=True)

    def parse(self, ctx: ParseContext, snapshot: Snapshot) -> None:
        document = ctx.document(snapshot)
        hits = list(authority_hits(ctx.extraction)) if ctx.extraction else []
        if is_content_api(snapshot.url):
            self._listing(ctx, document, hits)
        elif document.pages is not None:
            self._agreement(ctx, document, hits)
        elif document.content_type and "html" in document.content_type:
            self._tranches(ctx, document, hits)

    def _listing(self, ctx: ParseContext, document: Document, hits: list[AuthorityHit]) -> None:
        try:
            data = located_json(document.text)
        except (ValueError, RecursionError) as exc:
            ctx.log.warning("%s: not a Content API item (%s)", document.url, str(exc))
            return
        for fact in (*change_note_claims(document, data, EXTRACTOR, hits),
                     *item_citations(document, data, EXTRACTOR)):
            ctx.emit(fact)
        page_programme = programme_for(str(optional(data, "title", "")))
        for a in optional(data, "details.attachments", []) or []:
            title = a.get("title") if isinstance(a, dict) else None
            if not isinstance(title, Located) or not _AGREEMENT.search(title):
                continue
            gss = _leading(hits, title.start, title.end)
            programme = programme_for(title) or page_programme
            if gss is None or programme is None:
                continue
            ctx.emit(ProgrammeParticipation(
                authority=gss, programme=programme, role="member", tranche=tranche_in(title),
                period=govuk_period(title), status=status_in(title) or "agreed",
                evidence=(evidence_for(document, title.start, title.end, EXTRACTOR),)))

    def _tranches(self, ctx: ParseContext, document: Document, hits: list[AuthorityHit]) -> None:
        text, date = document.text, document.metadata.published
        headings = [b for b in document.blocks if b.kind == "heading"]
        programme = programme_for(document.metadata.title or "") or next(
            (p for p in (programme_for(text[b.start:b.end]) for b in headings[:1]) if p), None)
        if programme is None:
            return
        scope = None  # (heading block, tranche, period)
        for block in document.blocks:
            words = text[block.start:block.end]
            if block.kind == "heading":
                tranche, period = tranche_in(words), govuk_period(words, date)
                scope = (block, tranche, period) if tranche or period else None
            elif block.kind == "list_item" and scope is not None:
                gss = _leading(hits, block.start, block.end)
                if gss is not None:
                    ctx.emit(ProgrammeParticipation(
                        authority=gss, programme=programme, role="member", tranche=scope[1],
                        period=scope[2], evidence=(
                            evidence_for(document, block.start, block.end, EXTRACTOR),
                            evidence_for(document, scope[0].start, scope[0].end, EXTRACTOR))))

    def _agreement(self, ctx: ParseContext, document: Document, hits: list[AuthorityHit]) -> None:
        text = document.text
        opening = document.blocks[:6]
        head = " ".join(text[b.start:b.end] for b in opening)
        programme = programme_for(head)
        if programme is None or not _AGREEMENT.search(head):
            return
        spans = [s for b in document.blocks for s in sentences(text, b.start, b.end)]
        parties = next(((s, e) for s, e in spans if _PARTIES.search(text, s, e)
                        and any(s <= h.start < e for h in hits)), None)
        if parties is None:
            return
        gss = next(h.gss_code for h in hits if parties[0] <= h.start < parties[1])
        period = next((p for p in (govuk_period(text[b.start:b.end]) for b in opening) if p),
                      None)
        ctx.emit(ProgrammeParticipation(
            authority=gss, programme=programme, role="member", period=period, status="agreed",
            evidence=(evidence_for(document, parties[0], parties[1], EXTRACTOR),)))
        for m in _BALANCE.finditer(text):
            deadline = next((p.deadline for p in find_periods(text, m.end(), m.end() + 60,
                                                              document.metadata.published)
                             if p.deadline), None)
            s, e = next(((s, e) for s, e in spans if s <= m.start() < e),
                        (m.start(), m.end()))
            ctx.emit(Target(metric_text=" ".join(m.group(0).split()), comparator="at_least",
                            authority=gss, value=Decimal(0), unit="GBP", deadline=deadline,
                            evidence=(evidence_for(document, s, e, EXTRACTOR),)))
        for target in targets.extract(ctx.extraction) if ctx.extraction else ():
            if target.authority is None:  # "the authority" of the agreement is its party
                ctx.emit(replace(target, authority=gss, evidence=tuple(
                    evidence_for(document, ev.start, ev.end, EXTRACTOR)
                    for ev in target.evidence)))


plugin = ProgrammeLists()
