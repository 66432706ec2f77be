"""`sendgraph archive ...`: read and check what the archive holds."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sendgraph.archive.cdxj import cdxj_lines
from sendgraph.archive.index import IndexRow
from sendgraph.archive.store import Archive, SnapshotNotFound
from sendgraph.archive.verify import verify_archive
from sendgraph.cli.output import (
    EXIT_INTEGRITY,
    FORMATS,
    fail,
    open_archive,
    print_json,
    print_table,
)


@click.group("archive")
def archive_group() -> None:
    """List, show, print, verify and summarise archived captures."""


def _kind(row: IndexRow) -> str:
    if row.type == "revisit":
        return "not-modified" if row.status == 304 else "unchanged"
    return "new"


@archive_group.command("ls")
@click.option("--url", help="Only captures of this exact URL.")
@click.option("--source", "plugin", help="Only captures made by this source plugin.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def ls(ctx: click.Context, url: str | None, plugin: str | None, limit: int | None,
       fmt: str) -> None:
    """List captures, oldest first (a revisit re-uses an earlier snapshot's payload)."""
    rows = open_archive(ctx).index.listing(url=url, plugin=plugin, limit=limit)
    if fmt == "json":
        print_json([{**r.to_json(), "capture": _kind(r)} for r in rows])
        return
    print_table(
        [(r.snapshot, r.captured[:19] + "Z", _kind(r), r.status or "-", r.content_type or "-",
          r.payload_length if r.payload_length is not None else "", r.url) for r in rows],
        ["SNAPSHOT", "CAPTURED", "CAPTURE", "STATUS", "TYPE", "BYTES", "URL"],
    )


def _rows_for(archive: Archive, ref: str) -> list[IndexRow]:
    if "://" in ref or ref.startswith("file:"):
        rows = archive.index.captures(ref)
        if not rows:
            fail(f"no capture of {ref} in {archive.root}; see `sendgraph archive ls`")
        return rows
    try:
        return archive.index.by_snapshot(archive.resolve_snapshot_id(ref))
    except SnapshotNotFound as exc:
        fail(str(exc))
        raise


@archive_group.command("show")
@click.argument("ref")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def show(ctx: click.Context, ref: str, fmt: str) -> None:
    """Show the records of a snapshot (REF = snapshot id) or of a URL's captures."""
    archive = open_archive(ctx)
    out = []
    for row in _rows_for(archive, ref):
        record = archive.read_record(row)
        entry = row.to_json()
        entry["warc_headers"] = record.rec_headers.headers
        if record.http_headers is not None:
            entry["http_status_line"] = record.http_headers.statusline
            entry["http_headers"] = record.http_headers.headers
        out.append(entry)
    if fmt == "json":
        print_json(out)
        return
    for entry in out:
        click.echo(f"== {entry['type']} {entry['record_id']}")
        for key in ("url", "captured", "status", "content_type", "digest", "snapshot",
                    "payload_length", "warc_file", "offset", "length", "plugin", "run_id",
                    "refers_to", "profile", "metadata"):
            if entry.get(key) is not None:
                click.echo(f"  {key}: {entry[key]}")
        if "http_status_line" in entry:
            click.echo(f"  http: {entry['http_status_line']}")
            for name, value in entry["http_headers"]:
                click.echo(f"    {name}: {value}")


@archive_group.command("cat")
@click.argument("ref")
@click.option("--raw", is_flag=True, help="Bytes exactly as stored (still content-encoded).")
@click.pass_context
def cat(ctx: click.Context, ref: str, raw: bool) -> None:
    """Write a snapshot's payload to stdout (REF = snapshot id, or a URL for its latest capture)."""
    archive = open_archive(ctx)
    rows = _rows_for(archive, ref)
    snap = rows[-1].snapshot if rows else None
    payload_rows = [r for r in archive.index.by_snapshot(snap or "") if r.type != "revisit"]
    payload_rows = [r for r in payload_rows if r.type in ("response", "resource")]
    if not payload_rows:
        fail(f"{ref} has no stored payload")
    row = payload_rows[0]
    data = archive.raw_payload(row) if raw else archive.content(row)
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@archive_group.command("verify")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def verify(ctx: click.Context, fmt: str) -> None:
    """Re-read every record and recompute its digests (fixity). Exit code 4 on any mismatch."""
    archive = open_archive(ctx)
    total = archive.index.stats()["records"]
    with click.progressbar(length=total, label="verifying", file=sys.stderr,
                           show_pos=True) as bar:
        report = verify_archive(archive, progress=bar.update)
    if fmt == "json":
        print_json(report.to_json())
    else:
        for p in report.problems:
            click.echo(f"MISMATCH {p.warc_file}@{p.offset} {p.url or ''}: {p.problem}")
        for q in report.quarantined:
            click.echo(f"set aside: {q['length']} bytes from {q['warc_file']}@{q['offset']} "
                       f"({q['reason']}) -> quarantine/{q['moved_to']}")
        verdict = "OK" if report.ok else f"{len(report.problems)} problem(s)"
        click.echo(f"{report.records} records in {report.files} WARC files: {verdict}")
    if not report.ok:
        raise SystemExit(EXIT_INTEGRITY)


@archive_group.command("stats")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Summarise the archive: records, URLs, snapshots, bytes, runs."""
    archive = open_archive(ctx)
    data = archive.index.stats()
    data["archive"] = str(archive.root)
    data["warc_files"] = len(archive.warc_files())
    data["warc_bytes"] = sum(p.stat().st_size for p in archive.warc_files())
    if fmt == "json":
        print_json(data)
        return
    for key, value in data.items():
        if isinstance(value, dict):
            click.echo(f"{key}:")
            for k, v in value.items():
                click.echo(f"  {k}: {v}")
        else:
            click.echo(f"{key}: {value}")


@archive_group.command("cdxj")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of stdout.")
@click.pass_context
def cdxj(ctx: click.Context, output: Path | None) -> None:
    """Export the index as CDXJ (for pywb and other replay tools)."""
    lines = cdxj_lines(open_archive(ctx).index)
    if output is None:
        for line in lines:
            click.echo(line)
        return
    with open(output, "w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line + "\n")


@archive_group.command("runs")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.pass_context
def runs(ctx: click.Context, fmt: str) -> None:
    """List crawl runs with their status (an unfinished run resumes on the next crawl)."""
    data = open_archive(ctx).index.runs()
    if fmt == "json":
        print_json(data)
        return
    print_table([(r["run_id"], r["plugin"], r["started"], r["finished"] or "-", r["status"])
                 for r in data], ["RUN", "SOURCE", "STARTED", "FINISHED", "STATUS"])
