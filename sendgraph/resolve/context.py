"""Negative contexts: when a name in the text is not a mention of the authority.

Checked on each coordinated group of matches ("Kent and Medway", "Devon, Plymouth and Torbay"):

* an NHS or prison prefix: "NHS Kent and Medway", "HMP Durham";
* "<organisation> of X": "University of Kent", "Bishop of Durham", "Duke of York";
* "MP for X": a constituency, not the council;
* an organisation after the names: "... ICB", "... Integrated Care System", "... Children's
  Trust", "... Parent Carer Forum", "... University", "... FC", "... Police", "... Park",
  "Hull City" / "Derby County" (City/County not followed by Council), ..., or a lower-case
  "... parent carer forum";

and on each one-word match (not abbreviations), outside Title Case lines:

* a capitalised word right before it that is not a function word: part of a longer proper name
  ("Sarah Kent", "New York", "Greater Manchester", "Mid Devon", "Dr Wakefield");
* a capitalised word right after it that is not a local-government or SEND word: part of a
  longer name ("Kent Walker", "Richmond Park", "Stoke Mandeville", "Sutton Coldfield");
* a few lower-case followers ("Newcastle-under-Lyme", "Brent crude").
"""

from __future__ import annotations

from sendgraph.resolve.matcher import Hit
from sendgraph.resolve.normalise import Tokens, wordset

CONNECTORS = frozenset({",", "and", "/", "or", "nor"})
# Quotes and brackets around a coordinated name do not break the coordination.
WRAPPERS = frozenset({'"', "“", "”", "'", "‘", "’", "(", ")"})

_MONTHS = ("january february march april may june july august september october november "
           "december monday tuesday wednesday thursday friday saturday sunday")
STOP = wordset(
    "in at for from to by with and or but both neither either nor of on the a an like unlike "
    "including include includes also only as if when while whilst where whereas meanwhile "
    "since until despite after before across outside inside within throughout than versus vs "
    "between among amongst under over into about around near nearby beyond via per all each "
    "every some many most several this that these those its their our his her my your why how "
    "what which who whom whose so yet then thus hence however although though because unless "
    "whether not no yes here there now today even just still already indeed again once "
    "neighbouring neighboring councils council authorities authority local see take visit "
    "says said say is was are were has have had do does did will would should could can may "
    "might must shall families parents ask join meet read tranche members member invitees "
    "programme dear thanks hello welcome sadly currently recently previously similarly "
    "likewise elsewhere overall finally firstly secondly let ps nb re " + _MONTHS)

NEXT_OK = wordset(
    "council councils borough boroughs metropolitan local education schools cabinet scrutiny "
    "safety high dedicated tranche children childrens director leader area areas safeguarding "
    "send sen la las ofsted and")

ORG_SUFFIX = wordset(
    "nhs icb ics ccg stp integrated clinical commissioning trust foundation university college "
    "school academy academies hospital hospitals police constabulary fire fc afc united rovers "
    "wanderers athletic albion argyle forest park palace cathedral airport station festival "
    "forum pcf pact mencap healthcare health partnership chronicle echo gazette herald post "
    "times mail news online evening daily crown magistrates court prison castle racecourse "
    "abbey zoo harbour mandeville newington coldfield poges cross jamaica water spa carer "
    "carers parent parents club society association network alliance federation diocese "
    "diocesan church institute constituency footprint museum theatre bank")

OF_ORGS = wordset(
    "university duke duchess earl countess bishop archbishop diocese port bank battle marquess "
    "prince princess dean baron baroness lord viscount siege treaty synod archdeacon provost "
    "constituency")

PREFIX_ORGS = frozenset({"nhs", "hmp", "hmyoi"})
# "Hull and East Riding parent carer forum": a forum's name even in lower case.
PARENTS = frozenset({"parent", "parents", "carer", "carers", "family", "families", "send"})
GROUPS = frozenset({"forum", "council", "group", "network", "voice", "partnership"})
NEXT_LOWER_NEGATIVE = {"newcastle": frozenset({"under"}), "brent": frozenset({"crude", "oil"})}


