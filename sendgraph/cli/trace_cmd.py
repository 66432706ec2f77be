"""`sendgraph trace`: a fact back to its exact words in the archived bytes, as a citation."""

from __future__ import annotations

import click

from sendgraph.cli.graph_cmds import open_graph
from sendgraph.cli.output import EXIT_ERROR, EXIT_INTEGRITY, fail, open_archive, print_json


@click.command("trace")
@click.argument("target", metavar="ID_OR_TEXT")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def trace(ctx: click.Context, target: str, fmt: str) -> None:
    """Trace a claim, target or participation (or any fact) to its sources.

    ID_OR_TEXT is a fact id as the listings print it (claim/3f2a..., or a unique prefix of
    its hash), a full fact IRI, or words of a claim's text, a target's metric or a quote.
    Prints every evidence with the quote in context, its source (title, publisher,
    author, date, URL) and snapshot (capture time, digest), re-checks that the archived
    bytes still match their digest, and lists other sources stating the same fact and the
    archived sources this one links to. Each evidence ends with a citation to paste.

    Exit 0; 1 when nothing or several facts match (they are listed); 4 when an
    evidence's archived bytes no longer verify.
    """
    from sendgraph.graph.trace import AmbiguousTrace, TraceError, resolve, trace_fact
    from sendgraph.graph.trace_text import render_text

    store = open_graph(ctx)
    try:
        fact = resolve(store, target)
    except AmbiguousTrace as exc:
        if fmt == "json":
            print_json({"error": str(exc), "matches": exc.matches})
        else:
            click.echo(f"error: {exc}:", err=True)
            for m in exc.matches:
                label = " ".join((m["label"] or "").split())
                label = label if len(label) <= 90 else label[:89] + "…"
                click.echo(f"  {m['id']}  {label}\n      in {m['source_url'] or '(no URL)'}",
                           err=True)
        raise SystemExit(EXIT_ERROR) from None
    except TraceError as exc:
        fail(str(exc))
        return
    try:
        archive = open_archive(ctx)
    except click.ClickException as exc:  # the graph can still be read without its archive
        click.echo(f"warning: {exc.message}; archived bytes not checked", err=True)
        archive = None
    data = trace_fact(store, fact, archive=archive)
    if fmt == "json":
        print_json(data)
    else:
        click.echo(render_text(data), nl=False)
    if any(e["snapshot"].get("verified") is False for e in data["evidence"]):
        raise SystemExit(EXIT_INTEGRITY)
