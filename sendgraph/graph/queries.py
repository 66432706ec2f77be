"""Named SPARQL queries shipped in ontology/queries/*.rq: load, list, bind parameters, run.

A named query is one `.rq` file whose opening comment block describes it:

    # name: targets-by-authority
    # description: Targets set for one local authority ...
    #   (a description may continue on lines indented by two or more spaces)
    # param: authority (authority) GSS code of the authority, e.g. E09000021, or its IRI

Parameters are written in the query as `$name` variables (`$authority`). `$` marks a parameter and
nothing else; ordinary variables use `?`. A parameter may stand wherever an RDF term may (triple
patterns, FILTER, BIND, VALUES) but is never projected, and the query never also writes `?name`
(in SPARQL `$name` and `?name` are one variable, so only the `$` form would be replaced). Every
`$name` must be declared and every declared parameter used; `load_queries` refuses a file that
breaks any of this.

A value from the user is never pasted into the query as it stands. It is checked against its
declared type and turned into one RDF term, and that term is written in place of each `$name` in
SPARQL's own syntax (an IRI in angle brackets after refusing every character an IRI may not
contain; a literal in quotes with backslash, quote and line breaks escaped). `$name` inside
comments, strings and IRIs is left alone. The result is a complete query that runs unchanged in
Oxigraph, rdflib or a remote endpoint. (Oxigraph's own `substitutions` would avoid the text step,
but it only binds variables that the query projects, and parameters usually are not projected.)

Parameter types: `string`, `integer`, `decimal`, `date` (YYYY-MM-DD), `iri` (an absolute IRI),
`url` (an absolute URL, bound as a plain string: queries compare it with `STR(?x) = $url`, since
URLs are stored both as IRIs and as xsd:anyURI literals), `authority` (a GSS code or authority
IRI), `programme` and `metric` (a slug of the programme or metric scheme, or an IRI).

Queries run with the union of all named graphs as the default graph (Oxigraph's
`use_default_graph_as_union=True`; rdflib's `Dataset(default_union=True)`): patterns outside
`GRAPH` see every graph, and `GRAPH ?g` is used only to report where a triple was found. The same
triple in two snapshot graphs then matches twice, so queries use DISTINCT or COUNT(DISTINCT ...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from rdflib.namespace import XSD
from rdflib.term import Literal, URIRef

from sendgraph.graph.ontology import queries_dir
from sendgraph.graph.vocab import METRIC_SLUGS, PROGRAMME_CONCEPT_SLUGS, SGID, SGM, SGP


class QueryError(ValueError):
    """A named query is unknown or malformed, or its parameters are wrong (the message says how)."""


# --- parameter types -------------------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_GSS = re.compile(r"^E(06|07|08|09|10)[0-9]{6}$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# Characters an IRIREF may not contain (SPARQL 1.1 grammar), plus every control character.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f-\x9f]')
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iri(value: str, what: str) -> URIRef:
    if not _SCHEME.match(value) or _IRI_FORBIDDEN.search(value):
        raise ValueError(f"must be an absolute {what} without spaces, quotes or angle brackets")
    return URIRef(value)


def _string(value: str) -> Literal:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode text") from None
    return Literal(value)


def _integer(value: str) -> Literal:
    if not _INTEGER.match(value.strip()):
        raise ValueError("must be a whole number")
    return Literal(str(int(value.strip())), datatype=XSD.integer)


def _decimal(value: str) -> Literal:
    text = value.strip()
    if not _DECIMAL.match(text):
        raise ValueError("must be a decimal number such as 176 or 12.5")
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already excludes these
        raise ValueError("must be a decimal number such as 176 or 12.5") from None
    return Literal(format(number, "f"), datatype=XSD.decimal)


def _date(value: str) -> Literal:
    text = value.strip()
    try:
        if not _DATE.match(text):
            raise ValueError
        date.fromisoformat(text)
    except ValueError:
        raise ValueError("must be a date written YYYY-MM-DD") from None
    return Literal(text, datatype=XSD.date)


def _url(value: str) -> Literal:
    _iri(value.strip(), "URL")
    return Literal(value.strip())


def _authority(value: str) -> URIRef:
    text = value.strip()
    if text.startswith(str(SGID)):
        code = text[len(str(SGID) + "authority/"):]
        if text.startswith(str(SGID) + "authority/") and _GSS.match(code):
            return URIRef(text)
    elif _GSS.match(text.upper()):
        return URIRef(f"{SGID}authority/{text.upper()}")
    raise ValueError("must be a GSS code such as E09000021 (E06, E07, E08, E09 or E10 and six "
                     "digits) or an authority IRI")


def _concept(namespace: str, slugs: tuple[str, ...], what: str):
    def convert(value: str) -> URIRef:
        text = value.strip()
        if _SCHEME.match(text):
            return _iri(text, f"{what} IRI")
        if _SLUG.match(text) and text in slugs:
            return URIRef(namespace + text)
        raise ValueError(f"must be a {what} slug ({', '.join(slugs)}) or an IRI")
    return convert


PARAM_TYPES = {
    "string": _string,
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "iri": lambda value: _iri(value.strip(), "IRI"),
    "url": _url,
    "authority": _authority,
    "programme": _concept(str(SGP), PROGRAMME_CONCEPT_SLUGS, "programme"),
    "metric": _concept(str(SGM), METRIC_SLUGS, "metric"),
}


def sparql_term(term: URIRef | Literal) -> str:
    """An RDF term written as SPARQL text; safe for any value the parameter types accept."""
    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.search(str(term)):  # never reached through PARAM_TYPES
            raise QueryError(f"cannot write {str(term)!r} as an IRI")
        return f"<{term}>"
    escaped = (str(term).replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
    if term.language:
        return f'"{escaped}"@{term.language}'
    if term.datatype and term.datatype != XSD.string:
        return f'"{escaped}"^^<{term.datatype}>'
    return f'"{escaped}"'


# --- query files -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str

    def convert(self, value: str) -> URIRef | Literal:
        return PARAM_TYPES[self.type](value)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: str = ""

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    def usage(self) -> str:
        if not self.params:
            return f"{self.name} (no parameters)"
        return f"{self.name} " + " ".join(f"{p.name}=<{p.type}>" for p in self.params)

    def bind(self, values: Mapping[str, str] | None = None) -> dict[str, URIRef | Literal]:
        """Check the user's values against the declared parameters; return one RDF term each."""
        values = dict(values or {})
        unknown = sorted(set(values) - set(self.param_names))
        if unknown:
            known = ", ".join(self.param_names) or "none"
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r} "
                             f"(its parameters: {known})")
        terms: dict[str, URIRef | Literal] = {}
        for param in self.params:
            if param.name not in values:
                raise QueryError(f"query {self.name!r} needs parameter {param.name!r}: "
                                 f"{param.description} (give {param.name}=VALUE)")
            raw = values[param.name]
            if not isinstance(raw, str):
                raw = str(raw)
            try:
                terms[param.name] = param.convert(raw)
            except ValueError as exc:
                raise QueryError(f"query {self.name!r}: parameter {param.name!r} {exc}, "
                                 f"not {raw!r}") from None
        return terms

    def render(self, values: Mapping[str, str] | None = None) -> str:
        """The query text with every `$param` replaced by its escaped RDF term."""
        terms = self.bind(values)

        def replace(match: re.Match[str]) -> str:
            name = match.group("param")
            return sparql_term(terms[name]) if name else match.group(0)

        return _TOKENS.sub(replace, self.text)


