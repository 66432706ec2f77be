"""The gazetteer: English local authorities with SEND duties, and every name form we match.

Data shipped in ``sendgraph/resolve/data/``:

* ``english_las.csv`` - a verbatim copy of ``shared/data/english_las.csv`` (provenance in
  ``english_las.SOURCES.md`` there): 172 rows, 153 current. Names, GSS and DfE codes, regions
  and validity dates are facts. Its ``alt_names`` are hand-written matching *hints*.
* ``name_forms.csv`` - the project's own checked forms and rules (see its header).
* ``successors.csv`` - which authorities took over from ones that ended.

Name forms come from: the official name (``"Bristol, City of"`` also gives ``Bristol`` and
``City of Bristol``); generated styles (``X Council`` for all, ``X County Council`` for
counties, ``X Borough Council`` for unitaries and metropolitan districts, ``X Metropolitan
Borough Council`` for the latter, ``London Borough of X`` and ``LB X`` for London boroughs);
the accepted hints; and ``name_forms.csv``, whose kind and rule win for the same form.

Hints rejected (never matched), and why:

* ``Barking`` (Barking and Dagenham) - one of the borough's two towns, and an ordinary word
  ("barking mad"); naming the town is not naming the borough.
* ``Bath`` (Bath and North East Somerset) - the city is only part of the authority, and the
  word is common ("bath time", "Bath Spa University").
* ``Windsor`` (Windsor and Maidenhead) - mostly the town, the castle or the royal house.
* ``Brum`` (Birmingham) - slang for the city, not a name of the council.
* ``NYC`` (North Yorkshire Council) - overwhelmingly New York City.

Hints accepted only with a rule (see ``name_forms.csv``): ``Kingston``, ``Richmond``, ``Stoke``,
``Brighton``, ``Blackburn``, ``Telford``, ``Stockton``, ``Hammersmith``, ``Kensington`` (weak or
special); ``BCC``, ``HCC``, ``CBC``, ``RBG``, ``MK``, ``IOW``/``IoW`` (only when the document
defines them or names their authority in full; ``BCC`` and ``HCC`` corrected to list every
authority they abbreviate). ``Reading``, ``Bury``, ``Sutton``, ``Brent``, ``Westminster`` and
other official names that are also words, surnames or places carry rules there too. Hints kept
although they are not official styles, because they are unambiguous: ``Poole Council``,
``Bournemouth Council``, ``County Durham Council``, ``Bradford City Council``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from sendgraph.resolve.dates import period
from sendgraph.resolve.model import KINDS, Authority
from sendgraph.resolve.normalise import fold

REJECTED: dict[str, str] = {
    "Barking": "one of the borough's two towns, and an ordinary word",
    "Bath": "the city is only part of the authority; a common word",
    "Windsor": "mostly the town, the castle or the royal house",
    "Brum": "slang for the city, not a name of the council",
    "NYC": "overwhelmingly New York City",
}

KIND_RANK = {"official": 0, "styled": 1, "short": 2, "abbreviation": 3}
RULES = frozenset({"always", "weak", "verb", "strict", "define", "kingston", "richmond"})


@dataclass(frozen=True, slots=True)
class Entry:
    """Everything the matcher needs for one folded form."""

    key: tuple[str, ...]
    gss: tuple[str, ...]
    kind: str
    rule: str
    surfaces: frozenset[str]  # abbreviations: the exact spellings that count
    inverted: bool            # "Bristol, City of": must not run on into "City of London"

    @property
    def single(self) -> bool:
        """One word, not an abbreviation: the forms that neighbouring capitals can absorb."""
        return len(self.key) == 1 and self.kind != "abbreviation"


def _data(name: str) -> str:
    return resources.files("sendgraph.resolve").joinpath("data").joinpath(name).read_text("utf-8")


def _rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in _data(name).splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def _is_abbreviation(form: str) -> bool:
    return " " not in form and len(form) <= 6 and (
        "&" in form or sum(c.isupper() for c in form) >= 2)


def _parse_date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


class Gazetteer:
    """Authorities by GSS code and by period, plus the folded name forms for matching."""

    def __init__(self, authorities: list[Authority], entries: dict[tuple[str, ...], Entry],
                 successors: dict[str, tuple[str, ...]]):
        self.authorities = tuple(authorities)
        self.entries = entries
        self.successors = successors
        self._by_gss = {a.gss_code: a for a in authorities}
        self.vocab = frozenset(w for key in entries for w in key)

    @classmethod
    @cache
    def load(cls) -> Gazetteer:
        """The shipped gazetteer (loaded once per process)."""
        forms: dict[tuple[str, ...], dict] = {}
        names: dict[str, list[str]] = {}
        authorities_rows = _rows("english_las.csv")

        def add(form: str, gss: str, kind: str, rule: str = "always",
                override: bool = False, generated: bool = False) -> None:
            key = fold(form)
            if not key:
                return
            slot = forms.setdefault(key, {"gss": [], "kind": kind, "rule": rule,
                                          "surfaces": set(), "fixed": False})
            if gss not in slot["gss"]:
                slot["gss"].append(gss)
            if kind == "abbreviation":
                slot["surfaces"].update({form, form.upper()})
            if override:
                slot.update(kind=kind, rule=rule, fixed=True)
            elif not slot["fixed"] and KIND_RANK[kind] < KIND_RANK[slot["kind"]]:
                slot["kind"] = kind
            if not generated and form not in names.setdefault(gss, []):
                names[gss].append(form)

        for row in authorities_rows:
            name, gss = row["name"], row["gss_code"]
            add(name, gss, "official")
            base = name
            for inverted in (", City of", ", County of"):
                if name.endswith(inverted):
                    base = name[: -len(inverted)]
                    add(base, gss, "official")
                    add(f"{inverted[2:]} {base}", gss, "official")
            for style in _styles(base, gss):
                add(style, gss, "styled", generated=True)
            for hint in filter(None, (h.strip() for h in row["alt_names"].split(";"))):
                if hint in REJECTED:
                    continue
                kind = ("abbreviation" if _is_abbreviation(hint)
                        else "styled" if "Council" in hint or "Borough" in hint
                        or "Corporation" in hint else "short")
                add(hint, gss, kind)
        for row in _rows("name_forms.csv"):
            if row["rule"] not in RULES or row["kind"] not in KIND_RANK:
                raise ValueError(f"name_forms.csv: bad kind/rule in {row}")
            for gss in row["gss"].split(";"):
                add(row["form"], gss, row["kind"], row["rule"], override=True)

        authorities = [
            Authority(
                name=row["name"], gss_code=row["gss_code"],
                dfe_la_code=row["dfe_la_code"] or None, region=row["region"],
                kind=KINDS[row["gss_code"][:3]],
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=_parse_date(row["valid_to"]),
                names=tuple(names.get(row["gss_code"], [row["name"]])),
            )
            for row in authorities_rows
        ]
        entries = {
            key: Entry(key, tuple(slot["gss"]), slot["kind"], slot["rule"],
                       frozenset(slot["surfaces"]), ", city of" in " ".join(key)
                       or ", county of" in " ".join(key))
            for key, slot in forms.items()
        }
        successors = {row["gss"]: tuple(row["successors"].split(";"))
                      for row in _rows("successors.csv")}
        return cls(authorities, entries, successors)

    def by_gss(self, code: str) -> Authority:
        try:
            return self._by_gss[code]
        except KeyError:
            raise KeyError(f"no authority with GSS code {code!r}") from None

    def current(self) -> list[Authority]:
        """The authorities in existence now (no end date), in name order."""
        return sorted((a for a in self.authorities if a.current), key=lambda a: a.name)

    def at(self, when: str | date) -> list[Authority]:
        """Authorities that existed at any time in ``when`` ("YYYY", "YYYY-MM", "YYYY-MM-DD"
        or a date), in name order."""
        lo, hi = period(when)
        return sorted((a for a in self.authorities
                       if a.valid_from <= hi and (a.valid_to is None or a.valid_to >= lo)),
                      key=lambda a: (a.name, a.valid_from))

    def search(self, name: str, *, when: str | date | None = None) -> list[Authority]:
        """Every authority one of whose name forms is exactly ``name`` (after folding),
        whatever its matching rule; limited to ``when`` if given. Current ones first."""
        entry = self.entries.get(fold(name))
        if entry is None:
            return []
        found = [self._by_gss[g] for g in entry.gss]
        if when is not None:
            valid = {a.gss_code for a in self.at(when)}
            found = [a for a in found if a.gss_code in valid]
        return sorted(found, key=lambda a: (not a.current, a.name, a.valid_from))


def _styles(base: str, gss: str) -> list[str]:
    prefix = gss[:3]
    styles = [f"{base} Council"]
    if prefix == "E10":
        styles.append(f"{base} County Council")
    if prefix in ("E06", "E08"):
        styles.append(f"{base} Borough Council")
    if prefix == "E08":
        styles.append(f"{base} Metropolitan Borough Council")
    if prefix == "E09" and base not in ("City of London", "Westminster"):
        styles += [f"London Borough of {base}", f"LB {base}", f"LB of {base}"]
    return styles
