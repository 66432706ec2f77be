"""Quantities in running text: digits, money, percentages, number words, fractions, ranges.

`find_quantities(text, start, end)` returns every quantity in ``text[start:end]`` in text order,
with its span, value (a `Decimal`), unit (``count``, ``GBP``, ``percent`` or ``ratio``), the
upper bound of a range (``500-600`` -> 500 with ``high`` 600) and a qualifier read from the words
around it ("around" -> ``approximate``, "no more than" -> ``at_most``, "10,000 plus" ->
``more_than``...). The qualifier's own span starts at ``qstart`` (``qstart <= start``).

What is deliberately *not* a quantity: four-digit years (1900-2099 written without a comma,
currency or unit), financial-year labels (2022-23), ordinals (25th), numbers glued to letters
(P21, KS2, post-16, 16s, CO4, 12-page), numbers after a label word (Section 251, Tranche 2,
page 3), day numbers before a month name (29 March), numbers with a leading zero (phone numbers),
fractions neither followed by "of" nor after "by" ("a third party"), and a bare "one" ("one of
them", "no one").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sendgraph.extract.quick import quick

_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(_UNITS)}
WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
MULTIPLIERS = {"k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000,
               "million": 1_000_000, "bn": 1_000_000_000, "billion": 1_000_000_000}
FRACTIONS = {"half": Decimal("0.5"), "halves": Decimal("0.5"), "third": Decimal(1) / 3,
             "thirds": Decimal(1) / 3, "quarter": Decimal("0.25"), "quarters": Decimal("0.25"),
             "fifth": Decimal("0.2"), "fifths": Decimal("0.2")}

QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("at_most", r"no more than|not more than|at most|up to|a maximum of|maximum of|capped at|"
                r"a cap of|no higher than|not exceeding"),
    ("at_least", r"at least|no less than|no fewer than|not less than|a minimum of|"
                 r"minimum of"),
    ("more_than", r"(?:slightly |just |well |considerably )?(?:more than|over|above|"
                  r"upwards of|in excess of|exceeding)"),
    ("less_than", r"(?:slightly |just |well )?(?:less than|fewer than|under|below)"),
    ("approximate", r"around|about|approximately|approx\.?|roughly|some|circa|c\.|nearly|"
                    r"almost|near|close to|closer to|in the region of|an estimated|estimated|"
                    r"getting on for|as (?:many|much) as"),
)
_QUAL = "|".join(f"(?P<q_{kind}>{alt})" for kind, alt in QUALIFIERS)

_UNITWORD = (r"(?:(?:" + "|".join(_TENS) + r")(?:[\s-](?:" + "|".join(_UNITS[1:10]) + r"))?|"
             + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")")
_WORDNUM = (rf"{_UNITWORD}(?:[\s-]+hundred(?:[\s-]+(?:and[\s-]+)?{_UNITWORD})?)?"
            r"(?:[\s-]+(?:thousand|million|billion))?")
_FRACTION = r"(?:(?:a|one|two|three|four)[\s-]+)?(?:thirds?|quarters?|fifths?)|half"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT = r"(?:\s?(?:bn|billion|mn|million|m|k|thousand)(?![\w]))"
_PCT = r"(?:\s?%|\s(?:per\s?cent|percent|pc)\b)"
_RANGE_SEP = r"\s?(?:-|–|—|to)\s?"

# The number itself; what comes before it (a qualifier, "between") is read by QUALIFIER.
QUANTITY = re.compile(
    r"(?:"
    rf"(?P<cur>£)(?P<m1>{_DIGITS})(?P<x1>{_MULT})?"
    rf"(?:(?P<ms>{_RANGE_SEP}|\s+and\s+)£?(?P<m2>{_DIGITS})(?P<x2>{_MULT})?)?"
    r"|"
    rf"(?P<frac>{_FRACTION})(?=\s+of\b)|(?<=\bby\s)(?P<frac2>{_FRACTION})\b"
    r"|"
    rf"(?P<d1>{_DIGITS})(?P<dx1>{_MULT})?"
    rf"(?:(?P<ds>{_RANGE_SEP}|\s+and\s+)(?P<d2>{_DIGITS})(?P<dx2>{_MULT})?)?"
    rf"(?P<pct>{_PCT})?"
    r"|"
    rf"\b(?P<w>{_WORDNUM})\b(?P<wpct>{_PCT})?"
    r")"
    r"(?P<suffix>\+|\s+plus\b|\s+or more\b|\s+or so\b|\s+or fewer\b|\s+or less\b)?",
    re.IGNORECASE,
)
QUALIFIER = re.compile(rf"(?<![\w-])(?:(?P<qual>{_QUAL})\s+)?(?P<btw>between\s+)?$", re.IGNORECASE)
QUALIFIER_REACH = 40
# Where a quantity can start: a pound sign, a digit, or a number or fraction word (a whole
# word, in ASCII letters of any case). Matching only these words keeps the Python loop off the
# many words that cannot start a quantity.
_START_WORDS = frozenset([*_UNITS, *_TENS, "a", "half", "third", "thirds", "quarter",
                          "quarters", "fifth", "fifths"])
_START = quick(re.compile(r"[£\d]|\b(?ai:" + "|".join(sorted(_START_WORDS)) + r")\b"))
_LABEL_BEFORE = quick(re.compile(
    r"(?:\b(?:section|sections|tranche|chapter|page|pages|p\.|pp\.|paragraph|para|article|"
    r"clause|part|year|years|stage|phase|wave|round|cohort|group|level|schedule|regulation|"
    r"rule|step|table|figure|appendix|annex|item|no\.|number|vol\.?|volume|issue|line|tier|"
    r"band|grade|class|question|recommendation|point|version|v\.|room|unit|act|bill|ward|"
    r"route|junction|box|suite)\s*)$",
    re.IGNORECASE,
))
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_MONTH_AFTER = re.compile(rf"\s+(?:{_MONTHS})\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\s+$", re.IGNORECASE)
_SUFFIX_KIND = {"+": "more_than", "plus": "more_than", "or more": "at_least",
                "or so": "approximate", "or fewer": "at_most", "or less": "at_most"}


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int  # the number itself (after any qualifier)
    end: int  # after the unit and any suffix qualifier ("plus", "or more")
    value: Decimal
    unit: str  # count | GBP | percent | ratio
    qstart: int  # start of the qualifier ("no more than"), or `start`
    high: Decimal | None = None
    qualifier: str | None = None
    words: bool = False

    @property
    def is_range(self) -> bool:
        return self.high is not None


def clean_decimal(value: Decimal) -> Decimal:
    """A stable Decimal: integral values without exponent or trailing zeros."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.quantize(Decimal("0.0001")).normalize() if value.as_tuple().exponent < -4 \
        else value


