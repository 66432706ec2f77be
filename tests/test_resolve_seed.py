"""The programme lists of seed 003 (a 2022 blog post) resolve to the right GSS codes.

The expected codes were written here from the gazetteer's facts (english_las.csv) for a
document dated 2022: e.g. Cumbria existed until 2023-03-31 (E10000006); North Yorkshire and
Somerset were still counties (E10000023, E10000027); Dorset and Buckinghamshire were already
unitaries (E06000059, E06000060); Barnsley had its pre-2025 code (E08000016).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sendgraph.document import Document, build_document
from sendgraph.resolve import Resolver

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_c865646db6abd3c4.txt"

SECTIONS: dict[str, list[tuple[str, str]]] = {
    "Current members: Tranche 1 (2020-21)": [
        ("Bury", "E08000002"), ("Hammersmith & Fulham", "E09000013"),
        ("Kingston-upon-Thames", "E09000021"), ("Richmond-upon-Thames", "E09000027"),
        ("Stoke", "E06000021"),
    ],
    "Current members Tranche 2 (2021-22)": [
        ("Dorset", "E06000059"), ("Hillingdon", "E09000017"), ("Kirklees", "E08000034"),
        ("Merton", "E09000024"), ("Rotherham", "E08000018"), ("Salford", "E08000006"),
        ("South Gloucestershire", "E06000025"), ("Surrey", "E10000030"),
        ("City of York", "E06000014"),
    ],
    "Potential Future Safety Valve Programme Invitees": [
        ("Barnsley", "E08000016"), ("Bath & North East Somerset", "E06000022"),
        ("Bexley", "E09000004"), ("Blackpool", "E06000009"), ("Bolton", "E08000001"),
        ("Cambridgeshire", "E10000003"), ("Croydon", "E09000008"),
        ("Darlington", "E06000005"), ("Devon", "E10000008"), ("Haringey", "E09000014"),
        ("Hounslow", "E09000018"), ("Kent", "E10000016"), ("Medway", "E06000035"),
        ("Norfolk", "E10000020"), ("North Somerset", "E06000024"), ("Slough", "E06000039"),
        ("Southwark", "E09000028"), ("Torbay", "E06000027"), ("Wokingham", "E06000041"),
    ],
    "DBV Tranche 1": [
        ("Bournemouth, Christchurch and Poole", "E06000058"),
        ("Bracknell Forest", "E06000036"), ("Brent", "E09000005"),
        ("Chesire East", "E06000049"), ("Cumbria", "E10000006"), ("Doncaster", "E08000017"),
        ("Dudley", "E08000027"), ("Hampshire", "E10000014"),
        ("Kensington and Chelsea", "E09000020"), ("Newham", "E09000025"),
        ("North East Lincolnshire", "E06000012"), ("Oxfordshire", "E10000025"),
        ("Solihull", "E08000029"), ("Somerset", "E10000027"),
        ("South Tyneside", "E08000023"), ("Southampton", "E06000045"),
        ("Stockport", "E08000007"), ("Stockton-on-Tees", "E06000004"),
        ("Suffolk", "E10000029"), ("Tower Hamlets", "E09000030"),
    ],
    "DBV Tranche 2": [
        ("Bristol", "E06000023"), ("East Riding of Yorkshire", "E06000011"),
        ("Enfield", "E09000010"), ("Gloucestershire", "E10000013"),
        ("Hackney", "E09000012"), ("Havering", "E09000016"),
        ("Kingston-upon-Hull", "E06000010"), ("Leicestershire", "E10000018"),
        ("Middlesbrough", "E06000002"), ("Oldham", "E08000004"), ("Reading", "E06000038"),
        ("Redcar and Cleveland", "E06000003"), ("Rochdale", "E08000005"),
        ("Rutland", "E06000017"), ("Sefton", "E08000014"), ("Tameside", "E08000008"),
        ("West Sussex", "E10000032"), ("Wiltshire", "E06000054"),
        ("Windsor and Maidenhead", "E06000040"), ("Worcestershire", "E10000034"),
    ],
    "DBV Tranche 3": [
        ("Buckinghamshire", "E06000060"), ("Cornwall", "E06000052"),
        ("Durham", "E06000047"), ("Halton", "E06000006"), ("Lewisham", "E09000023"),
        ("Manchester", "E08000003"), ("North Yorkshire", "E10000023"),
        ("St. Helens", "E08000013"), ("Sunderland", "E08000024"), ("Swindon", "E06000030"),
        ("Thurrock", "E06000034"), ("Warrington", "E06000007"),
        ("Warwickshire", "E10000031"), ("West Berkshire", "E06000037"),
        ("Wirral", "E08000015"),
    ],
}


@pytest.fixture(scope="module")
def document() -> Document:
    if not SEED.exists():
        pytest.skip(f"seed 003 not found at {SEED} (the shared seeds are not checked out)")
    return build_document(SEED.read_bytes(), url="https://www.specialneedsjungle.com/"
                          "send-financial-accountability-compatible-lawful-send-provision/",
                          content_type="text/plain", snapshot_id="x",
                          metadata={"published": "2022"})


def list_sections(doc: Document) -> dict[str, list[tuple[int, int]]]:
    """The list-item blocks under each programme heading, read from the document's blocks."""
    sections: dict[str, list[tuple[int, int]]] = {}
    current: str | None = None
    dbv = False
    for block in doc.blocks:
        text = doc.block_text(block)
        if block.kind != "list_item":
            if text.startswith("Delivering Better Value (DBV)"):
                dbv, current = True, None
            elif dbv and text in ("Tranche 1", "Tranche 2", "Tranche 3"):
                current = f"DBV {text}"
            elif text in SECTIONS:
                current = text
            else:
                current = None
            continue
        if current is not None:
            sections.setdefault(current, []).append((block.start, block.end))
    return sections


