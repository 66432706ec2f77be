"""Resolver behaviour beyond the evaluation set: the API, Documents, undecided mentions and
people's judgements."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sendgraph.document import build_document
from sendgraph.resolve import Judgements, Mention, Resolver, key_for


def codes(mentions: list[Mention]) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.gss_code, m.status) for m in mentions]


def test_mention_fields_and_reason() -> None:
    text = "Families in Cumbria wait longest."
    [m] = Resolver().resolve(text, date="2022")
    assert (m.start, m.end, m.text) == (12, 19, "Cumbria")
    assert m.authority is not None and m.authority.gss_code == "E10000006"
    assert m.status == "resolved" and 0.9 < m.confidence <= 1
    assert m.reason.endswith("date 2022 -> Cumbria (E10000006)")
    assert m.case == "date"
    assert m.to_json()["gss"] == "E10000006"


def test_mention_text_is_enforced() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        Mention(0, 4, "Ken", None, 0.0, "unresolved", (), "", "")
    with pytest.raises(ValueError, match="authority"):
        Mention(0, 4, "Kent", None, 0.9, "resolved", (), "", "")


def test_bad_input_is_refused_clearly() -> None:
    with pytest.raises(TypeError, match="Document or a str"):
        Resolver().resolve(b"Kent")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot read the date"):
        Resolver().resolve("Kent", date="last year")


def test_document_date_and_blocks_are_used() -> None:
    data = b"Programme areas\n- North\n- Somerset\n- Cumbria\n"
    doc = build_document(data, url="https://example.org/list.txt", content_type="text/plain",
                         snapshot_id="s1", metadata={"published": "2024"})
    found = Resolver().resolve(doc)
    # "North" and "Somerset" are separate list items: no "North Somerset" across blocks;
    # the document's 2024 date picks the unitary Somerset; Cumbria had ended by then.
    assert codes(found) == [("Somerset", "E06000066", "resolved"),
                            ("Cumbria", None, "ambiguous")]
    assert codes(Resolver().resolve(doc, date="2022")) == [
        ("Somerset", "E10000027", "resolved"), ("Cumbria", "E10000006", "resolved")]


def test_undecided_mentions_keep_their_candidates() -> None:
    found = Resolver().resolve("The SEND team at BCC has not replied.", date="2022")
    [m] = found
    assert m.status == "ambiguous" and m.authority is None
    assert {a.gss_code for a in m.candidates} == {"E08000025", "E06000023"}  # not Bucks CC
    [u] = Resolver().resolve("Fooshire County Council has not replied.")
    assert u.status == "unresolved" and u.text == "Fooshire County Council"


def test_html_document_and_hyphenated_names() -> None:
    html = (b"<html><body><h1>Safety valve</h1><ul><li>Kingston-upon-Thames</li>"
            b"<li>Richmond</li></ul><p>NHS Kent and Medway runs the pathway; Kent County "
            b"Council runs the EHCP team.</p></body></html>")
    doc = build_document(html, url="https://example.org/", content_type="text/html",
                         snapshot_id="s2", metadata={"published": "2022-05"})
    assert codes(Resolver().resolve(doc)) == [
        ("Kingston-upon-Thames", "E09000021", "resolved"),
        ("Richmond", "E09000027", "resolved"),
        ("Kent County Council", "E10000016", "resolved")]


def test_judgement_that_a_mention_is_not_an_authority(tmp_path: Path) -> None:
    text = "Our trustee Devon spoke at the SEND meeting."
    assert codes(Resolver().resolve(text)) == [("Devon", "E10000008", "resolved")]
    store = Judgements(tmp_path)
    store.record("Devon", None, snapshot="snap1", start=12, note="a person")
    doc_text = Resolver(judgements=Judgements(tmp_path))
    assert doc_text.resolve(text) != []  # the judgement is for one snapshot only
    doc = build_document(text.encode(), url="https://example.org/", content_type="text/plain",
                         snapshot_id="snap1")
    assert doc_text.resolve(doc) == []


def test_judgement_that_a_mention_is_an_authority(tmp_path: Path) -> None:
    store = Judgements(tmp_path)
    assert codes(Resolver(judgements=store).resolve("Chesshire Est is slow.")) == []
    store.record("Chesshire  Est", "E06000049", note="a typo in the minutes")
    found = Resolver(judgements=Judgements(tmp_path)).resolve("Chesshire Est is slow.")
    assert codes(found) == [("Chesshire Est", "E06000049", "resolved")]
    assert found[0].case == "judgement" and found[0].confidence == 1.0
    # A later judgement wins; an unknown code is refused.
    store.record("chesshire est", None)
    assert Resolver(judgements=Judgements(tmp_path)).resolve("Chesshire Est is slow.") == []
    with pytest.raises(KeyError):
        store.record("Kent", "E99999999")


def test_a_judgement_overrides_a_negative_context(tmp_path: Path) -> None:
    text = "Sarah Kent visited the schools."
    assert Resolver().resolve(text) == []
    Judgements(tmp_path).record("Kent", "E10000016", snapshot="s9", start=6)
    doc = build_document(text.encode(), url="https://example.org/", content_type="text/plain",
                         snapshot_id="s9")
    found = Resolver(judgements=Judgements(tmp_path)).resolve(doc)
    assert codes(found) == [("Kent", "E10000016", "resolved")]


def test_undecided_mentions_are_kept_for_people(tmp_path: Path) -> None:
    store = Judgements(tmp_path)
    text = "BCC said it would answer the SEND review. Fooshire County Council did not."
    found = Resolver().resolve(text, date="2022")
    assert store.keep_undecided(found, snapshot="s3", source=text) == 2
    assert store.keep_undecided(found, snapshot="s3", source=text) == 0  # once each
    pending = store.unresolved()
    assert [p["text"] for p in pending] == ["BCC", "Fooshire County Council"]
    assert set(pending[0]["candidates"]) == {"E08000025", "E06000023"}
    assert "BCC said" in pending[0]["context"]
    store.record("BCC", "E06000023", snapshot="s3", start=0)
    assert [p["text"] for p in Judgements(tmp_path).unresolved()] == ["Fooshire County Council"]


def test_a_torn_line_is_skipped_and_does_not_swallow_the_next(tmp_path: Path) -> None:
    path = tmp_path / "authority_judgements.jsonl"
    path.write_text(json.dumps({"key": "kent", "gss": None}) + "\n" + '{"key": "med')
    store = Judgements(tmp_path)
    assert [j.key for j in store] == ["kent"]
    store.record("Medway", "E06000035")
    assert [j.key for j in Judgements(tmp_path)] == ["kent", "medway"]


def test_key_for_folds_like_the_matcher() -> None:
    assert key_for("Kingston-upon-Thames") == key_for("kingston upon  thames")
    assert key_for("St. Helens") == "st helens"
    assert key_for("Hammersmith & Fulham") == "hammersmith and fulham"


@pytest.mark.parametrize(("text", "expected"), [
    ("Kingston and Richmond each have a target.",
     [("Kingston", "E09000021"), ("Richmond", "E09000027")]),
    ("Kingston upon Hull is in the north. Kingston has a SEND deficit too.",
     [("Kingston upon Hull", "E06000010"), ("Kingston", "E06000010")]),
    ("North and West Northamptonshire", [("North", "E06000061"),
                                         ("West Northamptonshire", "E06000062")]),
    ("Kent, Surrey and Hampshre", [("Kent", "E10000016"), ("Surrey", "E10000030"),
                                   ("Hampshre", "E10000014")]),
    ("NHS Kent and Medway", []),
    ("Devon, Plymouth and Torbay ICS", []),
    ("Bristol, City of London and Kent", [("Bristol", "E06000023"),
                                          ("City of London", "E09000001"),
                                          ("Kent", "E10000016")]),
])
def test_examples(text: str, expected: list[tuple[str, str]]) -> None:
    found = Resolver().resolve(text, date="2022")
    assert [(m.text, m.gss_code) for m in found if m.status == "resolved"] == expected
