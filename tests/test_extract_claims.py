"""Claims: quotations, findings, recommendations, quoted documents and reader comments, each
with its kind and speaker - on text written here, including the negatives."""

from __future__ import annotations

from sendgraph.extract import claims
from sendgraph.extract.model import Claim
from tests.support.extract_docs import FakeAuthorities, html_doc, run, text_doc


def _claims(doc, authorities=None) -> list[Claim]:
    facts = run(claims.extract, doc, authorities)
    assert all(isinstance(f, Claim) for f in facts)
    return facts  # type: ignore[return-value]


def _one(found: list[Claim], words: str) -> Claim:
    matching = [c for c in found if words in c.text]
    assert len(matching) == 1, (words, [c.text for c in found])
    return matching[0]


def _who(claim: Claim) -> tuple[str, str, str | None] | None:
    s = claim.speaker
    return (s.name, s.kind, s.role) if s else None


# -- quotations ---------------------------------------------------------------------------------

NEWS = """Committee warns of waiting lists

The Education Committee has published a report on waiting times for assessments.

Dame Alice Carver MP, Chair of the Committee, said: "Families wait far too long for help. \
That has to change.

"Councils tell us they cannot recruit psychologists fast enough," she added.

Cllr Tom Reeve, Vice-Chair of the Local Government Association’s Children Board, said: \
“Councils need certainty about funding before they can plan.”

"Every council should publish its waiting times," the report concludes.

Alice Carver concluded: "We will keep pressing ministers on this."
"""


def test_quotation_with_appositive_speaker_and_role_resolved_to_the_committee() -> None:
    found = _claims(text_doc(NEWS))
    first = _one(found, "Families wait far too long")
    assert first.claim_kind == "quotation"
    assert first.text == "Families wait far too long for help. That has to change."
    assert _who(first) == ("Alice Carver", "person", "Chair of the Education Committee")


def test_quotation_running_over_paragraphs_keeps_its_speaker_with_he_or_she_added() -> None:
    found = _claims(text_doc(NEWS))
    second = _one(found, "cannot recruit psychologists")
    assert second.text == "Councils tell us they cannot recruit psychologists fast enough"
    assert _who(second) == ("Alice Carver", "person", "Chair of the Education Committee")


def test_quotation_with_curly_marks_and_organisation_role() -> None:
    found = _claims(text_doc(NEWS))
    lga = _one(found, "certainty about funding")
    assert _who(lga) == ("Tom Reeve", "person",
                         "Vice-Chair of the Local Government Association’s Children Board")


def test_quotation_attributed_after_to_the_report_is_the_committee_speaking() -> None:
    found = _claims(text_doc(NEWS))
    report = _one(found, "publish its waiting times")
    assert report.claim_kind == "quotation"
    assert _who(report) == ("House of Commons Education Committee", "organisation", None)


def test_a_short_name_later_is_the_person_introduced_earlier() -> None:
    found = _claims(text_doc(NEWS))
    later = _one(found, "keep pressing ministers")
    assert _who(later) == ("Alice Carver", "person", "Chair of the Education Committee")


def test_quotation_with_no_nameable_speaker_has_none_not_the_author() -> None:
    text = ("My son’s review\n\nAfter the meeting a teacher stopped me in the corridor. She said "
            "something I still think about:\n\n“Nobody in that room had read his plan.”\n\n"
            "I went home angry.\n")
    found = _claims(text_doc(text, author="Pat Writer"))
    quote = _one(found, "Nobody in that room")
    assert quote.claim_kind == "quotation"
    assert quote.speaker is None


def test_scare_quotes_in_the_writers_own_sentence_are_not_quotations() -> None:
    text = ("Notes\n\nThe council calls this “early help” but families call it waiting.\n\n"
            "It is ‘a process’, they say, not a service\n")
    assert _claims(text_doc(text, author="Pat Writer")) == []


