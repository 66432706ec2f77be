"""The browsing commands: `sendgraph authorities|programmes|targets|claims`.

Their evidence objects come from the graph's selectors, and every one of them points at the
exact words: `sendgraph document <snapshot>` text[start:end] == quote. Shapes are checked on the
test plugin's facts (`ours`); the shared extractors' facts are listed too and must obey the
same evidence rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sendgraph.graph import browse
from sendgraph.graph.store import GraphStore
from tests.support.cli import invoke
from tests.support.graph_fixture import FIXTURE, Built, built, ours

__all__ = ["built"]

EVIDENCE_KEYS = {"source_url", "snapshot", "quote", "start", "end", "page"}


def _json(archive: Path, *args: str) -> Any:
    out = invoke(archive, *args, "--format", "json")
    assert out.code == 0, out
    return out.json()


def _by_metric(targets: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {t["metric"]: t for t in targets}


def test_targets_json_shape(built: Built) -> None:
    targets = _by_metric(ours(_json(built.archive, "targets")))
    assert set(targets) == {"new-ehcps", "ehcps-ceased"}
    new = targets["new-ehcps"]
    assert {k: new[k] for k in ("authority", "metric", "comparator", "value", "unit",
                                "period_start", "period_end", "deadline")} == {
        "authority": {"name": "Kingston upon Thames", "gss_code": FIXTURE.kingston},
        "metric": "new-ehcps", "comparator": "at_most", "value": 176, "unit": "count",
        "period_start": "2022-04-01", "period_end": "2023-03-31", "deadline": "2023-03-31"}
    assert new["id"].startswith("target/") and new["iri"].endswith(new["id"])
    (ev,) = new["evidence"]
    assert set(ev) >= EVIDENCE_KEYS
    assert (ev["quote"], ev["snapshot"], ev["page"]) == (FIXTURE.target, built.snaps["minutes"],
                                                         None)
    assert ev["source_url"] == built.snaps["minutes_url"]
    ceased = targets["ehcps-ceased"]
    assert (ceased["comparator"], ceased["value"], ceased["deadline"], ceased["period_start"],
            ceased["metric_text"]) == ("at_least", 300, "2024-03-31", None, FIXTURE.cease_words)


def test_programmes_json_shape(built: Built) -> None:
    (item,) = ours(_json(built.archive, "programmes"))
    assert {k: item[k] for k in ("programme", "authority", "role", "tranche", "period",
                                 "status")} == {
        "programme": "safety-valve",
        "authority": {"name": "Kingston upon Thames", "gss_code": FIXTURE.kingston},
        "role": "member", "tranche": "1", "period": "2020-21", "status": "agreed"}
    assert item["programme_label"] == "Safety Valve"
    assert [e["quote"] for e in item["evidence"]] == [FIXTURE.member]


def test_claims_json_shape_and_one_claim_captured_twice(built: Built) -> None:
    claims = ours(_json(built.archive, "claims"))
    assert len(claims) == 2  # the minutes' and the statement's (the same words, two sources)
    for claim in claims:
        assert {"id", "text", "kind", "speaker", "about", "evidence"} <= set(claim)
        assert (claim["text"], claim["kind"], claim["speaker"]) == (
            FIXTURE.claim, "finding", "Education Committee")
        assert [a["gss_code"] for a in claim["about"]] == [FIXTURE.kingston]
        assert claim["about"][0]["name"] == "Kingston upon Thames"
    statement = next(c for c in claims if len(c["evidence"]) == 2)
    # The statement was re-published with a note on top: one claim, evidence in both captures,
    # each at its own offsets.
    snaps = {e["snapshot"]: e["start"] for e in statement["evidence"]}
    assert set(snaps) == {built.snaps["statement"], built.snaps["statement_updated"]}
    assert snaps[built.snaps["statement_updated"]] > snaps[built.snaps["statement"]]


def test_authorities_json_shape(built: Built) -> None:
    authorities = _json(built.archive, "authorities")
    assert len(authorities) > 150  # the gazetteer's, current and historic
    assert all(set(a) >= {"name", "gss_code", "dfe_la_code", "evidence_count"}
               for a in authorities)
    kingston = next(a for a in authorities if a["gss_code"] == FIXTURE.kingston)
    assert (kingston["name"], kingston["dfe_la_code"]) == ("Kingston upon Thames", "314")
    # every piece of evidence of every fact about Kingston (mentions found by the resolver too)
    store = GraphStore(built.archive, read_only=True)
    facts = [f for listing in (browse.list_targets, browse.list_programmes, browse.list_claims,
                               browse.list_figures, browse.list_mentions)
             for f in listing(store, about=FIXTURE.kingston)]
    assert kingston["evidence_count"] == sum(len(f["evidence"]) for f in facts) >= 7
    names = [a["name"].casefold() for a in authorities]
    assert names == sorted(names)


@pytest.mark.parametrize("command", ["targets", "claims", "programmes"])
def test_every_evidence_quote_is_the_document_text_at_its_offsets(
        built: Built, command: str) -> None:
    items = _json(built.archive, command)
    checked = 0
    texts: dict[str, str] = {}
    for item in items:
        assert item["evidence"], item
        for ev in item["evidence"]:
            if ev["snapshot"] not in texts:
                texts[ev["snapshot"]] = _json(built.archive, "document", ev["snapshot"])["text"]
            assert texts[ev["snapshot"]][ev["start"]:ev["end"]] == ev["quote"]
            checked += 1
    assert checked >= 1


def _concerns_kingston(item: dict[str, Any]) -> bool:
    about = [item["authority"]] if "authority" in item else item["about"]
    return any(a and a["gss_code"] == FIXTURE.kingston for a in about)


@pytest.mark.parametrize("about", [FIXTURE.kingston, "e09000021", "Kingston upon Thames",
                                   "kingston", "Royal Borough of Kingston upon Thames"])
def test_about_takes_a_gss_code_or_a_name(built: Built, about: str) -> None:
    for command in ("targets", "claims", "programmes"):
        everything = _json(built.archive, command)
        filtered = _json(built.archive, command, "--about", about)
        assert filtered == [i for i in everything if _concerns_kingston(i)]
        assert ours(everything) and ours(filtered) == ours(everything)
    (one,) = _json(built.archive, "authorities", "--about", about)
    assert one["gss_code"] == FIXTURE.kingston


def test_about_another_authority_lists_nothing(built: Built) -> None:
    for command in ("targets", "claims", "programmes"):
        assert _json(built.archive, command, "--about", "E09000027") == []  # Richmond


@pytest.mark.parametrize(("about", "message"), [
    ("Atlantis", "no local authority is called 'Atlantis'"),
    ("E09999999", "no authority with GSS code E09999999"),
    ("Sheffield", "matches several authorities"),  # the old and the new GSS code
])
def test_about_unknown_or_ambiguous_is_an_error(built: Built, about: str, message: str) -> None:
    out = invoke(built.archive, "targets", "--about", about)
    assert out.code == 1
    assert message in out.stderr


def test_tables_show_ids_and_sources(built: Built) -> None:
    targets = invoke(built.archive, "targets")
    assert targets.code == 0, targets
    header, *rows = targets.stdout.splitlines()
    assert header.split()[:3] == ["ID", "AUTHORITY", "TARGET"]
    assert len(rows) >= 2 and all(r.startswith("target/") for r in rows)
    for target in ours(_json(built.archive, "targets")):
        assert target["id"] in targets.stdout
    assert "at most 176 new EHCPs" in targets.stdout
    claims = invoke(built.archive, "claims").stdout
    assert "Education Committee" in claims and "claim/" in claims
    programmes = invoke(built.archive, "programmes").stdout
    assert "Safety Valve" in programmes and "member" in programmes
    authorities = invoke(built.archive, "authorities", "--about", "kingston").stdout
    assert authorities.splitlines()[1].split()[:2] == [FIXTURE.kingston, "Kingston"]


@pytest.mark.parametrize("command", ["authorities", "programmes", "targets", "claims", "stats",
                                     "validate"])
def test_no_graph_yet_says_run_extract(tmp_path: Path, command: str) -> None:
    out = invoke(tmp_path / "archive", command)
    assert out.code == 1
    assert "run `sendgraph extract` first" in out.stderr
