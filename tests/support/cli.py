"""Running the `sendgraph` CLI against an archive, in-process or as a real process.

    out = invoke(archive, "crawl", "web", "--url", url)        # click's CliRunner
    out = run(archive, "archive", "verify")                      # the installed console script
    out.code, out.stdout, out.stderr, out.json()

Both return a `CliRun`; `run` also takes `env` (merged into the current environment) and
runs in `cwd` (default: the archive's parent), so nothing lands in the repo's own archive/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from sendgraph.cli.main import cli

# The console script installed next to the interpreter running the tests.
SENDGRAPH = Path(sys.executable).with_name("sendgraph")


@dataclass
class CliRun:
    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        try:
            return json.loads(self.stdout)
        except json.JSONDecodeError as exc:
            raise AssertionError(f"not JSON on stdout of {self}") from exc

    def __str__(self) -> str:
        return (f"sendgraph {' '.join(self.args)} -> exit {self.code}\n"
                f"--- stdout\n{self.stdout[-3000:]}\n--- stderr\n{self.stderr[-3000:]}")


def _args(archive: Path | None, args: tuple[str, ...]) -> tuple[str, ...]:
    return (("--archive", str(archive)) if archive is not None else ()) + tuple(map(str, args))


def invoke(archive: Path | None, *args: str | Path, env: Mapping[str, str] | None = None
           ) -> CliRun:
    """Run the CLI in this process (click's CliRunner); exceptions other than SystemExit
    propagate, so a crash shows its traceback instead of a bare exit code."""
    full = _args(archive, args)
    result = CliRunner().invoke(cli, list(full), env=dict(env or {}), catch_exceptions=False)
    return CliRun(full, result.exit_code, result.stdout, result.stderr)


def _env(env: Mapping[str, str] | None) -> dict[str, str]:
    merged = dict(os.environ)
    merged.pop("SENDGRAPH_ARCHIVE", None)
    merged.update(env or {})
    return merged


def command(archive: Path | None, *args: str | Path) -> list[str]:
    if not SENDGRAPH.exists():
        raise AssertionError(f"the sendgraph console script is not installed at {SENDGRAPH}")
    return [str(SENDGRAPH), *_args(archive, args)]


def run(archive: Path | None, *args: str | Path, env: Mapping[str, str] | None = None,
        cwd: Path | None = None, timeout: float = 60) -> CliRun:
    """Run the installed `sendgraph` console script as a separate process."""
    cmd = command(archive, *args)
    where = cwd or (archive.parent if archive is not None else Path.cwd())
    proc = subprocess.run(cmd, capture_output=True, text=True, env=_env(env), cwd=where,
                          timeout=timeout)
    return CliRun(tuple(cmd[1:]), proc.returncode, proc.stdout, proc.stderr)


def popen(archive: Path | None, *args: str | Path, env: Mapping[str, str] | None = None,
          cwd: Path | None = None, **kwargs: Any) -> subprocess.Popen[str]:
    """Start the console script without waiting (for interrupting or killing it)."""
    where = cwd or (archive.parent if archive is not None else Path.cwd())
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen(command(archive, *args), text=True, env=_env(env), cwd=where,
                            **kwargs)
