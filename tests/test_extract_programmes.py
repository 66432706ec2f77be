"""Programme participations from heading-scoped lists and tables, and from prose."""

from __future__ import annotations

from sendgraph.extract.programmes import extract
from tests.support.fact_docs import GSS, Names, html_doc, run, text_doc


def rows(facts) -> list[tuple]:
    return [(f.authority, f.programme, f.role, f.tranche, f.period, f.status) for f in facts]


PLAIN_LISTS = """\
Which councils are where

Some prose about the deficit programmes before the lists.
Safety Valve councils
Current members: Tranche 1 (2020-21)
- Kent
- Medway
Current members Tranche 2 (2021-22)
- Surrey
Likely future Safety Valve invitees
- Devon
Delivering Better Value in SEND invitees
Tranche 1
- Hackney
Tranche 2
- Stockport
- Norfolk
Further reading:
- York council webinar recording
"""


def test_plain_text_lists_scoped_by_heading_lines() -> None:
    facts = run(extract, text_doc(PLAIN_LISTS))
    sv, dbv = "safety-valve", "delivering-better-value"
    assert rows(facts) == [
        (GSS["Kent"], sv, "member", "1", "2020-21", None),
        (GSS["Medway"], sv, "member", "1", "2020-21", None),
        (GSS["Surrey"], sv, "member", "2", "2021-22", None),
        (GSS["Devon"], sv, "potential_invitee", None, None, None),
        (GSS["Hackney"], dbv, "invitee", "1", None, None),
        (GSS["Stockport"], dbv, "invitee", "2", None, None),
        (GSS["Norfolk"], dbv, "invitee", "2", None, None),
    ]


def test_list_evidence_is_the_item_then_the_headings() -> None:
    facts = run(extract, text_doc(PLAIN_LISTS))
    medway = facts[1]
    assert [e.exact for e in medway.evidence] == [
        "Medway", "Safety Valve councils", "Current members: Tranche 1 (2020-21)"]
    stockport = facts[5]
    assert [e.exact for e in stockport.evidence] == [
        "Stockport", "Delivering Better Value in SEND invitees", "Tranche 2"]
    assert all(e.extractor == "programmes@1" for f in facts for e in f.evidence)


def test_items_that_are_not_authorities_are_not_participations() -> None:
    text = ("Safety Valve programme resources\n"
            "- Webinar: what the agreements mean for families\n"
            "- Podcast with a former SEND adviser\n"
            "- Slides from the parents' conference\n")
    assert run(extract, text_doc(text)) == []


def test_authority_lists_without_a_programme_heading_are_ignored() -> None:
    text = ("Councils we visited this summer\n- Kent\n- Medway\n"
            "Safety Valve news\nThe programme continues.\nAlso read:\n- Surrey\n")
    assert run(extract, text_doc(text)) == []


def test_scope_expires_after_a_run_of_prose() -> None:
    prose = "".join(f"Paragraph {n} about something else entirely.\n" for n in range(6))
    text = f"Safety Valve members\n{prose}- Kent\n"
    assert run(extract, text_doc(text)) == []


def test_bare_lines_count_as_items_only_straight_after_the_heading() -> None:
    text = "Delivering Better Value invitees, tranche 3\nKent\nMedway\n"
    facts = run(extract, text_doc(text))
    assert rows(facts) == [(GSS["Kent"], "delivering-better-value", "invitee", "3", None, None),
                           (GSS["Medway"], "delivering-better-value", "invitee", "3", None,
                            None)]


def test_html_lists_and_items_with_notes() -> None:
    body = ("<h2>Safety Valve</h2><p>These councils have signed agreements:</p>"
            "<ul><li>Kent (extended in 2023-24)</li><li>Medway and Surrey</li>"
            "<li>Read our guide to the programme</li></ul>"
            "<h2>Other news</h2><ul><li>York</li></ul>")
    facts = run(extract, html_doc(body))
    assert rows(facts) == [
        (GSS["Kent"], "safety-valve", "member", None, "2023-24", "extended"),
        (GSS["Medway"], "safety-valve", "member", None, None, "agreed"),
        (GSS["Surrey"], "safety-valve", "member", None, None, "agreed"),
    ]


