"""Facts, snapshots and sources as quads (docs/GRAPH-MODEL.md), built natively for Oxigraph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from sendgraph.extract.model import (
    AuthorityMention,
    Citation,
    Claim,
    Evidence,
    Fact,
    Figure,
    ProgrammeParticipation,
    Target,
)
from sendgraph.graph import iris
from sendgraph.graph.vocab import SG

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"

_ROLE = {"member": SG.Member, "invitee": SG.Invitee, "potential_invitee": SG.PotentialInvitee}
_STATUS = {"agreed": SG.Agreed, "extended": SG.Extended,
           "funding_withheld": SG.FundingWithheld, "rejected": SG.Rejected}
_COMPARATOR = {"at_most": SG.AtMost, "at_least": SG.AtLeast, "exactly": SG.Exactly,
               "reduce_by": SG.ReduceBy, "increase_by": SG.IncreaseBy, "save": SG.Save}
_CLAIM_KIND = {"finding": SG.Finding, "quotation": SG.Quotation,
               "recommendation": SG.Recommendation, "figure": SG.FigureClaim,
               "assertion": SG.Assertion, "reader_comment": SG.ReaderComment}
_CLASS = {"participation": SG.ProgrammeParticipation, "target": SG.Target, "figure": SG.Figure,
          "claim": SG.Claim, "citation": SG.Citation, "mention": SG.AuthorityMention}
SOURCE_KIND_CLASS = {
    "blog": SG.BlogPost, "inquiry_report": SG.InquiryReport,
    "commissioner_report": SG.CommissionerReport, "programme_list": SG.ProgrammeList,
    "minutes": SG.Minutes, "guidance": SG.Guidance, "statistics": SG.Statistics,
    "news": SG.NewsArticle, "web": SG.WebPage,
}


def node(iri: str) -> NamedNode:
    return NamedNode(str(iri))


def text(value: str) -> Literal:
    return Literal(value)


def typed(value: object, datatype: str) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + datatype))


def decimal(value: Decimal) -> Literal:
    return typed(format(value.normalize(), "f") if value == value.to_integral() else value,
                 "decimal")


def date_literal(value: str) -> Literal:
    """Dates keep their precision: 2022 -> gYear, 2022-05 -> gYearMonth, else date/dateTime."""
    kind = {4: "gYear", 7: "gYearMonth", 10: "date"}.get(len(value), "dateTime")
    return typed(value, kind)


class QuadSink:
    """Collects quads for one named graph."""

    def __init__(self, graph: str) -> None:
        self.graph = NamedNode(graph)
        self.quads: list[Quad] = []

    def add(self, s: str, p: str, o: NamedNode | Literal) -> None:
        self.quads.append(Quad(node(s), node(p), o, self.graph))

    def a(self, s: str, cls: str) -> None:
        self.quads.append(Quad(node(s), RDF_TYPE, node(cls), self.graph))


def _evidence(sink: QuadSink, fact_iri: str, ev: Evidence) -> None:
    e = iris.evidence(fact_iri, ev.snapshot, ev.start, ev.end)
    quote, position = e + "#quote", e + "#position"
    sink.add(fact_iri, SG.evidence, node(e))
    sink.a(e, SG.Evidence)
    sink.add(e, OA + "hasSource", node(iris.snapshot(ev.snapshot)))
    sink.add(e, OA + "hasSelector", node(quote))
    sink.add(e, OA + "hasSelector", node(position))
    sink.add(e, SG.extractor, text(ev.extractor))
    if ev.page is not None:
        sink.add(e, SG.page, typed(ev.page, "integer"))
    if ev.locator is not None:
        sink.add(e, SG.locator, text(ev.locator))
    sink.a(quote, OA + "TextQuoteSelector")
    sink.add(quote, OA + "exact", text(ev.exact))
    sink.add(quote, OA + "prefix", text(ev.prefix))
    sink.add(quote, OA + "suffix", text(ev.suffix))
    sink.a(position, OA + "TextPositionSelector")
    sink.add(position, OA + "start", typed(ev.start, "integer"))
    sink.add(position, OA + "end", typed(ev.end, "integer"))


def _agent(sink: QuadSink, agent_name: str, kind: str, role: str | None) -> str:
    if kind == "person":
        iri = iris.person(agent_name)
        sink.a(iri, SCHEMA + "Person")
        sink.a(iri, SG.Person)
    else:
        iri = iris.organisation(agent_name)
        sink.a(iri, SCHEMA + "Organization")
        sink.a(iri, SG.Organisation)
    sink.a(iri, PROV + "Agent")
    sink.add(iri, SCHEMA + "name", text(agent_name))
    if role:  # sg:role is the participation role; a person's post is schema:jobTitle
        sink.add(iri, SCHEMA + "jobTitle", text(role))
    return iri


def fact_iri(fact: Fact, source_iri: str) -> str:
    return iris.fact(fact.kind, fact.identity(), source_iri)


def fact_quads(sink: QuadSink, fact: Fact, source_iri: str) -> str:
    f = fact_iri(fact, source_iri)
    sink.a(f, SG.Fact)
    sink.a(f, _CLASS[fact.kind])
    sink.add(f, SG.statedIn, node(source_iri))
    for ev in sorted(set(fact.evidence)):
        _evidence(sink, f, ev)
    if isinstance(fact, ProgrammeParticipation):
        sink.add(f, SG.authority, node(iris.authority(fact.authority)))
        sink.add(f, SG.programme, node(iris.programme(fact.programme)))
        sink.add(f, SG.role, node(_ROLE[fact.role]))
        if fact.tranche:
            sink.add(f, SG.tranche, text(fact.tranche))
        if fact.period:
            sink.add(f, SG.period, text(fact.period))
        if fact.status:
            sink.add(f, SG.status, node(_STATUS[fact.status]))
    elif isinstance(fact, Target):
        if fact.authority:
            sink.add(f, SG.authority, node(iris.authority(fact.authority)))
        if fact.metric:
            sink.add(f, SG.metric, node(iris.metric(fact.metric)))
        sink.add(f, SG.metricText, text(fact.metric_text))
        if fact.comparator:
            sink.add(f, SG.comparator, node(_COMPARATOR[fact.comparator]))
        if fact.value is not None:
            sink.add(f, SG.value, decimal(fact.value))
        if fact.unit:
            sink.add(f, SG.unit, text(fact.unit))
        for prop, value in ((SG.periodStart, fact.period_start), (SG.periodEnd, fact.period_end),
                            (SG.deadline, fact.deadline)):
            if value:
                sink.add(f, prop, date_literal(value))
    elif isinstance(fact, Figure):
        sink.add(f, SG.value, decimal(fact.value))
        sink.add(f, SG.unit, text(fact.unit))
        sink.add(f, SG.measure, text(fact.measure))
        if fact.metric:
            sink.add(f, SG.metric, node(iris.metric(fact.metric)))
        for gss in fact.about:
            sink.add(f, SG.about, node(iris.authority(gss)))
    elif isinstance(fact, Claim):
        sink.add(f, SG.text, text(fact.text))
        sink.add(f, SG.claimKind, node(_CLAIM_KIND[fact.claim_kind]))
        if fact.speaker:
            who = _agent(sink, fact.speaker.name, fact.speaker.kind, fact.speaker.role)
            sink.add(f, SG.speaker, node(who))
        for gss in fact.about:
            sink.add(f, SG.about, node(iris.authority(gss)))
    elif isinstance(fact, Citation):
        cited = iris.source(fact.cited_url)
        sink.add(f, SG.citingSource, node(source_iri))
        sink.add(f, SG.citedSource, node(cited))
        sink.add(f, SG.citedUrl, typed(fact.cited_url, "anyURI"))
        if fact.anchor_text:
            sink.add(f, SG.anchorText, text(fact.anchor_text))
        sink.add(source_iri, DCT + "references", node(cited))
        # The cited source is a sg:Source with its URL even if it was never captured
        # (shapes.ttl CitationShape); a capture of it adds the rest in the provenance graph.
        sink.a(cited, SG.Source)
        sink.add(cited, SCHEMA + "url", node(iris.canonical_url(fact.cited_url)))
    elif isinstance(fact, AuthorityMention):
        sink.add(f, SG.authority, node(iris.authority(fact.authority)))
    return f


def merge_facts(facts: Iterable[Fact], source_iri: str) -> list[Fact]:
    """One fact per IRI, its evidence the union of every emission's (deterministic order)."""
    merged: dict[str, Fact] = {}
    for fact in facts:
        key = fact_iri(fact, source_iri)
        if key in merged:
            old = merged[key]
            evidence = tuple(sorted(set(old.evidence) | set(fact.evidence)))
            merged[key] = type(old)(**{**_fields(old), "evidence": evidence})
        else:
            merged[key] = fact
    return [merged[k] for k in sorted(merged)]


