"""`sendgraph import`: archive local files or single URLs with metadata given by hand."""

from __future__ import annotations

from pathlib import Path

import click

from sendgraph.capture.policy import FetchPolicy
from sendgraph.capture.urls import USERINFO_REFUSED, has_userinfo
from sendgraph.cli.output import EXIT_ERROR, EXIT_PARTIAL, open_archive, print_json
from sendgraph.importing import (
    ImportFailed,
    ImportMetadata,
    import_file,
    import_url,
    parse_published,
)
from sendgraph.plugin.contract import KINDS


def _published(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return parse_published(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _public_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and has_userinfo(value):
        raise click.BadParameter(USERINFO_REFUSED)
    return value


@click.command("import")
@click.argument("targets", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--kind", type=click.Choice(sorted(KINDS)), help="What kind of document it is.")
@click.option("--url", callback=_public_url,
              help="Where the document lives publicly (kept as its URL).")
@click.option("--title", help="Its title.")
@click.option("--publisher", help="Who published it.")
@click.option("--author", help="Who wrote it (several: separate with ';').")
@click.option("--published", callback=_published, metavar="DATE",
              help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD (the precision is kept).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def import_cmd(ctx: click.Context, targets: tuple[str, ...], kind: str | None, url: str | None,
               title: str | None, publisher: str | None, author: str | None,
               published: str | None, fmt: str) -> None:
    """Archive local files (HTML, PDF, text) or URLs, and print each one's snapshot id.

    The same bytes imported twice are stored once. A file that fails (missing, empty,
    unreadable, an encrypted PDF …) is reported and the others still go in; the exit
    code is then 3 (1 if none went in).
    """
    if url and len(targets) > 1:
        raise click.UsageError("--url names one document; import several files one at a time")
    archive = open_archive(ctx)
    meta = ImportMetadata(kind=kind, url=url, title=title, publisher=publisher, author=author,
                          published=published)
    results, errors = [], []
    for target in targets:
        try:
            if target.startswith(("http://", "https://")):
                result = import_url(archive, target, meta, FetchPolicy())
            else:
                result = import_file(archive, Path(target), meta)
        except ImportFailed as exc:
            errors.append(str(exc))
            click.echo(f"error: {exc}", err=True)
            continue
        results.append(result)
        if fmt == "text":
            note = "" if result.new_payload else "  (already archived: stored once)"
            click.echo(f"{result.snapshot}  {result.url}{note}")
    if fmt == "json":
        print_json({"imported": [r.to_json() for r in results], "errors": errors})
    if errors:
        raise SystemExit(EXIT_PARTIAL if results else EXIT_ERROR)
