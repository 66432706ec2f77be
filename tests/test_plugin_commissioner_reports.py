"""`commissioner-reports` end to end: a gov.uk-like fixture site on 127.0.0.1 (Search API,
Content API, GOV.UK Frontend pages, reportlab PDFs), `sendgraph crawl`, `sendgraph extract`,
and the graph read back through `sendgraph sparql` and the browsing commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from tests.support.cli import invoke
from tests.support.govuk_site import (
    Attachment,
    GovUkSite,
    Publication,
    html_publication,
    pdf_attachment,
)
from tests.support.http_server import LocalSite

QUICK = ("--delay", "0")
PLUGIN = "commissioner-reports"
BIRMINGHAM = "/government/publications/birmingham-send-commissioner-report"


def birmingham() -> Publication:
    report = pdf_attachment("Report of the SEND Commissioner for Birmingham",
                            "birmingham-send-commissioner-report", [
        ["# Report of the SEND Commissioner for Birmingham", "February 2023",
         "The Secretary of State for Education asked the commissioner to review special "
         "educational needs and disabilities services in the city and to advise on their "
         "future."],
        ["# Findings",
         "Birmingham City Council completed only 14% of new EHC plans within 20 weeks in 2022.",
         "Families told the commissioner that they had waited more than a year for an "
         "assessment."],
        ["# Recommendations",
         "The council should appoint a permanent director for SEND by September 2023.",
         "The council must issue at least 60% of new EHC plans within 20 weeks by March 2024."],
    ], dated="2023-02-14")
    response = Attachment(
        "Secretary of State's response to the commissioner's report",
        BIRMINGHAM + "/secretary-of-states-response",
        html_publication("Secretary of State's response to the commissioner's report", [
            "# 1. Summary",
            "The department accepts the commissioner's recommendations in full.",
            "# 2. Next steps",
            "The commissioner will report again on progress in six months."]),
        content_type="text/html", attachment_type="html")
    return Publication(
        path=BIRMINGHAM, title="Birmingham: SEND Commissioner's report",
        description="The SEND Commissioner's report on special educational needs and "
                    "disabilities services in Birmingham, and the department's response.",
        first_published_at="2023-05-16T09:30:00.000+01:00",
        public_updated_at="2023-09-05T14:00:00.000+01:00",
        change_history=[
            ("2023-09-05T14:00:00.000+01:00",
             "Added the Secretary of State's response to Birmingham City Council & the "
             "commissioner."),
            ("2023-05-16T09:30:00.000+01:00", "First published.")],
        body="<p>The Secretary of State appointed a SEND Commissioner for Birmingham City "
             "Council in 2022.</p><p>This page publishes the commissioner's report.</p>",
        attachments=[report, response])


def direction() -> Publication:
    notice = pdf_attachment("Direction issued to Sandwell Council", "sandwell-send-direction", [
        ["# Direction issued to Sandwell Council",
         "The Secretary of State directs Sandwell Council to cooperate with the SEND "
         "Commissioner and to act on the commissioner's advice."]], dated="2024-01-22")
    return Publication(
        path="/government/publications/send-statutory-direction-sandwell-council",
        title="SEND statutory direction: Sandwell Council",
        description="A direction about special educational needs and disabilities services.",
        first_published_at="2024-01-25T10:00:00.000+00:00",
        public_updated_at="2024-01-25T10:00:00.000+00:00",
        change_history=[("2024-01-25T10:00:00.000+00:00", "First published.")],
        body="<p>The Secretary of State issued a statutory direction to Sandwell Council "
             "about its SEND services.</p>",
        attachments=[notice], document_type="notice", caption="Notice")


def terms() -> Publication:
    tor = pdf_attachment("Terms of reference", "send-commissioner-terms-of-reference", [
        ["# Terms of reference", "The commissioner will review SEND services and report "
         "to the Secretary of State within six months."]])
    return Publication(
        path="/government/publications/send-commissioner-terms-of-reference",
        title="SEND commissioner: terms of reference",
        description="What the SEND commissioner is asked to do.",
        first_published_at="2022-11-10T12:00:00.000+00:00",
        public_updated_at="2022-11-10T12:00:00.000+00:00",
        change_history=[("2022-11-10T12:00:00.000+00:00", "First published.")],
        body="<p>The terms of reference for the SEND commissioner.</p>",
        attachments=[tor], document_type="correspondence", caption="Correspondence")


@pytest.fixture
def gov(site: LocalSite) -> GovUkSite:
    gov = GovUkSite(site)
    for pub in (birmingham(), direction(), terms()):
        gov.publish(pub)
    return gov


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return tmp_path / "archive"


def crawl(archive: Path, gov: GovUkSite, *args: str) -> tuple[int, dict[str, Any]]:
    out = invoke(archive, "crawl", PLUGIN, *gov.settings(), *QUICK, *args, "--format", "json")
    (report,) = out.json()
    return out.code, report


def sparql(archive: Path, *args: str) -> list[dict[str, str]]:
    out = invoke(archive, "sparql", *args, "--format", "json")
    assert out.code == 0, out
    return [{k: v["value"] for k, v in b.items()} for b in out.json()["results"]["bindings"]]


def _paths(site: LocalSite) -> list[str]:
    return [r.path for r in site.requests if r.path != "/robots.txt"]


def test_listed_in_sources_with_its_metadata(archive: Path) -> None:
    out = invoke(archive, "sources", "--format", "json")
    assert out.code == 0, out
    info = {s["id"]: s for s in out.json()}[PLUGIN]
    assert info["kind"] == "commissioner_report"
    assert info["publisher"] == "Department for Education"
    assert info["hosts"] == ["www.gov.uk", "assets.publishing.service.gov.uk"]
    assert info["expected"] == {"publications": 2, "documents": 2}


def test_crawl_discovers_through_the_apis_and_the_graph_shows_dates_and_changes(
        site: LocalSite, gov: GovUkSite, archive: Path) -> None:
    code, report = crawl(archive, gov)
    assert code == 0, report
    assert report["status"] == "ok" and report["warnings"] == []
    assert report["found"] == {"publications": 3, "documents": 7}
    # search page + 3 Content API items + 3 HTML pages + 3 PDFs + 1 HTML publication
    assert report["counts"] == {"new": 11}
    (search,) = [r for r in site.requests if r.path == "/api/search.json"]
    query = parse_qs(search.query)
    assert query["q"] == ["SEND commissioner"]
    assert query["filter_organisations"] == ["department-for-education"]
    assert "independent_report" in query["filter_content_store_document_type"]
    listed = {r["url"]: r for r in invoke(archive, "archive", "ls", "--format",
                                          "json").json()}
    api = gov.base + "/api/content" + BIRMINGHAM
    pdf = next(u for u in listed if u.endswith("birmingham-send-commissioner-report.pdf"))
    assert pdf.startswith(gov.assets)  # the attachment host, like assets.publishing.service
    assert listed[api]["content_type"].startswith("application/json")
    assert listed[gov.base + BIRMINGHAM + "/secretary-of-states-response"]["status"] == 200

    assert invoke(archive, "extract").code == 0
    # Dates: gov.uk's own for the page ("published in May, edited since"), the PDF's for it
    # ("dated February").
    dates = {r["url"]: (r["issued"], r.get("modified")) for r in sparql(archive, """
        SELECT DISTINCT ?url ?issued ?modified WHERE {
          ?s a sg:Source ; schema:url ?url ; dcterms:issued ?issued .
          OPTIONAL { ?s dcterms:modified ?modified } }""")}
    assert dates[gov.base + BIRMINGHAM] == ("2023-05-16", "2023-09-05")
    assert dates[pdf][0] == "2023-02-14"
    # The change history: an assertion by the DfE per note, quoting the archived JSON.
    claims = invoke(archive, "claims", "--about", "Birmingham", "--format", "json").json()
    (edit,) = [c for c in claims if c["text"].startswith("Added the Secretary")]
    assert edit["kind"] == "assertion" and edit["speaker"] == "Department for Education"
    assert edit["text"].endswith("Birmingham City Council & the commissioner.")
    stamp, note = edit["evidence"]
    assert {stamp["source_url"], note["source_url"]} == {api}
    assert stamp["quote"] == "2023-09-05T14:00:00.000+01:00"
    assert note["quote"].endswith("City Council \\u0026 the commissioner.")  # as archived
    assert note["extractor"] == "commissioner-reports@1"
    # PDF page numbers travel with the evidence of what the shared extractors found.
    targets = invoke(archive, "targets", "--format", "json").json()
    (timeliness,) = [t for t in targets if t["metric"] == "ehcp-timeliness"
                     and t["evidence"][0]["source_url"] == pdf]
    assert timeliness["value"] == 60 and timeliness["evidence"][0]["page"] == 3
    # The JSON record links its page and files: the graph connects them.
    citing = sparql(archive, "--name", "sources-citing", "--param", f"url={pdf}")
    assert (api, "Report of the SEND Commissioner for Birmingham") in {
        (r["citingUrl"], r["anchorText"]) for r in citing}


def test_recrawl_is_conditional_and_an_edit_becomes_a_second_capture(
        site: LocalSite, gov: GovUkSite, archive: Path) -> None:
    assert crawl(archive, gov)[0] == 0
    assert invoke(archive, "extract").code == 0
    before = invoke(archive, "archive", "stats", "--format", "json").json()["records_by_type"]

    site.clear_log()
    code, again = crawl(archive, gov)
    assert code == 0, again
    assert again["counts"] == {"not_modified": 11}
    assert all(r.header("if-none-match") for r in site.requests if r.path != "/robots.txt")
    after = invoke(archive, "archive", "stats", "--format", "json").json()["records_by_type"]
    assert after["response"] == before["response"]  # nothing new stored, only revisits
    assert after["revisit"] == before.get("revisit", 0) + 11 + 2  # and both robots.txt
    assert "0 snapshot(s) extracted" in invoke(archive, "extract").stdout

    pub = gov.publications[BIRMINGHAM]  # gov.uk edits the publication
    pub.public_updated_at = "2024-02-01T11:00:00.000+00:00"
    pub.change_history.insert(0, ("2024-02-01T11:00:00.000+00:00",
                                  "Added the commissioner's progress report."))
    pub.body += "<p>The commissioner reported on progress in January 2024.</p>"
    code, edited = crawl(archive, gov)
    assert code == 0, edited
    # Its JSON, its HTML page and the search answer that lists its new date; nothing else.
    assert edited["counts"] == {"new": 3, "not_modified": 8}
    extracted = invoke(archive, "extract", "--format", "json").json()
    assert extracted["extracted"] == 3

    api = gov.base + "/api/content" + BIRMINGHAM
    history = invoke(archive, "archive", "ls", "--url", api, "--format", "json").json()
    assert [c["capture"] for c in history] == ["new", "not-modified", "new"]
    (change,) = sparql(archive, "--name", "changes-between-captures", "--param", f"url={api}")
    assert change["fromSnapshot"] == history[0]["snapshot"]
    assert change["toSnapshot"] == history[2]["snapshot"]
    # Both versions are snapshots of the one source; the new note is in the graph, quoted
    # from the new snapshot, and the old notes are backed by both.
    versions = sparql(archive, f"""
        SELECT ?id WHERE {{ ?snap prov:specializationOf ?src ; sg:snapshotId ?id .
                           ?src schema:url <{api}> }} ORDER BY ?id""")
    assert sorted(v["id"] for v in versions) == sorted([history[0]["snapshot"],
                                                        history[2]["snapshot"]])
    claims = {c["text"]: c for c in invoke(archive, "claims", "--format", "json").json()
              if c["evidence"][0]["source_url"] == api}
    new = claims["Added the commissioner's progress report."]
    assert {e["snapshot"] for e in new["evidence"]} == {history[2]["snapshot"]}
    first = claims["First published."]
    assert {e["snapshot"] for e in first["evidence"]} == {history[0]["snapshot"],
                                                          history[2]["snapshot"]}
    dates = sparql(archive, f"""
        SELECT DISTINCT ?modified WHERE {{ ?s schema:url <{gov.base + BIRMINGHAM}> ;
                                 dcterms:modified ?modified }}""")
    assert [d["modified"] for d in dates] == ["2024-02-01"]


def test_since_max_and_url_narrow_the_crawl(site: LocalSite, gov: GovUkSite,
                                            archive: Path) -> None:
    code, report = crawl(archive, gov, "--since", "2023-06-01")
    assert code == 0, report
    assert report["warnings"] == []  # fewer, because asked for fewer
    assert report["found"]["publications"] == 2
    (search,) = [r for r in site.requests if r.path == "/api/search.json"]
    assert parse_qs(search.query)["filter_public_timestamp"] == ["from:2023-06-01"]
    assert not any("terms-of-reference" in p for p in _paths(site))

    site.clear_log()
    code, report = crawl(archive, gov, "--max", "1", "--fresh")
    assert code == 0 and report["found"]["publications"] == 1
    assert sum(p.startswith("/api/content/") for p in _paths(site)) == 1

    hidden = gov.publish(Publication(
        path="/government/publications/send-commissioner-review-liverpool",
        title="SEND commissioner's review: Liverpool", description="A review.",
        first_published_at="2021-07-01T09:00:00.000+01:00",
        public_updated_at="2021-07-01T09:00:00.000+01:00",
        change_history=[("2021-07-01T09:00:00.000+01:00", "First published.")],
        body="<p>The review of SEND services in Liverpool.</p>"), searchable=False)
    site.clear_log()
    code, report = crawl(archive, gov, "--url", gov.base + hidden.path)
    assert code == 0, report
    assert "/api/search.json" not in _paths(site)  # given URLs only
    assert _paths(site) == ["/api/content" + hidden.path, hidden.path]


def test_thin_search_results_warn_loudly(site: LocalSite, archive: Path) -> None:
    gov = GovUkSite(site)
    gov.publish(direction())
    out = invoke(archive, "crawl", PLUGIN, *gov.settings(), *QUICK)
    assert out.code == 0, out
    assert ("WARNING commissioner-reports: found only 1 publications, expected at least 2"
            in out.stderr)


def test_changed_search_api_fails_naming_the_page_and_the_field(
        site: LocalSite, gov: GovUkSite, archive: Path) -> None:
    site.static("/api/search.json", b'{"documents": [], "count": 0}',
                content_type="application/json")
    code, report = crawl(archive, gov)
    assert code == 3, report  # the search answer itself was archived; nothing else
    assert report["status"] == "failed"
    (failure,) = report["failures"]
    assert failure["reason"] == "plugin_error"
    assert "/api/search.json" in failure["detail"] and "selector 'results'" in failure["detail"]
    assert not any(p.startswith("/api/content/") for p in _paths(site))


def test_a_broken_publication_is_reported_and_the_rest_goes_on(
        site: LocalSite, gov: GovUkSite, archive: Path) -> None:
    broken = "/api/content/government/publications/send-commissioner-terms-of-reference"
    site.static(broken, "<!DOCTYPE html><html><body><h1>Service unavailable</h1></body></html>",
                content_type="application/json")
    code, report = crawl(archive, gov)
    assert code == 3, report
    assert report["status"] == "partial"
    (failure,) = report["failures"]
    assert failure["url"] == gov.base + broken and failure["reason"] == "bad_payload"
    assert "expected JSON" in failure["detail"]
    assert report["found"]["documents"] == 5  # the other two publications: pages and files
    assert gov.base + BIRMINGHAM in {r["url"] for r in invoke(
        archive, "archive", "ls", "--format", "json").json()}
