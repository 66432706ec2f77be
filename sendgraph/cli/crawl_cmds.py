"""`sendgraph sources` and `sendgraph crawl`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import click

from sendgraph.capture.policy import FetchPolicy
from sendgraph.cli.output import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_PARTIAL,
    FORMATS,
    fail,
    open_archive,
    print_json,
    print_table,
)
from sendgraph.plugin.context import CrawlOptions
from sendgraph.plugin.contract import PluginError
from sendgraph.plugin.registry import get_source, load_sources
from sendgraph.plugin.runner import run_crawl


@click.command("sources")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def sources(fmt: str) -> None:
    """List the installed source plugins (built-in and third-party)."""
    try:
        found = load_sources()
    except PluginError as exc:
        fail(str(exc))
        return
    if fmt == "json":
        print_json([s.info.to_json() for s in found.values()])
        return
    print_table([(s.info.id, s.info.kind, s.info.title, s.info.publisher,
                  ", ".join(s.info.hosts) or "(given URLs)") for s in found.values()],
                ["ID", "KIND", "TITLE", "PUBLISHER", "HOSTS"])


def _since(ctx: click.Context, param: click.Parameter, value: datetime | None) -> date | None:
    return value.date() if value else None


@click.command("crawl")
@click.argument("source_ids", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--url", "urls", multiple=True, help="A URL to fetch (sources that take URLs).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), callback=_since,
              help="Only items published on or after this date (YYYY-MM-DD).")
@click.option("--search", help="Only items matching this search term, where the site can search.")
@click.option("--max", "max_items", type=click.IntRange(min=1), help="At most this many items.")
@click.option("--set", "settings", multiple=True, metavar="KEY=VALUE",
              help="A plugin-specific setting (repeatable).")
@click.option("--delay", type=click.FloatRange(min=0), help="Seconds between requests to a host.")
@click.option("--concurrency", type=click.IntRange(min=1), help="Requests in flight at once.")
@click.option("--fresh", is_flag=True,
              help="Start a new run even if the last one was cut short (that one is abandoned).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def crawl(ctx: click.Context, source_ids: tuple[str, ...], urls: tuple[str, ...],
          since: date | None, search: str | None, max_items: int | None,
          settings: tuple[str, ...], delay: float | None, concurrency: int | None,
          fresh: bool, fmt: str) -> None:
    """Crawl SOURCE(s) politely into the archive and print each run's report.

    A run cut short (Ctrl-C, a crash) resumes on the next crawl of that source without
    fetching again what it already captured. Exit code 3 if some URLs failed.
    """
    try:
        chosen = [get_source(s) for s in source_ids]
    except PluginError as exc:
        fail(str(exc))
        return
    pairs = [s.partition("=") for s in settings]
    if any(not sep for _, sep, _ in pairs):
        raise click.BadParameter("settings look like KEY=VALUE", param_hint="--set")
    options = CrawlOptions(urls=urls, since=since, search=search, max_items=max_items,
                           settings={k: v for k, _, v in pairs})
    policy = FetchPolicy()
    if delay is not None:
        policy = replace(policy, min_delay=delay)
    if concurrency is not None:
        policy = replace(policy, max_concurrency=concurrency)
    archive = open_archive(ctx)
    reports = []
    for source in chosen:
        try:
            report = run_crawl(archive, source, options, policy, resume=not fresh)
        except KeyboardInterrupt:
            click.echo(f"\ninterrupted: {source.info.id} will resume on the next crawl", err=True)
            raise SystemExit(EXIT_INTERRUPTED) from None
        reports.append(report)
        if fmt == "text":
            _print_report(report)
    if fmt == "json":
        print_json([r.to_json() for r in reports])
    if any(r.status == "failed" for r in reports) and not any(r.captured for r in reports):
        raise SystemExit(EXIT_ERROR)
    if any(r.failures or r.status == "failed" for r in reports):
        raise SystemExit(EXIT_PARTIAL)


def _print_report(report) -> None:  # CrawlReport
    counts = report.counts
    resumed = " (resumed)" if report.resumed else ""
    click.echo(f"{report.plugin}: run {report.run_id}{resumed} — {report.status}: "
               f"{counts['new']} new, {counts['unchanged']} unchanged, "
               f"{counts['not_modified']} not modified, {counts['resumed']} already captured, "
               f"{len(report.failures)} failed")
    for f in report.failures:
        click.echo(f"  FAILED {f['url']}: {f['reason']} — {f['detail']}", err=True)
    for w in report.warnings:
        click.echo(f"  WARNING {w}", err=True)
