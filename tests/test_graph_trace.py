"""`sendgraph trace`: from a fact to the exact words in the exact archived bytes."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest

from sendgraph.archive import Archive
from tests.support.cli import invoke, run
from tests.support.graph_fixture import FIXTURE, Built, built, ours

__all__ = ["built"]


def _trace(archive: Path, *args: str) -> Any:
    out = invoke(archive, "trace", *args, "--format", "json")
    assert out.code == 0, out
    return out.json()


def _citation_id(b: Built) -> str:
    """The blog post's link to the report (a citation the shared `citations` extractor made)."""
    out = invoke(b.archive, "sparql", "SELECT DISTINCT ?c WHERE { ?c a sg:Citation ; "
                 f'sg:anchorText "{FIXTURE.report_anchor}" ; sg:evidence/sg:extractor ?x '
                 'FILTER (STRSTARTS(?x, "citations@")) }', "--format", "json")
    (row,) = out.json()["results"]["bindings"]
    return row["c"]["value"].rsplit("/fact/", 1)[1]


def _traceable(b: Built) -> list[dict[str, Any]]:
    """Every fact trace finds by words: claims, targets, participations (and figures)."""
    from sendgraph.graph import browse
    from sendgraph.graph.store import GraphStore

    store = GraphStore(b.archive, read_only=True)
    return [*browse.list_claims(store), *browse.list_targets(store),
            *browse.list_programmes(store), *browse.list_figures(store)]


def _matching(b: Built, words: str) -> set[str]:
    """The ids trace should offer for `words` (its documented rule, applied to the listings)."""
    needle = words.casefold()
    found = set()
    for fact in _traceable(b):
        texts = [fact.get("text"), fact.get("metric_text"), fact.get("measure"),
                 *(e["quote"] for e in fact["evidence"])]
        if any(needle in t.casefold() for t in texts if t):
            found.add(fact["id"])
    return found


def test_trace_a_fact_from_an_imported_document(built: Built) -> None:
    """The blog post was imported by hand; its link to the report is a citation fact."""
    fact_id = _citation_id(built)
    text = invoke(built.archive, "trace", fact_id)
    assert text.code == 0, text
    data = _trace(built.archive, fact_id)
    (ev,) = data["evidence"]
    # the quote, the source and the snapshot ...
    assert ev["quote"] == FIXTURE.report_anchor
    assert ev["source"]["url"] == FIXTURE.blog_url
    assert ev["source"]["title"] == "Failing, says the committee"
    assert (ev["source"]["publisher"], ev["source"]["authors"], ev["source"]["published"]) == (
        "A Parent's Blog", ["Jane Parent"], "2023-05-02")
    snap = ev["snapshot"]
    assert snap["id"] == built.snaps["blog"]
    assert snap["digest"].startswith("sha256:") and snap["captured"].startswith("20")
    assert (snap["verified"], snap["quotes_anchored"], snap["problems"]) == (True, True, [])
    # ... as JSON and in the text a campaigner reads
    for needle in (f"“{FIXTURE.report_anchor}”", FIXTURE.blog_url, "Failing, says the committee",
                   "Jane Parent", "A Parent's Blog", built.snaps["blog"], snap["digest"],
                   snap["captured"], "Verified  yes", f"characters {ev['start']}–{ev['end']}"):
        assert needle in text.stdout, needle
    document = invoke(built.archive, "document", snap["id"], "--format", "json").json()
    assert document["text"][ev["start"]:ev["end"]] == ev["quote"]
    assert document["text"][:ev["start"]].endswith(ev["prefix"])
    # a citation to paste
    (cite,) = data["citations"]
    assert cite.startswith("Jane Parent, “Failing, says the committee”, A Parent's Blog, "
                           "2023-05-02. https://blog.example.org/2023/05/failing")
    assert f"snapshot {snap['id']}" in cite and "archived bytes verified" in cite
    assert cite in text.stdout
    # and the archived source it links to
    (link,) = [x for x in data["links"] if x["url"] == FIXTURE.report_url]
    assert (link["snapshot"], link["linked_as"]) == (built.snaps["report"],
                                                     FIXTURE.report_anchor)


