"""The public resolver: text or a Document -> mentions of English local authorities.

One pass over the tokens finds every known form (``matcher``); then, per coordinated group
and per match, negative contexts drop names that belong to something else (``context``);
weak names need support, ambiguous ones are decided by context (``support``); the document
date picks among authorities of the same name (``dates``); elided and misspelled names are
found where the text says an authority is meant (``spans``, ``fuzzy``); and people's
judgements override everything (``judgements``). What cannot be decided is returned as
"ambiguous" or "unresolved" with its candidates, never guessed.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from sendgraph.document import Document
from sendgraph.resolve.context import group_negative, groups, single_negative
from sendgraph.resolve.dates import Choice, Period, choose, period
from sendgraph.resolve.fuzzy import FuzzyIndex
from sendgraph.resolve.gazetteer import Entry, Gazetteer
from sendgraph.resolve.judgements import Judgements
from sendgraph.resolve.matcher import Hit, Matcher
from sendgraph.resolve.model import Authority, Mention
from sendgraph.resolve.normalise import Tokens, tokenize
from sendgraph.resolve.spans import council_runs, ellipses, fuzzy_runs
from sendgraph.resolve.support import DocContext, defined_hits, definitions

BASE = {"official": 0.97, "styled": 0.98, "short": 0.93, "abbreviation": 0.9}
WHAT = {"official": "official name", "styled": "council style", "short": "short form",
        "abbreviation": "abbreviation"}
HULL, THAMES = "E06000010", "E09000021"
_BREAK_KINDS = frozenset({"list_item", "heading", "table_cell", "comment"})
_FUZZY: WeakKeyDictionary[Gazetteer, FuzzyIndex] = WeakKeyDictionary()


@dataclass
class _Found:
    """A decision about tokens ``i..j-1`` before it becomes a Mention (or is dropped)."""

    i: int
    j: int
    codes: tuple[str, ...]   # () with status "unresolved"/"rejected"
    confidence: float
    reason: str
    case: str
    status: str = "resolved"  # resolved | ambiguous | unresolved | rejected
    styled: bool = False


class Resolver:
    """``Resolver(judgements=Judgements(archive_folder)).resolve(document)``."""

    def __init__(self, gazetteer: Gazetteer | None = None,
                 judgements: Judgements | None = None):
        self.gazetteer = gazetteer or Gazetteer.load()
        self.judgements = judgements
        entries = dict(self.gazetteer.entries)
        for key, gss in (judgements.global_forms() if judgements else {}).items():
            words = tuple(key.split())
            if words not in entries:
                entries[words] = Entry(words, (gss,), "short", "always", frozenset(), False)
        self.entries = entries
        self.matcher = Matcher(entries.values())
        self.vocab = frozenset(w for key in entries for w in key)
        self._fuzzy: FuzzyIndex | None = None
        # GSS codes -> their gazetteer rows (few distinct tuples; every mention needs one)
        self._authorities: dict[tuple[str, ...], tuple[Authority, ...]] = {}

    @property
    def fuzzy(self) -> FuzzyIndex:
        """The misspelling index, built on first use and shared by resolvers of a gazetteer."""
        if self._fuzzy is None:
            index = _FUZZY.get(self.gazetteer)
            if index is None:
                index = _FUZZY[self.gazetteer] = FuzzyIndex(list(self.gazetteer.entries.values()))
            self._fuzzy = index
        return self._fuzzy

    def resolve(self, source: Document | str, *, date: str | None = None) -> list[Mention]:
        """Mentions in ``source`` in text order. ``date`` ("YYYY", "YYYY-MM", "YYYY-MM-DD")
        defaults to a Document's published date; with no date, current authorities win."""
        snapshot = None
        breaks: list[int] = []
        if isinstance(source, Document):
            text, snapshot = source.text, source.snapshot_id
            for b in source.blocks:
                if b.kind in _BREAK_KINDS:
                    breaks += (b.start, b.end)
            if date is None and source.metadata.published:
                try:
                    period(source.metadata.published)
                    date = source.metadata.published
                except ValueError:
                    date = None
        elif isinstance(source, str):
            text = source
        else:
            raise TypeError(f"resolve() takes a Document or a str, not {type(source).__name__}")
        when = period(date) if date is not None else None
        toks = tokenize(text, vocab=self.vocab, breaks=breaks)
        found = _Pass(self, toks, when, date).run()
        self._judge(toks, found, snapshot)
        return [self._mention(toks, f) for f in found if f.status != "rejected"]

    def _judge(self, toks: Tokens, found: list[_Found], snapshot: str | None) -> None:
        """People's judgements win over every rule (most specific judgement first)."""
        if not self.judgements or next(iter(self.judgements), None) is None:
            return  # none recorded (yet): skip building a key per mention
        for f in found:
            key = " ".join(w for w, is_w in zip(toks.norm[f.i:f.j], toks.word[f.i:f.j],
                                                 strict=True) if is_w or w == "and")
            j = self.judgements.lookup(key, snapshot=snapshot, start=toks.start[f.i])
            if j is None:
                continue
            if j.gss is None:
                f.status, f.reason = "rejected", "user judgement: not an authority"
            else:
                f.codes, f.status, f.confidence, f.case = (j.gss,), "resolved", 1.0, "judgement"
                f.reason = f"user judgement: {self.gazetteer.by_gss(j.gss).label()}"

    def _mention(self, toks: Tokens, f: _Found) -> Mention:
        candidates = self._authorities.get(f.codes)
        if candidates is None:
            candidates = self._authorities[f.codes] = tuple(
                self.gazetteer.by_gss(c) for c in f.codes)
        authority = candidates[0] if f.status == "resolved" else None
        return Mention.at(toks.text, toks.start[f.i], toks.end[f.j - 1], authority=authority,
                          confidence=round(f.confidence, 3), status=f.status,
                          candidates=candidates, reason=f.reason, case=f.case)


