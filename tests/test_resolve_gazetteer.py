"""The gazetteer, the date rules and the folding of text for matching."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from sendgraph.resolve import REJECTED, Gazetteer, Resolver
from sendgraph.resolve.dates import choose, period
from sendgraph.resolve.normalise import fold, tokenize

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "english_las.csv"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_shipped_csv_is_the_shared_file() -> None:
    if not SHARED.exists():
        pytest.skip(f"{SHARED} not found")
    shipped = resources.files("sendgraph.resolve").joinpath("data").joinpath("english_las.csv")
    assert shipped.read_bytes() == SHARED.read_bytes()


def test_153_current_authorities_by_kind(gaz: Gazetteer) -> None:
    current = gaz.current()
    assert len(current) == 153
    assert Counter(a.kind for a in current) == {
        "London borough": 33, "metropolitan district": 36, "unitary": 63, "county": 21}
    assert all(a.dfe_la_code and len(a.dfe_la_code) == 3 for a in current)
    assert len(gaz.authorities) == 172


def test_authority_facts(gaz: Gazetteer) -> None:
    cumbria = gaz.by_gss("E10000006")
    assert (cumbria.name, cumbria.dfe_la_code, cumbria.region, cumbria.kind) == (
        "Cumbria", "909", "North West", "county")
    assert cumbria.valid_to == date(2023, 3, 31) and not cumbria.current
    assert cumbria.valid_on(date(2023, 3, 31)) and not cumbria.valid_on(date(2023, 4, 1))
    hull = gaz.by_gss("E06000010")
    assert hull.names[0] == "Kingston upon Hull, City of" and "Hull" in hull.names
    with pytest.raises(KeyError, match="E99"):
        gaz.by_gss("E99999999")


def test_at_and_search_follow_dates(gaz: Gazetteer) -> None:
    names_2022 = {a.gss_code for a in gaz.at("2022")}
    assert "E10000006" in names_2022 and "E06000063" not in names_2022
    assert "E10000006" not in {a.gss_code for a in gaz.at("2024-01-01")}
    assert len([a for a in gaz.at(date(2024, 6, 1))]) == 153
    assert [a.gss_code for a in gaz.search("Somerset", when="2022")] == ["E10000027"]
    assert [a.gss_code for a in gaz.search("Somerset")] == ["E06000066", "E10000027"]
    assert [a.gss_code for a in gaz.search("kingston-upon-hull")] == ["E06000010"]
    assert {a.gss_code for a in gaz.search("BCC")} == {"E08000025", "E06000023", "E10000002"}
    assert gaz.search("Narnia") == []


def test_rejected_hints_are_never_matched(gaz: Gazetteer) -> None:
    resolver = Resolver()
    for hint in REJECTED:
        assert gaz.search(hint) == [], hint
        assert resolver.resolve(f"The council in {hint} has a SEND deficit.") == [], hint


def test_every_hint_kept_or_rejected_on_purpose(gaz: Gazetteer) -> None:
    """Every alt_names hint is a form of its authority unless it was rejected."""
    text = resources.files("sendgraph.resolve").joinpath("data").joinpath("english_las.csv")
    for row in csv.DictReader(text.read_text("utf-8").splitlines()):
        for hint in filter(None, row["alt_names"].split(";")):
            found = {a.gss_code for a in gaz.search(hint)}
            assert (hint in REJECTED) == (row["gss_code"] not in found), hint


def test_every_current_official_name_resolves_to_itself(gaz: Gazetteer) -> None:
    resolver = Resolver()
    for a in gaz.current():
        found = resolver.resolve(a.name, date="2025-06")
        assert [(m.text, m.gss_code) for m in found] == [(a.name, a.gss_code)], a.name


def test_period_keeps_precision() -> None:
    assert period("2022") == (date(2022, 1, 1), date(2022, 12, 31))
    assert period("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert period("2023-04-01") == (date(2023, 4, 1), date(2023, 4, 1))
    assert period("2019-10-23T10:00:00Z") == (date(2019, 10, 23), date(2019, 10, 23))
    for bad in ("22", "2022-13", "2022-02-30", "yesterday", ""):
        with pytest.raises(ValueError, match="cannot read the date"):
            period(bad)


@pytest.mark.parametrize(("codes", "when", "styled", "expect", "ambiguous"), [
    (("E10000023", "E06000065"), "2022", False, "E10000023", False),
    (("E10000023", "E06000065"), "2023-06", False, "E06000065", False),
    (("E10000023", "E06000065"), "2023", False, "E06000065", False),   # most of the year
    (("E08000016", "E08000038"), "2025-04-30", False, "E08000016", False),
    (("E08000016", "E08000038"), "2025-05-01", False, "E08000038", False),
    (("E10000006",), "2024", False, None, True),                       # two successors
    (("E10000006",), "2024", True, "E10000006", False),                # "Cumbria County Council"
    (("E06000028",), "2022", False, "E06000058", False),               # Bournemouth -> BCP
    (("E06000063",), "2020", False, "E06000063", False),               # anticipated
    (("E10000022", "E06000048", "E06000057"), "2010", False, "E06000048", False),
    (("E10000023", "E06000065"), None, False, "E06000065", False),     # no date: current
    (("E10000006",), None, False, "E10000006", False),                 # only a historic one
])
def test_choose_by_date(gaz: Gazetteer, codes: tuple[str, ...], when: str | None,
                        styled: bool, expect: str | None, ambiguous: bool) -> None:
    choice = choose(gaz, codes, period(when) if when else None, when, styled=styled)
    assert (choice.authority.gss_code if choice.authority else None) == expect
    assert (choice.authority is None) == ambiguous
    if ambiguous:
        assert {a.gss_code for a in choice.candidates} == {"E10000006", "E06000063",
                                                           "E06000064"}


def test_fold() -> None:
    assert fold("St. Helens") == fold("St Helens") == fold("Saint Helens") == ("st", "helens")
    assert fold("Kingston-upon-Thames") == ("kingston", "upon", "thames")
    assert fold("Hammersmith & Fulham") == fold("hammersmith and fulham")
    assert fold("Bristol, City of") == ("bristol", ",", "city", "of")


def test_tokens_keep_exact_offsets() -> None:
    text = "Kent’s SEND team met Warwick-\nshire and Stoke-\non-Trent; St. Helens too."
    toks = tokenize(text, vocab=frozenset({"warwickshire"}))
    assert toks.norm[:3] == ["kent", "send", "team"]
    assert text[toks.start[0]:toks.end[0]] == "Kent" and toks.poss[0]
    k = toks.norm.index("warwickshire")
    assert text[toks.start[k]:toks.end[k]] == "Warwick-\nshire"
    assert toks.norm[k + 2:k + 5] == ["stoke", "on", "trent"]
    s = toks.norm.index("st")
    assert toks.norm[s + 1] == "helens"  # the full stop of "St." is not a token


def test_blank_lines_and_block_breaks_split_segments() -> None:
    toks = tokenize("North\n\nSomerset")
    assert toks.seg[0] != toks.seg[1]
    toks = tokenize("North Somerset", breaks=[5, 6])
    assert toks.seg[0] != toks.seg[1]
    assert Resolver().resolve("North\nSomerset") != Resolver().resolve("North\n\nSomerset")
