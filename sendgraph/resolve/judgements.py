"""People's judgements on mentions, and the mentions the resolver could not decide.

Two JSON-lines files in a folder the caller gives (the archive folder at runtime):

* ``authority_judgements.jsonl`` - one judgement per line: ``{"key": "chesire east",
  "gss": "E06000049" | null, "snapshot": "..." | null, "start": 123 | null, "note": "...",
  "at": "2024-05-01T10:00:00+00:00"}``. ``gss`` null means "this is not an authority".
  ``key`` is the mention's folded text (``key_for``). A judgement with a snapshot (and start
  offset) applies only there; without, it applies everywhere. The most specific, then the
  latest, judgement wins. A global "is GSS X" judgement also teaches the resolver the form,
  so later documents find it even where no rule would.
* ``authority_unresolved.jsonl`` - mentions kept for a person to decide (ambiguous or
  unresolved), with their candidates and a little context; ``unresolved()`` lists those not
  yet judged, once each (by snapshot, start and key).

Appends are flushed line by line; a torn last line (a crash mid-write) is skipped on reading.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sendgraph.resolve.gazetteer import Gazetteer
from sendgraph.resolve.model import Mention
from sendgraph.resolve.normalise import fold

JUDGEMENTS = "authority_judgements.jsonl"
UNRESOLVED = "authority_unresolved.jsonl"


def key_for(text: str) -> str:
    """The folded form a judgement is keyed by: ``key_for("Chesire-East")`` == "chesire east"."""
    return " ".join(w for w in fold(text) if w != ",")


@dataclass(frozen=True)
class Judgement:
    key: str
    gss: str | None
    snapshot: str | None = None
    start: int | None = None
    note: str = ""
    at: str = ""

    @property
    def is_authority(self) -> bool:
        return self.gss is not None


class Judgements:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._items: list[Judgement] = []
        self._by_key: dict[str, list[int]] = {}
        # what keep_undecided has seen, read once: re-reading the file for every document
        # made a build's cost grow with the square of its size
        self._kept: set[tuple[object, object, object]] | None = None
        for j in [
            Judgement(key=d["key"], gss=d.get("gss"), snapshot=d.get("snapshot"),
                      start=d.get("start"), note=d.get("note", ""), at=d.get("at", ""))
            for d in _read(self.folder / JUDGEMENTS) if isinstance(d.get("key"), str)
        ]:
            self._add(j)

    def _add(self, j: Judgement) -> None:
        self._by_key.setdefault(j.key, []).append(len(self._items))
        self._items.append(j)

    @property
    def path(self) -> Path:
        """The judgements file (it may not exist yet)."""
        return self.folder / JUDGEMENTS

    @property
    def unresolved_path(self) -> Path:
        return self.folder / UNRESOLVED

    def __iter__(self) -> Iterator[Judgement]:
        return iter(self._items)

    def record(self, text: str, gss: str | None, *, snapshot: str | None = None,
               start: int | None = None, note: str = "") -> Judgement:
        """Record that ``text`` is the authority ``gss`` (None: is not an authority), for one
        snapshot (and offset) or, without, everywhere."""
        if start is not None and snapshot is None:
            raise ValueError("a judgement for an offset needs the snapshot it is in")
        if gss is not None:
            Gazetteer.load().by_gss(gss)  # KeyError for a code that is no authority
        j = Judgement(key_for(text), gss, snapshot, start, note,
                      datetime.now(UTC).isoformat(timespec="seconds"))
        if not j.key:
            raise ValueError(f"nothing to judge in {text!r}")
        _append(self.folder / JUDGEMENTS, [{
            "key": j.key, "gss": j.gss, "snapshot": j.snapshot, "start": j.start,
            "note": j.note, "at": j.at}])
        self._add(j)
        return j

    def lookup(self, key: str, *, snapshot: str | None = None,
               start: int | None = None) -> Judgement | None:
        """The judgement that applies to a mention with this folded ``key`` at ``snapshot``
        and ``start``: most specific first, then latest."""
        best: tuple[int, int] | None = None
        found = None
        for n in self._by_key.get(key, ()):
            j = self._items[n]
            if j.snapshot is not None and j.snapshot != snapshot:
                continue
            if j.start is not None and j.start != start:
                continue
            rank = (int(j.snapshot is not None) + int(j.start is not None), n)
            if best is None or rank > best:
                best, found = rank, j
        return found

    def global_forms(self) -> dict[str, str]:
        """Folded keys judged, everywhere, to be an authority -> GSS code (latest wins)."""
        forms: dict[str, str] = {}
        for j in self._items:
            if j.snapshot is None:
                if j.gss:
                    forms[j.key] = j.gss
                else:
                    forms.pop(j.key, None)
        return forms

    def keep_undecided(self, mentions: Iterable[Mention], *, snapshot: str | None,
                       source: str = "") -> int:
        """Store the ambiguous and unresolved ``mentions`` of one document for a person to
        judge; returns how many were new."""
        if self._kept is None:
            self._kept = {(d.get("snapshot"), d.get("start"), d.get("key"))
                          for d in _read(self.folder / UNRESOLVED)}
        seen = self._kept
        rows = []
        for m in mentions:
            if m.status == "resolved":
                continue
            ident = (snapshot, m.start, key_for(m.text))
            if ident in seen or not ident[2]:
                continue
            seen.add(ident)
            rows.append({
                "key": ident[2], "text": m.text, "snapshot": snapshot, "start": m.start,
                "end": m.end, "status": m.status, "reason": m.reason,
                "candidates": [a.gss_code for a in m.candidates],
                "context": source[max(0, m.start - 60):m.end + 60] if source else "",
            })
        _append(self.folder / UNRESOLVED, rows)
        return len(rows)

    def unresolved(self) -> list[dict]:
        """Kept mentions that no judgement has decided yet, oldest first."""
        return [d for d in _read(self.folder / UNRESOLVED)
                if self.lookup(d.get("key", ""), snapshot=d.get("snapshot"),
                               start=d.get("start")) is None]


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            try:
                d = json.loads(line)
            except ValueError:
                continue  # a torn line from a crash mid-append
            if isinstance(d, dict):
                out.append(d)
    return out


def _append(path: Path, rows: list[dict]) -> None:
    if not rows:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    torn = False
    if path.exists() and path.stat().st_size:
        with path.open("rb") as f:
            f.seek(-1, 2)
            torn = f.read(1) != b"\n"
    text = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
    # one write to an O_APPEND file: lines from processes writing at once never interleave
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        data = (("\n" if torn else "") + text).encode("utf-8")
        while data:  # a regular file takes it all at once unless the disk is full
            data = data[os.write(fd, data):]
    finally:
        os.close(fd)
