"""The inquiry-reports plugin end to end: a select committee report served from 127.0.0.1 (a
contents page, chapter pages with numbered paragraphs, a conclusions-and-recommendations chapter,
formal minutes and a PDF the test generates), crawled with `sendgraph crawl inquiry-reports`,
extracted, and read back through `sendgraph sparql`, `claims` and `trace`.

The fixture follows the structure of publications.parliament.uk report pages (a contents page
`…/20/2002.htm` linking `2003.htm`, `2004.htm`, … and `20.pdf`; `#maincontent1` holding the text;
paragraphs opening with `<span class="ParaNumber">84.</span>`; the committee's conclusions in
bold and its recommendations in bold italics). The words are the test's own.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from tests.support.cli import invoke
from tests.support.http_server import LocalSite, RecordedRequest, Reply

QUICK = ("--delay", "0")
FOLDER = "/pa/cm201919/cmselect/cmeduc/20/"
CONTENTS = FOLDER + "2002.htm"
PDF = FOLDER + "20.pdf"
COMMITTEE = "House of Commons Education Committee"
KINGSTON = "https://w3id.org/sendgraph/id/authority/E09000021"

# Conclusions in bold, recommendations in bold italics, in the chapter text and in the list.
C_REFORMS = ("The 2014 reforms were the right ones, but their implementation has been poor. "
             "Too many families face a system that is adversarial and hard to navigate.")
R_PLAN = ("The Department for Education should publish, within six months, a plan setting out "
          "how it will check that every local authority meets its legal duties.")
C_KINGSTON = ("The deficit in Kingston upon Thames shows how far high needs funding has fallen "
              "behind demand.")
C_MONEY = ("Funding pressures are real, but money alone will not fix a system that lacks "
           "accountability.")
R_FRAMEWORK = ("We recommend that the Department introduce a clear framework for holding local "
               "authorities to account, including a route for parents to report non-compliance "
               "directly to the Department.")
C_INSPECT = "Inspections that end without consequences do little for the children in those areas."
R_INSPECT = ("Ofsted should carry out a follow-up inspection within 18 months of any written "
             "statement of action.")
C_ADULT = ("Young people with SEND are being let down at the point where they most need help to "
           "move into adult life.")
R_TARGET = ("The Government should set a target for the number of supported internships and "
            "publish progress against it every year.")

B, BI = "<strong>{}</strong>", "<strong><em>{}</em></strong>"

CHAPTERS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    # file: (title, [(crosshead or "", paragraph html)]); paragraphs are numbered in order
    "2004.htm": ("1 The 2014 reforms", [
        ("Our inquiry", "The Children and Families Act 2014 set out to put children and young "
         "people with special educational needs and disabilities, and their families, at the "
         "centre of decisions about their support. Education, health and care plans replaced "
         "statements, and support was to run from birth to the age of 25."),
        ("", "We launched our inquiry in April 2018 to ask whether the reforms had done what "
         "they promised. We received more than 700 written submissions, many of them from "
         'parents.<sup class="FootnoteReference"><a href="#fn1">1</a></sup>'),
        ("What we found", "Almost every parent who wrote to us described a fight to get support. "
         "Several had given up paid work to manage appointments, paperwork and appeals."),
        ("", B.format(C_REFORMS)),
        ("", BI.format(R_PLAN)),
    ]),
    "2005.htm": ("2 Funding and accountability", [
        ("High needs funding", "Local authorities told us that the high needs block of the "
         "dedicated schools grant has not kept pace with demand for specialist places."),
        ("", "Kingston upon Thames told us it had overspent its high needs budget in each of the "
         "last four years. " + B.format(C_KINGSTON)),
        ("", B.format(C_MONEY) + " " + BI.format(R_FRAMEWORK)),
        ("Inspection", "Ofsted and the Care Quality Commission have inspected local areas since "
         "2016, and many areas were asked to produce a written statement of action."),
        ("", B.format(C_INSPECT) + " " + BI.format(R_INSPECT)),
    ]),
    "2006.htm": ("3 Preparing for adulthood", [
        ("", "The reforms extended support to young people up to the age of 25. We heard that "
         "this promise has been hard to keep once a young person leaves school."),
        ("", "Supported internships can open the way into work, but too few young people with "
         "plans are offered one."),
        ("", B.format(C_ADULT)),
        ("", BI.format(R_TARGET)),
        ("", "Young people told us they wanted a say in the decisions made about them, and that "
         "they were rarely asked."),
    ]),
}
CONCLUSIONS: list[tuple[str, str, int]] = [  # (crosshead, item html, body paragraph)
    ("The 2014 reforms", B.format(C_REFORMS), 4),
    ("", BI.format(R_PLAN), 5),
    ("Funding and accountability", B.format(C_MONEY) + " " + BI.format(R_FRAMEWORK), 8),
    ("", B.format(C_INSPECT) + " " + BI.format(R_INSPECT), 10),
    ("Preparing for adulthood", B.format(C_ADULT), 13),
    ("", BI.format(R_TARGET), 14),
]
MEMBERS = ["Lucy Allan MP (Conservative, Telford)", "Ian Mearns MP (Labour, Gateshead)",
           "Lucy Powell MP (Labour (Co-op), Manchester Central)"]
CHAIR_LINE = "Rt Hon Robert Halfon MP (Conservative, Harlow) (Chair)"


def page(title: str, body: str, *, header: bool = True) -> str:
    top = ('<div class="pubHeader"><p>Special educational needs and disabilities</p>'
           '<p><a href="2002.htm">Contents</a></p></div>') if header else ""
    return f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>{title} - Special educational needs and disabilities - Education Committee</title>
<meta name="DC.title" content="Special educational needs and disabilities">
<meta name="DC.publisher" content="House of Commons">
<meta name="DC.date" content="2019-10-23">
</head><body>
<div id="header"><a href="/">UK Parliament</a> <a href="/search">Search</a></div>
<div id="breadcrumb"><a href="/">Home</a> &gt; <a href="/pa/cm/cmselect.htm">Commons Select
Committees</a> &gt; <a href="/pa/cm/cmeduc.htm">Education</a></div>
<div id="maincontent1">{top}
{body}
<p class="published">Published: 23 October 2019</p>
</div>
<div id="footer"><a href="/site-information/copyright/">Copyright</a></div>
</body></html>"""