def groups(toks: Tokens, hits: list[Hit]) -> list[list[int]]:
    """Indices of ``hits`` grouped where only connectors (commas, and, or, /) separate them."""
    out: list[list[int]] = []
    for idx, hit in enumerate(hits):
        if out:
            prev = hits[out[-1][-1]]
            if (_coordinated(toks.norm, prev.j, hit.i)
                    and toks.seg[prev.j - 1] == toks.seg[hit.i]):
                out[-1].append(idx)
                continue
        out.append([idx])
    return out


def _coordinated(norm: list[str], i: int, j: int) -> bool:
    """Tokens ``i..j-1`` are one or two connectors, with any wrappers around them (stops at
    the first other word: the text between two matches can be long)."""
    joins = 0
    for k in range(i, j):
        w = norm[k]
        if w in WRAPPERS:
            continue
        if w not in CONNECTORS or joins == 2:
            return False
        joins += 1
    return joins > 0


def group_negative(toks: Tokens, first: Hit, last: Hit) -> str | None:
    """Why the coordinated names from ``first`` to ``last`` belong to another organisation's
    name, or None."""
    norm = toks.norm
    k = first.i - 1
    if k >= 0 and norm[k] == "the":
        k -= 1
    if k >= 0 and toks.line[k] == toks.line[first.i]:
        if norm[k] in PREFIX_ORGS:
            return f"{toks.text[toks.start[k]:toks.end[k]]} body, not the council"
        if norm[k] == "of" and k > 0 and norm[k - 1] in OF_ORGS and toks.cap[k - 1]:
            return f"'{toks.surface(k - 1, k + 1)} ...': not the council"
        if norm[k] == "for" and k > 0 and norm[k - 1] in ("mp", "mps", "member"):
            return "MP for ...: a constituency, not the council"
    if toks.poss[last.j - 1]:
        return None
    n, line = len(norm), toks.line[last.j - 1]
    k, seen = last.j, 0
    while k < n and toks.line[k] == line and seen < 6:
        w = norm[k]
        if not toks.word[k]:
            break
        if toks.cap[k]:
            if w in ORG_SUFFIX:
                return f"part of an organisation's name ('{toks.surface(last.i, k + 1)}')"
            if w in ("county", "city") and (k + 1 >= n or norm[k + 1] != "council"):
                return f"'{toks.surface(last.i, k + 1)}' is not the council"
        elif not (w in ("and", "of") and k + 1 < n and toks.cap[k + 1]):
            break
        seen += 1
        k += 1
    start = k
    while k < n and norm[k] in PARENTS and toks.line[k] == line:
        k += 1
    if start < k < n and norm[k] in GROUPS:
        return f"a parents' group's name ('{toks.surface(first.i, k + 1)}')"
    return None


def single_negative(toks: Tokens, hit: Hit, hit_edges: set[int]) -> str | None:
    """Why a one-word match is part of a longer proper name, or None. ``hit_edges`` holds
    the first and last token index of every match (neighbouring names are not "longer names")."""
    if not hit.entry.single:
        return None
    i, j, norm = hit.i, hit.j, toks.norm
    follow = NEXT_LOWER_NEGATIVE.get(norm[i])
    if follow and j < len(norm) and norm[j] in follow:
        return f"'{toks.surface(i, j + 1)}' is not the authority"
    if toks.line[i] in toks.title_lines:
        return None
    k = i - 1
    if (k >= 0 and toks.line[k] == toks.line[i] and toks.word[k] and toks.cap[k]
            and not toks.upper[k] and not toks.poss[k] and norm[k] not in STOP
            and k not in hit_edges):
        return f"part of a longer name ('{toks.surface(k, j)}')"
    if toks.poss[j - 1] or j >= len(norm):
        return None
    if (toks.line[j] == toks.line[i] and toks.word[j] and toks.cap[j] and not toks.upper[j]
            and norm[j] not in NEXT_OK and j not in hit_edges
            and not (norm[j] in ("county", "city") and j + 1 < len(norm)
                     and norm[j + 1] == "council")):
        return f"part of a longer name ('{toks.surface(i, j + 1)}')"
    return None
