"""The browsing listings (`sendgraph authorities|programmes|targets|claims`) as plain dicts.

Each function runs SPARQL in Oxigraph and returns JSON-ready dicts. Evidence objects are read
from the graph's Web Annotation selectors, never recomputed: `snapshot` is the id
`sendgraph document` accepts and `start`/`end` index that command's text, so
`text[start:end] == quote` holds by construction (the builder checked it when it built).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sendgraph.graph import iris
from sendgraph.graph.rdf import _CLAIM_KIND, _COMPARATOR, _ROLE, _STATUS
from sendgraph.graph.rows import iri, json_number, lit, local_id, select, tail
from sendgraph.graph.store import GraphStore

GSS_CODE = re.compile(r"^[EWSN]\d{8}$", re.IGNORECASE)
# graph IRI -> the short code the extraction model uses (at_most, member, finding, ...)
ROLE = {str(v): k for k, v in _ROLE.items()}
STATUS = {str(v): k for k, v in _STATUS.items()}
COMPARATOR = {str(v): k for k, v in _COMPARATOR.items()}
CLAIM_KIND = {str(v): k for k, v in _CLAIM_KIND.items()}


class BrowseError(Exception):
    """What the user asked for is not in the graph (or is ambiguous); the message says why."""


# -- authorities ------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def resolve_about(store: GraphStore, about: str) -> str:
    """The authority IRI that `--about` names: a GSS code, or a name (exact, else unique part)."""
    text = about.strip()
    if GSS_CODE.match(text):
        found = list(select(store, f"SELECT ?a WHERE {{ ?a sg:gssCode {lit(text.upper())} }} "
                                   "LIMIT 1"))
        if not found:
            raise BrowseError(f"no authority with GSS code {text.upper()} in the graph")
        return found[0]["a"]
    labels: dict[str, set[str]] = {}
    for row in select(store, """SELECT DISTINCT ?a ?label ?name WHERE {
            ?a a sg:LocalAuthority ; skos:prefLabel ?name ;
               skos:prefLabel|skos:altLabel ?label }"""):
        labels.setdefault(row["a"], set()).update((_norm(row["label"]), _norm(row["name"])))
    wanted = _norm(text)
    exact = sorted(a for a, names in labels.items() if wanted in names)
    if len(exact) == 1:
        return exact[0]
    partial = exact or sorted(a for a, names in labels.items()
                              if any(re.search(rf"\b{re.escape(wanted)}\b", n) for n in names))
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise BrowseError(f"no local authority is called {about!r}; "
                          "try `sendgraph authorities` or give a GSS code")
    names = [f"{tail(a)} {n}" for a, n in _names(store, partial)]
    raise BrowseError(f"{about!r} matches several authorities ({'; '.join(names)}); "
                      "give the GSS code")


def _names(store: GraphStore, authorities: Iterable[str]) -> list[tuple[str, str]]:
    values = " ".join(iri(a) for a in authorities)
    return sorted((r["a"], r["name"]) for r in select(
        store, f"SELECT DISTINCT ?a ?name WHERE {{ VALUES ?a {{ {values} }} "
               "?a skos:prefLabel ?name }"))


def list_authorities(store: GraphStore, *, about: str | None = None) -> list[dict[str, Any]]:
    """Every local authority in the reference graph with how much evidence concerns it.

    `evidence_count` counts the distinct evidence of every fact whose sg:authority or sg:about
    is the authority (authority mentions included). Sorted by name. The resolver's
    `authorities --unresolved` builds on this listing.
    """
    where = f"VALUES ?a {{ {iri(resolve_about(store, about))} }}" if about else ""
    rows = select(store, f"""
        SELECT ?a ?name ?gss ?dfe (COUNT(DISTINCT ?ev) AS ?evidence) WHERE {{
          {where}
          ?a a sg:LocalAuthority ; sg:gssCode ?gss .
          OPTIONAL {{ ?a skos:prefLabel ?name }}
          OPTIONAL {{ ?a sg:dfeLaCode ?dfe }}
          OPTIONAL {{ ?fact sg:authority|sg:about ?a ; sg:evidence ?ev }}
        }} GROUP BY ?a ?name ?gss ?dfe""")
    out = [{"name": r["name"], "gss_code": r["gss"], "dfe_la_code": r["dfe"],
            "evidence_count": r["evidence"]} for r in rows]
    return sorted(out, key=lambda a: ((a["name"] or "").casefold(), a["gss_code"]))


def _authority(iri_: str | None, name: str | None, gss: str | None) -> dict[str, Any] | None:
    if iri_ is None:
        return None
    return {"name": name, "gss_code": gss or tail(iri_)}


# -- evidence -----------------------------------------------------------------------------

def evidence_of(store: GraphStore, facts: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """The evidence of each fact, from its oa:TextQuoteSelector and oa:TextPositionSelector."""
    values = " ".join(iri(f) for f in sorted(set(facts)))
    found: dict[str, dict[str, dict[str, Any]]] = {}
    captured: dict[str, str] = {}
    if not values:
        return {}
    for r in select(store, f"""
        SELECT ?fact ?ev ?snap ?sid ?url ?curl ?captured ?exact ?prefix ?suffix ?start ?end
               ?page ?loc ?ex
        WHERE {{
          VALUES ?fact {{ {values} }}
          ?fact sg:evidence ?ev .
          ?ev oa:hasSource ?snap ; oa:hasSelector ?q, ?p .
          ?q a oa:TextQuoteSelector ; oa:exact ?exact .
          ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
          OPTIONAL {{ ?q oa:prefix ?prefix }}
          OPTIONAL {{ ?q oa:suffix ?suffix }}
          OPTIONAL {{ ?ev sg:page ?page }}
          OPTIONAL {{ ?ev sg:locator ?loc }}
          OPTIONAL {{ ?ev sg:extractor ?ex }}
          OPTIONAL {{ ?snap sg:snapshotId ?sid }}
          OPTIONAL {{ ?snap sg:capturedUrl ?curl }}
          OPTIONAL {{ ?snap prov:generatedAtTime ?captured }}
          OPTIONAL {{ ?snap prov:specializationOf/schema:url ?url }}
        }}"""):
        captured[r["ev"]] = r["captured"] or ""
        found.setdefault(r["fact"], {}).setdefault(r["ev"], {
            "source_url": r["url"] or r["curl"],
            "snapshot": r["sid"] or tail(r["snap"]),
            "quote": r["exact"],
            "start": r["start"],
            "end": r["end"],
            "page": r["page"],
            "locator": r["loc"],
            "prefix": r["prefix"],
            "suffix": r["suffix"],
            "extractor": r["ex"],
        })
    # in the order a reader meets them: by source, then capture time, then position
    return {fact: [evs[e] for e in sorted(evs, key=lambda e: (
                evs[e]["source_url"] or "", captured[e], evs[e]["snapshot"], evs[e]["start"],
                evs[e]["end"]))]
            for fact, evs in found.items()}


def _finish(store: GraphStore, items: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Attach evidence; order as a reader meets them: by source, then position in it."""
    evidence = evidence_of(store, items)
    for fact, item in items.items():
        item["evidence"] = evidence.get(fact, [])
    def order(item: dict[str, Any]) -> tuple[Any, ...]:
        first = item["evidence"][0] if item["evidence"] else {}
        return (first.get("source_url") or "", first.get("snapshot") or "",
                first.get("start") or 0, item["id"])
    return sorted(items.values(), key=order)