def test_the_lists_have_the_expected_sizes(document: Document) -> None:
    sections = list_sections(document)
    assert {k: len(v) for k, v in sections.items()} == {k: len(v) for k, v in SECTIONS.items()}
    assert sum(len(v) for v in sections.values()) == 5 + 9 + 19 + 55


def test_every_listed_authority_resolves_in_the_document(document: Document) -> None:
    mentions = [m for m in Resolver().resolve(document) if m.status == "resolved"]
    by_span = {(m.start, m.end): m for m in mentions}
    wrong = []
    for name, spans in list_sections(document).items():
        for (start, end), (surface, gss) in zip(spans, SECTIONS[name], strict=True):
            assert document.text[start:end] == surface
            m = by_span.get((start, end))
            if m is None or m.gss_code != gss:
                wrong.append(f"{name}: {surface!r} -> {m and m.gss_code} ({m and m.reason}), "
                             f"expected {gss}")
    assert not wrong, "\n".join(wrong)


def test_each_list_item_resolves_on_its_own(document: Document) -> None:
    resolver = Resolver()
    wrong = []
    for name, spans in list_sections(document).items():
        for (start, end), (surface, gss) in zip(spans, SECTIONS[name], strict=True):
            found = resolver.resolve(document.text[start:end], date="2022")
            if [(m.text, m.gss_code, m.status) for m in found] != [(surface, gss, "resolved")]:
                wrong.append(f"{surface!r}: {[(m.text, m.gss_code, m.reason) for m in found]}")
    assert not wrong, "\n".join(wrong)


def test_the_prose_mentions_of_the_seed(document: Document) -> None:
    """Kingston and Richmond in the article's prose are the London boroughs, not Hull."""
    mentions = Resolver().resolve(document)
    prose = [m for m in mentions if m.start < document.text.index("Safety Valve Programme LAs")]
    kingstons = [m for m in prose if m.text == "Kingston"]
    assert kingstons and all(m.gss_code == "E09000021" for m in kingstons)
    assert all(m.gss_code == "E09000027" for m in prose if m.text == "Richmond")
    assert {m.gss_code for m in prose if m.text == "Bury"} == {"E08000002"}
