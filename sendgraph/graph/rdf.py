"""Facts, snapshots and sources as quads (docs/GRAPH-MODEL.md), built natively for Oxigraph."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from functools import lru_cache

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


class _Terms:
    """``T.name`` is the NamedNode of a vocabulary term, made on first use and then a plain
    attribute: an rdflib namespace lookup and NamedNode's IRI check each cost more than the
    quad that uses the term, and a document makes thousands of quads."""

    def __init__(self, iri: Callable[[str], str]) -> None:
        self._iri = iri

    def __getattr__(self, name: str) -> NamedNode:
        term = NamedNode(str(self._iri(name)))
        setattr(self, name, term)
        return term


_SG = _Terms(lambda name: getattr(SG, name))
_OA = _Terms(OA.__add__)
_SCHEMA = _Terms(SCHEMA.__add__)
_DCT = _Terms(DCT.__add__)
_PROV = _Terms(PROV.__add__)
_ROLE_NODE, _STATUS_NODE, _COMPARATOR_NODE, _CLAIM_KIND_NODE, _CLASS_NODE = (
    {key: NamedNode(str(iri)) for key, iri in table.items()}
    for table in (_ROLE, _STATUS, _COMPARATOR, _CLAIM_KIND, _CLASS))


def node(iri: str | NamedNode) -> NamedNode:
    """The NamedNode of an IRI string (or the node itself: it was made already)."""
    return iri if isinstance(iri, NamedNode) else NamedNode(str(iri))


@lru_cache(maxsize=4096)
def _known(iri: str) -> NamedNode:
    """The node of an IRI that recurs across facts (a source, a snapshot, an authority)."""
    return NamedNode(iri)


_datatype = lru_cache(maxsize=64)(NamedNode)  # xsd datatypes, one node each


def text(value: str) -> Literal:
    return Literal(value)


def typed(value: object, datatype: str) -> Literal:
    return Literal(str(value), datatype=_datatype(XSD + datatype))


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

    def add(self, s: str | NamedNode, p: str | NamedNode, o: NamedNode | Literal) -> None:
        self.quads.append(Quad(node(s), node(p), o, self.graph))

    def a(self, s: str | NamedNode, cls: str | NamedNode) -> None:
        self.quads.append(Quad(node(s), RDF_TYPE, node(cls), self.graph))

    def put(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        """``add`` for terms already made (the per-fact path)."""
        self.quads.append(Quad(s, p, o, self.graph))


def _evidence(sink: QuadSink, fact_iri: str | NamedNode, ev: Evidence) -> None:
    # Most of a document's quads are these, so they are made directly, each node once. (A
    # quad with a Literal object costs pyoxigraph several times one with a node: that is
    # the floor here.)
    f = node(fact_iri)
    iri = iris.evidence(f.value, ev.snapshot, ev.start, ev.end)
    e, quote, position = NamedNode(iri), NamedNode(iri + "#quote"), NamedNode(iri + "#position")
    g, integer = sink.graph, _datatype(XSD + "integer")
    quads = [
        Quad(f, _SG.evidence, e, g),
        Quad(e, RDF_TYPE, _SG.Evidence, g),
        Quad(e, _OA.hasSource, _known(iris.snapshot(ev.snapshot)), g),
        Quad(e, _OA.hasSelector, quote, g),
        Quad(e, _OA.hasSelector, position, g),
        Quad(e, _SG.extractor, Literal(ev.extractor), g),
    ]
    if ev.page is not None:
        quads.append(Quad(e, _SG.page, Literal(str(ev.page), datatype=integer), g))
    if ev.locator is not None:
        quads.append(Quad(e, _SG.locator, Literal(ev.locator), g))
    quads += (
        Quad(quote, RDF_TYPE, _OA.TextQuoteSelector, g),
        Quad(quote, _OA.exact, Literal(ev.exact), g),
        Quad(quote, _OA.prefix, Literal(ev.prefix), g),
        Quad(quote, _OA.suffix, Literal(ev.suffix), g),
        Quad(position, RDF_TYPE, _OA.TextPositionSelector, g),
        Quad(position, _OA.start, Literal(str(ev.start), datatype=integer), g),
        Quad(position, _OA.end, Literal(str(ev.end), datatype=integer), g),
    )
    sink.quads += quads


def _agent(sink: QuadSink, agent_name: str, kind: str, role: str | None) -> str:
    iri = iris.person(agent_name) if kind == "person" else iris.organisation(agent_name)
    s = NamedNode(iri)
    if kind == "person":
        sink.put(s, RDF_TYPE, _SCHEMA.Person)
        sink.put(s, RDF_TYPE, _SG.Person)
    else:
        sink.put(s, RDF_TYPE, _SCHEMA.Organization)
        sink.put(s, RDF_TYPE, _SG.Organisation)
    sink.put(s, RDF_TYPE, _PROV.Agent)
    sink.put(s, _SCHEMA.name, text(agent_name))
    if role:  # sg:role is the participation role; a person's post is schema:jobTitle
        sink.put(s, _SCHEMA.jobTitle, text(role))
    return iri


def fact_iri(fact: Fact, source_iri: str) -> str:
    return _fact_iri(fact.kind, fact.identity(), source_iri)


@lru_cache(maxsize=4096)
def _fact_iri(kind: str, identity: tuple[str, ...], source_iri: str) -> str:
    # merge_facts and fact_quads both need each fact's IRI: hash its identity once
    return iris.fact(kind, identity, source_iri)


def _authority(gss: str) -> NamedNode:
    return _known(iris.authority(gss))


def fact_quads(sink: QuadSink, fact: Fact, source_iri: str) -> str:
    iri = fact_iri(fact, source_iri)
    f = NamedNode(iri)
    put = sink.put
    put(f, RDF_TYPE, _SG.Fact)
    put(f, RDF_TYPE, _CLASS_NODE[fact.kind])
    put(f, _SG.statedIn, _known(source_iri))
    evidence = fact.evidence
    for ev in evidence if len(evidence) == 1 else sorted(set(evidence)):
        _evidence(sink, f, ev)
    if isinstance(fact, ProgrammeParticipation):
        put(f, _SG.authority, _authority(fact.authority))
        put(f, _SG.programme, _known(iris.programme(fact.programme)))
        put(f, _SG.role, _ROLE_NODE[fact.role])
        if fact.tranche:
            put(f, _SG.tranche, text(fact.tranche))
        if fact.period:
            put(f, _SG.period, text(fact.period))
        if fact.status:
            put(f, _SG.status, _STATUS_NODE[fact.status])
    elif isinstance(fact, Target):
        if fact.authority:
            put(f, _SG.authority, _authority(fact.authority))
        if fact.metric:
            put(f, _SG.metric, _known(iris.metric(fact.metric)))
        put(f, _SG.metricText, text(fact.metric_text))
        if fact.comparator:
            put(f, _SG.comparator, _COMPARATOR_NODE[fact.comparator])
        if fact.value is not None:
            put(f, _SG.value, decimal(fact.value))
        if fact.unit:
            put(f, _SG.unit, text(fact.unit))
        for prop, value in ((_SG.periodStart, fact.period_start),
                            (_SG.periodEnd, fact.period_end), (_SG.deadline, fact.deadline)):
            if value:
                put(f, prop, date_literal(value))
    elif isinstance(fact, Figure):
        put(f, _SG.value, decimal(fact.value))
        put(f, _SG.unit, text(fact.unit))
        put(f, _SG.measure, text(fact.measure))
        if fact.metric:
            put(f, _SG.metric, _known(iris.metric(fact.metric)))
        for gss in fact.about:
            put(f, _SG.about, _authority(gss))
    elif isinstance(fact, Claim):
        put(f, _SG.text, text(fact.text))
        put(f, _SG.claimKind, _CLAIM_KIND_NODE[fact.claim_kind])
        if fact.speaker:
            who = _agent(sink, fact.speaker.name, fact.speaker.kind, fact.speaker.role)
            put(f, _SG.speaker, NamedNode(who))
        for gss in fact.about:
            put(f, _SG.about, _authority(gss))
    elif isinstance(fact, Citation):
        cited = _known(iris.source(fact.cited_url))
        put(f, _SG.citingSource, _known(source_iri))
        put(f, _SG.citedSource, cited)
        put(f, _SG.citedUrl, typed(fact.cited_url, "anyURI"))
        if fact.anchor_text:
            put(f, _SG.anchorText, text(fact.anchor_text))
        put(_known(source_iri), _DCT.references, cited)
        # The cited source is a sg:Source with its URL even if it was never captured
        # (shapes.ttl CitationShape); a capture of it adds the rest in the provenance graph.
        put(cited, RDF_TYPE, _SG.Source)
        put(cited, _SCHEMA.url, NamedNode(iris.canonical_url(fact.cited_url)))
    elif isinstance(fact, AuthorityMention):
        put(f, _SG.authority, _authority(fact.authority))
    return iri


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
