"""Support and disambiguation: when a weak name counts, and which authority a name means.

Support for a weak name (a name that is also a surname, first name, place or word):

* list: coordinated with another name ("Kingston and Richmond each..."), or alone on a line
  next to other lines that are alone a name (a bulleted list, a table column), or the whole
  input is that one line;
* local-government words (council, authority, LA, borough, cabinet, ...) or SEND words (SEND,
  EHCP, tribunal, DSG, safety valve, ...) in the same sentence, within 20 tokens;
* the same authority named by a strong form elsewhere in the document.

"verb" names opening a sentence before a determiner, pronoun or preposition ("Reading the
report...", "Bury the hatchet") are verbs; before "is", "has", "will", ... they are the place
(ordinary weak support); before any other lower-case word they need a list, local-government
words or a full-name mention; SEND words are not enough.
"strict" names (Westminster, usually meaning Parliament) need the same.

Disambiguation:

* "Kingston": Kingston upon Hull when Hull/Humber words are in the sentence and Thames/London/
  Richmond words are not (and the reverse); else as the document's other "Kingston"s were
  decided; else by the words of the whole document (both: the much nearer side, or
  ambiguous); no signal at all -> Kingston upon Thames;
* "Richmond": not a mention when qualified by Yorkshire ("Richmond, North Yorkshire", "the
  North Yorkshire town of Richmond");
* abbreviations that need defining ("BCC", "HCC", ...): the document's own definition
  ("Bristol City Council (BCC)") wins; otherwise the one candidate named in full in the
  document; several -> ambiguous; none -> ambiguous if it sits in a SEND or council sentence
  and has several candidates, else not a mention.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress

from sendgraph.resolve.gazetteer import Entry
from sendgraph.resolve.matcher import Hit
from sendgraph.resolve.normalise import Tokens, wordset

LA_WORDS = wordset(
    "council councils authority authorities la las borough boroughs councillor councillors "
    "cllr cabinet county unitary offer")
# The SEND domain's own words: in a sentence with one of these, a weak name is the place.
SEND_WORDS = wordset(
    "send sen ehcp ehcps ehc senco sencos sendco sendiass iass dsg tribunal tribunals ofsted "
    "cqc deficit deficits valve dbv needs placement placements provision eotas inspection "
    "schools school pupils families parents children plan plans target targets agreement "
    "funding budget special specialist places disabilities disabled autism autistic therapy "
    "therapies transport education educational assessment assessments review reviews "
    "inclusion mainstream statutory area areas exclusion exclusions appeal appeals "
    "caseworker caseworkers")
# After a sentence-opening verb-like name, these make it the subject: "Stoke is...".
NOUN_SIGNALS = wordset(
    "is was has had have will would could should can may must does did says said also now "
    "still council")
# Words after a sentence-opening "Reading"/"Bury"/"Stoke" that make it a verb.
VERB_OBJECTS = wordset(
    "the a an this that these those it them its his her their our my your through about "
    "between aloud more all every each some any over back up out down into and or with for "
    "to in on what how why")
HULL_WORDS = frozenset({"hull", "humber", "humberside", "riding"})
THAMES_WORDS = frozenset({"thames", "surbiton", "twickenham", "london", "richmond", "achieving"})
YORKSHIRE_WORDS = frozenset({"yorkshire", "yorks", "swaledale", "richmondshire", "catterick",
                             "virginia"})
WINDOW = 20


class DocContext:
    """Facts about the whole document that support decisions about single matches."""

    def __init__(self, toks: Tokens, hits: list[Hit], group_of: dict[int, list[int]],
                 strong_gss: set[str], accepted: list[Hit]):
        self.toks = toks
        self.hits = hits
        self.group_of = group_of
        self.strong_gss = strong_gss
        self.bare_lines = {toks.line[h.i] for h in accepted if self.bare(h)}
        self.single_line = len(toks.line_words) == 1
        self._positions: dict[frozenset[str], list[int]] = {}
        self._kingstons: set[str | None] | None = None

    def bare(self, hit: Hit) -> bool:
        """The match is all the words on its line (a list item, a table cell, a heading)."""
        return self.toks.line_words.get(self.toks.line[hit.i]) == (hit.i, hit.j - 1)

    def listed(self, idx: int) -> bool:
        hit = self.hits[idx]
        if len(self.group_of[idx]) > 1:
            return True
        if not self.bare(hit):
            return False
        line = self.toks.line[hit.i]
        return self.single_line or any(line + d in self.bare_lines for d in (-2, -1, 1, 2))

    def near(self, hit: Hit, words: frozenset[str], window: int = WINDOW) -> bool:
        t = self.toks
        norm, sents, sent = t.norm, t.sent, t.sent[hit.i]
        for lo, hi in ((max(0, hit.i - window), hit.i), (hit.j, min(len(norm), hit.j + window))):
            # usually none of the words is there at all: a set test in C settles it
            if not words.isdisjoint(norm[lo:hi]) and any(
                    norm[k] in words and sents[k] == sent for k in range(lo, hi)):
                return True
        return False

    def supported(self, idx: int) -> str | None:
        """Why a weak/verb/strict name counts here, or None if it does not."""
        hit = self.hits[idx]
        entry = hit.entry
        if self.listed(idx):
            return "in a list"
        t = self.toks
        opening = (entry.rule == "verb" and t.sentence_initial(hit.i) and hit.j < len(t.norm)
                   and t.word[hit.j] and not t.cap[hit.j])
        if opening and t.norm[hit.j] in VERB_OBJECTS:
            return None  # "Reading the report...", "Bury the hatchet"
        if opening and t.norm[hit.j] in NOUN_SIGNALS:
            opening = False  # "Stoke is...", "Reading has...": the place
        if any(g in self.strong_gss for g in entry.gss):
            return "named in full elsewhere in the document"
        if self.near(hit, LA_WORDS):
            return "local-government words nearby"
        if entry.rule == "strict" or opening:
            return None
        if self.near(hit, SEND_WORDS):
            return "SEND words nearby"
        return None

    def count(self, words: frozenset[str]) -> int:
        """How many tokens of the document are in ``words`` (cached per word set)."""
        return len(self._where(words))

    def _where(self, words: frozenset[str]) -> list[int]:
        """The tokens of the document in ``words``, in order (cached per word set)."""
        if words not in self._positions:
            norm = self.toks.norm
            self._positions[words] = list(compress(range(len(norm)),
                                                   map(words.__contains__, norm)))
        return self._positions[words]

    def _local_side(self, hit: Hit) -> str | None:
        hull, thames = self.near(hit, HULL_WORDS, 40), self.near(hit, THAMES_WORDS, 40)
        if hull != thames:
            return "hull" if hull else "thames"
        return "ambiguous" if hull else None

    def _nearest(self, hit: Hit, words: frozenset[str]) -> int:
        """Token distance from ``hit`` to the nearest token in ``words`` (positions cached)."""
        pos = self._where(words)
        at = bisect_left(pos, hit.i)
        return min((abs(pos[x] - hit.i) for x in (at - 1, at) if 0 <= x < len(pos)),
                   default=1 << 30)

    def kingston(self, hit: Hit) -> str:
        """"thames", "hull" or "ambiguous": the sentence decides; else what the other
        "Kingston"s of the document were decided as (one sense per document); else the
        words of the whole document, the nearer side winning by a wide margin."""
        side = self._local_side(hit)
        if side:
            return side
        if self._kingstons is None:
            sides = {self._local_side(h) for h in self.hits if h.entry.rule == "kingston"}
            self._kingstons = sides - {None}
        if len(self._kingstons) == 1 and "ambiguous" not in self._kingstons:
            return next(iter(self._kingstons))
        hull, thames = self.count(HULL_WORDS) > 0, self.count(THAMES_WORDS) > 0
        if hull != thames:
            return "hull" if hull else "thames"
        if not hull:
            return "thames"
        to_hull, to_thames = self._nearest(hit, HULL_WORDS), self._nearest(hit, THAMES_WORDS)
        if to_thames * 3 < to_hull:
            return "thames"
        if to_hull * 3 < to_thames:
            return "hull"
        return "ambiguous"

    def yorkshire_richmond(self, hit: Hit) -> bool:
        t, n = self.toks, len(self.toks.norm)
        k = hit.j
        while k < n and k < hit.j + 4 and t.norm[k] in (",", "(", "in", "north", "n", "-"):
            k += 1
        if k < n and t.norm[k] in YORKSHIRE_WORDS and t.sent[k] == t.sent[hit.i]:
            return True
        k = hit.i - 1
        if k >= 0 and t.norm[k] in YORKSHIRE_WORDS and t.poss[k]:
            return True  # "Yorkshire's Richmond"
        while k >= 0 and k > hit.i - 5 and t.norm[k] in ("town", "of", "market", "the", "in"):
            k -= 1
        return 0 <= k < hit.i - 1 and t.norm[k] in YORKSHIRE_WORDS


def definitions(toks: Tokens, hits: list[Hit]) -> dict[str, tuple[str, ...]]:
    """Abbreviations the document defines: "Bristol City Council (BCC)" or "BCC (Bristol City
    Council)" -> {"BCC": ("E06000023",)}."""
    defs: dict[str, tuple[str, ...]] = {}
    norm, n = toks.norm, len(toks.norm)
    for h in hits:
        if h.entry.kind == "abbreviation" or h.entry.rule == "define":
            continue
        j = h.j
        if j + 2 < n and norm[j] == "(" and norm[j + 2] == ")" and _abbrev(toks, j + 1):
            defs[toks.surface(j + 1, j + 2)] = h.entry.gss
        i = h.i
        if i >= 2 and norm[i - 1] == "(" and h.j < n and norm[h.j] == ")" \
                and _abbrev(toks, i - 2):
            defs[toks.surface(i - 2, i - 1)] = h.entry.gss
    return defs


def defined_hits(toks: Tokens, defs: dict[str, tuple[str, ...]],
                 taken: set[int]) -> list[Hit]:
    """Uses of abbreviations the document defined but the gazetteer does not know."""
    found = []
    for k, is_word in enumerate(toks.word):
        if is_word and toks.cap[k] and k not in taken:
            gss = defs.get(toks.surface(k, k + 1))
            if gss:
                entry = Entry((toks.norm[k],), gss, "abbreviation", "always",
                              frozenset({toks.surface(k, k + 1)}), False)
                found.append(Hit(k, k + 1, entry))
    return found


def _abbrev(toks: Tokens, k: int) -> bool:
    s = toks.surface(k, k + 1)
    return toks.word[k] and 2 <= len(s) <= 8 and sum(c.isupper() for c in s) >= 2