def contents_page(entries: list[tuple[str, str, int]], *, pdf: bool = True,
                  toc_class: str = "contents") -> str:
    toc = "\n".join(f'<p class="ToC{level}"><a href="{href}">{text}</a></p>'
                    for href, text, level in entries)
    members = "".join(f"<li>{m}</li>" for m in [CHAIR_LINE, *MEMBERS])
    link = ('<p class="pdfLink"><a href="20.pdf">Download the whole report as a PDF</a> '
            "(PDF, 60 KB)</p>") if pdf else ""
    return page("Contents", f"""<h1>Special educational needs and disabilities</h1>
<p class="ReportInfo">First Report of Session 2019 &#8211; HC 20</p>{link}
<h2>Contents</h2><div class="{toc_class}">{toc}</div>
<h2>Committee membership</h2><ul class="membership">{members}</ul>""", header=False)


FULL_TOC = [("2003.htm", "Summary", 1), ("2004.htm", "1 The 2014 reforms", 1),
            ("2004.htm#_idTextAnchor001", "Our inquiry", 2),
            ("2005.htm", "2 Funding and accountability", 1),
            ("2006.htm", "3 Preparing for adulthood", 1),
            ("2007.htm", "Conclusions and recommendations", 1),
            ("2008.htm", "Formal minutes", 1)]


def numbered(n: int, html: str) -> str:
    return f'<p class="TextNumbered"><span class="ParaNumber">{n}.</span>{html}</p>'


