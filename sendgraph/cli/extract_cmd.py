"""`sendgraph extract`: (re)build the knowledge graph from the archive, offline."""

from __future__ import annotations

import sys

import click

from sendgraph.cli.output import EXIT_PARTIAL, fail, open_archive, print_json


@click.command("extract")
@click.option("--rebuild", is_flag=True, help="Re-extract every snapshot, not only new ones.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=None,
              help="Processes reading snapshots side by side [default: one per core, for "
                   "builds of more than a few dozen snapshots]. The graph is the same "
                   "whatever the number.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def extract(ctx: click.Context, rebuild: bool, workers: int | None, fmt: str) -> None:
    """Build the graph from the archive: facts with evidence, one named graph per snapshot.

    Only snapshots that are new, or whose extractors changed since the last build, are
    read again; --rebuild redoes all. Needs no network. Exit code 3 if some snapshots
    could not be read (each is listed).
    """
    # imported here so that commands which never touch the graph start fast
    from sendgraph.graph.build import build_graph
    from sendgraph.graph.store import GraphStoreError

    archive = open_archive(ctx)
    total = len({r.snapshot for r in archive.index.listing(types=("response", "resource"))})
    try:
        with click.progressbar(length=total, label="extracting", file=sys.stderr,
                               show_pos=True) as bar:
            report = build_graph(archive, rebuild=rebuild, progress=bar.update,
                                     workers=workers)
    except GraphStoreError as exc:
        fail(str(exc))
        return
    if fmt == "json":
        print_json(report.to_json())
    else:
        click.echo(f"{report.extracted} snapshot(s) extracted, {report.unchanged} unchanged, "
                   f"{report.skipped} skipped (errors, redirects, robots.txt); "
                   f"{report.facts} facts; {report.quads} quads in the graph")
        for err in report.errors:
            click.echo(f"  could not read {err['snapshot']} {err['url']}: {err['error']}",
                       err=True)
    if report.errors:
        raise SystemExit(EXIT_PARTIAL)
