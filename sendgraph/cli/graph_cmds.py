"""Reading the built graph: export, sparql, the browsing listings, stats and validate.

All of them open the Oxigraph store read-only (only `sparql --update` writes) and ask it in
SPARQL; none needs the network. Heavy imports happen inside the commands so that `sendgraph
--help` and the archive commands stay fast.
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

import click

from sendgraph.cli.output import (
    EXIT_ERROR,
    EXIT_INTEGRITY,
    EXIT_USAGE,
    FORMAT_OPTION,
    clip,
    fail,
    print_json,
    print_table,
)
from sendgraph.graph.store import GraphStore, GraphStoreError

# sendgraph.graph.export.FORMATS, repeated so the CLI starts without importing rdflib
EXPORT_FORMATS = ("trig", "nquads", "turtle", "jsonld", "graphml")
EXIT_INVALID = EXIT_INTEGRITY  # `validate`: the graph does not conform to the shapes


def open_graph(ctx: click.Context, *, read_only: bool = True) -> GraphStore:
    """The archive's graph store; exit 1 with "run `sendgraph extract` first" if none is built."""
    root = Path(ctx.find_root().obj["archive_path"])
    if not read_only and not (root / "graph" / "oxigraph").exists():  # never create one here
        fail(f"no graph built in {root} yet; run `sendgraph extract` first")
    try:
        store = GraphStore(root, read_only=read_only)
    except GraphStoreError as exc:
        fail(str(exc))
        raise  # unreachable: fail() exits
    except OSError as exc:  # a corrupt or unreadable store
        fail(f"cannot open the graph in {root / 'graph'}: {exc}")
        raise
    return store


def _stdout_bytes() -> Any:
    sys.stdout.flush()
    return sys.stdout.buffer


# -- export -----------------------------------------------------------------------------------

@click.command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS),
              help="trig / nquads: every named graph (streamed); turtle: the union of the "
                   "graphs (streamed); jsonld: the union compacted with ontology/context.jsonld "
                   "(built in memory through rdflib, not streamed); graphml: the networkx "
                   "projection of entities and citations, for Gephi. [default: from -o's "
                   "extension: .trig .nq .ttl .jsonld .graphml]")
@click.option("-o", "--output", required=True, metavar="FILE",
              type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Where to write ('-' for standard output). A file appears only once "
                   "complete.")
@click.pass_context
def export(ctx: click.Context, fmt: str | None, output: Path) -> None:
    """Export the graph as RDF (TriG, N-Quads, Turtle, JSON-LD) or GraphML."""
    from sendgraph.graph.export import export as write
    from sendgraph.graph.export import format_for

    try:
        fmt = format_for(None if str(output) == "-" else output, fmt)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    store = open_graph(ctx)
    if str(output) == "-":
        write(store, fmt, _stdout_bytes())
        sys.stdout.buffer.flush()
        return
    # Written beside the target and renamed into place: a failed export leaves no half file.
    partial = output.with_name(f".{output.name}.partial")
    try:
        with open(partial, "wb") as fh:
            write(store, fmt, fh)
        os.replace(partial, output)
    except OSError as exc:
        with suppress(OSError):
            partial.unlink()
        fail(f"cannot write {output}: {exc}")
    click.echo(f"exported {fmt} to {output} ({output.stat().st_size} bytes)", err=True)


# -- sparql -----------------------------------------------------------------------------------

_UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy",
                 "with"}
_QUERY_WORDS = {"select", "construct", "ask", "describe"}
# Comments, strings and IRIs are skipped so that a keyword inside them is not mistaken.
_LEXEME = re.compile(r'''\#[^\n]*|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
                        |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>\s]*>
                        |[?$]\w+|(?P<word>[A-Za-z]+)(?![\w:-])''', re.VERBOSE | re.DOTALL)