def chapter_pages() -> dict[str, str]:
    pages, n = {}, 0
    for name, (title, paras) in CHAPTERS.items():
        body = [f'<h2 class="ChapterTitle">{title}</h2>']
        for head, html in paras:
            n += 1
            if head:
                body.append(f'<h3 class="CrossHeading">{head}</h3>')
            body.append(numbered(n, html))
        body.append('<div class="Footnotes"><p id="fn1">1 Written evidence is published on '
                    "the Committee's website.</p></div>")
        pages[name] = page(title, "\n".join(body))
    return pages


def conclusions_page(items: list[tuple[str, str, int]] = CONCLUSIONS,
                     number_class: str = "ParaNumber") -> str:
    body = ['<h2 class="ChapterTitle">Conclusions and recommendations</h2>']
    for n, (head, html, para) in enumerate(items, 1):
        if head:
            body.append(f'<h3 class="CrossHeading">{head}</h3>')
        body.append(f'<p class="TextNumbered"><span class="{number_class}">{n}.</span>{html} '
                    f"(Paragraph {para})</p>")
    return page("Conclusions and recommendations", "\n".join(body))


SUMMARY = page("Summary", """<h2 class="ChapterTitle">Summary</h2>
<p>Children and young people with special educational needs and disabilities were promised a
system built around them. Our inquiry found that the promise has not been kept.</p>
<p>This report sets out what the Department for Education and local authorities must change.</p>""")
MINUTES = page("Formal minutes", """<h2 class="ChapterTitle">Formal minutes</h2>
<p><strong>Wednesday 16 October 2019</strong></p>
<p>Members present:</p><p>Robert Halfon, in the Chair</p><p>Lucy Allan</p><p>Ian Mearns</p>
<p>Draft Report (<em>Special educational needs and disabilities</em>), proposed by the Chair,
brought up and read.</p>
<p>Resolved, That the Report be the First Report of the Committee to the House.</p>""")


def _plain(html: str) -> str:
    return html.replace("<strong>", "").replace("</strong>", "").replace("<em>", "").replace(
        "</em>", "").split("<sup")[0]


def make_pdf() -> bytes:
    """The whole report as a PDF: cover, membership, chapters, conclusions, formal minutes."""
    styles = getSampleStyleSheet()
    h1, h2, body = styles["Heading1"], styles["Heading2"], styles["BodyText"]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title="Special educational needs and disabilities",
                            author="", invariant=1)
    story: list[Any] = [Paragraph("House of Commons", h1), Paragraph("Education Committee", h1),
                        Paragraph("Special educational needs and disabilities", h1),
                        Paragraph("First Report of Session 2019. Published on 23 October 2019 "
                                  "by authority of the House of Commons.", body), PageBreak(),
                        Paragraph("Current membership", h2),
                        Paragraph(" ".join([CHAIR_LINE, *MEMBERS]), body), PageBreak()]
    n = 0
    for title, paras in CHAPTERS.values():
        story.append(Paragraph(title, h1))
        for _, html in paras:
            n += 1
            story.append(Paragraph(f"{n}. {_plain(html)}", body))
        story.append(PageBreak())
    story.append(Paragraph("Conclusions and recommendations", h1))
    for i, (_, html, para) in enumerate(CONCLUSIONS, 1):
        story.append(Paragraph(f"{i}. {_plain(html)} (Paragraph {para})", body))
    story += [PageBreak(), Paragraph("Formal minutes", h1),
              Paragraph("Robert Halfon, in the Chair", body)]
    doc.build(story)
    # invariant=1 dates the file 2000-01-01; the report was published on 23 October 2019
    return buf.getvalue().replace(b"D:20000101000000", b"D:20191023000000")


