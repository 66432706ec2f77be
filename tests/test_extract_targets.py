"""Targets and KPIs from prose and from KPI tables."""

from __future__ import annotations

from decimal import Decimal

from sendgraph.extract.targets import extract
from tests.support.fact_docs import GSS, html_doc, run, text_doc

K, R, B = GSS["Kingston"], GSS["Richmond"], GSS["Bury"]


def rows(facts) -> list[tuple]:
    return [(f.authority, f.metric, f.metric_text, f.comparator,
             None if f.value is None else str(f.value), f.unit, f.period_start, f.period_end,
             f.deadline) for f in facts]


def test_ceiling_and_floor_with_relative_and_deadline_periods() -> None:
    text = ("Kingston has a target to issue no more than 240 new EHCPs in this financial year, "
            "and a target to cease at least 95 EHCPs before the end of March 2024.")
    facts = run(extract, text_doc(text, published="2023-07-02"))
    assert rows(facts) == [
        (K, "new-ehcps", "new EHCPs", "at_most", "240", "count", "2023-04-01", "2024-03-31",
         None),
        (K, "ehcps-ceased", "cease EHCPs", "at_least", "95", "count", None, None, "2024-03-31"),
    ]
    assert facts[0].evidence[0].exact == text  # the sentence is the evidence
    assert facts[0].evidence[0].extractor == "targets@1"


def test_this_financial_year_early_in_the_calendar_year() -> None:
    text = "Richmond aims to issue no more than 150 new EHCPs in the current financial year."
    (fact,) = run(extract, text_doc(text, published="2023-02"))
    assert (fact.period_start, fact.period_end) == ("2022-04-01", "2023-03-31")


def test_coordinated_subjects_each_get_the_target() -> None:
    text = ("Kingston and Richmond each have a target to make £2 million of ‘savings and "
            "efficiencies’ from April 2023 to March 2024, on top of other targets.")
    facts = run(extract, text_doc(text))
    assert rows(facts) == [
        (a, "savings", "savings and efficiencies", "save", "2000000", "GBP", "2023-04-01",
         "2024-03-31", None) for a in (K, R)]


def test_reference_to_similar_targets_gives_the_metric_without_a_value() -> None:
    text = ("Kingston has a target to issue no more than 240 new EHCPs in 2023-24, and a target "
            "to cease at least 95 EHCPs by March 2024. Richmond has similar targets for both.")
    facts = run(extract, text_doc(text))
    richmond = [f for f in facts if f.authority == R]
    assert rows(richmond) == [
        (R, "new-ehcps", "new EHCPs", "at_most", None, None, None, None, None),
        (R, "ehcps-ceased", "cease EHCPs", "at_least", None, None,
         None, None, None),
    ]
    assert richmond[0].evidence[0].exact == "Richmond has similar targets for both."


def test_saving_with_an_approximation_and_a_verb_before_it() -> None:
    text = ("Bury is redesigning its banding system and cutting support services, to save "
            "around £2.3m.")
    (fact,) = run(extract, text_doc(text))
    assert rows([fact]) == [(B, "savings", "savings (approximate)", "save", "2300000", "GBP",
                             None, None, None)]


def test_reduce_by_a_percentage_with_a_period_range() -> None:
    text = ("Kingston is working to a target to reduce the average top-up cost of a college "
            "placement by 40% from spring 2023 to March 2024.")
    (fact,) = run(extract, text_doc(text))
    assert rows([fact]) == [(K, "top-up-cost", "average top-up cost of a college placement",
                             "reduce_by", "40", "percent", None, "2024-03-31", None)]


def test_named_targets_without_numbers_share_the_sentence_period() -> None:
    text = ("Kingston is working to a target to cut the average placement cost for primary "
            "pupils, to reduce the average cost of an EHCP, and to reduce transport costs by "
            "10% in 2023-24.")
    facts = run(extract, text_doc(text))
    assert rows(facts) == [
        (K, "placement-cost", "average placement cost for primary pupils", "reduce_by", None,
         None, "2023-04-01", "2024-03-31", None),
        (K, "average-ehcp-cost", "average cost of an EHCP", "reduce_by", None, None,
         "2023-04-01", "2024-03-31", None),
        (K, "home-to-school-transport-cost", "transport costs", "reduce_by", "10", "percent",
         "2023-04-01", "2024-03-31", None),
    ]


