"""`sendgraph document`: the text sendgraph reads out of a snapshot, with block spans."""

from __future__ import annotations

import click

from sendgraph.archive.store import SnapshotNotFound
from sendgraph.cli.output import fail, open_archive, print_json, print_table
from sendgraph.document import DocumentError, document_for


@click.command("document")
@click.argument("snapshot")
@click.option("--format", "fmt", type=click.Choice(["text", "blocks", "json"]), default="text",
              show_default=True,
              help="text: the document text; blocks: each block's kind, span and page; "
                   "json: text, blocks, links and metadata.")
@click.pass_context
def document(ctx: click.Context, snapshot: str, fmt: str) -> None:
    """Print the document read from SNAPSHOT (an id from `sendgraph import` / `archive ls`).

    Offsets in `--format blocks/json` index the text exactly as `--format text` prints it.
    """
    archive = open_archive(ctx)
    try:
        doc = document_for(archive.snapshot(snapshot))
    except SnapshotNotFound as exc:
        fail(str(exc))
        return
    except DocumentError as exc:
        fail(f"snapshot {snapshot}: {exc}")
        return
    if fmt == "json":
        print_json(doc.to_json())
    elif fmt == "blocks":
        print_table(
            [(b.kind, b.start, b.end, b.page or "", doc.text[b.start:b.end][:70])
             for b in doc.blocks],
            ["KIND", "START", "END", "PAGE", "TEXT"],
        )
    else:
        click.echo(doc.text)