def _digits(raw: str) -> Decimal:
    return Decimal(raw.replace(",", ""))


def _mult(raw: str | None) -> int:
    return MULTIPLIERS[raw.strip().lower()] if raw else 1


def words_value(raw: str) -> Decimal | None:
    """'Thirty-eight' -> 38, 'two hundred and fifty' -> 250, 'three million' -> 3000000."""
    total = current = 0
    seen = False
    for token in re.split(r"[\s-]+", raw.lower()):
        if token == "and" or not token:
            continue
        if token in WORD_VALUES:
            current += WORD_VALUES[token]
            seen = True
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in SCALES:
            total += (current or 1) * SCALES[token]
            current = 0
        else:
            return None
    return Decimal(total + current) if seen else None


def _fraction(raw: str) -> Decimal:
    parts = re.split(r"[\s-]+", raw.lower())
    if len(parts) == 1:
        return FRACTIONS[parts[0]]
    count = 1 if parts[0] in ("a", "one") else WORD_VALUES[parts[0]]
    return count * FRACTIONS[parts[1]]


def _is_year(raw: str) -> bool:
    return len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2099


def _glued(text: str, start: int, end: int) -> bool:
    """A number stuck to letters or other numbers (P21, post-16, 16s, 1/2, 10:30, 25th)."""
    before = text[start - 1] if start > 0 else " "
    if before.isalnum() or before in "/_.#@":
        return True
    if before in "-–" and start > 1 and text[start - 2].isalnum():
        return True
    if before == " " and start > 1 and text[start - 2].isdigit():
        return True  # the second group of a phone number ("01632 960001")
    after = text[end] if end < len(text) else " "
    if after in "-–" and text[end + 1:end + 2].isalpha():
        return True  # "a 12-page letter", "a 3-year plan"
    return after.isalnum() or after == "_" or (after in ":/" and text[end + 1:end + 2].isdigit())


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity in ``text[start:end]``, in text order, never overlapping."""
    end = len(text) if end is None else end
    found: list[Quantity] = []
    pos = start
    for candidate in _START.finditer(text, start, end):
        at = candidate.start()
        if at < pos:
            continue
        m = QUANTITY.match(text, at, end)
        if m is None:
            continue
        before = QUALIFIER.search(text, max(start, at - QUALIFIER_REACH), at)
        q, resume = _read(text, m, before)
        if q is not None:
            found.append(q)
        pos = resume
    return found


def _split_range(m: re.Match[str], sep: str, between: bool) -> bool:
    """A second number that does not make a range: "from 200 to 176", "aged 5 and 6"."""
    return m.group(sep) is not None and m.group(sep).strip() == "and" and not between


def _read(text: str, m: re.Match[str], before: re.Match[str] | None
          ) -> tuple[Quantity | None, int]:
    """The quantity of one match (or None) and where to look next; ``before`` is the qualifier
    and "between" read just before it."""
    qual = next((k for k, _ in QUALIFIERS if before and before.group(f"q_{k}")), None)
    between = bool(before and before.group("btw"))
    qstart = before.start() if before and (qual or between) else m.start()
    suffix = (m.group("suffix") or "").strip().lower()
    cut = m.end() - len(m.group("suffix") or "")
    nxt = m.start() + 1
    high: Decimal | None = None
    words = False
    try:
        if m.group("cur"):
            num_start, unit = m.start("cur"), "GBP"
            x1, x2 = m.group("x1"), m.group("x2")
            value = _digits(m.group("m1")) * _mult(x1 or x2)
            if m.group("m2"):
                high = _digits(m.group("m2")) * _mult(x2 or x1)
                if high <= value or _split_range(m, "ms", between):
                    high, cut, suffix = None, m.end("x1") if x1 else m.end("m1"), ""
                    value = _digits(m.group("m1")) * _mult(x1)
            if _glued(text, num_start, cut):
                return None, nxt
        elif m.group("frac") or m.group("frac2"):
            group = "frac" if m.group("frac") else "frac2"
            num_start, unit = m.start(group), "ratio"
            value, words = _fraction(m.group(group)), True
        elif m.group("d1"):
            num_start = m.start("d1")
            raw1, raw2 = m.group("d1"), m.group("d2")
            pct = m.group("pct")
            if raw2 and (_split_range(m, "ds", between)
                         or _digits(raw2) * _mult(m.group("dx2")) <= _digits(raw1)
                         * _mult(m.group("dx1") or m.group("dx2"))) \
                    and not (_is_year(raw1) and not pct):
                raw2, pct, suffix = None, None, ""
                cut = m.end("dx1") if m.group("dx1") else m.end("d1")
            if raw1.startswith("0") and len(raw1) > 1 and "." not in raw1:
                return None, m.end()  # phone numbers, codes
            plain = not (m.group("dx1") or pct)
            if plain and (_is_year(raw1) or (raw2 is not None and _is_year(raw2))):
                return None, m.end()  # a year or a financial year, not a quantity
            if _glued(text, num_start, cut):
                return None, m.end()
            unit = "percent" if pct else "count"
            value = _digits(raw1) * _mult(m.group("dx1") or (m.group("dx2") if raw2 else None))
            if raw2:
                high = _digits(raw2) * _mult(m.group("dx2") or m.group("dx1"))
            if plain and not raw2 and _MONTH_AFTER.match(text, cut):
                return None, m.end()  # "29 March"
        else:
            num_start = m.start("w")
            value = words_value(m.group("w"))
            if value is None or m.group("w").lower() == "one":  # "one of", "no one", "one day"
                return None, m.end()
            if text[m.end("w"):m.end("w") + 1] in ("-", "–") and \
                    text[m.end("w") + 1:m.end("w") + 2].isalpha():
                return None, m.end()  # "two-year", "three-quarters" (not of anything)
            unit, words = ("percent" if m.group("wpct") else "count"), True
    except (InvalidOperation, KeyError):
        return None, m.end()
    if not qual and _LABEL_BEFORE.search(text, max(0, num_start - 24), num_start):
        return None, cut
    if unit == "count" and not words and _MONTH_BEFORE.search(
            text, max(0, num_start - 12), num_start):
        return None, cut  # "March 29"
    if suffix:
        qual = qual or _SUFFIX_KIND.get(re.sub(r"\s+", " ", suffix))
    end = m.end() if suffix else cut
    return Quantity(start=num_start, end=end, value=clean_decimal(value), unit=unit,
                    qstart=qstart, high=clean_decimal(high) if high is not None else None,
                    qualifier=qual, words=words), end