def test_caps_words_fractions_and_financial_year_labels() -> None:
    text = ("Kent must cap out-of-county placements at 310 in FY24/25. "
            "Medway plans to reduce new EHCPs to Thirty-eight a month. "
            "Surrey aims to increase mainstream placements by two-thirds by 2026. "
            "Devon has a KPI to issue at least 60% of EHCPs within 20 weeks in 2023-24.")
    facts = run(extract, text_doc(text))
    assert rows(facts) == [
        (GSS["Kent"], "out-of-area-placements", "out-of-county placements", "at_most", "310",
         "count", "2024-04-01", "2025-03-31", None),
        (GSS["Medway"], "new-ehcps", "new EHCPs", "at_most", "38", "count", None, None, None),
        (GSS["Surrey"], "mainstream-inclusion", "mainstream placements", "increase_by",
         "0.6667", "ratio", None, None, "2026-12-31"),
        (GSS["Devon"], "ehcp-timeliness", "EHCPs within 20 weeks", "at_least", "60",
         "percent", "2023-04-01", "2024-03-31", None),
    ]


def test_rates() -> None:
    text = "Stockport aims to bring caseloads down to no more than 35 cases per officer."
    (fact,) = run(extract, text_doc(text))
    assert (fact.authority, fact.metric, fact.metric_text, fact.comparator, fact.value,
            fact.unit) == (GSS["Stockport"], "caseload", "cases per officer", "at_most",
                           Decimal(35), "ratio")


def test_unknown_metric_wording_is_kept_as_text() -> None:
    text = "Norfolk has a target to recruit at least 25 educational psychologists by 2025."
    (fact,) = run(extract, text_doc(text))
    assert (fact.metric, fact.metric_text, fact.comparator, fact.value) == (
        None, "educational psychologists", "at_least", Decimal(25))


def test_pronoun_subject_carries_over() -> None:
    text = "Hackney is in deficit. It has a target to save £4 million by March 2025."
    (fact,) = run(extract, text_doc(text))
    assert (fact.authority, fact.comparator, fact.value, fact.deadline) == (
        GSS["Hackney"], "save", Decimal(4_000_000), "2025-03-31")


def test_numbers_that_are_not_targets() -> None:
    text = ("Kingston issued 240 new EHCPs last year. "
            "VALUE FOR MONEY: 13 KPIs, each measured by cost. "
            "Staff in at least 8 of the 20 teams work to explicit targets. "
            "They are each working to meet at least 30 specific key performance indicators. "
            "Advisers earn up to £90k. "
            "In 2020 the council cut its budget by £1m.")
    assert run(extract, text_doc(text)) == []


def test_kpi_table() -> None:
    body = ("<h2>Kingston KPIs</h2><p>Agreed for 2023-24:</p><table>"
            "<tr><th>Indicator</th><th>Baseline</th><th>Target</th><th>Actual</th></tr>"
            "<tr><td>New EHCPs issued</td><td>260</td><td>240</td><td>251</td></tr>"
            "<tr><td>EHCPs ceased</td><td>70</td><td>95</td><td>88</td></tr>"
            "<tr><td>Average top-up cost</td><td>£14,000</td><td>≤ £12,500</td><td></td></tr>"
            "<tr><td>Staff wellbeing score</td><td>6</td><td>6</td><td>5</td></tr>"
            "<tr><td>Notes</td><td colspan='3'>none</td></tr></table>")
    facts = run(extract, html_doc(body))
    assert rows(facts) == [
        (K, "new-ehcps", "New EHCPs issued", "at_most", "240", "count", "2023-04-01",
         "2024-03-31", None),
        (K, "ehcps-ceased", "EHCPs ceased", "at_least", "95", "count", "2023-04-01",
         "2024-03-31", None),
        (K, "top-up-cost", "Average top-up cost", "at_most", "12500", "GBP", "2023-04-01",
         "2024-03-31", None),
        (K, None, "Staff wellbeing score", "exactly", "6", "count", "2023-04-01", "2024-03-31",
         None),
    ]
    row, header = facts[0].evidence
    assert row.exact.startswith("New EHCPs issued") and header.exact.startswith("Indicator")


def test_kpi_table_with_period_columns_and_authority_rows() -> None:
    body = ("<table><tr><th>Council</th><th>Measure</th><th>Target 2024-25</th></tr>"
            "<tr><td>Kent</td><td>Tribunal appeals</td><td>fewer than 400</td></tr></table>")
    facts = run(extract, html_doc(body))
    assert rows(facts) == [(GSS["Kent"], "tribunal-appeals", "Tribunal appeals", "at_most",
                            "400", "count", "2024-04-01", "2025-03-31", None)]


def test_tables_that_are_not_kpi_tables() -> None:
    body = ("<table><tr><th>Year</th><th>Plans</th></tr><tr><td>2021</td><td>300</td></tr>"
            "</table>")
    assert run(extract, html_doc(body)) == []


def test_reader_comments_are_skipped() -> None:
    body = ('<p>Intro.</p><div id="comments" class="comments-area"><ol class="comment-list">'
            '<li id="comment-1" class="comment"><article class="comment-body"><div '
            'class="comment-content"><p>Kent has a target to issue no more than 90 new EHCPs.'
            '</p></div></article></li></ol></div>')
    assert run(extract, html_doc(body)) == []