def _fields(fact: Fact) -> dict[str, object]:
    from dataclasses import fields

    return {f.name: getattr(fact, f.name) for f in fields(fact)}


def source_quads(sink: QuadSink, url: str, meta: Mapping[str, object], kind: str | None) -> str:
    s = iris.source(url)
    sink.a(s, SG.Source)
    sink.a(s, SOURCE_KIND_CLASS.get(kind or "", SG.Document))
    if url.startswith(("http://", "https://")):
        sink.add(s, SCHEMA + "url", node(iris.canonical_url(url)))
    else:
        sink.add(s, SCHEMA + "url", typed(url, "anyURI"))
    if meta.get("title"):
        sink.add(s, DCT + "title", text(str(meta["title"])))
    if meta.get("publisher"):
        org = _agent(sink, str(meta["publisher"]), "organisation", None)
        sink.add(s, DCT + "publisher", node(org))
    for author in meta.get("authors") or ():
        who = _agent(sink, str(author), "person", None)
        sink.add(s, DCT + "creator", node(who))
    if meta.get("published"):
        sink.add(s, DCT + "issued", date_literal(str(meta["published"])[:10]
                                                  if len(str(meta["published"])) > 10
                                                  else str(meta["published"])))
    if meta.get("modified"):
        sink.add(s, DCT + "modified", date_literal(str(meta["modified"])[:10]))
    return s


def iter_sorted(quads: Iterable[Quad]) -> Iterator[Quad]:
    yield from sorted(set(quads), key=str)