def query_form(text: str) -> str | None:
    """`select`, `construct`, `ask`, `describe`, or `update` (any SPARQL Update operation);
    None when no form keyword is found (Oxigraph's parser then reports the error)."""
    for match in _LEXEME.finditer(text):
        word = (match.group("word") or "").lower()
        if word in _QUERY_WORDS:
            return word
        if word in _UPDATE_WORDS:
            return "update"
    return None


def _read_query(query: str) -> str:
    if query == "-":
        return sys.stdin.read()
    if "\n" in query or len(query) >= 4096:
        return query
    try:  # a long one-line query is not a file name: is_file() raises "name too long"
        is_file = Path(query).is_file()
    except OSError:
        return query
    return Path(query).read_text(encoding="utf-8") if is_file else query


def _list_queries(fmt: str) -> None:
    from sendgraph.graph.queries import QueryError, list_queries

    try:
        queries = list_queries()
    except QueryError as exc:
        fail(str(exc))
        return
    if fmt == "json":
        print_json([{"name": q.name, "description": q.description,
                     "params": [{"name": p.name, "type": p.type, "description": p.description}
                                for p in q.params]} for q in queries])
        return
    print_table([(q.name, " ".join(f"{p.name}=<{p.type}>" for p in q.params),
                  q.description) for q in queries], ["NAME", "PARAMS", "DESCRIPTION"])


def _compact(term: Any) -> str:
    from pyoxigraph import Literal, NamedNode

    from sendgraph.graph.rows import PREFIXES

    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
            if term.value.startswith(ns) and len(term.value) > len(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, Literal):
        return term.value
    return str(term)


def _print_results(result: Any, fmt: str) -> None:
    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, serialize

    from sendgraph.graph.export import prefixes

    if isinstance(result, QuerySolutions):
        if fmt == "table":
            names = [v.value for v in result.variables]
            print_table([[_compact(s[n]) for n in names] for s in result], names)
        elif fmt == "csv":  # W3C CSV rows end in CRLF already
            result.serialize(_stdout_bytes(), QueryResultsFormat.CSV)
        else:
            result.serialize(_stdout_bytes(), QueryResultsFormat.JSON)
            sys.stdout.buffer.write(b"\n")
    elif isinstance(result, QueryBoolean):
        if fmt == "table":
            click.echo("true" if bool(result) else "false")
        else:
            form = QueryResultsFormat.CSV if fmt == "csv" else QueryResultsFormat.JSON
            result.serialize(_stdout_bytes(), form)
            sys.stdout.buffer.write(b"\n")
    else:  # CONSTRUCT / DESCRIBE: a graph
        rdf = {"table": RdfFormat.TURTLE, "csv": RdfFormat.N_TRIPLES,
               "json": RdfFormat.JSON_LD}[fmt]
        serialize(result, _stdout_bytes(), rdf,
                  prefixes=prefixes() if rdf is RdfFormat.TURTLE else None)
    sys.stdout.flush()
    with suppress(AttributeError):
        sys.stdout.buffer.flush()


@click.command("sparql")
@click.argument("query", required=False, metavar="QUERY_OR_FILE")
@click.option("--name", "name", metavar="NAME",
              help="Run a named query from ontology/queries/ (see --list).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the named query (repeatable).")
@click.option("--list", "list_only", is_flag=True, help="List the named queries.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True,
              help="SELECT/ASK: a table, or W3C SPARQL results as CSV or JSON. CONSTRUCT/"
                   "DESCRIBE: Turtle (table), N-Triples (csv) or JSON-LD (json).")
@click.option("--update", is_flag=True,
              help="Allow SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...). The graph is derived "
                   "from the archive: `sendgraph extract --rebuild` discards such changes.")