def test_epigraph_attribution_line_after_the_quote() -> None:
    text = ("Title line\n\n“Every child deserves a school that wants them.”\n\n"
            "Jane Marlow, speaking at a parents’ conference, March 2020\n\n"
            "That was three years ago.\n")
    quote = _one(_claims(text_doc(text)), "Every child deserves")
    assert _who(quote) == ("Jane Marlow", "person", None)


def test_html_blockquote_is_a_standalone_quotation() -> None:
    doc = html_doc("<article><h1>Post</h1><p>In the Ombudsman’s view,</p>"
                   "<blockquote><p>The council failed to arrange the provision.</p></blockquote>"
                   "</article>")
    quote = _one(_claims(doc), "failed to arrange")
    assert _who(quote) == ("Ombudsman", "organisation", None)


def test_consecutive_quoted_paragraphs_share_the_speaker_led_into() -> None:
    text = ("T\n\nIn Dr Lena Moss’s words,\n\n“Panels decide before the paperwork arrives.”"
            "\n\n“Nobody writes the reasons down.”\n\nWe disagree.\n")
    found = _claims(text_doc(text, author="Pat Writer"))
    assert [(_who(c), c.text) for c in found] == [
        (("Lena Moss", "person", None), "Panels decide before the paperwork arrives."),
        (("Lena Moss", "person", None), "Nobody writes the reasons down."),
    ]


def test_a_quoted_recommendation_is_a_recommendation() -> None:
    text = ("T\n\nThe last recommendation by the Ombudsman is the boldest.\n\n"
            "‘Councils should apologise in writing within a month.’\n")
    (claim,) = _claims(text_doc(text))
    assert claim.claim_kind == "recommendation"
    assert _who(claim) == ("Ombudsman", "organisation", None)


# -- quotations of another document ---------------------------------------------------------------

INQUIRY = """Reading the commissioner's findings

This week I read the report by the Commissioner for SEND in Exampleshire to the Secretary of State.

The service has been failing for years, according to the Commissioner, and the front line knows it:

‘Staff turnover in the assessment team reached 60% in a single year.’

As the Commissioner says, ‘That is not a service anyone would choose.’

The Commissioner’s report says ‘more than 900 plans had not been reviewed on time’.

It is further illustrated by the statistics that 1,200 families were waiting at the time \
of reporting.

Exampleshire Council spent £2m on transport this year.
"""


def test_quoted_document_speaker_is_its_author_office() -> None:
    found = _claims(text_doc(INQUIRY, author="Pat Writer"))
    office = ("Commissioner for SEND in Exampleshire", "person", None)
    for words in ("Staff turnover", "not a service anyone", "more than 900 plans"):
        claim = _one(found, words)
        assert claim.claim_kind == "quotation"
        assert _who(claim) == office, words


def test_statistics_reported_from_the_document_are_figure_claims_of_its_author() -> None:
    found = _claims(text_doc(INQUIRY, author="Pat Writer"))
    stat = _one(found, "1,200 families")
    assert stat.claim_kind == "figure"
    assert _who(stat) == ("Commissioner for SEND in Exampleshire", "person", None)


def test_a_number_that_is_not_a_finding_is_not_a_claim() -> None:
    found = _claims(text_doc(INQUIRY, author="Pat Writer"))
    assert not [c for c in found if "£2m" in c.text]


def test_about_lists_the_authorities_inside_the_claim() -> None:
    lookup = FakeAuthorities({"Exampleshire": "E10000099"})
    found = _claims(text_doc(INQUIRY, author="Pat Writer"), lookup)
    assert _one(found, "Staff turnover").about == ()
    text = "T\n\nThe inquiry found that Exampleshire and Sampleton both missed deadlines.\n"
    lookup = FakeAuthorities({"Exampleshire": "E10000099", "Sampleton": "E06000098"})
    doc = text_doc(text)
    # no document under discussion: "the inquiry" names nobody, so no claim...
    assert _claims(doc, lookup) == []
    text = ("T\n\nThe Education Committee has published a report.\n\n"
            "The inquiry found that Exampleshire and Sampleton both missed deadlines.\n")
    claim = _one(_claims(text_doc(text), lookup), "missed deadlines")
    assert claim.about == ("E06000098", "E10000099")


