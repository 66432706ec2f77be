"""The gov.uk client the gov.uk plugins share: Content API items read strictly, Search API
paging through a real crawl on 127.0.0.1, and JSON strings that know where they sit in the
archived text, so change notes and titles can be quoted exactly."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from sendgraph.archive.store import Archive
from sendgraph.capture.policy import FetchPolicy
from sendgraph.document import build_document
from sendgraph.extract import check_evidence
from sendgraph.extract.context import AuthorityHit
from sendgraph.plugin.context import CrawlContext, CrawlOptions
from sendgraph.plugin.contract import Source, SourceInfo
from sendgraph.plugin.govuk import (
    GovUk,
    Located,
    change_note_claims,
    content_item,
    govuk_period,
    item_citations,
    located_json,
    require_field,
)
from sendgraph.plugin.pages import SelectorMissing
from sendgraph.plugin.runner import run_crawl
from tests.support.govuk_site import govuk_json
from tests.support.http_server import LocalSite, RecordedRequest, Reply

API = "https://www.gov.uk/api/content/government/publications/send-commissioner-report"
ITEM = {
    "base_path": "/government/publications/send-commissioner-report",
    "title": "SEND Commissioner's report: Birmingham",
    "schema_name": "publication",
    "document_type": "independent_report",
    "first_published_at": "2023-05-16T09:30:00.000+01:00",
    "public_updated_at": "2023-09-05T14:00:00.000+01:00",
    "details": {
        "body": "<p>The commissioner's findings & the department's response.</p>",
        "attachments": [
            {"title": "Commissioner's report", "content_type": "application/pdf",
             "attachment_type": "file",
             "url": "https://assets.publishing.service.gov.uk/media/abc/report.pdf"},
            {"title": "Secretary of State's response", "content_type": "text/html",
             "attachment_type": "html",
             "url": "/government/publications/send-commissioner-report/response"},
        ],
        "change_history": [
            {"public_timestamp": "2023-09-05T14:00:00.000+01:00",
             "note": "Added the response to Birmingham City Council & the commissioner."},
            {"public_timestamp": "2023-05-16T09:30:00.000+01:00", "note": "First published."},
        ],
    },
    "links": {"organisations": [{"title": "Department for Education"}]},
}


def test_located_json_strings_carry_the_span_of_their_token() -> None:
    text = govuk_json(ITEM).decode()
    data = located_json(text)
    assert data == json.loads(text)  # the same values as the standard parser
    note = data["details"]["change_history"][0]["note"]
    assert isinstance(note, Located)
    assert note == "Added the response to Birmingham City Council & the commissioner."
    # The span is the token as archived: gov.uk escapes "&", so the raw text differs.
    assert text[note.start:note.end] == (
        "Added the response to Birmingham City Council \\u0026 the commissioner.")
    title = data["title"]
    assert text[title.start:title.end] == title == "SEND Commissioner's report: Birmingham"
    assert not any(isinstance(k, Located) for k in data)  # keys stay plain strings


def test_require_field_names_the_url_and_the_dotted_path() -> None:
    assert require_field(ITEM, "details.change_history", API, list)
    with pytest.raises(SelectorMissing) as missing:
        require_field(ITEM, "details.documents", API, list)
    assert missing.value.url == API and missing.value.selector == "details.documents"
    assert API in str(missing.value) and "'details.documents'" in str(missing.value)
    with pytest.raises(SelectorMissing, match="'title'"):
        require_field(ITEM, "title", API, int)


def test_content_item_is_read_strictly() -> None:
    item = content_item(ITEM, API)
    assert item.title == ITEM["title"] and item.schema_name == "publication"
    assert item.web_url == "https://www.gov.uk/government/publications/send-commissioner-report"
    pdf, page = item.attachments
    assert pdf.is_pdf and not pdf.is_html
    assert page.is_html and page.url == ("https://www.gov.uk/government/publications/"
                                         "send-commissioner-report/response")
    for broken, path in (({**ITEM, "details": "gone"}, "details"),
                         ({k: v for k, v in ITEM.items() if k != "title"}, "title"),
                         ({**ITEM, "details": {"attachments": {"a": 1}}}, "details.attachments"),
                         ({**ITEM, "details": {"attachments": [{"title": "x"}]}},
                          "details.attachments[0].url")):
        with pytest.raises(SelectorMissing) as exc:
            content_item(broken, API)
        assert exc.value.selector == path


@pytest.mark.parametrize(("words", "label"), [
    ("Tranche 1 (2022 to 2023)", "2022-23"),
    ("4 in the 2023 to 2024 financial year", "2023-24"),
    ("Bury: dedicated schools grant ‘safety valve’ agreement 2020-2021", "2020-21"),
    ("between 2019 to 2024", None),  # not one financial year
    ("Documents", None),
])
def test_govuk_period_reads_the_house_style(words: str, label: str | None) -> None:
    assert govuk_period(words) == label


def test_paths_and_api_urls() -> None:
    assert GovUk.path_of("https://www.gov.uk/government/publications/x") == \
        "/government/publications/x"
    assert GovUk.path_of("https://www.gov.uk/api/content/government/publications/x") == \
        "/government/publications/x"
    assert GovUk.path_of("government/publications/x") == "/government/publications/x"


class _Lookup:
    def __init__(self, name: str, gss: str) -> None:
        self.name, self.gss = name, gss

    def hits(self, text: str) -> list[AuthorityHit]:
        start = text.index(self.name)
        return [AuthorityHit(start, start + len(self.name), self.gss, self.name, 1.0)]


def test_change_notes_become_claims_quoting_the_archived_json() -> None:
    raw = govuk_json(ITEM)
    doc = build_document(raw, url=API, content_type="application/json",
                         snapshot_id="0123456789abcdef")
    data = located_json(doc.text)
    hits = _Lookup("Birmingham City Council", "E08000025").hits(doc.text)
    claims = list(change_note_claims(doc, data, "test@1", hits))
    assert [c.text for c in claims] == [
        "Added the response to Birmingham City Council & the commissioner.", "First published."]
    first = claims[0]
    assert first.claim_kind == "assertion" and first.speaker is not None
    assert (first.speaker.name, first.speaker.kind) == ("Department for Education",
                                                        "organisation")
    assert first.about == ("E08000025",)
    note, stamp = first.evidence
    assert note.exact.endswith("City Council \\u0026 the commissioner.")
    assert stamp.exact == "2023-09-05T14:00:00.000+01:00"
    assert claims[1].about == ()
    citations = {c.cited_url: c for c in item_citations(doc, data, "test@1")}
    assert set(citations) == {
        "https://www.gov.uk/government/publications/send-commissioner-report",
        "https://assets.publishing.service.gov.uk/media/abc/report.pdf",
        "https://www.gov.uk/government/publications/send-commissioner-report/response"}
    assert citations["https://assets.publishing.service.gov.uk/media/abc/report.pdf"
                     ].anchor_text == "Commissioner's report"
    for fact in [*claims, *citations.values()]:
        for ev in fact.evidence:
            check_evidence(doc, ev)


# -- the Search API and Content API through a real crawl --------------------------------------

class _Probe(Source):
    """Runs one gov.uk client call inside a real crawl and keeps what it returned."""

    info = SourceInfo(id="govuk-probe", title="probe", publisher="test", home="http://127.0.0.1/",
                      kind="other", hosts=("127.0.0.1",))

    def __init__(self, call: Any) -> None:
        self.call = call
        self.result: Any = None

    def crawl(self, ctx: CrawlContext) -> None:
        self.result = self.call(GovUk(ctx))


def _crawl(tmp_path: Path, site: LocalSite, call: Any, **options: Any) -> tuple[Any, Any]:
    probe = _Probe(call)
    opts = CrawlOptions(settings={"base": site.url("")}, **options)
    archive = Archive(tmp_path / "archive")
    try:
        report = run_crawl(archive, probe, opts, FetchPolicy(min_delay=0))
    finally:
        archive.close()
    return probe.result, report


def _search_site(site: LocalSite, n: int) -> None:
    site.robots("User-agent: *\nAllow: /\n")
    results = [{"title": f"Publication {i}", "link": f"/government/publications/p{i}",
                "public_timestamp": f"2023-{1 + i % 12:02d}-01T10:00:00.000+00:00",
                "content_store_document_type": "independent_report"} for i in range(n)]

    def search(req: RecordedRequest) -> Reply:
        q = parse_qs(req.query)
        start, count = int(q["start"][0]), int(q["count"][0])
        body = govuk_json({"results": results[start:start + count], "total": n, "start": start})
        return Reply(200, body, [("Content-Type", "application/json")])

    site.route("/api/search.json", search)


def test_search_pages_through_every_result(tmp_path: Path, site: LocalSite) -> None:
    _search_site(site, 120)
    hits, report = _crawl(tmp_path, site, lambda gov: gov.search(
        query="SEND commissioner", organisation="department-for-education",
        document_types=("independent_report", "correspondence")))
    assert report.status == "ok", report.to_json()
    assert [h.link for h in hits] == [f"/government/publications/p{i}" for i in range(120)]
    asked = [r for r in site.requests if r.path == "/api/search.json"]
    assert len(asked) == 3  # 50 + 50 + 20
    first = parse_qs(asked[0].query)
    assert first["q"] == ["SEND commissioner"]
    assert first["filter_organisations"] == ["department-for-education"]
    assert first["filter_content_store_document_type"] == ["independent_report",
                                                           "correspondence"]
    assert [parse_qs(r.query)["start"] for r in asked] == [["0"], ["50"], ["100"]]


def test_search_limit_and_since(tmp_path: Path, site: LocalSite) -> None:
    _search_site(site, 30)
    hits, _ = _crawl(tmp_path, site, lambda gov: gov.search(
        query="x", since=date(2023, 11, 1), limit=4))
    # The fixture ignores the date filter; the client applies it too.
    assert [h.public_timestamp[:7] for h in hits] == ["2023-11", "2023-12", "2023-11", "2023-12"]
    (asked, *_) = [r for r in site.requests if r.path == "/api/search.json"]
    assert "filter_public_timestamp=from%3A2023-11-01" in asked.query
    assert "count=4" in asked.query


def test_search_answer_that_is_not_the_api_stops_the_crawl(tmp_path: Path,
                                                           site: LocalSite) -> None:
    site.robots("User-agent: *\nAllow: /\n")
    site.static("/api/search.json", "<html><body>Sorry, we're doing some work</body></html>")
    _, report = _crawl(tmp_path, site, lambda gov: gov.search(query="x"))
    assert report.status == "failed"
    (failure,) = report.failures
    assert failure["reason"] == "bad_payload" and "/api/search.json" in failure["url"]
    assert "expected JSON" in failure["detail"] and "/api/search.json" in failure["detail"]
    site.static("/api/search.json", govuk_json({"items": [], "total": 0}),
                content_type="application/json")
    _, report = _crawl(tmp_path, site, lambda gov: gov.search(query="x"))
    (failure,) = report.failures
    assert "selector 'results'" in failure["detail"]


def test_items_report_a_broken_item_and_read_the_rest(tmp_path: Path, site: LocalSite) -> None:
    site.robots("User-agent: *\nAllow: /\n")
    good = {**ITEM, "base_path": "/good"}
    site.static("/api/content/good", govuk_json(good), content_type="application/json")
    site.static("/api/content/garbage", "not json {", content_type="application/json")
    site.static("/api/content/odd", govuk_json({"title": "x", "base_path": "/odd"}),
                content_type="application/json")
    items, report = _crawl(tmp_path, site, lambda gov: gov.items(["/good", "/garbage", "/odd"]))
    assert [item.base_path for _, item in items] == ["/good"]
    reasons = {f["url"].rsplit("/", 1)[1]: (f["reason"], f["detail"]) for f in report.failures}
    assert reasons["garbage"][0] == "bad_payload"
    assert reasons["odd"][0] == "selector_missing" and "'details'" in reasons["odd"][1]
    assert report.status == "partial"