def test_trace_a_claim_lists_its_other_sources_and_linked_report(built: Built) -> None:
    listed = ours(invoke(built.archive, "claims", "--format", "json").json())
    statement = next(c for c in listed if len(c["evidence"]) == 2)
    minutes = next(c for c in listed if c is not statement)
    data = _trace(built.archive, statement["id"])
    assert data["fact"]["type"] == "claim"
    assert data["fact"]["text"] == FIXTURE.claim
    # one quote per capture of the re-published statement, each anchored in its own bytes
    assert [e["snapshot"]["id"] for e in data["evidence"]] == [
        built.snaps["statement"], built.snaps["statement_updated"]]
    assert all(e["snapshot"]["verified"] and e["snapshot"]["quotes_anchored"]
               for e in data["evidence"])
    assert all(e["quote"] == FIXTURE.claim for e in data["evidence"])
    assert data["evidence"][0]["context"] == (
        f"…ND We read the inquiry report. [{FIXTURE.claim}] We carry a DSG deficit of £12.5…")
    # the same claim in the minutes (and wherever the shared extractors found those words)
    other = next(o for o in data["same_fact_elsewhere"] if o["id"] == minutes["id"])
    assert other["source"]["url"] == built.snaps["minutes_url"]
    assert other["evidence"][0]["quote"] == FIXTURE.claim
    assert statement["id"] not in {o["id"] for o in data["same_fact_elsewhere"]}
    # the statement links to the archived report, whose text carries the same words
    (link,) = [x for x in data["links"] if x["url"] == FIXTURE.report_url]
    assert (link["snapshot"], link["contains_quote"]) == (built.snaps["report"], True)
    text = invoke(built.archive, "trace", statement["id"]).stdout
    assert "Also stated in" in text and built.snaps["minutes_url"] in text
    assert "Support for children with SEND" in text and "contains the quote" in text


@pytest.mark.parametrize("how", ["iri", "id", "hash", "prefix", "words"])
def test_trace_accepts_ids_iris_and_words(built: Built, how: str) -> None:
    (target,) = [t for t in ours(invoke(built.archive, "targets", "--format", "json").json())
                 if t["metric"] == "ehcps-ceased"]
    query = {"iri": target["iri"], "id": target["id"], "hash": target["id"].split("/")[1],
             "prefix": target["id"].split("/")[1][:8],
             "words": FIXTURE.cease_words.upper()}[how]  # words: the plugin's own wording
    data = _trace(built.archive, query)
    assert data["fact"]["id"] == target["id"]
    assert data["fact"]["metric"] == "ehcps-ceased"
    assert data["summary"] == (f"Kingston upon Thames: at least 300 {FIXTURE.cease_words} "
                               "by 2024-03-31")
    assert [e["quote"] for e in data["evidence"]] == [FIXTURE.cease]


@pytest.mark.parametrize("words", ["failing children", "no more than 176", "DSG deficit of"])
def test_words_find_every_fact_whose_text_or_quote_holds_them(built: Built, words: str) -> None:
    expected = _matching(built, words)
    assert len(expected) >= 1
    out = invoke(built.archive, "trace", words, "--format", "json")
    if len(expected) == 1:
        assert out.code == 0, out
        assert {out.json()["fact"]["id"]} == expected
    else:  # several: listed (with their source) and exit 1, asking for an id
        assert out.code == 1, out
        assert {m["id"] for m in out.json()["matches"]} == expected
        text = invoke(built.archive, "trace", words)
        assert text.code == 1 and "give one of their ids" in text.stderr
        assert all(i in text.stderr for i in expected)