# -- findings -----------------------------------------------------------------------------------

def test_report_verbs_make_findings_and_recommendations_of_the_document_discussed() -> None:
    text = ("Inquiry published\n\nThe Education Committee has published a report on alternative "
            "provision.\n\nThe inquiry found that too many pupils are placed without a plan. "
            "However, it says that some councils have improved. Budgets were cut twice, the "
            "report says. The report urges ministers to fund outreach. The committee also "
            "recommends that councils publish their data.\n")
    found = _claims(text_doc(text))
    committee = ("House of Commons Education Committee", "organisation", None)
    expected = {
        "The inquiry found that too many pupils": "finding",
        "it says that some councils": "finding",
        "Budgets were cut twice": "finding",
        "The report urges ministers": "recommendation",
        "recommends that councils publish": "recommendation",
    }
    for words, kind in expected.items():
        claim = _one(found, words)
        assert claim.claim_kind == kind, words
        assert _who(claim) == committee, words


def test_first_person_research_result_is_the_authors_finding() -> None:
    text = ("Caps on plans\n\nI asked 30 councils for their team objectives.\n\n"
            "Teams in 11 of the 30 councils I researched work to a cap on new plans. "
            "My eldest is 14 and has had 3 plans.\n")
    found = _claims(text_doc(text, author="Pat Writer"))
    finding = _one(found, "11 of the 30")
    assert finding.claim_kind == "finding"
    assert _who(finding) == ("Pat Writer", "person", None)
    assert not [c for c in found if "My eldest" in c.text]  # numbers, but no finding


def test_first_person_finding_without_a_known_author_has_no_speaker() -> None:
    text = "T\n\nWe found that 4 of the 9 schools we surveyed had no SENCO.\n"
    assert _who(_one(_claims(text_doc(text)), "4 of the 9")) is None


def test_guest_post_introduction_is_not_the_guest_authors_voice() -> None:
    text = ("Guest post\n\nToday’s guest post is from Pat Writer. I found that 7 of the 8 "
            "parents I spoke to agreed with her.\n\nI researched 12 councils. In 5 of the 12 "
            "councils I researched, panels met in private.\n")
    found = _claims(text_doc(text, author="Pat Writer"))
    assert _one(found, "7 of the 8").speaker is None
    assert _who(_one(found, "5 of the 12")) == ("Pat Writer", "person", None)


def test_named_person_conclusion_resolves_first_name_to_full_name() -> None:
    text = ("Seminar\n\nRiya Patel gave a talk on tribunal outcomes: Riya concluded that "
            "mediation was rarely offered.\n")
    claim = _one(_claims(text_doc(text)), "mediation")
    assert claim.claim_kind == "finding"
    assert _who(claim) == ("Riya Patel", "person", None)


# -- recommendations ----------------------------------------------------------------------------

def test_bulleted_recommendations_after_a_lead_in_belong_to_its_subject() -> None:
    text = ("Report out\n\nThe Education Committee has published a report.\n\n"
            "The committee makes several recommendations, including:\n"
            "- Councils should publish waiting times every quarter.\n"
            "- The Department for Education should fund more educational psychologists.\n"
            "Parents welcomed the report.\n")
    found = _claims(text_doc(text))
    recs = [c for c in found if c.claim_kind == "recommendation"]
    assert [c.text for c in recs] == [
        "Councils should publish waiting times every quarter.",
        "The Department for Education should fund more educational psychologists.",
    ]
    assert {_who(c) for c in recs} == {("House of Commons Education Committee",
                                        "organisation", None)}
    assert not [c for c in found if "Parents welcomed" in c.text]


