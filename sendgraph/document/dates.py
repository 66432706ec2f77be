"""Date strings -> ISO 8601, keeping the precision they were given with.

"2019" stays "2019", "2019-10" stays "2019-10", an ISO date-time stays as given (a space
separator becomes "T"). Other common forms are converted: "2019/10/23", "23/10/2019" (UK order),
"23 October 2019", "October 23, 2019", "Oct 2019", RFC 2822 ("Wed, 23 Oct 2019 10:00:00 GMT")
and PDF dates ("D:20191023101500+01'00'"). Anything else -> None: a date we cannot read is no
date, not a guess.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    name: i
    for i, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for name in names
}

_ISO = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?"
)
_SLASHED_YMD = re.compile(r"(\d{4})[/.](\d{1,2})(?:[/.](\d{1,2}))?")
_SLASHED_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_DAY_MONTH_YEAR = re.compile(
    r"(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})"
    r"(?:\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(Z|GMT|UTC|[+-]\d{4})?)?"
)
_MONTH_DAY_YEAR = re.compile(
    r"(?:[A-Za-z]+,?\s+)?([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"
)
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})")
_PDF = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*(Z|[+-]\d{2}'?\d{2}'?)?")


def _valid(year: int, month: int | None = None, day: int | None = None) -> bool:
    try:
        date(year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return False
    return 1000 <= year <= 2999


def _ymd(year: int, month: int | None, day: int | None) -> str | None:
    if not _valid(year, month, day):
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _with_time(day_iso: str, hh: str | None, mm: str | None, ss: str | None,
               tz: str | None) -> str:
    if hh is None or mm is None:
        return day_iso
    if not (int(hh) < 24 and int(mm) < 60 and (ss is None or int(ss) < 61)):
        return day_iso
    out = f"{day_iso}T{hh}:{mm}" + (f":{ss}" if ss else "")
    if tz:
        tz = tz.replace("'", "")
        if tz.upper() in ("Z", "GMT", "UTC"):
            out += "Z"
        elif len(tz) == 5:
            out += f"{tz[:3]}:{tz[3:]}"
        elif len(tz) == 3:
            out += f"{tz}:00"
        else:
            out += tz
    return out


def iso_date(value: object) -> str | None:
    """The ISO 8601 form of a date string, or None if it is not a date we can read."""
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    if m := _ISO.fullmatch(s):
        month, day = (int(m[2]) if m[2] else None), (int(m[3]) if m[3] else None)
        if _ymd(int(m[1]), month, day) is None:
            return None
        if m[4] is not None and not (int(m[4]) < 24 and int(m[5]) < 60):
            return None
        return s.replace(" ", "T", 1) if m[4] is not None else s
    if m := _PDF.fullmatch(s):
        day_iso = _ymd(int(m[1]), int(m[2]) if m[2] else None, int(m[3]) if m[3] else None)
        if day_iso is None:
            return None
        return _with_time(day_iso, m[4], m[5], m[6], m[7])
    if m := _SLASHED_YMD.fullmatch(s):
        return _ymd(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
    if m := _SLASHED_DMY.fullmatch(s):
        return _ymd(int(m[3]), int(m[2]), int(m[1]))
    if m := _DAY_MONTH_YEAR.fullmatch(s):
        month = _MONTHS.get(m[2].lower())
        day_iso = _ymd(int(m[3]), month, int(m[1])) if month else None
        return day_iso and _with_time(day_iso, m[4], m[5], m[6], m[7])
    if m := _MONTH_DAY_YEAR.fullmatch(s):
        month = _MONTHS.get(m[1].lower())
        return _ymd(int(m[3]), month, int(m[2])) if month else None
    if m := _MONTH_YEAR.fullmatch(s):
        month = _MONTHS.get(m[1].lower())
        return _ymd(int(m[2]), month, None) if month else None
    return None