class Versioned:
    """A resource that answers conditional requests as a real server does."""

    def __init__(self, body: bytes, content_type: str) -> None:
        self.content_type, self.version = content_type, 0
        self.change(body)

    def change(self, body: bytes) -> None:
        self.body, self.version = body, self.version + 1
        self.etag = f'"v{self.version}-{len(body)}"'
        self.modified = formatdate(1_571_800_000 + 86_400 * self.version, usegmt=True)

    def __call__(self, req: RecordedRequest) -> Reply:
        headers = [("Content-Type", self.content_type), ("ETag", self.etag),
                   ("Last-Modified", self.modified)]
        if req.header("if-none-match") == self.etag:
            return Reply(304, b"", headers)
        return Reply(200, self.body, headers)


@dataclass
class ReportSite:
    site: LocalSite
    resources: dict[str, Versioned] = field(default_factory=dict)

    def serve(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8"
              ) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.resources[path] = Versioned(data, content_type)
        self.site.route(path, self.resources[path])

    @property
    def contents_url(self) -> str:
        return self.site.url(CONTENTS)


_PDF: bytes | None = None


def pdf_bytes() -> bytes:
    global _PDF
    if _PDF is None:
        _PDF = make_pdf()
    return _PDF


def report_site(site: LocalSite, *, toc: list[tuple[str, str, int]] = FULL_TOC,
                contents: str | None = None, pages: dict[str, str] | None = None) -> ReportSite:
    report = ReportSite(site)
    site.robots("User-agent: *\nAllow: /\n")
    report.serve(CONTENTS, contents or contents_page(toc))
    everything = {"2003.htm": SUMMARY, **chapter_pages(), "2007.htm": conclusions_page(),
                  "2008.htm": MINUTES, **(pages or {})}
    for name, html in everything.items():
        report.serve(FOLDER + name, html)
    report.serve(PDF, pdf_bytes(), "application/pdf")
    return report


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return tmp_path / "archive"


def crawl(archive: Path, report: ReportSite, *extra: str) -> tuple[int, dict[str, Any]]:
    out = invoke(archive, "crawl", "inquiry-reports", "--url", report.contents_url, *QUICK,
                 *extra, "--format", "json")
    (result,) = out.json()
    return out.code, result


def sparql(archive: Path, query: str) -> list[dict[str, str]]:
    out = invoke(archive, "sparql", query, "--format", "json")
    assert out.code == 0, out
    return [{k: v["value"] for k, v in b.items()} for b in out.json()["results"]["bindings"]]


def _paths(site: LocalSite) -> list[str]:
    return [r.path for r in site.requests if r.path != "/robots.txt"]


# -- the evidence locator -----------------------------------------------------------------------

def test_evidence_for_keeps_a_locator_and_refuses_a_blank_one() -> None:
    from sendgraph.document import build_document
    from sendgraph.extract.model import EvidenceError, evidence_for
    from sendgraph.graph.rdf import QuadSink, _evidence

    doc = build_document(numbered(42, "We recommend a review.").encode(), url="http://x/a.htm",
                         content_type="text/html", snapshot_id="0123456789abcdef")
    start = doc.text.index("We")
    ev = evidence_for(doc, start, len(doc.text), "inquiry-reports@1", locator="para 42")
    assert (ev.exact, ev.locator) == ("We recommend a review.", "para 42")
    assert evidence_for(doc, start, len(doc.text), "x@1").locator is None
    with pytest.raises(EvidenceError, match="locator"):
        evidence_for(doc, start, len(doc.text), "x@1", locator=" ")
    sink = QuadSink("https://w3id.org/sendgraph/id/graph/test")
    _evidence(sink, "https://w3id.org/sendgraph/id/fact/claim/x", ev)
    assert {(q.predicate.value.rsplit("#", 1)[1], q.object.value) for q in sink.quads
            if q.predicate.value.endswith("#locator")} == {("locator", "para 42")}


# -- metadata ---------------------------------------------------------------------------------