class _Pass:
    """One resolution of one text."""

    def __init__(self, resolver: Resolver, toks: Tokens, when: Period | None, label: str | None):
        self.r, self.toks, self.when, self.label = resolver, toks, when, label
        # a document names the same authorities again and again: the date decides once
        self._choices: dict[tuple[tuple[str, ...], bool], Choice] = {}

    def run(self) -> list[_Found]:
        toks = self.toks
        hits = self.r.matcher.find(toks)
        defs = definitions(toks, hits)
        if defs:
            taken = {k for h in hits for k in range(h.i, h.j)}
            hits = sorted(hits + defined_hits(toks, defs, taken), key=lambda h: h.i)
        grps = groups(toks, hits)
        group_of = {idx: g for g in grps for idx in g}
        edges = {h.i for h in hits} | {h.j - 1 for h in hits}
        rejected: dict[int, str] = {}
        for g in grps:
            why = group_negative(toks, hits[g[0]], hits[g[-1]])
            for idx in g:
                why_one = why or single_negative(toks, hits[idx], edges)
                if why_one:
                    rejected[idx] = why_one
        strong = {c for idx, h in enumerate(hits) if idx not in rejected
                  and h.entry.rule == "always" for c in h.entry.gss}
        accepted = [h for idx, h in enumerate(hits) if idx not in rejected]
        ctx = DocContext(toks, hits, group_of, strong, accepted)
        found = [self._decide(idx, h, ctx, defs, rejected.get(idx)) for idx, h in enumerate(hits)]
        covered = {k for h in hits for k in range(h.i, h.j)}
        for f, h in list(zip(found, hits, strict=True)):
            if f.status in ("resolved", "ambiguous"):
                for s, e, entry in ellipses(toks, h, self.r.entries, covered):
                    covered.update(range(s, e))
                    found.append(self._choose(s, e, entry.gss, 0.9, "coordinated ellipsis of "
                                              f"'{toks.surface(h.i, h.j)}'", "ellipsis"))
        kept_groups = [[idx for idx in g if found[idx].status != "rejected"] for g in grps]
        found += self._fuzzy(hits, [g for g in kept_groups if g], ctx.bare_lines, covered,
                             found)
        return sorted(found, key=lambda f: f.i)

    def _choose(self, i: int, j: int, codes: tuple[str, ...], confidence: float, reason: str,
                case: str, styled: bool = False) -> _Found:
        choice = self._choices.get((codes, styled))
        if choice is None:
            choice = self._choices[codes, styled] = choose(self.r.gazetteer, codes, self.when,
                                                           self.label, styled=styled)
        if choice.note:
            reason = f"{reason}; {choice.note}"
            case = "date" if case in WHAT else case
        if choice.authority is None:
            return _Found(i, j, tuple(a.gss_code for a in choice.candidates),
                          min(confidence, 0.5), reason, case, "ambiguous", styled)
        others = tuple(a.gss_code for a in choice.candidates if a is not choice.authority)
        return _Found(i, j, (choice.authority.gss_code, *others),
                      confidence * choice.factor, reason, case, "resolved", styled)

    def _decide(self, idx: int, hit: Hit, ctx: DocContext, defs: dict[str, tuple[str, ...]],
                negative: str | None) -> _Found:
        e = hit.entry
        if negative:
            return _Found(hit.i, hit.j, (), 0.0, negative, "negative", "rejected")
        conf, what = BASE[e.kind], WHAT[e.kind]
        styled = e.kind == "styled"
        if e.rule == "always":
            return self._choose(hit.i, hit.j, e.gss, conf, f"exact {what}", e.kind, styled)
        if e.rule == "define":
            return self._define(hit, ctx, defs)
        if e.rule == "richmond" and ctx.yorkshire_richmond(hit):
            return _Found(hit.i, hit.j, (), 0.0, "Richmond in North Yorkshire", "negative",
                          "rejected")
        why = ctx.supported(idx)
        if why is None:
            return _Found(hit.i, hit.j, (), 0.0, f"{what} without support", "negative",
                          "rejected")
        if e.rule == "kingston":
            side = ctx.kingston(hit)
            if side == "ambiguous":
                return _Found(hit.i, hit.j, (THAMES, HULL), 0.5,
                              "Kingston: both Thames and Hull in context", "context",
                              "ambiguous")
            code = HULL if side == "hull" else THAMES
            return self._choose(hit.i, hit.j, (code,), conf * 0.9,
                                f"Kingston -> {side} by context; {why}", "context")
        return self._choose(hit.i, hit.j, e.gss, conf * 0.92, f"{what}; {why}", e.kind)

    def _define(self, hit: Hit, ctx: DocContext, defs: dict[str, tuple[str, ...]]) -> _Found:
        toks, gaz = self.toks, self.r.gazetteer
        codes = hit.entry.gss
        if self.when is not None:
            lo, hi = self.when
            live = tuple(c for c in codes if gaz.by_gss(c).valid_from <= hi
                         and (gaz.by_gss(c).valid_to is None or gaz.by_gss(c).valid_to >= lo))
            codes = live or codes
        surface = toks.surface(hit.i, hit.j)
        defined = tuple(c for c in defs.get(surface, ()) if c in codes)
        if defined:
            return self._choose(hit.i, hit.j, defined, 0.9, "abbreviation defined in the "
                                "document", "context")
        named = tuple(c for c in codes if c in ctx.strong_gss)
        if len(named) == 1:
            return self._choose(hit.i, hit.j, named, 0.85, "abbreviation with context: "
                                f"{gaz.by_gss(named[0]).name} named in full", "context")
        if len(named) > 1:
            return _Found(hit.i, hit.j, named, 0.5, "abbreviation: several candidates named",
                          "context", "ambiguous")
        if len(codes) > 1 and (ctx.near(hit, _LA) or ctx.near(hit, _SEND)):
            return _Found(hit.i, hit.j, codes, 0.3, "abbreviation without context",
                          "context", "ambiguous")
        if len(codes) == 1 and ctx.near(hit, _LA, 3):
            return self._choose(hit.i, hit.j, codes, 0.75, "abbreviation with council words",
                                "context")
        return _Found(hit.i, hit.j, (), 0.0, "abbreviation without context", "negative",
                      "rejected")

    def _fuzzy(self, hits: list[Hit], grps: list[list[int]], bare_lines: set[int],
               covered: set[int], found: list[_Found]) -> list[_Found]:
        """Misspelled names where the text says an authority is meant. A list names each
        authority once, so a near miss of a name already resolved close by is not it
        ("Cornwall and Cornwell")."""
        toks, fz = self.toks, self.r.fuzzy
        out: list[_Found] = []
        runs = fuzzy_runs(toks, hits, grps, bare_lines, covered)
        council = council_runs(toks, covered)
        runs += [(s, e, "before 'Council'") for s, e, _, _ in council]
        ends = {(s, e): (end, strict) for s, e, end, strict in council}
        resolved_in: dict[int, list[tuple[int, str]]] = {}
        if runs:
            for f in found:
                if f.status == "resolved":
                    resolved_in.setdefault(toks.seg[f.i], []).append((f.i, f.codes[0]))
            for near in resolved_in.values():
                near.sort()
        done: set[int] = set()
        for s, e, why in runs:
            if s in done:
                continue
            words = tuple(w for w, is_w in zip(toks.norm[s:e], toks.word[s:e], strict=True)
                          if is_w or w == "and")
            edits, best = fz.lookup(words)
            near = resolved_in.get(toks.seg[s], [])
            nearby = {code for _, code in near[bisect_left(near, (s - 30, "")):
                                              bisect_left(near, (s + 31, ""))]}
            best = [b for b in best if not set(b.gss) & nearby]
            end, strict = ends.get((s, e), (e, False))
            if best:
                done.add(s)
                codes = tuple(dict.fromkeys(c for b in best for c in b.gss))
                reason = f"fuzzy {edits} edit{'s' if edits > 1 else ''}, {why}"
                if len(best) > 1:
                    out.append(_Found(s, end, codes, 0.4, reason + ": several names as close",
                                      "fuzzy", "ambiguous"))
                else:
                    out.append(self._choose(s, end, best[0].gss, 0.8 if edits == 1 else 0.7,
                                            reason, "fuzzy"))
            elif strict:
                done.add(s)
                codes = tuple(dict.fromkeys(c for b in fz.suggest(words) for c in b.gss))
                out.append(_Found(s, end, codes, 0.0, "looks like a council; no known name",
                                  "unresolved", "unresolved"))
        return out


_LA = frozenset({"council", "councils", "authority", "la", "borough", "cabinet"})
_SEND = frozenset({"send", "sen", "ehcp", "ehcps", "dsg", "tribunal", "ofsted"})
