"""`sendgraph authorities|programmes|targets|claims`: browse the graph; record judgements."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from sendgraph.cli.graph_cmds import open_graph
from sendgraph.cli.output import FORMAT_OPTION, clip, fail, open_archive, print_json, print_table


def _browse(ctx: click.Context, listing: Callable[..., list[dict[str, Any]]],
            about: str | None) -> list[dict[str, Any]]:
    from sendgraph.graph.browse import BrowseError

    store = open_graph(ctx)
    try:
        return listing(store, about=about)
    except BrowseError as exc:
        fail(str(exc))
        raise


def _who(authority: dict[str, Any] | None) -> str:
    return (authority or {}).get("name") or (authority or {}).get("gss_code") or ""


def _first_source(item: dict[str, Any]) -> str:
    return item["evidence"][0]["source_url"] if item["evidence"] else ""


_ABOUT = click.option("--about", metavar="AUTHORITY",
                      help="Only those about this authority: a GSS code or a name.")


def _judgements(ctx: click.Context):  # -> sendgraph.resolve.Judgements
    from sendgraph.resolve import Judgements

    # beside the WARCs, not in graph/: a judgement is the user's data, not derived
    return Judgements(open_archive(ctx).root / "judgements")


@click.command("authorities")
@_ABOUT
@click.option("--unresolved", is_flag=True,
              help="Show the mentions the resolver could not decide, with their candidates.")
@FORMAT_OPTION
@click.pass_context
def authorities(ctx: click.Context, about: str | None, unresolved: bool, fmt: str) -> None:
    """List local authorities with how much evidence in the graph concerns each.

    With --unresolved: the ambiguous or unknown mentions kept at the last `sendgraph
    extract`, for a person to decide with `sendgraph judge`.
    """
    if unresolved:
        items = _judgements(ctx).unresolved()
        if fmt == "json":
            print_json(items)
            return
        print_table([(i["snapshot"], i["start"], i["text"], i["status"],
                      ", ".join(i["candidates"]) or "-", clip(i.get("context"), 50))
                     for i in items],
                    ["SNAPSHOT", "START", "MENTION", "STATUS", "CANDIDATES", "CONTEXT"])
        return
    from sendgraph.graph.browse import list_authorities

    items = _browse(ctx, list_authorities, about)
    if fmt == "json":
        print_json(items)
        return
    print_table([(a["gss_code"], a["name"], a["dfe_la_code"], a["evidence_count"])
                 for a in items], ["GSS", "NAME", "DFE", "EVIDENCE"])


@click.command("judge")
@click.argument("mention")
@click.option("--is", "gss", metavar="GSS", help="The mention is this authority (a GSS code).")
@click.option("--not-authority", is_flag=True, help="The mention is not a local authority.")
@click.option("--snapshot", help="Only in this snapshot (default: wherever it appears).")
@click.option("--start", type=int, help="Only at this offset in the snapshot's text.")
@click.option("--note", default="", help="Why (kept with the judgement).")
@click.pass_context
def judge(ctx: click.Context, mention: str, gss: str | None, not_authority: bool,
          snapshot: str | None, start: int | None, note: str) -> None:
    """Record a judgement about MENTION that later `sendgraph extract` runs respect.

    Example: sendgraph judge "BCC" --is E06000023 --snapshot 1cdd55b2 — then run
    `sendgraph extract` to apply it.
    """
    if bool(gss) == not_authority:
        raise click.UsageError("give exactly one of --is GSS or --not-authority")
    if snapshot:
        snapshot = open_archive(ctx).resolve_snapshot_id(snapshot)
    try:
        j = _judgements(ctx).record(mention, gss, snapshot=snapshot, start=start, note=note)
    except (KeyError, ValueError) as exc:
        fail(f"cannot record that judgement: {exc}")
        return
    what = f"is {j.gss}" if j.gss else "is not an authority"
    where = f" in snapshot {j.snapshot}" if j.snapshot else " everywhere"
    click.echo(f"recorded: {mention!r} {what}{where}; run `sendgraph extract` to apply it")


@click.command("programmes")
@_ABOUT
@FORMAT_OPTION
@click.pass_context
def programmes(ctx: click.Context, about: str | None, fmt: str) -> None:
    """List authorities' participation in programmes (Safety Valve, DBV, ...), with evidence."""
    from sendgraph.graph.browse import list_programmes

    items = _browse(ctx, list_programmes, about)
    if fmt == "json":
        print_json(items)
        return
    print_table([(p["id"], p["programme_label"] or p["programme"], _who(p["authority"]),
                  p["role"], p["tranche"], p["period"], p["status"], len(p["evidence"]),
                  _first_source(p)) for p in items],
                ["ID", "PROGRAMME", "AUTHORITY", "ROLE", "TRANCHE", "PERIOD", "STATUS",
                 "EVIDENCE", "SOURCE"])


def _target_words(t: dict[str, Any]) -> str:
    value = "" if t["value"] is None else f" {t['value']}"
    unit = f" {t['unit']}" if t["unit"] and t["unit"] != "count" else ""
    return f"{(t['comparator'] or '').replace('_', ' ')}{value}{unit} {t['metric_text']}".strip()


@click.command("targets")
@_ABOUT
@FORMAT_OPTION
@click.pass_context
def targets(ctx: click.Context, about: str | None, fmt: str) -> None:
    """List targets (quantified commitments and KPIs), with evidence."""
    from sendgraph.graph.browse import list_targets

    items = _browse(ctx, list_targets, about)
    if fmt == "json":
        print_json(items)
        return
    print_table([(t["id"], _who(t["authority"]), clip(_target_words(t), 50),
                  " to ".join(filter(None, (t["period_start"], t["period_end"]))),
                  t["deadline"], len(t["evidence"]), _first_source(t)) for t in items],
                ["ID", "AUTHORITY", "TARGET", "PERIOD", "DEADLINE", "EVIDENCE", "SOURCE"])


@click.command("claims")
@_ABOUT
@FORMAT_OPTION
@click.pass_context
def claims(ctx: click.Context, about: str | None, fmt: str) -> None:
    """List claims (findings, quotations, recommendations, ...), with evidence."""
    from sendgraph.graph.browse import list_claims

    items = _browse(ctx, list_claims, about)
    if fmt == "json":
        print_json(items)
        return
    print_table([(c["id"], c["kind"], c["speaker"],
                  ", ".join(a["name"] or a["iri"] for a in c["about"]), clip(c["text"]),
                  len(c["evidence"])) for c in items],
                ["ID", "KIND", "SPEAKER", "ABOUT", "TEXT", "EVIDENCE"])


# -- stats and validate -------------------------------------------------------------------------