def test_sources_lists_the_plugin_with_its_metadata(archive: Path) -> None:
    out = invoke(archive, "sources", "--format", "json")
    assert out.code == 0, out
    info = {s["id"]: s for s in out.json()}["inquiry-reports"]
    assert info["kind"] == "inquiry_report" and info["publisher"] == "House of Commons"
    assert info["hosts"] == ["publications.parliament.uk", "committees.parliament.uk"]
    assert info["expected"] == {"chapters": 3, "paragraphs": 12, "recommendations": 3}


# -- crawl, extract, query ----------------------------------------------------------------------

@pytest.fixture
def built(site: LocalSite, archive: Path) -> ReportSite:
    report = report_site(site)
    code, result = crawl(archive, report)
    assert code == 0, result
    assert result["status"] == "ok" and result["warnings"] == []
    assert result["counts"] == {"new": 8}  # contents, six chapter pages, the PDF
    assert result["found"] == {"chapters": 6, "paragraphs": 15, "recommendations": 6}
    assert _paths(site)[0] == CONTENTS
    assert sorted(_paths(site)[1:]) == sorted(
        [FOLDER + f"200{i}.htm" for i in range(3, 9)] + [PDF])  # each once, fragments dropped
    out = invoke(archive, "extract", "--format", "json")
    assert out.code == 0, out
    assert out.json()["extracted"] == 8 and out.json()["errors"] == []
    return report


def _claims(archive: Path) -> list[dict[str, str]]:
    return sparql(archive, """
        SELECT ?f ?text ?kind ?who ?url ?loc ?page WHERE {
          ?f a sg:Claim ; sg:text ?text ; sg:claimKind ?kind ; sg:evidence ?ev .
          ?ev sg:extractor "inquiry-reports@1" ;
              oa:hasSource/prov:specializationOf/schema:url ?url .
          OPTIONAL { ?f sg:speaker/schema:name ?who }
          OPTIONAL { ?ev sg:locator ?loc }
          OPTIONAL { ?ev sg:page ?page }
        }""")


def _local(kind: str) -> str:
    return kind.rsplit("#", 1)[1]


def test_conclusions_and_recommendations_are_the_committees_with_paragraph_locators(
        built: ReportSite, archive: Path) -> None:
    rows = _claims(archive)
    html = {(r["text"], _local(r["kind"]), r["loc"]) for r in rows
            if r["url"].endswith("2007.htm")}
    assert html == {
        (C_REFORMS, "Finding", "conclusions and recommendations 1 (paragraph 4)"),
        (R_PLAN, "Recommendation", "conclusions and recommendations 2 (paragraph 5)"),
        (C_MONEY, "Finding", "conclusions and recommendations 3 (paragraph 8)"),
        (R_FRAMEWORK, "Recommendation", "conclusions and recommendations 3 (paragraph 8)"),
        (C_INSPECT, "Finding", "conclusions and recommendations 4 (paragraph 10)"),
        (R_INSPECT, "Recommendation", "conclusions and recommendations 4 (paragraph 10)"),
        (C_ADULT, "Finding", "conclusions and recommendations 5 (paragraph 13)"),
        (R_TARGET, "Recommendation", "conclusions and recommendations 6 (paragraph 14)"),
    }
    # the bold words of the chapters' numbered paragraphs, located by the report's numbering
    body = {(r["text"], _local(r["kind"]), r["loc"]) for r in rows
            if r["url"].endswith(("2004.htm", "2005.htm", "2006.htm"))}
    assert body == {
        (C_REFORMS, "Finding", "para 4"), (R_PLAN, "Recommendation", "para 5"),
        (C_KINGSTON, "Finding", "para 7"), (C_MONEY, "Finding", "para 8"),
        (R_FRAMEWORK, "Recommendation", "para 8"), (C_INSPECT, "Finding", "para 10"),
        (R_INSPECT, "Recommendation", "para 10"), (C_ADULT, "Finding", "para 13"),
        (R_TARGET, "Recommendation", "para 14"),
    }
    # the PDF's list, with its page as well (no bold there: the wording decides)
    pdf = {(r["text"], _local(r["kind"]), r["loc"]) for r in rows if r["url"].endswith(".pdf")
           and r["kind"].endswith(("Finding", "Recommendation"))}
    assert pdf == html
    assert {r["page"] for r in rows if r["url"].endswith(".pdf") and r.get("loc", "")
            .startswith("conclusions")} == {"6"}
    spoken = {r["who"] for r in rows if r["kind"].endswith(("Finding", "Recommendation"))}
    assert spoken == {COMMITTEE}