def test_numbered_recommendations_under_a_heading_are_the_documents_own() -> None:
    doc = html_doc("<article><h1>Our review</h1><p>We visited twelve services.</p>"
                   "<h2>Recommendations</h2><ol><li>Publish the local offer in plain English."
                   "</li><li>Train every SENCO within a year.</li></ol><h2>Method</h2>"
                   "<ul><li>Interviews with parents.</li></ul></article>",
                   author="Sam Reviewer")
    recs = [c for c in _claims(doc) if c.claim_kind == "recommendation"]
    assert [c.text for c in recs] == ["Publish the local offer in plain English.",
                                      "Train every SENCO within a year."]
    assert {_who(c) for c in recs} == {("Sam Reviewer", "person", None)}


def test_recommendation_n_blocks() -> None:
    text = ("Findings\n\nRecommendation 1: Councils should answer letters within 20 days.\n\n"
            "Recommendation 2: Schools must record every exclusion.\n")
    recs = _claims(text_doc(text, author="Ann Author"))
    assert [(c.claim_kind, c.text) for c in recs] == [
        ("recommendation", "Councils should answer letters within 20 days."),
        ("recommendation", "Schools must record every exclusion."),
    ]


def test_a_list_without_a_recommendation_lead_in_is_not_recommendations() -> None:
    text = "Shopping\n\nWe packed:\n- a coat\n- a lunch box\n"
    assert _claims(text_doc(text, author="Ann Author")) == []


# -- reader comments ----------------------------------------------------------------------------

BLOG = """Why the panel said no

I researched panel minutes in 15 councils. In 6 of the 15 councils I researched, the panel \
refused more than half of requests.

Pat Writer

4 Comments

Oldest Newest Most Voted

Morgan Lee

I found the same in my county: 9 of the 10 parents I know were refused.

Reply

This matches what our support group hears every week.

Riley Quinn

Great work Pat Writer, this needs to be read by every councillor… Read more »
"""


def test_plain_text_comments_are_reader_comments_of_the_commenter_never_the_author() -> None:
    found = _claims(text_doc(BLOG, author="Pat Writer"))
    article = _one(found, "6 of the 15")
    assert _who(article) == ("Pat Writer", "person", None)
    comments = [c for c in found if c.claim_kind == "reader_comment"]
    assert [(c.text, _who(c)) for c in comments] == [
        ("I found the same in my county: 9 of the 10 parents I know were refused.",
         ("Morgan Lee", "person", None)),
        ("This matches what our support group hears every week.", None),
        ("Great work Pat Writer, this needs to be read by every councillor",
         ("Riley Quinn", "person", None)),
    ]
    start = BLOG.index("4 Comments")
    assert all(c.claim_kind == "reader_comment" for c in found
               if c.evidence[0].start > start)
    assert all(c.speaker is None or c.speaker.name != "Pat Writer" for c in comments)


def test_html_comment_blocks_are_reader_comments_with_their_author() -> None:
    doc = html_doc(
        "<article><h1>Post</h1><p>I surveyed 20 schools. 5 of the 20 schools I surveyed had "
        "no SENCO.</p></article><div id='comments'><ol class='comment-list'>"
        "<li class='comment'><article><div class='comment-author'><b class='fn'>Dee Reader</b>"
        "</div><div class='comment-content'><p>The report by the LGA found that 3 of 4 "
        "councils overspent.</p></div></article></li></ol></div>",
        author="Pat Writer")
    found = _claims(doc)
    assert _who(_one(found, "5 of the 20")) == ("Pat Writer", "person", None)
    comment = _one(found, "overspent")
    assert comment.claim_kind == "reader_comment"
    assert _who(comment) == ("Dee Reader", "person", None)


def test_same_document_same_claims_in_the_same_order() -> None:
    first = _claims(text_doc(NEWS + BLOG, author="Pat Writer"))
    second = _claims(text_doc(NEWS + BLOG, author="Pat Writer"))
    assert first == second and first
