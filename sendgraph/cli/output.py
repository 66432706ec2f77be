"""Shared CLI plumbing: exit codes, the archive option, tables and JSON."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from sendgraph.archive.store import Archive

# Exit codes (documented in the README): scripts can tell "nothing found" from "broken".
EXIT_OK = 0
EXIT_ERROR = 1        # the command could not do what was asked (bad input, not found)
EXIT_USAGE = 2        # wrong options or arguments (click's own convention)
EXIT_PARTIAL = 3      # done, but some URLs or files failed: see the report
EXIT_INTEGRITY = 4    # the archive failed verification
EXIT_INTERRUPTED = 130

FORMATS = click.Choice(["table", "json"])
FORMAT_OPTION = click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)


def default_archive_dir() -> Path:
    """`archive/` at the repo root for a source checkout, else `./archive`."""
    env = os.environ.get("SENDGRAPH_ARCHIVE")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2]
    if (repo / "pyproject.toml").is_file() and (repo / "sendgraph").is_dir():
        return repo / "archive"
    return Path.cwd() / "archive"


def open_archive(ctx: click.Context) -> Archive:
    obj = ctx.find_root().obj
    if obj.get("archive_obj") is None:
        path = obj["archive_path"]
        try:
            archive = Archive(path)
        except Exception as exc:
            raise click.ClickException(f"cannot open archive {path}: {exc}") from exc
        for note in archive.recovered:
            click.echo(f"recovered: {note}", err=True)
        obj["archive_obj"] = archive
        ctx.find_root().call_on_close(archive.close)
    return obj["archive_obj"]


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def print_table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> None:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    click.echo(line)
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def fail(message: str, code: int = EXIT_ERROR) -> None:
    click.echo(f"error: {message}", err=True)
    raise SystemExit(code)


def clip(text: str | None, width: int = 60) -> str:
    """One line of at most `width` characters, for table cells."""
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width - 1] + "…"