@click.pass_context
def sparql(ctx: click.Context, query: str | None, name: str | None, params: tuple[str, ...],
           list_only: bool, fmt: str, update: bool) -> None:
    """Run SPARQL over the graph (the union of its named graphs is the default graph).

    QUERY_OR_FILE is the query text, a file holding it, or '-' for standard input.
    Read-only unless --update is given. Exit 1 for a query Oxigraph rejects.

    \b
    sendgraph sparql 'SELECT ?s WHERE { ?s a sg:Target }'     (usual prefixes predeclared)
    sendgraph sparql --list
    sendgraph sparql --name targets-by-authority --param authority=E09000021
    """
    if list_only:
        if query or name or params:
            raise click.UsageError("--list takes no query, --name or --param")
        _list_queries("json" if fmt == "json" else "table")
        return
    if bool(query) == bool(name):
        raise click.UsageError("give a query (text, file or '-') or --name NAME, not both")
    if params and not name:
        raise click.UsageError("--param goes with --name")
    if name:
        from sendgraph.graph.queries import QueryError, get_query, parse_param_args

        try:
            text = get_query(name).render(parse_param_args(params))
        except QueryError as exc:
            fail(str(exc), EXIT_USAGE)
            return
    else:
        assert query is not None
        text = _read_query(query)
    form = query_form(text)
    if form == "update" and not update:
        fail("this is a SPARQL Update, and `sendgraph sparql` is read-only; add --update to "
             "change the graph (a later `sendgraph extract --rebuild` discards such changes)",
             EXIT_USAGE)
    from sendgraph.graph.rows import PREFIXES

    store = open_graph(ctx, read_only=form != "update")
    try:
        if form == "update":
            store.store.update(text, prefixes=PREFIXES)
            store.flush()
            click.echo(f"update applied; the graph holds {len(store)} quads", err=True)
            return
        result = store.store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES)
        _print_results(result, fmt)
    except SyntaxError as exc:
        fail(f"invalid SPARQL: {exc}")
    except OSError as exc:
        fail(f"the query failed: {exc}")


# -- browsing ---------------------------------------------------------------------------------

@click.command("stats")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="How many sources and authorities to rank.")
@FORMAT_OPTION
@click.pass_context
def stats(ctx: click.Context, top: int, fmt: str) -> None:
    """Graph analytics: nodes and edges by type, most-cited sources, authorities by evidence."""
    from sendgraph.graph.project import project
    from sendgraph.graph.stats import graph_stats

    store = open_graph(ctx)
    data = graph_stats(store, project(store), top=top)
    if fmt == "json":
        print_json(data)
        return
    click.echo(f"{data['quads']} quads in {data['named_graphs']} named graphs\n")
    print_table(sorted(data["nodes"].items()), ["NODE TYPE", "COUNT"])
    click.echo()
    print_table(sorted(data["edges"].items()), ["EDGE TYPE", "COUNT"])
    click.echo("\nMost-cited sources")
    print_table([(s["cited_by"], s["citations"], "yes" if s["archived"] else "no",
                  clip(s["title"], 40), s["url"]) for s in data["most_cited_sources"]],
                ["CITED BY", "CITATIONS", "ARCHIVED", "TITLE", "URL"])
    click.echo("\nAuthorities by evidence")
    print_table([(a["evidence"], a["gss_code"], a["name"])
                 for a in data["authorities_by_evidence"]], ["EVIDENCE", "GSS", "NAME"])


@click.command("validate")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_context
def validate(ctx: click.Context, fmt: str) -> None:
    """Check the built graph against the SHACL shapes (ontology/shapes.ttl).

    Exit 0 when it conforms (warnings are listed but allowed), 4 when it does not.
    """
    from sendgraph.graph.validate import validate as run_shacl

    store = open_graph(ctx)
    try:
        result = run_shacl(store.store)
    except Exception as exc:  # pySHACL failing is a tool error, not a non-conforming graph
        fail(f"SHACL validation could not run: {exc}", EXIT_ERROR)
        return
    if fmt == "json":
        print_json(result.to_json())
    else:
        click.echo(result.report_text, nl=False)
    if not result.conforms:
        raise SystemExit(EXIT_INVALID)
