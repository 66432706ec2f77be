"""Quantities and periods in running text (sendgraph.extract.numbers / periods)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sendgraph.extract.numbers import find_quantities, words_value
from sendgraph.extract.periods import assign, financial_year_of, find_periods


def one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("a caseload of 1,250 families", "1250", "count"),
    ("it cost £1m last year", "1000000", "GBP"),
    ("a gap of £2.4m.", "2400000", "GBP"),
    ("a grant of £40 million", "40000000", "GBP"),
    ("debts of £3bn", "3000000000", "GBP"),
    ("£2.5 billion nationally", "2500000000", "GBP"),
    ("salaries of £75k", "75000", "GBP"),
    ("£12,500 per place", "12500", "GBP"),
    ("17% of requests", "17", "percent"),
    ("12.5 per cent of plans", "12.5", "percent"),
    ("Forty-two councils", "42", "count"),
    ("three hundred and twelve appeals", "312", "count"),
    ("two million pupils", "2000000", "count"),
    ("two-thirds of councils", "0.6667", "ratio"),
    ("a quarter of schools", "0.25", "ratio"),
    ("half of the families", "0.5", "ratio"),
    ("2.3 million children", "2300000", "count"),
])
def test_values_in_digits_words_money_and_percentages(text: str, value: str, unit: str) -> None:
    q = one(text)
    assert (q.value, q.unit) == (Decimal(value), unit)
    assert text[q.start:q.end].strip()


@pytest.mark.parametrize(("text", "kind"), [
    ("around £4m", "approximate"), ("about 90 children", "approximate"),
    ("nearly 400 plans", "approximate"), ("in the region of 60 appeals", "approximate"),
    ("over 70 schools", "more_than"), ("more than 5,000 pupils", "more_than"),
    ("9,000 plus families", "more_than"), ("120+ requests", "more_than"),
    ("at least 88 plans", "at_least"), ("no fewer than 40 reviews", "at_least"),
    ("no more than 230 plans", "at_most"), ("up to £55k", "at_most"),
    ("fewer than 12 officers", "less_than"), ("50 or more cases", "at_least"),
])
def test_qualifiers_before_and_after(text: str, kind: str) -> None:
    q = one(text)
    assert q.qualifier == kind
    assert q.qstart == 0  # the qualifier's span starts the match


def test_ranges_keep_both_ends() -> None:
    q = one("loads of 40-55 cases each")
    assert (q.value, q.high) == (Decimal(40), Decimal(55))
    q = one("between 20 and 30 staff")
    assert (q.value, q.high) == (Decimal(20), Decimal(30))
    q = one("£3-4m a year")
    assert (q.value, q.high, q.unit) == (Decimal(3_000_000), Decimal(4_000_000), "GBP")
    # a second number below the first is not a range
    assert [x.value for x in find_quantities("cut from 300 to 250")] == [300, 250]
    # "and" joins two numbers into a range only after "between"
    assert [x.value for x in find_quantities("aged 7 and 8")] == [7, 8]


@pytest.mark.parametrize("text", [
    "the 2014 Act", "in 2019-20", "FY24/25", "on 14th May", "page 12 says", "Section 19 duties",
    "Tranche 3 councils", "P14 of the guidance", "post-19 provision", "under 11s",
    "on 3 June 2021", "June 3", "call 01632 960001", "a third party", "no one knows",
    "one of them", "a 12-page letter",
])
def test_things_that_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == [], text


def test_words_value() -> None:
    assert words_value("Thirty-eight") == 38
    assert words_value("four hundred") == 400
    assert words_value("nine thousand") == 9000
    assert words_value("banana") is None


def test_offsets_are_absolute_within_a_window() -> None:
    text = "Intro. Kent has 45 plans and £2m."
    found = find_quantities(text, 7, len(text))
    assert [text[q.start:q.end] for q in found] == ["45", "£2m"]


# --- periods -----------------------------------------------------------------------------------

def reading(text: str, date: str | None = None):
    found = find_periods(text, 0, len(text), date)
    assert len(found) == 1, (text, found)
    p = found[0]
    return p.period_start, p.period_end, p.deadline, p.label


@pytest.mark.parametrize(("text", "expected"), [
    ("in 2023-24", ("2023-04-01", "2024-03-31", None, "2023-24")),
    ("the 2019/20 budget", ("2019-04-01", "2020-03-31", None, "2019-20")),
    ("during 2021-2022", ("2021-04-01", "2022-03-31", None, "2021-22")),
    ("FY24/25", ("2024-04-01", "2025-03-31", None, "2024-25")),
    ("FY 2020-21", ("2020-04-01", "2021-03-31", None, "2020-21")),
    ("financial year 2018-19", ("2018-04-01", "2019-03-31", None, "2018-19")),
    ("the academic year 2021/22", ("2021-09-01", "2022-08-31", None, "2021-22")),
    ("from May 2021 to February 2022", ("2021-05-01", "2022-02-28", None, None)),
    ("between June 2023 and April 2024", ("2023-06-01", "2024-04-30", None, None)),
    ("from autumn 2020 to March 2021", (None, "2021-03-31", None, None)),
    ("by the end of March 2024", (None, None, "2024-03-31", None)),
    ("before September 2025", (None, None, "2025-09-30", None)),
    ("by 15 July 2022", (None, None, "2022-07-15", None)),
    ("no later than 2026", (None, None, "2026-12-31", None)),
    ("by 2025-26", (None, None, "2026-03-31", None)),
    ("until the end of March 2023", (None, "2023-03-31", None, None)),
    ("in May 2020", ("2020-05-01", "2020-05-31", None, None)),
    ("in 2017", ("2017-01-01", "2017-12-31", None, None)),
])
def test_period_forms(text: str, expected: tuple) -> None:
    assert reading(text) == expected


def test_relative_financial_years_use_the_document_date() -> None:
    # a date from April on is in the financial year that starts that April
    assert reading("in this financial year", "2021-07-14")[3] == "2021-22"
    # January to March belong to the year that started the April before
    assert reading("in the current financial year", "2021-02")[3] == "2020-21"
    assert reading("next financial year", "2021-02")[3] == "2021-22"
    assert reading("last financial year", "2021-09")[3] == "2020-21"
    # a bare year: the financial year that starts in it (nine of its months)
    assert reading("this financial year", "2022")[:2] == ("2022-04-01", "2023-03-31")
    # no document date: not guessed
    assert find_periods("in this financial year", 0, 22, None) == []


def test_financial_year_of() -> None:
    assert financial_year_of("2019-10-23") == 2019
    assert financial_year_of("2019-03") == 2018
    assert financial_year_of("2019") == 2019
    assert financial_year_of(None) is None
    assert financial_year_of("soon") is None


def test_not_periods() -> None:
    for text in ("2014-16 inquiry", "scores of 2019-23", "in the year",
                 "from May 2023 to March 2022"):
        assert find_periods(text, 0, len(text)) == [], text


def test_assigning_periods_to_clauses() -> None:
    text = "In 2023-24 A must do 5 in May 2023 and B must do 6 by 2025 while C does 7."
    periods = find_periods(text, 0, len(text))
    a, b, c = text.index("A"), text.index("B"), text.index("C")
    first, second, third = assign([a, b, c], periods)
    assert (first.period_start, first.period_end) == ("2023-05-01", "2023-05-31")
    assert (second.period_start, second.deadline) == ("2023-04-01", "2025-12-31")
    assert (third.period_start, third.period_end) == ("2023-04-01", "2024-03-31")
    assert assign([a], []) == [None]
    # an end before a general start is not merged into one period
    text = "In 2023-24 A must do 5 until March 2023."
    (only,) = assign([text.index("A")], find_periods(text, 0, len(text)))
    assert (only.period_start, only.period_end) == (None, "2023-03-31")