def test_the_chair_and_the_publication_date(built: ReportSite, archive: Path) -> None:
    chair = sparql(archive, """
        SELECT DISTINCT ?name ?role ?text WHERE {
          ?f sg:speaker ?p ; sg:text ?text ; sg:evidence/sg:extractor "inquiry-reports@1" .
          ?p a sg:Person ; schema:name ?name ; schema:jobTitle ?role .
        }""")
    assert {(r["name"], r["role"]) for r in chair} == {
        ("Robert Halfon", "Chair of the Education Committee")}
    assert {r["text"] for r in chair} == {"Robert Halfon MP (Conservative, Harlow) (Chair)",
                                          "Robert Halfon, in the Chair"}
    sources = sparql(archive, """
        SELECT ?url ?issued ?kind WHERE {
          ?s a sg:Source, ?kind ; schema:url ?url ; dcterms:issued ?issued .
          FILTER(?kind != sg:Source)
        }""")
    html = {r["url"]: r for r in sources if r["url"].endswith(".htm")}
    assert len(html) == 7
    assert {(r["issued"], _local(r["kind"])) for r in html.values()} == {
        ("2019-10-23", "InquiryReport")}


def test_claims_are_about_the_authorities_they_name(built: ReportSite, archive: Path) -> None:
    rows = sparql(archive, f"""
        SELECT ?text WHERE {{
          ?f sg:about <{KINGSTON}> ; sg:text ?text ; sg:evidence/sg:extractor
             "inquiry-reports@1" .
        }}""")
    assert {r["text"] for r in rows} == {C_KINGSTON}


def test_claims_listing_and_trace_show_the_locator(built: ReportSite, archive: Path) -> None:
    out = invoke(archive, "claims", "--format", "json")
    assert out.code == 0, out
    listed = [c for c in out.json() if c["text"] == R_TARGET and c["evidence"][0]["locator"]]
    assert {c["evidence"][0]["locator"] for c in listed} == {
        "para 14", "conclusions and recommendations 6 (paragraph 14)"}
    (in_list,) = [c for c in listed if c["evidence"][0]["source_url"].endswith("2007.htm")]
    assert in_list["speaker"] == COMMITTEE and in_list["kind"] == "recommendation"
    trace = invoke(archive, "trace", in_list["id"], "--format", "json")
    assert trace.code == 0, trace
    data = trace.json()
    assert data["evidence"][0]["locator"] == "conclusions and recommendations 6 (paragraph 14)"
    assert "conclusions and recommendations 6 (paragraph 14)" in data["citations"][0]
    elsewhere = {e["source"]["url"].rsplit("/", 1)[1] for e in data["same_fact_elsewhere"]}
    assert {"2006.htm", "20.pdf"} <= elsewhere  # the chapter's paragraph 14 and the PDF
    text = invoke(archive, "trace", in_list["id"])
    assert ", conclusions and recommendations 6 (paragraph 14) of `sendgraph document" in \
        text.stdout, text
    assert invoke(archive, "validate").code == 0


# -- re-crawls ----------------------------------------------------------------------------------

def _stats(archive: Path) -> dict[str, int]:
    return invoke(archive, "archive", "stats", "--format", "json").json()["records_by_type"]


