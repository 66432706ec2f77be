"""KPI tables: a header row naming a metric column and one or more target columns (with, often,
baseline and actual columns) -> one Target per row and target column.

The comparator comes from the target cell ("≤ 176", "< 5%", "no more than 176", "max 176",
"reduce by 10%", "save £1m"); failing that, from the baseline (a target below the baseline is a
ceiling, above it a floor); failing that it is "exactly". The period comes from the target
column's header ("Target 2022-23"), else a period/year column, else the lines before the table.
The authority is one named in the row, else in the lines just before the table (a lead-in, a
caption or a heading such as "Kingston KPIs 2022-23"), else unknown. Evidence: the row, then
the header row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sendgraph.document.model import Block, Document
from sendgraph.extract.metrics import metric_for
from sendgraph.extract.model import Target, evidence_for
from sendgraph.extract.numbers import Quantity, find_quantities
from sendgraph.extract.periods import Period, find_periods, merge
from sendgraph.extract.prose import HitIndex, Row, codes, tidy

_CI = re.IGNORECASE
_HEAD_TARGET = re.compile(r"\btargets?\b|\bgoal\b|\bambition\b", _CI)
_HEAD_METRIC = re.compile(r"\b(?:metrics?|indicators?|measures?|kpis?|descriptions?|areas?|"
                          r"objectives?)\b", _CI)
_HEAD_BASELINE = re.compile(r"\b(?:baseline|previous|starting|base|last\s+year)\b", _CI)
_HEAD_PERIOD = re.compile(r"\b(?:year|period|deadline|by\s+when|date)\b", _CI)
_AT_MOST = re.compile(r"^\s*(?:≤|<=|<|max(?:imum)?\b\.?|no\s+more\s+than|up\s+to|below|under)",
                      _CI)
_AT_LEAST = re.compile(r"^\s*(?:≥|>=|>|min(?:imum)?\b\.?|at\s+least|no\s+less\s+than|above|over)",
                       _CI)
_REDUCE = re.compile(r"\b(?:reduc\w*|cut|lower|decrease|down)\b", _CI)
_INCREASE = re.compile(r"\b(?:increas\w*|rais\w*|up)\b", _CI)
_SAVE = re.compile(r"\bsav(?:e|es|ing|ings)\b", _CI)


def _column(header: Row, text: str, pattern: re.Pattern[str], exclude: Sequence[int] = ()
            ) -> int | None:
    for cell in header.cells:
        if cell.col not in exclude and pattern.search(text[cell.start:cell.end]):
            return cell.col
    return None


def _comparator(cell_text: str, q: Quantity, baseline: Quantity | None) -> str:
    if _AT_MOST.match(cell_text) or q.qualifier in ("at_most", "less_than"):
        return "at_most"
    if _AT_LEAST.match(cell_text) or q.qualifier in ("at_least", "more_than"):
        return "at_least"
    if _SAVE.search(cell_text):
        return "save"
    if _REDUCE.search(cell_text):
        return "reduce_by"
    if _INCREASE.search(cell_text):
        return "increase_by"
    if baseline is not None and baseline.unit == q.unit and baseline.value != q.value:
        return "at_most" if q.value < baseline.value else "at_least"
    return "exactly"


def _cell_text(text: str, row: Row, col: int | None) -> tuple[Block | None, str]:
    cell = row.cell_at(col) if col is not None else None
    return cell, (text[cell.start:cell.end] if cell is not None else "")


def kpi_targets(document: Document, rows: list[Row], index: HitIndex, before: Sequence[Block],
                date: str | None, label: str) -> list[Target]:
    """Targets from one table's rows; ``before`` are the blocks just before the table, nearest
    first (a lead-in line, a caption, a heading)."""
    text = document.text
    if len(rows) < 2 or index.within(rows[0].start, rows[0].end):
        return []
    header = rows[0]
    target_cols = [c.col for c in header.cells
                   if c.col is not None and _HEAD_TARGET.search(text[c.start:c.end])]
    if not target_cols:
        return []
    metric_col = _column(header, text, _HEAD_METRIC, target_cols)
    if metric_col is None:
        metric_col = min((c.col for c in header.cells if c.col not in target_cols
                          and c.col is not None), default=None)
    if metric_col is None:
        return []
    baseline_col = _column(header, text, _HEAD_BASELINE, [*target_cols, metric_col])
    period_col = _column(header, text, _HEAD_PERIOD, [*target_cols, metric_col])
    context_codes: list[str] = []
    context_periods: list[Period] = []
    for block in before:
        context_codes = context_codes or codes(index.within(block.start, block.end))
        context_periods = context_periods or find_periods(text, block.start, block.end, date)
    out: list[Target] = []
    for row in rows[1:]:
        metric_cell, metric_raw = _cell_text(text, row, metric_col)
        metric_text = tidy(metric_raw)
        if metric_cell is None or not metric_text:
            continue
        who = codes(index.within(row.start, row.end)) or context_codes or [None]
        baseline_cell, _ = _cell_text(text, row, baseline_col)
        baseline = (find_quantities(text, baseline_cell.start, baseline_cell.end) or [None])[0] \
            if baseline_cell is not None else None
        period_cell, _ = _cell_text(text, row, period_col)
        row_periods = (find_periods(text, period_cell.start, period_cell.end, date)
                       if period_cell is not None else [])
        for col in target_cols:
            cell, raw = _cell_text(text, row, col)
            quantities = find_quantities(text, cell.start, cell.end) if cell is not None else []
            if cell is None or not quantities:
                continue
            q = quantities[0]
            head = header.cell_at(col)
            head_periods = (find_periods(text, head.start, head.end, date)
                            if head is not None else [])
            period = merge(head_periods) or merge(row_periods) or merge(context_periods)
            evidence = (evidence_for(document, row.start, row.end, label),
                        evidence_for(document, header.start, header.end, label))
            for gss in who:
                out.append(Target(
                    authority=gss, metric=metric_for(metric_text), metric_text=metric_text,
                    comparator=_comparator(raw, q, baseline), value=q.value, unit=q.unit,
                    period_start=period.period_start if period else None,
                    period_end=period.period_end if period else None,
                    deadline=period.deadline if period else None, evidence=evidence))
    return out
