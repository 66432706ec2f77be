"""Every shared extractor, with the real resolver, over generated HTML documents.

Hypothesis builds HTML pages (headings, paragraphs, lists, tables, block quotes, comments)
whose text mixes authority names from the gazetteer with numbers, money, years, percentages
and quotation marks; each goes through `build_document` and then every extractor in
`SHARED_EXTRACTORS` with `ExtractionContext(doc, ResolverLookup(Resolver()))`. Properties:
nothing raises, every evidence quote is `doc.text[start:end]`, and two runs give equal facts.

Quick mode runs a few examples (~5 s); `pytest --long` / SENDGRAPH_LONG=1 runs many more.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from html import escape
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendgraph.document import build_document
from sendgraph.document.model import Document
from sendgraph.extract import SHARED_EXTRACTORS, ExtractionContext
from sendgraph.extract.model import Evidence
from sendgraph.graph.lookup import ResolverLookup
from sendgraph.resolve import Resolver

RESOLVER = Resolver()
LOOKUP = ResolverLookup(RESOLVER)
# A spread of the gazetteer: every 7th authority's official name, plus a few hard ones.
NAMES = sorted({a.names[0] for a in RESOLVER.gazetteer.authorities[::7] if a.names}
               | {"Kingston upon Thames", "Birmingham City Council", "Surrey County Council",
                  "Bristol", "St Helens", "Durham", "Hull", "Kingston"})
WORDS = [
    "The", "council", "said", "EHCPs", "issued", "within", "20 weeks", "in", "by", "to", "of",
    "and", "aims", "cut", "rise", "fell", "spent", "on", "transport", "should", "must",
    "Recommendation 1:", "the Commissioner", "Ofsted", "DfE", "SEND", "tribunal", "appeals",
    "local area", "inspection", "found", "that", "per cent", "%", "£5m", "£1.2bn", "£350,000",
    "1,200", "14%", "60%", "3.5", "2019", "2023/24", "March 2024", "by 2025", "2022-23",
    "“", "”", "‘", "’", '"', "'", ",", ".", ":", ";", "(", ")", "…", "–", "-", "Mr.", "e.g.",
    "According to", "said:", "see", "https://www.gov.uk/x", "Safety Valve", "DBV",
    "aims to cut the number of EHCPs issued late to 10% by 2025.",
    "will reduce its high needs deficit to £2m by March 2026.",
    "the Education Committee's report (2019)", "SEND Review: Right support, right place",
]
SEPARATORS = [" ", " ", " ", "\n", "  "]

token = st.sampled_from(WORDS) | st.sampled_from(NAMES) | st.text(max_size=5)
phrase = st.lists(st.tuples(token, st.sampled_from(SEPARATORS)), min_size=1, max_size=25).map(
    lambda parts: escape("".join(w + s for w, s in parts)))


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["h", "p", "ul", "ol", "table", "blockquote", "comment", "div"]))
    text = draw(phrase)
    if kind == "h":
        level = draw(st.integers(1, 4))
        return f"<h{level}>{text}</h{level}>"
    if kind in ("ul", "ol"):
        items = draw(st.lists(phrase, min_size=1, max_size=4))
        return f"<{kind}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{kind}>"
    if kind == "table":
        rows = draw(st.lists(st.lists(phrase, min_size=1, max_size=3), min_size=1, max_size=3))
        return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>"
                                   for r in rows) + "</table>"
    if kind == "div":
        return f'<p>{text} <a href="https://www.gov.uk/government/publications/x">{draw(phrase)}</a></p>'
    if kind == "blockquote":
        return f"<blockquote><p>{text}</p></blockquote>"
    if kind == "comment":
        return f"<!-- {text.replace('--', '- -')} --><p>{draw(phrase)}</p>"
    return f"<{kind}>{text}</{kind}>"


pages = st.lists(block(), min_size=1, max_size=10).map(
    lambda blocks: "<!DOCTYPE html><html><head><title>SEND report</title></head><body>"
                   f"<main>{''.join(blocks)}</main></body></html>")


def _evidence(value: Any) -> Iterator[Evidence]:
    """Every Evidence anywhere inside a fact (nested dataclasses, tuples, lists)."""
    if isinstance(value, Evidence):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _evidence(getattr(value, f.name))
    elif isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _evidence(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _evidence(item)


def _extract(doc: Document) -> list[tuple[str, list[Any]]]:
    ctx = ExtractionContext(doc, LOOKUP)
    return [(e.label, list(e.run(ctx))) for e in SHARED_EXTRACTORS]


def _check(html: str) -> None:
    doc = build_document(html.encode("utf-8"), url="https://example.org/report",
                         content_type="text/html; charset=utf-8", snapshot_id="2" * 16)
    first = _extract(doc)
    for label, facts in first:
        for fact in facts:
            for ev in _evidence(fact):
                assert doc.text[ev.start:ev.end] == ev.exact, (label, ev)
                assert ev.snapshot == doc.snapshot_id, (label, ev)
    assert _extract(doc) == first  # deterministic


def test_every_shared_extractor_with_the_real_resolver_on_generated_html(
        long_mode: bool) -> None:
    run = settings(max_examples=500 if long_mode else 40, deadline=None,
                   derandomize=not long_mode, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])(
        given(html=pages)(_check))
    run()
