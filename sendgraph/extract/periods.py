"""Periods and deadlines in running text, as ISO dates.

`find_periods(text, start, end, document_date)` returns each time expression in
``text[start:end]`` as a `Period`: ``period_start``/``period_end`` for a span of time,
``deadline`` for "by/before ..." and a ``label`` ("2022-23") for financial years. Readings:

* "2022-23", "2022/23", "2022-2023", "FY23/24", "FY 2023-24", "financial year 2022-23": the UK
  financial year, 1 April 2022 to 31 March 2023 (SEND budgets, targets and programme tranches
  are all set by financial year). "academic year 2022/23" is 1 September to 31 August.
* "from April 2022 to March 2023", "between April 2022 and March 2023": first day of the first
  month to last day of the second; "from spring 2022 to March 2023" keeps only the end.
* "by / before / no later than (the end of) March 2023", "by 31 March 2023", "by 2024-25":
  a deadline on the last day named. "until ..." ends a period instead.
* "in / during March 2023", "in 2023": that month or calendar year.
* "this / the current / next / last financial year", "this FY": resolved against the document's
  date. A date with a month picks its financial year exactly; a bare year "2022" is read as the
  financial year that *starts* in it (it holds nine of that year's twelve months). Without a
  document date these expressions are ignored rather than guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from sendgraph.extract.quick import quick

MONTHS = {name: i for i, names in enumerate(
    ("", "jan january", "feb february", "mar march", "apr april", "may", "jun june",
     "jul july", "aug august", "sep sept september", "oct october", "nov november",
     "dec december")) for name in names.split()}
_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|"
          r"december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)")
_SEASON = r"(?:spring|summer|autumn|winter)"
_YEAR = r"(?:19|20)\d\d"


def _fy(p: str) -> str:
    """A financial-year label; group names are prefixed with `p` so it can appear twice."""
    return (rf"(?:FY\s?(?P<{p}fa>\d\d(?:\d\d)?)\s?[-/–]\s?(?P<{p}fb>\d\d(?:\d\d)?)"
            rf"|(?P<{p}ya>{_YEAR})\s?[-/–]\s?(?P<{p}yb>\d\d(?:\d\d)?))(?!\d)")


_DAY = r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+)?"

PERIOD = quick(re.compile(
    r"\b(?:"
    # from/between MONTH YEAR to/and MONTH YEAR
    rf"(?:from|between)\s+(?:(?P<m1>{_MONTH})|(?P<season>{_SEASON}))\s+(?P<y1>{_YEAR})\s+"
    rf"(?:to|and|until|till|through|-|–)\s+(?:the\s+end\s+of\s+)?(?P<m2>{_MONTH})\s+"
    rf"(?P<y2>{_YEAR})"
    r"|"
    # by / before / until  (the end of) [day] MONTH YEAR | FY | YEAR
    r"(?P<by>by|before|until|till|no\s+later\s+than)\s+(?:the\s+end\s+of\s+)?"
    rf"(?:(?:the\s+)?(?:financial\s+year\s+)?{_fy('b')}"
    rf"|{_DAY}(?P<bm>{_MONTH})\s+(?P<byr>{_YEAR})|(?P<bonly>{_YEAR})(?![-/–]?\d))"
    r"|"
    # relative financial years
    r"(?:(?:in|during|for|over)\s+)?(?:the\s+)?(?P<rel>this|the\s+current|current|next|last|"
    r"previous|following)\s+(?:financial\s+year|FY)\b"
    r"|"
    # academic / financial year labels
    rf"(?P<acad>academic\s+year\s+)?(?:(?:in|during|for|over)\s+)?(?:the\s+)?"
    rf"(?:financial\s+year\s+)?{_fy('')}(?:(?P<acad2>\s+academic\s+year)|\s+financial\s+year)?"
    r"|"
    # in MONTH YEAR / in YEAR
    rf"(?:in|during)\s+(?:(?P<im>{_MONTH})\s+)?(?P<iy>{_YEAR})(?![-/–]?\d)"
    r")",
    re.IGNORECASE,
))


@dataclass(frozen=True, slots=True)
class Period:
    start: int
    end: int
    period_start: str | None = None
    period_end: str | None = None
    deadline: str | None = None
    label: str | None = None


def fy_label(year: int) -> str:
    """The financial year starting in April of `year`, as "2022-23"."""
    return f"{year}-{(year + 1) % 100:02d}"


def fy_span(year: int) -> tuple[str, str]:
    return f"{year}-04-01", f"{year + 1}-03-31"


def _month_end(year: int, month: int) -> str:
    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def financial_year_of(date: str | None) -> int | None:
    """The starting year of the financial year a document date falls in (see module doc)."""
    if not date or not re.match(r"\d{4}", date):
        return None
    year = int(date[:4])
    month = re.match(r"\d{4}-(\d\d)", date)
    if month is None:
        return year
    return year if int(month.group(1)) >= 4 else year - 1


def _fy_start(a: str | None, b: str | None) -> int | None:
    """The starting year of a financial-year label's two parts, if they are consecutive."""
    if a is None or b is None:
        return None
    first = int(a) if len(a) == 4 else 2000 + int(a)
    second = int(b) if len(b) == 4 else (first // 100) * 100 + int(b)
    if len(b) == 2 and second < first:
        second += 100
    return first if second == first + 1 and 1900 <= first <= 2099 else None


def _month(name: str) -> int:
    return MONTHS[name.lower()[:3] if name.lower()[:3] in MONTHS else name.lower()]


_WORTH_READING = re.compile(r"\d|financial\s+year|\bFY\b", re.IGNORECASE)


def find_periods(text: str, start: int = 0, end: int | None = None,
                 document_date: str | None = None) -> list[Period]:
    end = len(text) if end is None else end
    found: list[Period] = []
    if not _WORTH_READING.search(text, start, end):
        return found  # every period expression has a digit or says "financial year" / "FY"
    for m in PERIOD.finditer(text, start, end):
        period = _read(m, document_date)
        if period is not None:
            found.append(period)
    return found


def _read(m: re.Match[str], document_date: str | None) -> Period | None:
    g = m.group
    s, e = m.start(), m.end()
    if g("y2"):
        y2, m2 = int(g("y2")), _month(g("m2"))
        begin = f"{int(g('y1'))}-{_month(g('m1')):02d}-01" if g("m1") else None
        finish = _month_end(y2, m2)
        if begin is not None and begin > finish:
            return None  # "from May 2023 to March 2022": not a period we can read
        return Period(s, e, period_start=begin, period_end=finish)
    if g("by"):
        until = g("by").lower() in ("until", "till")
        day = None
        fy = _fy_start(g("bfa"), g("bfb")) or _fy_start(g("bya"), g("byb"))
        if fy is not None:
            day = fy_span(fy)[1]
        elif g("bm"):
            year, month = int(g("byr")), _month(g("bm"))
            day = (f"{year}-{month:02d}-{int(g('day')):02d}"
                   if g("day") and 1 <= int(g("day")) <= calendar.monthrange(year, month)[1]
                   else _month_end(year, month))
        elif g("bonly"):
            day = f"{g('bonly')}-12-31"
        if day is None:
            return None
        return Period(s, e, period_end=day) if until else Period(s, e, deadline=day)
    if g("rel"):
        base = financial_year_of(document_date)
        if base is None:
            return None
        rel = g("rel").lower()
        year = base + (1 if rel in ("next", "following") else -1 if rel in ("last", "previous")
                       else 0)
        first, last = fy_span(year)
        return Period(s, e, period_start=first, period_end=last, label=fy_label(year))
    fy = _fy_start(g("fa"), g("fb")) or _fy_start(g("ya"), g("yb"))
    if g("ya") or g("fa"):
        if fy is None:
            return None
        if g("acad") or g("acad2"):
            return Period(s, e, period_start=f"{fy}-09-01", period_end=f"{fy + 1}-08-31",
                          label=fy_label(fy))
        first, last = fy_span(fy)
        return Period(s, e, period_start=first, period_end=last, label=fy_label(fy))
    if g("iy"):
        year = int(g("iy"))
        if g("im"):
            month = _month(g("im"))
            return Period(s, e, period_start=f"{year}-{month:02d}-01",
                          period_end=_month_end(year, month))
        return Period(s, e, period_start=f"{year}-01-01", period_end=f"{year}-12-31")
    return None


def merge(periods: list[Period]) -> Period | None:
    """One reading from several expressions about the same thing (first one wins a field)."""
    if not periods:
        return None
    out = periods[0]
    for p in periods[1:]:
        merged = Period(out.start, max(out.end, p.end),
                        out.period_start or p.period_start, out.period_end or p.period_end,
                        out.deadline or p.deadline, out.label or p.label)
        if merged.period_start and merged.period_end and merged.period_start > merged.period_end:
            continue  # expressions that contradict each other: keep the first reading
        out = merged
    return out


def assign(positions: list[int], periods: list[Period]) -> list[Period | None]:
    """The period of each clause starting at ``positions`` (ascending) in one sentence: the
    expressions after a clause (and before the next) are its own; those before every clause
    belong to all (filling what a clause's own leave open); a sentence with a single expression
    lends it to clauses that have none."""
    own: list[list[Period]] = [[] for _ in positions]
    general: list[Period] = []
    for p in periods:
        owner = max((i for i, pos in enumerate(positions) if pos < p.start), default=None)
        (general if owner is None else own[owner]).append(p)
    return [merge(mine + general) or (periods[0] if len(periods) == 1 else None)
            for mine in own]
