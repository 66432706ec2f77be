"""Benchmark: authority resolution of a realistic ~20,000-word SEND document.

    python -m bench.resolve_bench [--words 20000] [--runs 30]

The document is generated deterministically (seeded) from sentences written for this
benchmark in the style of SEND blog posts, council minutes and committee reports: authority
mentions in many forms (official, styled, abbreviations, weak names, misspellings, lists),
negative contexts (NHS bodies, trusts, people, parks) and filler prose. It is built as a
plain-text Document (one block per line, bulleted lists included) and resolved with a date,
as a plugin would. Prints the median and 95th percentile of ``Resolver.resolve`` in ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from sendgraph.document import build_document
from sendgraph.resolve import Gazetteer, Resolver

TEMPLATES = [
    "Parents in {a} told the scrutiny panel that annual reviews were months late.",
    "{a} has a target to issue fewer new EHCPs this financial year.",
    "A spokesperson for {a} Council said the service was being redesigned.",
    "The tribunal found that {a} had failed to specify provision in section F.",
    "{a} and {b} each agreed a set of key performance indicators with the department.",
    "Figures for {a}, {b} and {c} show a sharp rise in requests for assessment.",
    "NHS {a} and {b} commissions the neurodevelopmental pathway for the area.",
    "Our guest writer this week is Jo {p}, a SENCO with twenty years of experience.",
    "The {a} Parent Carer Forum ran a survey of families about transport.",
    "We walked through Richmond Park after the hearing and talked about the appeal.",
    "Kingston has a target to cut the average cost of a placement by March.",
    "Reading the minutes, it is clear that the cabinet member did not answer.",
    "BCC officers said the consultation would close at the end of the month.",
    "{a} County Council published its written statement of action last week.",
    "Families across {a} say the local offer website is hard to navigate.",
    "The written statement of action for {a} ran to nine pages of actions.",
]
FILLER = [
    "The Green Paper promised a more consistent system, but the detail is still missing.",
    "Many families described a culture of refusal at the first request for assessment.",
    "Schools say that funding for pupils with high needs has not kept pace with demand.",
    "It is hard to see how the targets can be met without cutting statutory provision.",
    "The department has not yet published the evaluation of the programme.",
    "Several witnesses told the committee that the tribunal is the only route that works.",
    "Specialist places remain scarce and independent placements keep rising in cost.",
    "Nobody disputes that the deficits are real; the argument is about who pays.",
]
SURNAMES = ["Kent", "Sutton", "Bolton", "Derby", "Halton", "Wakefield", "Devon"]
LIST_HEAD = ["Tranche 1", "Tranche 2", "Potential invitees", "Areas visited"]
MISSPELT = ["Chesire East", "Lincolshire", "Warwickshre", "Glouchestershire", "Wolverhamton"]


def build_text(words: int, seed: int = 2022) -> str:
    rng = random.Random(seed)
    names = sorted({a.name.replace(", City of", "").replace(", County of", "")
                    for a in Gazetteer.load().current()})
    lines: list[str] = []
    count = 0
    while count < words:
        roll = rng.random()
        if roll < 0.08:
            items = [rng.choice(names) for _ in range(rng.randint(4, 12))]
            if rng.random() < 0.3:
                items[rng.randrange(len(items))] = rng.choice(MISSPELT)
            block = [rng.choice(LIST_HEAD)] + [f"- {x}" for x in items]
        else:
            para = []
            for _ in range(rng.randint(3, 7)):
                if rng.random() < 0.55:
                    a, b, c = (rng.choice(names) for _ in range(3))
                    p = rng.choice(SURNAMES)
                    para.append(rng.choice(TEMPLATES).format(a=a, b=b, c=c, p=p))
                else:
                    para.append(rng.choice(FILLER))
            block = [" ".join(para)]
        lines += [*block, ""]
        count += sum(len(x.split()) for x in block)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    text = build_text(args.words)
    doc = build_document(text.encode(), url="https://example.org/bench.txt",
                         content_type="text/plain", snapshot_id="bench",
                         metadata={"published": "2022"})
    resolver = Resolver()
    mentions = resolver.resolve(doc)  # warm-up: loads the gazetteer and the fuzzy index
    times = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        resolver.resolve(doc)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    by_status: dict[str, int] = {}
    for m in mentions:
        by_status[m.status] = by_status.get(m.status, 0) + 1
    print(f"document: {len(text.split()):,} words, {len(text):,} characters, "
          f"{len(doc.blocks):,} blocks")
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(by_status.items()))
    print(f"mentions: {len(mentions):,} ({statuses})")
    print(f"resolve: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms "
          f"over {args.runs} runs (one core)")


if __name__ == "__main__":
    main()
