"""`sendgraph sparql`: ad-hoc queries, the named queries by name, read-only unless --update."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sendgraph.cli.graph_cmds import query_form
from sendgraph.cli.main import cli
from sendgraph.graph import iris
from sendgraph.graph.queries import list_queries
from tests.support.cli import invoke
from tests.support.graph_fixture import FIXTURE, PLUGIN_EXTRACTOR, Built, built, ours

__all__ = ["built"]

SG = "https://w3id.org/sendgraph/ns#"
KINGSTON = "https://w3id.org/sendgraph/id/authority/E09000021"


def _rows(out: Any) -> list[dict[str, str]]:
    """W3C SPARQL JSON results as {variable: value}."""
    data = out.json()
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def _named(archive: Path, name: str, *params: str) -> list[dict[str, str]]:
    args = [a for p in params for a in ("--param", p)]
    out = invoke(archive, "sparql", "--name", name, *args, "--format", "json")
    assert out.code == 0, out
    return _rows(out)


def _plugin_fact(archive: Path, cls: str, where: str = "") -> str:
    """The one fact of class `cls` the test plugin emitted that matches `where`."""
    out = invoke(archive, "sparql", f"SELECT ?f WHERE {{ ?f a sg:{cls} ; sg:evidence/sg:extractor "
                 f'"{PLUGIN_EXTRACTOR}" {where} }}', "--format", "json")
    assert out.code == 0, out
    (row,) = {r["f"] for r in _rows(out)}
    return row


# What each named query returns on the fixture (docs/GRAPH-MODEL.md lists them): at least the
# rows the test plugin's facts and the fixture's documents and links make. (The shared
# extractors add facts of their own, which these checks neither expect nor forbid.) A test
# below fails if a query is added without an entry here.
def _has(rows: list[dict[str, str]], **wanted: str) -> dict[str, str]:
    found = [r for r in rows if all(r.get(k) == v for k, v in wanted.items())]
    assert found, f"no row with {wanted} in {rows}"
    return found[0]


def _expect_authorities_in_programme(b: Built, rows: list[dict[str, str]]) -> None:
    _has(rows, gss=FIXTURE.kingston, name="Kingston upon Thames", role="Member", tranche="1",
         period="2020-21", status="Agreed")


def _expect_authority_evidence_count(b: Built, rows: list[dict[str, str]]) -> None:
    first = rows[0]
    assert first["gss"] == FIXTURE.kingston and int(first["facts"]) >= 7
    kingston = invoke(b.archive, "authorities", "--about", FIXTURE.kingston, "--format", "json")
    assert int(first["evidenceCount"]) == kingston.json()[0]["evidence_count"]
    assert int(first["sources"]) >= 2  # the minutes and the statement
    assert len(rows) > 150


def _expect_captures_of_url(b: Built, rows: list[dict[str, str]]) -> None:
    assert [r["snapshotId"] for r in rows] == [b.snaps["statement"],
                                               b.snaps["statement_updated"]]
    assert rows[0]["capturedAt"] < rows[1]["capturedAt"]


def _expect_changes_between_captures(b: Built, rows: list[dict[str, str]]) -> None:
    (row,) = rows
    assert (row["fromSnapshot"], row["toSnapshot"]) == (b.snaps["statement"],
                                                        b.snaps["statement_updated"])


def _expect_citation_chain(b: Built, rows: list[dict[str, str]]) -> None:
    report, guidance = iris.source(FIXTURE.report_url), iris.source(FIXTURE.guidance_url)
    _has(rows, source=report, captured="true", title="Support for children with SEND")
    _has(rows, source=guidance, captured="false")


def _expect_claims_about_authority(b: Built, rows: list[dict[str, str]]) -> None:
    plugin_claims = {c["iri"] for c in ours(invoke(b.archive, "claims", "--format", "json"
                                                   ).json())}
    assert len(plugin_claims) == 2
    assert plugin_claims <= {r["claim"] for r in rows}


def _expect_corroborated_figures(b: Built, rows: list[dict[str, str]]) -> None:
    row = _has(rows, metric=f"{iris.ID}metric/dsg-deficit", value="12500000", unit="GBP")
    assert int(row["sourceCount"]) >= 2
    assert {b.snaps["minutes_url"], b.snaps["statement_url"]} <= set(row["sourceUrls"].split())


def _expect_evidence_for_fact(b: Built, rows: list[dict[str, str]]) -> None:
    assert [r["snapshotId"] for r in rows] == [b.snaps["statement"],
                                               b.snaps["statement_updated"]]
    assert {r["exact"] for r in rows} == {FIXTURE.claim}
    assert {r["graph"].rsplit("/", 1)[-1] for r in rows} == {
        b.snaps["statement"], b.snaps["statement_updated"]}


def _expect_figures_by_metric(b: Built, rows: list[dict[str, str]]) -> None:
    for url in (b.snaps["minutes_url"], b.snaps["statement_url"]):
        _has(rows, sourceUrl=url, value="12500000", unit="GBP", about=KINGSTON,
             figureMetric=f"{iris.ID}metric/dsg-deficit")


def _expect_programme_participations(b: Built, rows: list[dict[str, str]]) -> None:
    _has(rows, programme=f"{iris.ID}programme/safety-valve", role="Member", authorities="1")


def _expect_safety_valve_with_cease_target(b: Built, rows: list[dict[str, str]]) -> None:
    _has(rows, gss=FIXTURE.kingston, comparator="AtLeast", value="300", deadline="2024-03-31",
         sourceUrl=b.snaps["minutes_url"])


def _expect_sources_citing(b: Built, rows: list[dict[str, str]]) -> None:
    _has(rows, citingUrl=FIXTURE.blog_url, anchorText=FIXTURE.report_anchor,
         citedUrl=FIXTURE.report_url)
    _has(rows, citingUrl=b.snaps["statement_url"], anchorText="the inquiry report")


def _expect_targets_by_authority(b: Built, rows: list[dict[str, str]]) -> None:
    _has(rows, metric=f"{iris.ID}metric/new-ehcps", comparator="AtMost", value="176",
         unit="count", periodStart="2022-04-01", periodEnd="2023-03-31")
    _has(rows, metric=f"{iris.ID}metric/ehcps-ceased", metricText=FIXTURE.cease_words,
         comparator="AtLeast", value="300", deadline="2024-03-31")


NAMED: dict[str, tuple[tuple[str, ...], Any]] = {
    "authorities-in-programme": (("programme=safety-valve",), _expect_authorities_in_programme),
    "authority-evidence-count": ((), _expect_authority_evidence_count),
    "captures-of-url": (("url={statement_url}",), _expect_captures_of_url),
    "changes-between-captures": (("url={statement_url}",), _expect_changes_between_captures),
    "citation-chain": ((f"url={FIXTURE.blog_url}",), _expect_citation_chain),
    "claims-about-authority": ((f"authority={FIXTURE.kingston}",),
                               _expect_claims_about_authority),
    "corroborated-figures": ((), _expect_corroborated_figures),
    "evidence-for-fact": (("fact={statement_claim}",), _expect_evidence_for_fact),
    "figures-by-metric": (("metric=deficit",), _expect_figures_by_metric),
    "programme-participations": ((), _expect_programme_participations),
    "safety-valve-with-cease-target": ((), _expect_safety_valve_with_cease_target),
    "sources-citing": ((f"url={FIXTURE.report_url}",), _expect_sources_citing),
    "targets-by-authority": ((f"authority={FIXTURE.kingston}",), _expect_targets_by_authority),
}


def test_every_named_query_has_an_expectation() -> None:
    assert sorted(q.name for q in list_queries()) == sorted(NAMED)


@pytest.mark.parametrize("name", sorted(NAMED))
def test_named_query_runs_by_name_and_returns_the_expected_rows(built: Built, name: str) -> None:
    params, expect = NAMED[name]
    statement_claim = _plugin_fact(built.archive, "Claim",
                                   f"; sg:statedIn/schema:url <{built.snaps['statement_url']}>")
    values = [p.format(statement_url=built.snaps["statement_url"],
                       statement_claim=statement_claim) for p in params]
    expect(built, _named(built.archive, name, *values))


def test_list_names_every_query_with_its_parameters(built: Built) -> None:
    listed = invoke(built.archive, "sparql", "--list", "--format", "json")
    assert listed.code == 0, listed
    by_name = {q["name"]: q for q in listed.json()}
    assert sorted(by_name) == sorted(NAMED)
    assert by_name["targets-by-authority"]["params"] == [
        {"name": "authority", "type": "authority",
         "description": "GSS code of the authority, e.g. E09000021, or its IRI"}]
    table = invoke(built.archive, "sparql", "--list")
    assert "targets-by-authority" in table.stdout and "authority=<authority>" in table.stdout


def test_the_example_from_the_docs(built: Built) -> None:
    out = invoke(built.archive, "sparql", "--name", "targets-by-authority",
                 "--param", "authority=E09000021")
    assert out.code == 0, out
    assert "sgm:new-ehcps" in out.stdout and "AtMost" in out.stdout


@pytest.mark.parametrize(("params", "message"), [
    ((), "needs parameter 'authority'"),
    (("authority=Kingston",), "must be a GSS code"),
    (("authority=E09000021", "colour=red"), "has no parameter 'colour'"),
    (("authority",), "must be written NAME=VALUE"),
])
def test_named_query_parameter_errors_are_usage_errors(
        built: Built, params: tuple[str, ...], message: str) -> None:
    args = [a for p in params for a in ("--param", p)]
    out = invoke(built.archive, "sparql", "--name", "targets-by-authority", *args)
    assert out.code == 2, out
    assert message in out.stderr


def test_unknown_named_query(built: Built) -> None:
    out = invoke(built.archive, "sparql", "--name", "no-such-query")
    assert out.code == 2 and "no named query 'no-such-query'" in out.stderr


def test_query_as_text_file_or_stdin_in_each_format(built: Built, tmp_path: Path) -> None:
    query = ("SELECT ?t ?v WHERE { ?t a sg:Target ; sg:value ?v ; sg:evidence/sg:extractor "
             f'"{PLUGIN_EXTRACTOR}" }} ORDER BY ?v')
    file = tmp_path / "q.rq"
    file.write_text(query, encoding="utf-8")
    as_json = invoke(built.archive, "sparql", query, "--format", "json")
    assert [r["v"] for r in _rows(as_json)] == ["176", "300"]
    assert invoke(built.archive, "sparql", file, "--format", "json").json() == as_json.json()
    piped = CliRunner().invoke(cli, ["--archive", str(built.archive), "sparql", "-",
                                     "--format", "csv"], input=query)
    assert piped.exit_code == 0, piped.output
    rows = list(csv.DictReader(io.StringIO(piped.stdout)))
    assert [r["v"] for r in rows] == ["176", "300"]
    table = invoke(built.archive, "sparql", query)
    assert table.stdout.splitlines()[0].split() == ["t", "v"]
    assert "sgid:fact/target/" in table.stdout  # IRIs shortened with the usual prefixes


def test_ask_and_construct(built: Built) -> None:
    ask = invoke(built.archive, "sparql", "ASK { ?c a sg:Claim }")
    assert (ask.code, ask.stdout.strip()) == (0, "true")
    assert invoke(built.archive, "sparql", "ASK { ?c a sg:Claim }", "--format", "json"
                  ).json() == {"head": {}, "boolean": True}
    construct = invoke(built.archive, "sparql",
                       "CONSTRUCT { ?t sg:value ?v } WHERE { ?t a sg:Target ; sg:value ?v }")
    assert construct.code == 0, construct
    assert "@prefix sg:" in construct.stdout
    assert 'sg:value "176"^^xsd:decimal' in construct.stdout


def test_bad_sparql_reports_the_parser_error(built: Built) -> None:
    out = invoke(built.archive, "sparql", "SELECT ?x WHERE { ?x a }")
    assert out.code == 1
    assert "invalid SPARQL" in out.stderr and "error at 1:" in out.stderr


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "PREFIX ex: <urn:x:>\nDELETE WHERE { ?s sg:text ?t }",
    "# a comment\nCLEAR ALL",
    "DROP GRAPH <https://w3id.org/sendgraph/id/graph/reference>",
    "LOAD <http://example.org/data.ttl>",
])
def test_updates_are_refused_without_the_flag(built: Built, update: str) -> None:
    before = invoke(built.archive, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                    "--format", "json").json()
    out = invoke(built.archive, "sparql", update)
    assert out.code == 2, out
    assert "read-only" in out.stderr and "--update" in out.stderr
    after = invoke(built.archive, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                   "--format", "json").json()
    assert after == before


def test_update_with_the_flag_changes_the_graph(built: Built, tmp_path: Path) -> None:
    archive = built.copy(tmp_path)
    out = invoke(archive, "sparql", "--update",
                 "INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> sg:text 'added' } }")
    assert out.code == 0, out
    found = invoke(archive, "sparql", "SELECT ?t WHERE { <urn:x:a> sg:text ?t }",
                   "--format", "json")
    assert [r["t"] for r in _rows(found)] == ["added"]


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("PREFIX ex: <http://example.org/insert#>\nselect ?s { ?s ex:delete ?o }", "select"),
    ('SELECT ?s WHERE { ?s sg:text "INSERT DATA" }  # DELETE in a comment', "select"),
    ("SELECT ?insert WHERE { ?insert ?p ?o }", "select"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "construct"),
    ("ASK { ?s ?p ?o }", "ask"),
    ("DESCRIBE <urn:x>", "describe"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "update"),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update"),
    ("BASE <http://x/> PREFIX a: <b> DROP ALL", "update"),
    ("nonsense", None),
])
def test_query_form(text: str, form: str | None) -> None:
    assert query_form(text) == form


def test_sparql_usage_errors(built: Built) -> None:
    assert invoke(built.archive, "sparql").code == 2
    assert invoke(built.archive, "sparql", "ASK {}", "--name", "corroborated-figures").code == 2
    assert invoke(built.archive, "sparql", "ASK {}", "--param", "a=b").code == 2
    assert invoke(built.archive, "sparql", "--list", "--name", "x").code == 2
