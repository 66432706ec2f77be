"""The labelled evaluation set for authority resolution (tests/data/authority_mentions.jsonl).

Each line: ``{"id", "case", "date", "text"}``. The sentences were written for this project.
The text is marked up:

* ``[[surface|GSS]]`` - a mention that must resolve to that GSS code;
* ``{{surface}}`` - not a mention: no resolved mention may overlap it (a negative);
* ``<<surface>>`` - a mention the resolver cannot decide: it must come back ambiguous or
  unresolved, never resolved.

Everything else in the text must produce no resolved mention. A prediction counts as right
when it overlaps an expected span and has its GSS code. Run with ``-s`` to see the table.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sendgraph.resolve import Gazetteer, Resolver

DATA = Path(__file__).parent / "data" / "authority_mentions.jsonl"
MARK = re.compile(r"\[\[(.+?)\|(E\d{8})\]\]|\{\{(.+?)\}\}|<<(.+?)>>", re.S)
CASES = {"official", "styled", "short", "punctuation", "ambiguity", "misspelling", "time",
         "list", "negative"}


@dataclass
class Item:
    id: int
    case: str
    date: str | None
    text: str
    expected: list[tuple[int, int, str]] = field(default_factory=list)
    negatives: list[tuple[int, int]] = field(default_factory=list)
    undecided: list[tuple[int, int]] = field(default_factory=list)


def parse(row: dict) -> Item:
    item = Item(row["id"], row["case"], row["date"], "")
    out, pos = [], 0
    for m in MARK.finditer(row["text"]):
        out.append(row["text"][pos:m.start()])
        start = sum(map(len, out))
        surface = m[1] or m[3] or m[4]
        out.append(surface)
        span = (start, start + len(surface))
        if m[1]:
            item.expected.append((*span, m[2]))
        elif m[3]:
            item.negatives.append(span)
        else:
            item.undecided.append(span)
        pos = m.end()
    out.append(row["text"][pos:])
    item.text = "".join(out)
    return item


def load() -> list[Item]:
    return [parse(json.loads(line)) for line in DATA.read_text("utf-8").splitlines() if line]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(resolver: Resolver, items: list[Item]) -> tuple[dict[str, Counter], list[str]]:
    stats: dict[str, Counter] = {}
    errors: list[str] = []
    for item in items:
        c = stats.setdefault(item.case, Counter())
        mentions = resolver.resolve(item.text, date=item.date)
        resolved = [m for m in mentions if m.status == "resolved"]
        used: set[int] = set()
        for m in resolved:
            span = (m.start, m.end)
            hit = next((n for n, (s, e, g) in enumerate(item.expected)
                        if n not in used and g == m.gss_code and _overlaps((s, e), span)), None)
            if hit is None:
                c["fp"] += 1
                errors.append(f"#{item.id} {item.case}: false {m.text!r} -> {m.gss_code} "
                              f"({m.reason}) in {item.text!r}")
            else:
                used.add(hit)
                c["tp"] += 1
        for n, (s, e, g) in enumerate(item.expected):
            if n not in used:
                c["fn"] += 1
                errors.append(f"#{item.id} {item.case}: missed {item.text[s:e]!r} -> {g} "
                              f"in {item.text!r}")
        for span in item.negatives:
            c["negatives"] += 1
            c["negatives_ok"] += not any(_overlaps(span, (m.start, m.end)) for m in resolved)
        for span in item.undecided:
            c["undecided"] += 1
            kept = any(_overlaps(span, (m.start, m.end)) and m.status != "resolved"
                       for m in mentions)
            c["undecided_ok"] += kept
            if not kept:
                errors.append(f"#{item.id}: {item.text[span[0]:span[1]]!r} was not kept as "
                              "undecided")
    return stats, errors


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def table(stats: dict[str, Counter]) -> str:
    lines = [f"{'case':<12} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'recall':>6} {'neg ok':>8}"]
    total: Counter = Counter()
    for case in sorted(stats):
        c = stats[case]
        total.update(c)
        lines.append(f"{case:<12} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4} "
                     f"{_ratio(c['tp'], c['tp'] + c['fp']):>6.3f} "
                     f"{_ratio(c['tp'], c['tp'] + c['fn']):>6.3f} "
                     f"{c['negatives_ok']:>4}/{c['negatives']:<3}")
    lines.append(f"{'ALL':<12} {total['tp']:>4} {total['fp']:>4} {total['fn']:>4} "
                 f"{_ratio(total['tp'], total['tp'] + total['fp']):>6.3f} "
                 f"{_ratio(total['tp'], total['tp'] + total['fn']):>6.3f} "
                 f"{total['negatives_ok']:>4}/{total['negatives']:<3}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def items() -> list[Item]:
    return load()


def test_the_set_is_big_and_covers_every_case(items: list[Item]) -> None:
    positives = sum(len(i.expected) for i in items)
    negatives = sum(len(i.negatives) for i in items)
    assert positives + negatives >= 300
    assert negatives >= 60
    assert {i.case for i in items} == CASES
    gaz = Gazetteer.load()
    for item in items:
        for s, e, gss in item.expected:
            gaz.by_gss(gss)  # every label is a real code
            assert item.text[s:e].strip() == item.text[s:e], f"#{item.id}: untidy span"


def test_precision_and_recall(items: list[Item]) -> None:
    stats, errors = evaluate(Resolver(), items)
    report = table(stats)
    print("\n" + report)
    total: Counter = sum(stats.values(), Counter())
    precision = _ratio(total["tp"], total["tp"] + total["fp"])
    recall = _ratio(total["tp"], total["tp"] + total["fn"])
    detail = report + "\n" + "\n".join(errors)
    assert precision >= 0.98, detail
    assert recall >= 0.95, detail
    assert total["undecided_ok"] == total["undecided"], detail