# A SPARQL text split just enough to find `$name` outside comments, strings and IRIs.
_TOKENS = re.compile(r'''
      (?P<comment>\#[^\n]*)
    | (?P<long>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\')
    | (?P<short>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | \$(?P<param>[A-Za-z_][A-Za-z0-9_]*)
    | \?(?P<var>[A-Za-z_][A-Za-z0-9_]*)
''', re.VERBOSE | re.DOTALL)
_HEADER = re.compile(r"^#\s*(?P<key>[a-z]+):\s*(?P<value>.*?)\s*$")
_CONTINUATION = re.compile(r"^#\s{2,}(?P<value>\S.*?)\s*$")
_PARAM = re.compile(r"^(?P<name>\S+)\s+\((?P<type>[a-z]+)\)\s+(?P<description>\S.*)$")


def used_params(text: str) -> list[str]:
    """Names of the `$name` variables in a query, in order of first use."""
    return _variables(text, "param")


def _variables(text: str, group: str) -> list[str]:
    seen: dict[str, None] = {}
    for match in _TOKENS.finditer(text):
        if match.group(group):
            seen.setdefault(match.group(group))
    return list(seen)


def parse_query(text: str, origin: str = "<query>") -> NamedQuery:
    """Read a named query's header and check its parameters against its body."""
    fields: dict[str, list[str]] = {"name": [], "description": [], "param": []}
    last: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            if last is None:
                continue
            break
        if not stripped.startswith("#"):
            break
        header = _HEADER.match(stripped)
        continuation = _CONTINUATION.match(stripped)
        if header and header.group("key") in fields:
            last = header.group("key")
            fields[last].append(header.group("value"))
        elif continuation and last is not None and fields[last]:
            fields[last][-1] += " " + continuation.group("value")
        elif header:
            raise QueryError(f"{origin}: unknown header {header.group('key')!r} "
                             "(expected name, description, param)")
    if len(fields["name"]) != 1 or not _SLUG.match(fields["name"][0]):
        raise QueryError(f"{origin}: needs exactly one '# name: <lower-case-slug>' header")
    name = fields["name"][0]
    if len(fields["description"]) != 1 or not fields["description"][0]:
        raise QueryError(f"{origin}: query {name!r} needs one '# description: ...' header")
    params: list[Param] = []
    for spec in fields["param"]:
        match = _PARAM.match(spec)
        if not match or not _NAME.match(match.group("name")):
            raise QueryError(f"{origin}: bad param header {spec!r}; write "
                             "'# param: NAME (TYPE) DESCRIPTION'")
        if match.group("type") not in PARAM_TYPES:
            raise QueryError(f"{origin}: param {match.group('name')!r} has unknown type "
                             f"{match.group('type')!r} (types: {', '.join(PARAM_TYPES)})")
        if match.group("name") in {p.name for p in params}:
            raise QueryError(f"{origin}: param {match.group('name')!r} is declared twice")
        params.append(Param(match.group("name"), match.group("type"),
                            match.group("description")))
    used = used_params(text)
    declared = {p.name for p in params}
    undeclared = [u for u in used if u not in declared]
    if undeclared:
        raise QueryError(f"{origin}: query {name!r} uses ${undeclared[0]} but declares no "
                         f"'# param: {undeclared[0]} (TYPE) ...'")
    clashing = [v for v in _variables(text, "var") if v in declared]
    if clashing:
        raise QueryError(f"{origin}: query {name!r} uses ?{clashing[0]} as well as the parameter "
                         f"${clashing[0]} (they are one variable in SPARQL); rename ?{clashing[0]}")
    unused = [p.name for p in params if p.name not in used]
    if unused:
        raise QueryError(f"{origin}: query {name!r} declares param {unused[0]!r} but never "
                         f"uses ${unused[0]}")
    return NamedQuery(name, fields["description"][0], tuple(params), text, origin)