def test_table_rows_under_a_programme_heading() -> None:
    body = ("<h2>Delivering Better Value invitees</h2><table>"
            "<tr><th>Local authority</th><th>Tranche</th></tr>"
            "<tr><td>Hackney</td><td>1</td></tr><tr><td>Norfolk</td><td>2</td></tr>"
            "<tr><td>Total</td><td>2</td></tr></table>")
    facts = run(extract, html_doc(body))
    assert rows(facts) == [
        (GSS["Hackney"], "delivering-better-value", "invitee", "1", None, None),
        (GSS["Norfolk"], "delivering-better-value", "invitee", "2", None, None),
    ]
    assert facts[0].evidence[0].exact.startswith("Hackney")


def test_prose_forms() -> None:
    text = ("Kent entered a Safety Valve agreement in 2022-23. "
            "The Safety Valve deal was meant to clear the deficit. Bury's funding was withheld. "
            "Surrey's Safety Valve agreement was extended last year. "
            "Devon could be invited to join the Safety Valve programme soon. "
            "Norfolk was invited to join tranche 2 of Delivering Better Value. "
            "York turned down a Safety Valve deal. "
            "The DfE appointed a SEND Commissioner for Birmingham.")
    facts = run(extract, text_doc(text))
    assert rows(facts) == [
        (GSS["Kent"], "safety-valve", "member", None, "2022-23", "agreed"),
        (GSS["Bury"], "safety-valve", "member", None, None, "funding_withheld"),
        (GSS["Surrey"], "safety-valve", "member", None, None, "extended"),
        (GSS["Devon"], "safety-valve", "potential_invitee", None, None, None),
        (GSS["Norfolk"], "delivering-better-value", "invitee", "2", None, None),
        (GSS["York"], "safety-valve", "invitee", None, None, "rejected"),
        (GSS["Birmingham"], "send-commissioner", "member", None, None, None),
    ]
    assert facts[1].evidence[0].exact == "Bury's funding was withheld."


def test_prose_that_states_no_participation() -> None:
    text = ("Norfolk is not part of the Safety Valve programme. "
            "Kent and the Safety Valve programme were both mentioned in the debate. "
            "Birmingham doesn't have a DSG deficit.")
    assert run(extract, text_doc(text)) == []
    # withheld funding with no programme named in the sentence, the one before or a heading
    text = "Council budgets\n\nMedway's funding was withheld by the bank.\n"
    assert run(extract, text_doc(text)) == []


def test_reader_comments_are_not_evidence_of_participation() -> None:
    body = ('<p>Kent entered a Safety Valve agreement in 2022-23.</p><div id="comments" '
            'class="comments-area"><ol class="comment-list"><li id="comment-1" class="comment">'
            '<article class="comment-body"><div class="comment-content"><p>Medway entered a '
            'Safety Valve agreement too.</p></div></article></li></ol></div>')
    document = html_doc(body)
    assert any(b.kind == "comment" for b in document.blocks)
    assert [f.authority for f in run(extract, document)] == [GSS["Kent"]]


def test_same_participation_twice_is_one_fact_with_two_evidences() -> None:
    text = "Safety Valve members\n- Kent\nKent entered a Safety Valve agreement.\n"
    facts = run(extract, text_doc(text))
    assert [(f.authority, f.status) for f in facts] == [(GSS["Kent"], None),
                                                       (GSS["Kent"], "agreed")]
    text = "Kent joined the Safety Valve programme. Later Kent joined the Safety Valve programme."
    facts = run(extract, text_doc(text))
    assert len(facts) == 1 and len(facts[0].evidence) == 2


def test_no_authorities_no_participations_and_determinism() -> None:
    document = text_doc(PLAIN_LISTS)
    assert run(extract, document, Names({})) == []
    assert run(extract, document) == run(extract, document)
