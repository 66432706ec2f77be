"""`sendgraph bench`: the benchmark harness in bench/ (needs the repository checkout and, for
the peers, the bench extra: pip install -e '.[bench]')."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command("bench")
@click.option("--docs", type=click.IntRange(min=20), default=1000, show_default=True,
              help="Documents in the synthetic corpus.")
@click.option("--quick", is_flag=True,
              help="Quick mode: fewer query repeats, no polite-crawl sample (for tests).")
@click.option("--peers/--no-peers", default=True, show_default=True,
              help="Run Scrapy, wget, trafilatura, pyoxigraph and rdflib alongside.")
@click.option("--scaling", is_flag=True,
              help="Also run the pipeline at a tenth of --docs and report each stage's growth.")
@click.option("--seed", type=int, default=7, show_default=True, help="Corpus seed.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the full results as JSON here.")
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Working folder (corpus, archive, exports) [default: a temporary one].")
@click.option("--keep", is_flag=True, help="Keep the working folder afterwards.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="What to print on stdout.")
def bench(docs: int, quick: bool, peers: bool, scaling: bool, seed: int, out: Path | None,
          work: Path | None, keep: bool, fmt: str) -> None:
    """Benchmark every stage against a synthetic corpus served on 127.0.0.1, with peers.

    Prints a table (stage figures, the peers' figures and ratios, then each target met,
    missed or not measured); progress goes to stderr.
    """
    _find_harness()
    try:
        from bench.harness import Options, run
        from bench.report import table
    except ImportError as exc:
        raise click.ClickException(
            f"the benchmark harness is not importable ({exc}); install sendgraph from its "
            "repository checkout (pip install -e '.[bench]') or run there") from exc
    result = run(Options(docs=docs, seed=seed, peers=peers, quick=quick, scaling=scaling,
                         work=work, keep=keep))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    if fmt == "json":
        click.echo(json.dumps(result, indent=1, sort_keys=True))
    else:
        click.echo(table(result))
    sys.stdout.flush()


def _find_harness() -> None:
    """bench/ ships in the repository, not in the package: a console script does not have the
    checkout on its path, so look beside an editable install's source, then the working
    directory."""
    import importlib.util

    import sendgraph

    if importlib.util.find_spec("bench") is not None:
        return
    for root in (Path(sendgraph.__file__).resolve().parents[1], Path.cwd()):
        if (root / "bench" / "harness.py").is_file():
            sys.path.insert(0, str(root))
            return
