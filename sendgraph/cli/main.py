"""`sendgraph`: the command-line interface."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from sendgraph import __version__
from sendgraph.cli.archive_cmds import archive_group
from sendgraph.cli.bench_cmd import bench
from sendgraph.cli.browse_cmds import authorities, claims, judge, programmes, targets
from sendgraph.cli.crawl_cmds import crawl, sources
from sendgraph.cli.document_cmd import document
from sendgraph.cli.extract_cmd import extract
from sendgraph.cli.graph_cmds import export, sparql, stats, validate
from sendgraph.cli.import_cmd import import_cmd
from sendgraph.cli.output import default_archive_dir
from sendgraph.cli.trace_cmd import trace


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--archive", "archive_path", type=click.Path(file_okay=False, path_type=Path),
              default=None, envvar="SENDGRAPH_ARCHIVE", show_envvar=True,
              help="Archive folder [default: archive/ at the repo root, or ./archive].")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(__version__, prog_name="sendgraph")
@click.pass_context
def cli(ctx: click.Context, archive_path: Path | None, verbose: int) -> None:
    """An evidence-grade archive and knowledge graph of England's SEND system.

    Crawl sources politely into a WARC archive, import documents by hand, and read
    what was archived. Exit codes: 0 ok, 1 error, 2 usage, 3 partly failed (see the
    report), 4 archive failed verification, 130 interrupted.
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    ctx.ensure_object(dict)
    ctx.obj["archive_path"] = archive_path or default_archive_dir()
    ctx.obj.setdefault("archive_obj", None)


cli.add_command(sources)
cli.add_command(crawl)
cli.add_command(import_cmd)
cli.add_command(archive_group)
cli.add_command(document)
cli.add_command(extract)
cli.add_command(export)
cli.add_command(sparql)
cli.add_command(authorities)
cli.add_command(judge)
cli.add_command(programmes)
cli.add_command(targets)
cli.add_command(claims)
cli.add_command(trace)
cli.add_command(stats)
cli.add_command(validate)
cli.add_command(bench)


def main() -> None:
    cli(prog_name="sendgraph")
