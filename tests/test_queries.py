"""Named queries (ontology/queries/*.rq): each runs on the fixture graph in Oxigraph and returns
exactly the expected rows; parameters are validated and can never change a query's shape."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st

from sendgraph.graph.ontology import scheme_files
from sendgraph.graph.queries import (
    PARAM_TYPES,
    NamedQuery,
    QueryError,
    get_query,
    list_queries,
    load_queries,
    parse_param_args,
    parse_query,
    rows,
    run,
    used_params,
)

DATA = Path(__file__).resolve().parent / "data"
ID = "https://w3id.org/sendgraph/id/"
REFERENCE = ID + "graph/reference"

KINGSTON, SURREY = ID + "authority/E09000021", ID + "authority/E10000030"
BRISTOL, BIRMINGHAM = ID + "authority/E06000023", ID + "authority/E08000025"
SV, DBV = ID + "programme/safety-valve", ID + "programme/delivering-better-value"
S1, S2, S3, S5 = (ID + "source/" + h for h in ("164985debbd7de3b", "ece584517b4ce64e",
                                                "97437e85d4614c2f", "5584d64f653a0b7c"))
S1_URL = "https://www.specialneedsjungle.com/safety-valve-councils-promised/"
S2_URL = ("https://www.gov.uk/government/publications/"
          "dedicated-schools-grant-very-high-deficit-intervention")
S3_URL = "https://publications.parliament.uk/pa/cm201919/cmselect/cmeduc/20/20.pdf"
S5_URL = "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25"
S1_TITLE = "Safety Valve: what the councils promised"
SNAP_A, SNAP_B = "2091b70884d15c77", "8e56f64ae87543b0"
DIGEST_A = "sha256:ECI3OCEE2FOHOVW5N5JVQMCK5O37YINSJWZGI36JXSZMIU2IQM7Q===="
DIGEST_B = "sha256:RZLPMSXIOVB3ADR7K5X6PRMSD2TOEOAXURHC2LGC766B7LO5BLSA===="
PARTICIPATION = ID + "fact/participation/c0815cacf77a3abf"
TARGET_250, TARGET_300 = ID + "fact/target/f1fc52916c493cdf", ID + "fact/target/b5e2c0b9f46ca117"
DSG_DEFICIT = ID + "metric/dsg-deficit"

REQUIRED = {"authorities-in-programme", "targets-by-authority", "claims-about-authority",
            "sources-citing", "figures-by-metric", "safety-valve-with-cease-target",
            "evidence-for-fact", "changes-between-captures"}


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    """The fixture as the builder would leave it: its graphs plus the schemes in the reference
    graph."""
    store = pyoxigraph.Store()
    store.load(path=str(DATA / "graph_fixture.trig"), format=pyoxigraph.RdfFormat.TRIG)
    for scheme in scheme_files():
        store.load(scheme.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE,
                   to_graph=pyoxigraph.NamedNode(REFERENCE))
    return store


def select(store: pyoxigraph.Store, name: str, **values: str) -> list[dict[str, str | None]]:
    return rows(run(store, name, values))


def pick(found: list[dict[str, str | None]], *columns: str) -> list[tuple[str | None, ...]]:
    return [tuple(row[c] for c in columns) for row in found]


# --- the shipped queries ---------------------------------------------------------------------

def test_the_shipped_queries_load_with_headers() -> None:
    queries = load_queries()
    assert set(queries) >= REQUIRED
    assert len(queries) >= 8
    assert [q.name for q in list_queries()] == sorted(queries)
    for query in queries.values():
        assert query.description and len(query.description) > 20
        assert query.path == f"ontology/queries/{query.name}.rq"
        for param in query.params:
            assert param.type in PARAM_TYPES and param.description
    assert get_query("targets-by-authority").param_names == ("authority",)
    assert get_query("targets-by-authority").usage() == "targets-by-authority authority=<authority>"


def test_authorities_in_programme(store) -> None:
    found = select(store, "authorities-in-programme", programme="safety-valve")
    assert pick(found, "gss", "name", "role", "tranche", "period", "status", "sources") == [
        ("E06000023", "Bristol", "Member", "3", "2022-23", "", "1"),
        ("E09000021", "Kingston upon Thames", "Member", "1", "2020-21", "Agreed", "2"),
        ("E10000030", "Surrey", "Member", "2", "2021-22", "Agreed", "1"),
    ]
    assert {row["programmeIri"] for row in found} == {SV}
    assert {row["authority"] for row in found} == {BRISTOL, KINGSTON, SURREY}


def test_authorities_in_a_grouping_concept_cover_its_programmes(store) -> None:
    found = select(store, "authorities-in-programme", programme="deficit-support")
    assert pick(found, "name", "programmeIri", "role") == [
        ("Birmingham", DBV, "Member"),
        ("Bristol", DBV, "PotentialInvitee"),
        ("Bristol", SV, "Member"),
        ("Kingston upon Thames", SV, "Member"),
        ("Surrey", SV, "Member"),
    ]
    assert select(store, "authorities-in-programme", programme=SV) == select(
        store, "authorities-in-programme", programme="safety-valve")


def test_targets_by_authority(store) -> None:
    found = select(store, "targets-by-authority", authority="E09000021")
    assert pick(found, "target", "metric", "metricLabel", "metricText", "comparator", "value",
                "unit", "periodStart", "periodEnd", "deadline", "source", "sourceTitle") == [
        (TARGET_250, ID + "metric/ehcps-ceased", "EHCPs ceased", "cease EHCPs", "AtLeast",
         "250", "count", "2021-04-01", "2022-03-31", None, S1, S1_TITLE),
        (TARGET_300, ID + "metric/ehcps-ceased", "EHCPs ceased", "cease EHCPs", "AtLeast",
         "300", "count", "2021-04-01", "2022-03-31", None, S1, S1_TITLE),
    ]
    # lower case and the full IRI name the same authority
    assert select(store, "targets-by-authority", authority="e09000021") == found
    assert select(store, "targets-by-authority", authority=KINGSTON) == found
    assert pick(select(store, "targets-by-authority", authority="E08000025"),
                "value", "deadline") == [("500", "2024-03-31")]
    assert select(store, "targets-by-authority", authority="E06000023") == []


def test_claims_about_authority(store) -> None:
    found = select(store, "claims-about-authority", authority="E09000021")
    assert pick(found, "kind", "text", "speaker", "speakerName", "sourceUrl", "issued") == [
        ("Assertion",
         "Safety Valve councils are being pushed to cut the number of EHCPs they maintain.",
         None, None, S1_URL, "2022-03"),
        ("Quotation", "We remain committed to our safety valve agreement.", KINGSTON,
         "Kingston upon Thames", S1_URL, "2022-03"),
    ]
    assert pick(select(store, "claims-about-authority", authority="E08000025"), "kind") == [
        ("Finding",)]


def test_sources_citing(store) -> None:
    found = select(store, "sources-citing", url=S3_URL)
    assert pick(found, "citing", "citingTitle", "citingUrl", "issued", "anchorText",
                "citedUrl") == [
        (S1, S1_TITLE, S1_URL, "2022-03", "the Education Committee's report", S3_URL)]
    assert pick(select(store, "sources-citing", url=S2_URL), "citing", "anchorText") == [
        (S1, "the DfE's list")]
    assert pick(select(store, "sources-citing", url=S5_URL), "citing") == [(S3,)]
    assert select(store, "sources-citing", url="https://example.org/nothing") == []


def test_figures_by_metric(store) -> None:
    expected = [
        ("1200000000", "GBP", "high needs deficits", None, S3_URL),
        ("1200000000", "GBP", "DSG deficits", None, S1_URL),
        ("140600000", "GBP", "cumulative DSG deficit", "Kingston upon Thames", S2_URL),
    ]
    found = select(store, "figures-by-metric", metric="dsg-deficit")
    assert pick(found, "value", "unit", "measure", "aboutName", "sourceUrl") == expected
    assert {row["figureMetric"] for row in found} == {DSG_DEFICIT}
    # the broader metric finds the narrower one's figures
    assert pick(select(store, "figures-by-metric", metric="deficit"),
                "value", "unit", "measure", "aboutName", "sourceUrl") == expected
    assert select(store, "figures-by-metric", metric="savings") == []


def test_safety_valve_with_cease_target(store) -> None:
    found = select(store, "safety-valve-with-cease-target")
    assert pick(found, "gss", "name", "target", "comparator", "value", "unit", "periodStart",
                "periodEnd", "sourceUrl") == [
        ("E09000021", "Kingston upon Thames", TARGET_250, "AtLeast", "250", "count",
         "2021-04-01", "2022-03-31", S1_URL),
        ("E09000021", "Kingston upon Thames", TARGET_300, "AtLeast", "300", "count",
         "2021-04-01", "2022-03-31", S1_URL),
    ]  # Birmingham's cease target is not Safety Valve; Surrey's target is on new EHCPs


def test_evidence_for_fact(store) -> None:
    found = select(store, "evidence-for-fact", fact=PARTICIPATION)
    exact = ("Kingston upon Thames signed one of the first Safety Valve agreements, in tranche 1 "
             "for 2020-21.")
    assert pick(found, "graph", "snapshotId", "digest", "capturedUrl", "capturedAt", "exact",
                "prefix", "suffix", "start", "end", "page", "extractor", "source") == [
        (ID + f"graph/snapshot/{SNAP_A}", SNAP_A, DIGEST_A, S1_URL, "2024-01-10T09:00:00Z",
         exact, "ve: what the councils promised. ", " Its plan commits the council to",
         "42", "137", None, "participations@1", S1),
        (ID + f"graph/snapshot/{SNAP_B}", SNAP_B, DIGEST_B, S1_URL, "2024-03-10T09:00:00Z",
         exact, "he councils promised (updated). ", " Its revised plan commits the co",
         "52", "147", None, "participations@1", S1),
    ]
    pdf = select(store, "evidence-for-fact", fact=ID + "fact/claim/0b2c1a911ac5998b")
    assert pick(pdf, "page", "snapshotId") == [("3", "4203b8d00c511cf3")]
    assert select(store, "evidence-for-fact", fact=ID + "fact/claim/nope") == []


def test_captures_of_url(store) -> None:
    found = select(store, "captures-of-url", url=S1_URL)
    assert pick(found, "capturedAt", "snapshotId", "digest", "revisit", "status") == [
        ("2024-01-10T09:00:00Z", SNAP_A, DIGEST_A, "false", "200"),
        ("2024-02-10T09:00:00Z", SNAP_A, DIGEST_A, "true", "200"),
        ("2024-03-10T09:00:00Z", SNAP_B, DIGEST_B, "false", "200"),
        ("2024-04-10T09:00:00Z", SNAP_A, DIGEST_A, "true", "200"),
    ]


def test_changes_between_captures(store) -> None:
    found = select(store, "changes-between-captures", url=S1_URL)
    assert pick(found, "fromTime", "fromSnapshot", "fromDigest", "toTime", "toSnapshot",
                "toDigest") == [
        ("2024-02-10T09:00:00Z", SNAP_A, DIGEST_A, "2024-03-10T09:00:00Z", SNAP_B, DIGEST_B),
        ("2024-03-10T09:00:00Z", SNAP_B, DIGEST_B, "2024-04-10T09:00:00Z", SNAP_A, DIGEST_A),
    ]  # the unchanged recapture in February is not a change; the revert in April is
    assert select(store, "changes-between-captures", url=S2_URL) == []


def test_programme_participations(store) -> None:
    assert pick(select(store, "programme-participations"),
                "programme", "programmeLabel", "role", "authorities", "sources") == [
        (DBV, "Delivering Better Value in SEND", "Member", "1", "1"),
        (DBV, "Delivering Better Value in SEND", "PotentialInvitee", "1", "1"),
        (SV, "Safety Valve", "Member", "3", "2"),
    ]


def test_authority_evidence_count(store) -> None:
    # Kingston: 8 facts (the Safety Valve participation found in two captures has 2 evidence)
    assert pick(select(store, "authority-evidence-count"),
                "gss", "name", "facts", "evidenceCount", "sources") == [
        ("E09000021", "Kingston upon Thames", "8", "9", "2"),
        ("E08000025", "Birmingham", "3", "3", "2"),
        ("E10000030", "Surrey", "3", "3", "2"),
        ("E06000023", "Bristol", "2", "2", "2"),
    ]


def test_citation_chain(store) -> None:
    assert pick(select(store, "citation-chain", url=S1_URL),
                "source", "sourceUrl", "captured", "citesOthers") == [
        (S3, S3_URL, "true", "true"),
        (S2, S2_URL, "true", "false"),
        (S5, S5_URL, "false", "false"),   # cited by the report, never captured: the end
    ]
    assert pick(select(store, "citation-chain", url=S3_URL), "source") == [(S5,)]


def test_corroborated_figures(store) -> None:
    found = select(store, "corroborated-figures")
    assert pick(found, "metric", "value", "unit", "sourceCount") == [
        (DSG_DEFICIT, "1200000000", "GBP", "2")]
    assert set(found[0]["sourceUrls"].split()) == {S1_URL, S3_URL}


# --- the same text runs in rdflib ------------------------------------------------------------

EXAMPLES = {
    "authorities-in-programme": {"programme": "deficit-support"},
    "targets-by-authority": {"authority": "E09000021"},
    "claims-about-authority": {"authority": "E09000021"},
    "sources-citing": {"url": S3_URL},
    "figures-by-metric": {"metric": "deficit"},
    "evidence-for-fact": {"fact": PARTICIPATION},
    "captures-of-url": {"url": S1_URL},
    "changes-between-captures": {"url": S1_URL},
    "citation-chain": {"url": S1_URL},
}


def _python(value: object) -> object:
    if isinstance(value, rdflib.Literal):
        value = value.toPython()
    if isinstance(value, float | int) and not isinstance(value, bool):
        return Decimal(str(value))
    return value if isinstance(value, Decimal | bool) or value is None else str(value)


def test_every_query_has_an_example_and_runs_the_same_in_rdflib(store) -> None:
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(DATA / "graph_fixture.trig", format="trig")
    reference = dataset.graph(rdflib.URIRef(REFERENCE))
    for scheme in scheme_files():
        reference.parse(data=scheme.read_text(encoding="utf-8"), format="turtle")
    for query in list_queries():
        values = EXAMPLES.get(query.name, {})
        assert set(values) == set(query.param_names), query.name
        text = query.render(values)
        solutions = store.query(text, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        ours = []
        for solution in solutions:
            row = []
            for name in names:
                term = solution[name]
                if isinstance(term, pyoxigraph.Literal):
                    term = rdflib.Literal(term.value, lang=term.language,
                                          datatype=None if term.language
                                          else term.datatype.value)
                row.append(None if term is None else _python(
                    term if isinstance(term, rdflib.Literal) else term.value))
            ours.append(row)
        result = dataset.query(text)
        theirs = [[_python(r[name]) for name in names] for r in result]
        if query.name == "corroborated-figures":  # GROUP_CONCAT order is unspecified
            for row in ours + theirs:
                row[-1] = sorted(row[-1].split())
        assert ours == theirs, query.name
        assert ours, f"{query.name} returns nothing on the fixture"


# --- parameters --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "values", "words"), [
    ("no-such-query", {}, "no named query 'no-such-query'; known: authorities-in-programme"),
    ("targets-by-authority", {}, "query 'targets-by-authority' needs parameter 'authority'"),
    ("targets-by-authority", {"authority": "E09000021", "year": "2022"},
     "query 'targets-by-authority' has no parameter 'year' (its parameters: authority)"),
    ("safety-valve-with-cease-target", {"authority": "E09000021"},
     "has no parameter 'authority' (its parameters: none)"),
    ("targets-by-authority", {"authority": "Kingston"}, "must be a GSS code such as E09000021"),
    ("targets-by-authority", {"authority": 'E09000021" } #'}, "must be a GSS code"),
    ("targets-by-authority", {"authority": ID + "authority/E0900002"}, "must be a GSS code"),
    ("authorities-in-programme", {"programme": "safety valve"}, "must be a programme slug"),
    ("authorities-in-programme", {"programme": "the-bus-pass"}, "must be a programme slug"),
    ("figures-by-metric", {"metric": "Deficit"}, "must be a metric slug"),
    ("sources-citing", {"url": 'https://x.org/" } ; DROP ALL ; #'}, "must be an absolute URL"),
    ("sources-citing", {"url": "not a url"}, "must be an absolute URL"),
    ("sources-citing", {"url": "/relative/path"}, "must be an absolute URL"),
    ("evidence-for-fact", {"fact": "https://x.org/a> ?p ?o } #"}, "must be an absolute IRI"),
    ("evidence-for-fact", {"fact": "fact/1"}, "must be an absolute IRI"),
])
def test_bad_parameters_are_clear_errors(store, name: str, values: dict[str, str],
                                         words: str) -> None:
    with pytest.raises(QueryError) as caught:
        run(store, name, values)
    assert words in str(caught.value)


ECHO = parse_query("""# name: echo
# description: returns its parameters, to test how values are written into the text
# param: text (string) any text
# param: n (integer) a whole number
# param: d (decimal) a decimal
# param: day (date) a date
SELECT ?text2 ?n2 ?d2 ?day2 ?quoted WHERE {
  # a comment mentioning $text is left alone
  BIND ($text AS ?text2) BIND ($n AS ?n2) BIND ($d AS ?d2) BIND ($day AS ?day2)
  BIND ("$text in a string" AS ?quoted)
}
""", "echo.rq")


def _echo(values: dict[str, str], *, engine: str) -> dict[str, object]:
    text = ECHO.render(values)
    if engine == "oxigraph":
        solution = next(iter(pyoxigraph.Store().query(text)))
        return {k: solution[k].value for k in ("text2", "n2", "d2", "day2", "quoted")}
    row = next(iter(rdflib.Graph().query(text)))
    return {k: str(row[k]) for k in ("text2", "n2", "d2", "day2", "quoted")}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_values_are_written_as_terms(engine: str) -> None:
    got = _echo({"text": 'say "hi" \\ bye\n}', "n": "-7", "d": "12.50", "day": "2023-03-31"},
                engine=engine)
    assert got["text2"] == 'say "hi" \\ bye\n}'
    assert got["n2"] == "-7" and Decimal(str(got["d2"])) == Decimal("12.5")
    assert got["day2"] == "2023-03-31"
    assert got["quoted"] == "$text in a string"
    rendered = ECHO.render({"text": "x", "n": "1", "d": "1", "day": "2020-01-01"})
    assert "# a comment mentioning $text is left alone" in rendered
    assert '"x"' in rendered and "<http://www.w3.org/2001/XMLSchema#integer>" in rendered


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_any_text_round_trips_through_a_query(text: str) -> None:
    """No string can break out of its literal: the query always returns the text itself."""
    values = {"text": text, "n": "0", "d": "0", "day": "2020-01-01"}
    assert _echo(values, engine="oxigraph")["text2"] == text
    assert _echo(values, engine="rdflib")["text2"] == text


@pytest.mark.parametrize(("type_", "value", "ok"), [
    ("integer", "12", True), ("integer", "1.5", False), ("integer", "1e3", False),
    ("decimal", "-0.5", True), ("decimal", "NaN", False), ("decimal", "1,000", False),
    ("date", "2023-02-28", True), ("date", "2023-02-30", False), ("date", "2023", False),
    ("iri", "urn:x:1", True), ("iri", "https://a.b/c d", False), ("iri", "https://a/{x}", False),
    ("url", "file:///tmp/a.pdf", True), ("url", "https://a.b/\u0000", False),
    ("authority", " E10000030 ", True), ("authority", "W06000001", False),
    ("programme", "send-commissioner", True), ("metric", "new-ehcps", True),
    ("metric", "https://example.org/my-metric", True),
])
def test_parameter_types(type_: str, value: str, ok: bool) -> None:
    if ok:
        PARAM_TYPES[type_](value)
    else:
        with pytest.raises(ValueError):
            PARAM_TYPES[type_](value)


# --- malformed query files -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "words"), [
    ("SELECT * WHERE { ?s ?p ?o }", "needs exactly one '# name: <lower-case-slug>' header"),
    ("# name: x\nSELECT * WHERE { ?s ?p ?o }", "needs one '# description: ...' header"),
    ("# name: x\n# description: d\nSELECT * WHERE { ?s ?p $o }",
     "uses $o but declares no '# param: o (TYPE) ...'"),
    ("# name: x\n# description: d\n# param: o (iri) thing\nSELECT * WHERE { ?s ?p ?q }",
     "declares param 'o' but never uses $o"),
    ("# name: x\n# description: d\n# param: o (iri) thing\nSELECT ?o WHERE { ?s ?p $o . ?o ?p ?s }",
     "uses ?o as well as the parameter $o"),
    ("# name: x\n# description: d\n# param: o (colour) thing\nSELECT * WHERE { ?s ?p $o }",
     "unknown type 'colour'"),
    ("# name: x\n# description: d\n# param: o thing\nSELECT * WHERE { ?s ?p $o }",
     "bad param header"),
    ("# name: x\n# description: d\n# author: me\nSELECT * WHERE { ?s ?p ?o }",
     "unknown header 'author'"),
])
def test_malformed_query_files_are_refused(text: str, words: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text, "x.rq")
    assert words in str(caught.value)
    assert str(caught.value).startswith("x.rq: ")


def test_file_name_must_match_the_query_name(tmp_path: Path) -> None:
    (tmp_path / "one.rq").write_text("# name: two\n# description: d\nASK {}\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"name the file two\.rq"):
        load_queries(tmp_path)
    (tmp_path / "one.rq").rename(tmp_path / "two.rq")
    assert list(load_queries(tmp_path)) == ["two"]


def test_description_continues_on_indented_lines() -> None:
    query = parse_query("# name: x\n# description: first part\n#   and the rest\n"
                        "# param: a (string) the\n#   thing\n\nSELECT ?b WHERE { BIND($a AS ?b) }",
                        "x.rq")
    assert query.description == "first part and the rest"
    assert query.params[0].description == "the thing"
    assert isinstance(query, NamedQuery)


def test_used_params_skips_strings_iris_and_comments() -> None:
    text = ('SELECT * WHERE { ?s <http://x/$no> "$no" . ?s ?p $yes } # $no\n'
            "FILTER('''$no''' != $also)")
    assert used_params(text) == ["yes", "also"]


def test_parse_param_args() -> None:
    assert parse_param_args(["authority=E09000021", "url=https://a/b?c=d"]) == {
        "authority": "E09000021", "url": "https://a/b?c=d"}
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_param_args(["authority"])
    with pytest.raises(QueryError, match="given twice"):
        parse_param_args(["a=1", "a=2"])
