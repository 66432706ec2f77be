"""Prose references to documents become citations with stable identities."""

from __future__ import annotations

from sendgraph.extract import references
from sendgraph.extract.model import Citation
from sendgraph.extract.references import author_phrase, described_urn, title_urn
from tests.support.extract_docs import html_doc, run, text_doc

COMMISSIONER = "urn:sendgraph:ref:report:commissioner-for-send-in-exampleshire"


def _cites(doc) -> list[tuple[str, str | None]]:
    facts = run(references.extract, doc)
    assert all(isinstance(f, Citation) for f in facts)
    return [(f.cited_url, f.anchor_text) for f in facts]  # type: ignore[attr-defined]


def test_report_by_an_office_and_its_short_forms_are_one_cited_source() -> None:
    text = ("Reading it\n\nThe SEND Commissioner’s report is long. I read the report by the "
            "Commissioner for SEND in Exampleshire to the Secretary of State twice.\n\n"
            "The Commissioner's final report came out in May.\n")
    assert _cites(text_doc(text)) == [
        (COMMISSIONER, "The SEND Commissioner’s report"),
        (COMMISSIONER, "the report by the Commissioner for SEND in Exampleshire"),
        (COMMISSIONER, "The Commissioner's final report"),
    ]


def test_publication_by_a_known_organisation() -> None:
    text = "T\n\nThe DfE has published new guidance on transport. Councils read it.\n"
    assert _cites(text_doc(text)) == [
        ("urn:sendgraph:ref:guidance:department-for-education",
         "The DfE has published new guidance"),
    ]
    text = "T\n\nThe Education Committee has published a report.\n"
    assert _cites(text_doc(text)) == [
        ("urn:sendgraph:ref:report:house-of-commons-education-committee",
         "The Education Committee has published a report"),
    ]


def test_quoted_title_after_a_citing_word() -> None:
    text = "T\n\nThere is a good chapter in ‘Planning For Every Child’: read it.\n"
    assert _cites(text_doc(text)) == [
        (title_urn("Planning For Every Child"), "Planning For Every Child"),
    ]


def test_title_line_under_a_quotation_without_its_page_number() -> None:
    text = ("T\n\n“Councils should review plans every year.”\n\n"
            "P12 Funding for high needs: Advice for schools\n\nMore text follows here.\n")
    doc = text_doc(text)
    cites = _cites(doc)
    assert cites == [(title_urn("Funding for high needs: Advice for schools"),
                      "Funding for high needs: Advice for schools")]
    # the same title written without its colon is the same cited source
    assert title_urn("Funding for high needs Advice for schools") == cites[0][0]


def test_label_line() -> None:
    text = "News\n\nThe committee was blunt.\n\nReport: Waiting for support\n"
    assert _cites(text_doc(text)) == [(title_urn("Waiting for support"), "Waiting for support")]


def test_named_green_paper_and_its_short_form() -> None:
    text = ("T\n\nThe SEND & AP Green Paper was published in spring. Everyone read the Green "
            "Paper closely.\n")
    url = "urn:sendgraph:title:send-and-ap-green-paper"
    assert _cites(text_doc(text)) == [(url, "The SEND & AP Green Paper"), (url, "Green Paper")]
    assert title_urn("the SEND and AP Green Paper") == url
    # with no longer name in the document, a bare "the Green Paper" is too vague
    assert _cites(text_doc("T\n\nWe discussed the Green Paper.\n")) == []


def test_things_that_are_not_references() -> None:
    text = ("T\n\nThe review of the system is overdue. The report was late. Her report card "
            "was fine. A review of Special Educational Needs provision is due. The paper of "
            "record said so. The council calls it ‘early help’.\n\n"
            "Sustainability is a Guidance word here with no quotation near it\n")
    assert _cites(text_doc(text)) == []


def test_references_in_reader_comments_are_not_the_documents_citations() -> None:
    doc = html_doc(
        "<article><h1>Post</h1><p>Nothing cited here.</p></article><div id='comments'>"
        "<ol class='comment-list'><li class='comment'><article><div class='comment-author'>"
        "<b class='fn'>Dee Reader</b></div><div class='comment-content'><p>Read the report by "
        "the Local Government Association.</p></div></article></li></ol></div>")
    assert _cites(doc) == []


def test_identities() -> None:
    assert title_urn("The Devil’s Guide & Handbook") == \
        "urn:sendgraph:title:devils-guide-and-handbook"
    from sendgraph.extract.model import Agent

    agent = Agent("Commissioner for SEND in Exampleshire", "person")
    assert described_urn("final report", agent) == COMMISSIONER
    assert described_urn("Reports", agent) == COMMISSIONER
    assert described_urn("guidance", agent).startswith("urn:sendgraph:ref:guidance:")


def test_author_phrase_stops_at_the_name() -> None:
    assert author_phrase("the Commissioner for SEND services in Exampleshire to the "
                         "Secretary of State") == "the Commissioner for SEND services in " \
                                                  "Exampleshire"
    assert author_phrase("the LGA, which said") == "the LGA"
    assert author_phrase("officials in the department") is None
