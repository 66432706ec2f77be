"""Figures: notable statistics with value, unit, measure and subject."""

from __future__ import annotations

from sendgraph.extract.figures import extract
from tests.support.fact_docs import GSS, run, text_doc


def rows(facts) -> list[tuple]:
    return [(str(f.value), f.unit, f.measure, f.metric, f.about) for f in facts]


def test_subject_of_a_measuring_verb() -> None:
    text = "High-needs deficits now stand at around £2 billion."
    assert rows(run(extract, text_doc(text))) == [
        ("2000000000", "GBP", "High-needs deficits (approximate)", "deficit", ())]


def test_counted_populations() -> None:
    text = ("There are currently 412,000 pupils with EHCPs in England. Of the 12,000 plus "
            "children and young people with Education, Health and Care Plans in Kent, in the "
            "region of 250 appeals to the tribunal were pending.")
    assert rows(run(extract, text_doc(text))) == [
        ("412000", "count", "pupils with EHCPs", "ehcps-maintained", ()),
        ("12000", "count",
         "children and young people with Education, Health and Care Plans (more than)",
         "ehcps-maintained", (GSS["Kent"],)),
        ("250", "count", "appeals to the tribunal (approximate)", "tribunal-appeals",
         (GSS["Kent"],)),
    ]


def test_rates_and_ranges() -> None:
    text = "At one point, case loads reached 300-350 children per officer."
    assert rows(run(extract, text_doc(text))) == [
        ("300", "ratio", "case loads: children per officer (range 300 to 350)", "caseload",
         ())]


def test_money_with_of_and_the_figure_it_should_be() -> None:
    text = ("At present Birmingham has an allocation of £6.1 million in the top-up fund for the "
            "High Needs Block – estimates suggest that figure should be closer to £18 million.")
    facts = run(extract, text_doc(text))
    base = "allocation in the top-up fund for the High Needs Block"
    assert rows(facts) == [
        ("6100000", "GBP", base, "high-needs-funding", (GSS["Birmingham"],)),
        ("18000000", "GBP", f"{base} (should be; approximate)", "high-needs-funding",
         (GSS["Birmingham"],)),
    ]
    assert facts[0].evidence[0].exact == text


def test_percentages_and_fractions() -> None:
    text = ("Councils have seen a near 45 per cent rise in new EHCPs. "
            "Around 27% of requests were refused. "
            "Two-thirds of councils overspent. "
            "There are 380,000 pupils with EHCPs, a 9 per cent increase on last year.")
    assert rows(run(extract, text_doc(text))) == [
        ("45", "percent", "rise in new EHCPs (approximate)", "new-ehcps", ()),
        ("27", "percent", "share of requests (approximate)", None, ()),
        ("0.6667", "ratio", "share of councils overspent", None, ()),
        ("380000", "count", "pupils with EHCPs", "ehcps-maintained", ()),
        ("9", "percent", "increase in pupils with EHCPs", "ehcps-maintained", ()),
    ]


def test_money_without_a_measure_phrase_keeps_its_clause() -> None:
    text = ("The grant is small - £60 million over four years. "
            "Shared between 40 councils, £60m will not go far.")
    (fact,) = run(extract, text_doc(text))
    assert (str(fact.value), fact.unit, fact.metric) == ("60000000", "GBP", None)
    assert "£60 million over four years" in fact.measure
    assert len(fact.evidence) == 2  # the repeat adds its sentence as evidence


def test_numbers_that_are_not_figures() -> None:
    text = ("The 2014 Act came in 20 years after the code. "
            "Three children were interviewed. "
            "The contract has 12 detailed KPIs. "
            "See page 14, section 251 and Tranche 2. "
            "Kent has a target to save £3m in 2023-24.")
    assert run(extract, text_doc(text)) == []


def test_deterministic() -> None:
    document = text_doc("Kent has 9,100 children with EHCPs and a £45m deficit.")
    first = run(extract, document)
    assert first == run(extract, document)
    assert rows(first) == [
        ("9100", "count", "children with EHCPs", "ehcps-maintained", (GSS["Kent"],)),
        ("45000000", "GBP", "deficit", "deficit", (GSS["Kent"],))]
