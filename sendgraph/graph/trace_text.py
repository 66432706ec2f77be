"""Rendering a trace (`sendgraph.graph.trace.trace_fact`) as text a campaigner can paste."""

from __future__ import annotations

from typing import Any


def summary(fact: dict[str, Any]) -> str:
    """One line saying what the fact is."""
    kind = fact["type"]
    who = (fact.get("authority") or {}).get("name") or (fact.get("authority") or {}).get(
        "gss_code")
    if kind == "claim":
        by = f", said by {fact['speaker']}" if fact.get("speaker") else ""
        about = ", ".join(a["name"] or a["iri"] for a in fact.get("about", []))
        return (f"“{fact['text']}” ({fact.get('kind')}{by}"
                + (f"; about {about}" if about else "") + ")")
    if kind == "target":
        value = "" if fact.get("value") is None else f" {fact['value']}"
        unit = f" {fact['unit']}" if fact.get("unit") and fact["unit"] != "count" else ""
        comparator = (fact.get("comparator") or "").replace("_", " ")
        when = fact.get("deadline") or fact.get("period_end") or ""
        period = (f" for {fact['period_start']} to {fact['period_end']}"
                  if fact.get("period_start") and fact.get("period_end") else "")
        if fact.get("deadline") or not period:
            period += f", by {when}" if period and when else f" by {when}" if when else ""
        return (f"{who or 'unknown authority'}: {comparator}{value}{unit} "
                f"{fact.get('metric_text')}{period}").replace("  ", " ")
    if kind == "participation":
        extra = ", ".join(f"{k} {fact[k]}" for k in ("tranche", "period", "status")
                          if fact.get(k))
        return (f"{who} — {fact.get('role', '').replace('_', ' ')} of "
                f"{fact.get('programme_label') or fact.get('programme')}"
                + (f" ({extra})" if extra else ""))
    if kind == "figure":
        return f"{fact.get('measure')}: {fact.get('value')} {fact.get('unit')}"
    if kind == "citation":
        return f"cites {fact.get('cited_url')}" + (
            f" as “{fact['anchor_text']}”" if fact.get("anchor_text") else "")
    if kind == "mention":
        return f"mentions {who}"
    return kind


def _date(value: str | None) -> str:
    return (value or "")[:10]


def footnote(item: dict[str, Any]) -> str:
    """A citation a campaigner can paste under a claim."""
    src, snap = item["source"], item["snapshot"]
    parts = []
    if src.get("authors"):
        parts.append(", ".join(src["authors"]))
    parts.append(f"“{src['title']}”" if src.get("title") else "(untitled)")
    if src.get("publisher"):
        parts.append(src["publisher"])
    if src.get("published"):
        parts.append(src["published"])
    head = ", ".join(parts)
    where = f"{src.get('url') or snap.get('captured_url') or ''}".strip()
    page = f", p. {item['page']}" if item.get("page") else ""
    if item.get("locator"):
        page += f", {item['locator']}"
    check = {True: "archived bytes verified", False: "archived bytes DO NOT verify",
             None: "archived bytes not checked"}[snap.get("verified")]
    return (f"{head}. {where} — quoted: “{item['quote']}”{page}. "
            f"Archived {_date(snap.get('captured'))} as snapshot {snap.get('id')} "
            f"({snap.get('digest')}); {check}.")


def render_text(trace: dict[str, Any]) -> str:
    """The trace as plain text: a heading, one block per evidence, then related sources."""
    fact = trace["fact"]
    lines = [f"{fact['type'].upper()} {fact['id']}", f"  {trace['summary']}", f"  {fact['iri']}"]
    total = len(trace["evidence"])
    for n, item in enumerate(trace["evidence"], 1):
        src, snap = item["source"], item["snapshot"]
        page = f", page {item['page']}" if item.get("page") else ""
        if item.get("locator"):
            page += f", {item['locator']}"
        lines += [
            "",
            f"Evidence {n} of {total}",
            f"  Quote     “{item['quote']}”",
            f"  Context   {item['context']}",
            f"  Where     characters {item['start']}–{item['end']}{page} of "
            f"`sendgraph document {snap.get('id')}` (found by {item['extractor']})",
            f"  Source    {src.get('title') or '(untitled)'}"
            + (f" [{src['kind']}]" if src.get("kind") else ""),
        ]
        byline = "; ".join(x for x in (
            f"by {', '.join(src['authors'])}" if src.get("authors") else "",
            f"published by {src['publisher']}" if src.get("publisher") else "",
            f"dated {src['published']}" if src.get("published") else "") if x)
        if byline:
            lines.append(f"            {byline}")
        lines += [
            f"            {src.get('url') or snap.get('captured_url') or ''}",
            f"  Snapshot  {snap.get('id')}, captured {snap.get('captured')}",
            f"            {snap.get('digest')}",
            f"  Verified  {_verdict(snap)}",
            f"  Cite as   {trace['citations'][n - 1]}",
        ]
    lines += ["", "Also stated in"]
    lines += [f"  - {o['source']['title'] or o['source']['url']} — {o['source']['url']} "
              f"[{o['id']}]" for o in trace["same_fact_elsewhere"]] or ["  (no other source)"]
    lines += ["", "Linked sources in the archive"]
    for link in trace["links"]:
        carries = {True: "contains the quote", False: "does not contain the quote",
                   None: "not checked"}[link["contains_quote"]]
        linked = f" (linked as “{link['linked_as']}”)" if link.get("linked_as") else ""
        lines.append(f"  - {link['title'] or link['url']} — {link['url']}{linked}")
        lines.append(f"      snapshot {link['snapshot']}, captured {link['captured']}; {carries}")
    if not trace["links"]:
        lines.append("  (none)")
    return "\n".join(lines) + "\n"


def _verdict(snap: dict[str, Any]) -> str:
    if snap.get("verified") is None:
        return "not checked (" + "; ".join(snap.get("problems") or ["no archive"]) + ")"
    if not snap["verified"]:
        return "NO — " + "; ".join(snap.get("problems") or [])
    anchored = snap.get("quotes_anchored")
    where = ("the quote is still at its offsets" if anchored
             else "but the quote is NOT at its offsets any more")
    return f"yes — the archived bytes match their SHA-256 digest; {where}"