def _filters(store: GraphStore, prop: str, about: str | None, fact: str | None) -> str:
    parts = []
    if about:
        parts.append(f"?fact {prop} {iri(resolve_about(store, about))} .")
    if fact:
        parts.append(f"VALUES ?fact {{ {iri(fact)} }}")
    return "\n".join(parts)


# -- targets, programmes, claims, figures --------------------------------------------------

def list_targets(store: GraphStore, *, about: str | None = None, fact: str | None = None,
                 ) -> list[dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for r in select(store, f"""
        SELECT ?fact ?auth ?authName ?gss ?metric ?metricLabel ?metricText ?comparator ?value
               ?unit ?periodStart ?periodEnd ?deadline ?source WHERE {{
          {_filters(store, "sg:authority", about, fact)}
          ?fact a sg:Target ; sg:metricText ?metricText ; sg:statedIn ?source .
          OPTIONAL {{ ?fact sg:authority ?auth .
                     OPTIONAL {{ ?auth skos:prefLabel ?authName }}
                     OPTIONAL {{ ?auth sg:gssCode ?gss }} }}
          OPTIONAL {{ ?fact sg:metric ?metric OPTIONAL {{ ?metric skos:prefLabel ?metricLabel }} }}
          OPTIONAL {{ ?fact sg:comparator ?comparator }}
          OPTIONAL {{ ?fact sg:value ?value }}
          OPTIONAL {{ ?fact sg:unit ?unit }}
          OPTIONAL {{ ?fact sg:periodStart ?periodStart }}
          OPTIONAL {{ ?fact sg:periodEnd ?periodEnd }}
          OPTIONAL {{ ?fact sg:deadline ?deadline }}
        }}"""):
        items.setdefault(r["fact"], {
            "id": local_id(r["fact"]),
            "iri": r["fact"],
            "authority": _authority(r["auth"], r["authName"], r["gss"]),
            "metric": tail(r["metric"]) if r["metric"] else None,
            "metric_label": r["metricLabel"],
            "metric_text": r["metricText"],
            "comparator": COMPARATOR.get(r["comparator"] or "", r["comparator"]),
            "value": json_number(r["value"]),
            "unit": r["unit"],
            "period_start": r["periodStart"],
            "period_end": r["periodEnd"],
            "deadline": r["deadline"],
        })
    return _finish(store, items)


def list_programmes(store: GraphStore, *, about: str | None = None, fact: str | None = None,
                    ) -> list[dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for r in select(store, f"""
        SELECT ?fact ?programme ?label ?auth ?authName ?gss ?role ?tranche ?period ?status
        WHERE {{
          {_filters(store, "sg:authority", about, fact)}
          ?fact a sg:ProgrammeParticipation ; sg:programme ?programme ; sg:authority ?auth ;
                sg:role ?role .
          OPTIONAL {{ ?programme skos:prefLabel ?label }}
          OPTIONAL {{ ?auth skos:prefLabel ?authName }}
          OPTIONAL {{ ?auth sg:gssCode ?gss }}
          OPTIONAL {{ ?fact sg:tranche ?tranche }}
          OPTIONAL {{ ?fact sg:period ?period }}
          OPTIONAL {{ ?fact sg:status ?status }}
        }}"""):
        items.setdefault(r["fact"], {
            "id": local_id(r["fact"]),
            "iri": r["fact"],
            "programme": tail(r["programme"]),
            "programme_label": r["label"],
            "authority": _authority(r["auth"], r["authName"], r["gss"]),
            "role": ROLE.get(r["role"], r["role"]),
            "tranche": r["tranche"],
            "period": r["period"],
            "status": STATUS.get(r["status"] or "", r["status"]),
        })
    return _finish(store, items)


def _about(store: GraphStore, facts: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    values = " ".join(iri(f) for f in facts)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    if not values:
        return {}
    for r in select(store, f"""
        SELECT ?fact ?about ?name ?gss WHERE {{
          VALUES ?fact {{ {values} }}
          ?fact sg:about ?about .
          OPTIONAL {{ ?about skos:prefLabel ?name }}
          OPTIONAL {{ ?about sg:gssCode ?gss }}
        }}"""):
        out.setdefault(r["fact"], {}).setdefault(r["about"], {
            "name": r["name"], "gss_code": r["gss"], "iri": r["about"]})
    return {f: sorted(a.values(), key=lambda x: x["iri"]) for f, a in out.items()}


def list_claims(store: GraphStore, *, about: str | None = None, fact: str | None = None,
                ) -> list[dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for r in select(store, f"""
        SELECT ?fact ?text ?kind ?speakerName WHERE {{
          {_filters(store, "sg:about", about, fact)}
          ?fact a sg:Claim ; sg:text ?text ; sg:claimKind ?kind .
          OPTIONAL {{ ?fact sg:speaker/schema:name ?speakerName }}
        }}"""):
        items.setdefault(r["fact"], {
            "id": local_id(r["fact"]),
            "iri": r["fact"],
            "text": r["text"],
            "kind": CLAIM_KIND.get(r["kind"], r["kind"]),
            "speaker": r["speakerName"],
        })
    about_of = _about(store, items)
    for fact_, item in items.items():
        item["about"] = about_of.get(fact_, [])
    return _finish(store, items)


def list_figures(store: GraphStore, *, about: str | None = None, fact: str | None = None,
                 ) -> list[dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for r in select(store, f"""
        SELECT ?fact ?value ?unit ?measure ?metric WHERE {{
          {_filters(store, "sg:about", about, fact)}
          ?fact a sg:Figure ; sg:value ?value ; sg:unit ?unit ; sg:measure ?measure .
          OPTIONAL {{ ?fact sg:metric ?metric }}
        }}"""):
        items.setdefault(r["fact"], {
            "id": local_id(r["fact"]),
            "iri": r["fact"],
            "value": json_number(r["value"]),
            "unit": r["unit"],
            "measure": r["measure"],
            "metric": tail(r["metric"]) if r["metric"] else None,
        })
    about_of = _about(store, items)
    for fact_, item in items.items():
        item["about"] = about_of.get(fact_, [])
    return _finish(store, items)


def list_citations(store: GraphStore, *, fact: str | None = None) -> list[dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for r in select(store, f"""
        SELECT ?fact ?url ?anchor ?citing ?citingUrl ?cited WHERE {{
          {_filters(store, "", None, fact)}
          ?fact a sg:Citation ; sg:citedUrl ?url ; sg:citingSource ?citing ;
                sg:citedSource ?cited .
          OPTIONAL {{ ?fact sg:anchorText ?anchor }}
          OPTIONAL {{ ?citing schema:url ?citingUrl }}
        }}"""):
        items.setdefault(r["fact"], {
            "id": local_id(r["fact"]), "iri": r["fact"], "cited_url": r["url"],
            "anchor_text": r["anchor"], "citing_url": r["citingUrl"]})
    return _finish(store, items)


def list_mentions(store: GraphStore, *, about: str | None = None, fact: str | None = None,
                  ) -> list[dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for r in select(store, f"""
        SELECT ?fact ?auth ?name ?gss WHERE {{
          {_filters(store, "sg:authority", about, fact)}
          ?fact a sg:AuthorityMention ; sg:authority ?auth .
          OPTIONAL {{ ?auth skos:prefLabel ?name }}
          OPTIONAL {{ ?auth sg:gssCode ?gss }}
        }}"""):
        items.setdefault(r["fact"], {"id": local_id(r["fact"]), "iri": r["fact"],
                                     "authority": _authority(r["auth"], r["name"], r["gss"])})
    return _finish(store, items)


# fact class local name -> (kind as the model and the ids say it, its listing)
LISTINGS = {
    "Claim": ("claim", list_claims),
    "Target": ("target", list_targets),
    "ProgrammeParticipation": ("participation", list_programmes),
    "Figure": ("figure", list_figures),
    "Citation": ("citation", list_citations),
    "AuthorityMention": ("mention", list_mentions),
}


def fact_kind(store: GraphStore, fact: str) -> str | None:
    """`claim`, `target`, `participation`, ... for a fact IRI in the graph; None if absent."""
    for r in select(store, f"SELECT ?cls WHERE {{ {iri(fact)} a ?cls }}"):
        cls = r["cls"]
        if cls.startswith(iris.BASE + "ns#") and tail(cls) in LISTINGS:
            return LISTINGS[tail(cls)][0]
    return None


def describe_fact(store: GraphStore, fact: str) -> dict[str, Any] | None:
    """One fact as its listing shows it, plus `type` (claim, target, ...); None if absent.

    (`type`, not `kind`: a claim's `kind` is already its claim kind, finding, quotation, ...)
    """
    kind = fact_kind(store, fact)
    for name, listing in LISTINGS.values():
        if name == kind:
            found = listing(store, fact=fact)
            if found:
                return {"type": kind, **found[0]}
    return None