def test_recrawl_is_conditional_and_a_changed_chapter_is_the_only_new_capture(
        built: ReportSite, site: LocalSite, archive: Path) -> None:
    before = _stats(archive)
    site.clear_log()
    code, result = crawl(archive, built)
    assert code == 0, result
    assert result["counts"] == {"not_modified": 8}
    asked = [r for r in site.requests if r.path != "/robots.txt"]
    assert len(asked) == 8 and all(r.header("if-none-match") for r in asked)
    after = _stats(archive)
    assert after["response"] == before["response"]  # nothing new stored
    assert after["revisit"] == before.get("revisit", 0) + 9  # eight pages and robots.txt
    again = invoke(archive, "extract", "--format", "json").json()
    assert (again["extracted"], again["unchanged"]) == (0, 8 + 1)  # robots.txt is skipped

    changed = chapter_pages()["2006.htm"].replace("rarely asked", "seldom asked")
    built.resources[FOLDER + "2006.htm"].change(changed.encode())
    code, result = crawl(archive, built)
    assert code == 0, result
    assert result["counts"] == {"new": 1, "not_modified": 7}
    assert _stats(archive)["response"] == after["response"] + 1
    third = invoke(archive, "extract", "--format", "json").json()
    assert third["extracted"] == 1
    history = invoke(archive, "archive", "ls", "--url", site.url(FOLDER + "2006.htm"),
                     "--format", "json").json()
    assert [c["capture"] for c in history] == ["new", "not-modified", "new"]


# -- a site that changed or thinned out ------------------------------------------------------

def test_a_changed_contents_page_fails_naming_the_page_and_selector(
        site: LocalSite, archive: Path) -> None:
    report = report_site(site, contents=contents_page(FULL_TOC, toc_class="toc-list"))
    code, result = crawl(archive, report)
    assert code == 3, result  # the contents page is archived; the crawl stopped on it
    assert result["status"] == "failed"
    (failure,) = result["failures"]
    assert failure["reason"] == "plugin_error"
    assert report.contents_url in failure["detail"]
    assert "#maincontent1 div.contents a[href]" in failure["detail"]
    assert _paths(site) == [CONTENTS]


@pytest.mark.parametrize(("name", "html", "selector"), [
    ("2005.htm", chapter_pages()["2005.htm"].replace('id="maincontent1"', 'id="main-content"'),
     "#maincontent1"),
    ("2007.htm", conclusions_page(number_class="ParagraphNo"), "span.ParaNumber"),
])
def test_a_changed_chapter_page_is_reported_and_the_rest_goes_on(
        site: LocalSite, archive: Path, name: str, html: str, selector: str) -> None:
    report = report_site(site, pages={name: html})
    code, result = crawl(archive, report)
    assert code == 3, result
    assert result["status"] == "partial"
    (failure,) = result["failures"]
    assert failure["url"] == site.url(FOLDER + name)
    assert failure["reason"] == "selector_missing" and selector in failure["detail"]
    assert result["counts"] == {"new": 8}  # every page archived all the same
    assert result["found"]["chapters"] == 5


def test_a_thinner_report_warns(site: LocalSite, archive: Path) -> None:
    toc = [("2004.htm", "1 The 2014 reforms", 1),
           ("2007.htm", "Conclusions and recommendations", 1)]
    report = report_site(site, toc=toc, pages={"2007.htm": conclusions_page(CONCLUSIONS[:2])})
    code, result = crawl(archive, report, "--set", "pdf=no")
    assert code == 0, result
    assert result["found"] == {"chapters": 2, "paragraphs": 5, "recommendations": 2}
    warnings = "\n".join(result["warnings"])
    for what in ("2 chapters", "5 paragraphs", "2 recommendations"):
        assert f"found only {what}" in warnings
    assert PDF not in _paths(site)  # --set pdf=no


def test_a_report_without_conclusions_says_so(site: LocalSite, archive: Path) -> None:
    toc = [entry for entry in FULL_TOC if entry[0] != "2007.htm"]
    report = report_site(site, toc=toc)
    code, result = crawl(archive, report)
    assert code == 0, result
    assert any("no 'Conclusions and recommendations' chapter" in w for w in result["warnings"])
    assert any("found only 0 recommendations" in w for w in result["warnings"])