def test_several_matches_are_listed_and_exit_1(built: Built) -> None:
    claims = ours(invoke(built.archive, "claims", "--format", "json").json())
    out = invoke(built.archive, "trace", FIXTURE.claim)
    assert out.code == 1
    assert "facts; give one of their ids" in out.stderr
    lines = out.stderr.splitlines()
    for claim in claims:  # each listed with what it says and the source that states it
        at = next(n for n, x in enumerate(lines) if claim["id"] in x)
        assert FIXTURE.claim in lines[at]
        assert lines[at + 1].strip() == f"in {claim['evidence'][0]['source_url']}"


def test_nothing_matches(built: Built) -> None:
    out = invoke(built.archive, "trace", "no such words anywhere")
    assert out.code == 1 and "no fact matches" in out.stderr


def test_trace_reports_bytes_that_no_longer_verify(built: Built, tmp_path: Path) -> None:
    archive = built.copy(tmp_path)
    with Archive(archive) as opened:
        (row,) = [r for r in opened.index.by_snapshot(built.snaps["blog"])
                  if r.type == "resource"]
        warc = opened.warc_dir / row.warc_file
    # Someone edits the archived post: the record is re-compressed at the same offset with one
    # word changed (same length), so it still reads but its digests no longer match.
    data = warc.read_bytes()
    member = gzip.decompress(data[row.offset:row.offset + row.length])
    edited = gzip.compress(member.replace(b"MPs wrote", b"MPs wrotE"))
    warc.write_bytes(data[:row.offset] + edited + data[row.offset + row.length:])
    out = invoke(archive, "trace", _citation_id(built), "--format", "json")
    assert out.code == 4, out
    snap = out.json()["evidence"][0]["snapshot"]
    assert snap["verified"] is False
    assert any("digest mismatch" in p for p in snap["problems"])
    text = invoke(archive, "trace", _citation_id(built))
    assert text.code == 4 and "Verified  NO" in text.stdout
    assert "archived bytes DO NOT verify" in text.stdout


def test_trace_as_a_separate_process(built: Built) -> None:
    """The installed console script, as a campaigner runs it."""
    out = run(built.archive, "trace", _citation_id(built))
    assert out.code == 0, out
    for needle in (f"“{FIXTURE.report_anchor}”", FIXTURE.blog_url, built.snaps["blog"],
                   "Failing, says the committee", "Verified  yes", "Cite as   Jane Parent"):
        assert needle in out.stdout, needle


def test_trace_without_a_graph(tmp_path: Path) -> None:
    out = invoke(tmp_path / "archive", "trace", "anything")
    assert out.code == 1 and "run `sendgraph extract` first" in out.stderr


def test_trace_reads_only_around_the_fact_and_says_the_same(built: Built) -> None:
    """trace's focused projection gives every fact the same "same fact elsewhere" and links
    as the whole projection (which takes minutes on a big archive)."""
    from sendgraph.graph.project import FACT_TYPES, project, project_around
    from sendgraph.graph.rows import select
    from sendgraph.graph.store import GraphStore
    from sendgraph.graph.trace import trace_fact

    store = GraphStore(built.archive, read_only=True)
    whole = project(store)
    classes = " ".join(f"sg:{c}" for c in FACT_TYPES)
    facts = sorted(r["f"] for r in select(store, f"SELECT DISTINCT ?f WHERE {{ VALUES ?c "
                                                 f"{{ {classes} }} ?f a ?c }}"))
    assert len(facts) > 10
    repeated = 0
    for fact in facts:
        focused = trace_fact(store, fact)
        full = trace_fact(store, fact, graph=whole)
        assert focused["same_fact_elsewhere"] == full["same_fact_elsewhere"], fact
        assert focused["links"] == full["links"], fact
        repeated += bool(full["same_fact_elsewhere"])
    assert repeated, "the fixture should state some fact in two sources"
    focused_sizes = [len(project_around(store, fact)) for fact in facts]
    assert all(n < len(whole) for n in focused_sizes)  # no fact needed the whole projection