def load_queries(directory: Traversable | Path | None = None) -> dict[str, NamedQuery]:
    """Every named query in a folder (the installed ontology's by default), by name."""
    if directory is None:
        return dict(_default_queries())
    return _load(directory)


@cache
def _default_queries() -> tuple[tuple[str, NamedQuery], ...]:
    return tuple(_load(queries_dir()).items())


def _load(directory: Traversable | Path) -> dict[str, NamedQuery]:
    found: dict[str, NamedQuery] = {}
    for entry in sorted(directory.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        origin = f"ontology/queries/{entry.name}"
        query = parse_query(entry.read_text(encoding="utf-8"), origin)
        if query.name != entry.name.removesuffix(".rq"):
            raise QueryError(f"{origin}: its name header is {query.name!r}; name the file "
                             f"{query.name}.rq")
        found[query.name] = query
    return dict(sorted(found.items()))


def list_queries() -> list[NamedQuery]:
    """The installed named queries, sorted by name."""
    return list(load_queries().values())


def get_query(name: str, queries: Mapping[str, NamedQuery] | None = None) -> NamedQuery:
    queries = load_queries() if queries is None else queries
    try:
        return queries[name]
    except KeyError:
        raise QueryError(f"no named query {name!r}; known: {', '.join(sorted(queries))}") from None


def parse_param_args(args: Iterable[str]) -> dict[str, str]:
    """`["authority=E09000021", ...]` (as given to --param) -> `{"authority": "E09000021"}`."""
    values: dict[str, str] = {}
    for arg in args:
        name, sep, value = arg.partition("=")
        name = name.strip()
        if not sep or not name:
            raise QueryError(f"parameter {arg!r} must be written NAME=VALUE")
        if name in values:
            raise QueryError(f"parameter {name!r} is given twice")
        values[name] = value
    return values


# --- running -----------------------------------------------------------------------------------


def run(store: Any, name: str, values: Mapping[str, str] | None = None, *,
        queries: Mapping[str, NamedQuery] | None = None) -> Any:
    """Run a named query on a pyoxigraph Store (union default graph); returns its solutions."""
    query = get_query(name, queries)
    return store.query(query.render(values), use_default_graph_as_union=True)


def rows(solutions: Any) -> list[dict[str, str | None]]:
    """pyoxigraph SELECT solutions as plain dicts: IRIs and literal values as strings, unbound
    variables as None (for tests, tables and JSON)."""
    names = [v.value for v in solutions.variables]
    out = []
    for solution in solutions:
        row: dict[str, str | None] = {}
        for name in names:
            term = solution[name]
            row[name] = None if term is None else term.value
        out.append(row)
    return out
