"""Noun phrases around a quantity: what a number counts, and what a verb acts on.

Small, regex-only readings shared by the targets and figures extractors. A phrase ends at
punctuation (but not at the comma of "Education, Health and Care"), at a preposition or word that
starts an adjunct ("in this financial year", "before the end of", "from parents", "which ..."), or
after `MAX_WORDS` words.
"""

from __future__ import annotations

import re

MAX_WORDS = 12
_STOP = re.compile(
    r",(?!\s*health\b)|[;:.!?()\[\]–—\"“”]|\s-\s|"
    r"\b(?:in|by|before|after|from|during|over|since|until|till|at|on|this|which|who|whom|"
    r"whose|that|each|every|than|but|while|as|because|so|if|when|where|compared|against|"
    r"and\s+(?:a|an|the|to|is|are|was|were|has|have|had)|or\s+(?:a|an|the|to)|"
    r"is|are|was|were|has|have|had|will|would|should|could|can|may|might|must|\w+n['’]t|"
    r"to\s+(?!the\b|an?\b)\w+)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"\s*(?:of\s+)?(?:(?:the|a|an|its|their|his|her|our|your|these|those|this|that|each|"
    r"every|all|some|any|such)\s+)*", re.IGNORECASE)
_WORD = re.compile(r"\S+")
DETERMINERS = re.compile(r"^(?:(?:the|a|an|its|their|his|her|our|your|these|those|this|that|"
                         r"each|every|all|some|any|such|now|currently|already|still|also)\s+)+",
                         re.IGNORECASE)
_SUBJECT_CUT = re.compile(
    r"[(\[,;:–—\"“‘]|\b(?:that|which|who|has|have|had|and|but|suggests?|said|says|shows?|showed|"
    r"found|finds|thinks?|believes?|because|if|when|while|whereas|so)\b", re.IGNORECASE)
PRONOUNS = frozenset({"it", "they", "them", "this", "that", "these", "those", "there", "which",
                      "who", "he", "she", "we", "you", "i", "one", "ones", "all", "both"})


def after(text: str, pos: int, end: int) -> tuple[int, int]:
    """The span of the noun phrase that starts at ``pos`` (a leading "of" and determiners are
    skipped); empty (pos, pos) when there is none."""
    lead = _LEADING.match(text, pos, end)
    start = lead.end() if lead else pos
    stop = _STOP.search(text, start, end)
    limit = stop.start() if stop else end
    words = list(_WORD.finditer(text, start, limit))[:MAX_WORDS]
    if not words:
        return pos, pos
    return start, words[-1].end()


def between(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of ``text[start:end]`` without leading determiners and surrounding space."""
    lead = _LEADING.match(text, start, end)
    s = lead.end() if lead else start
    e = end
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if s < e else (start, start)


def subject_before(text: str, start: int, end: int) -> str:
    """The noun phrase that ends ``text[start:end]`` (the subject of a verb that follows): the
    words after the last punctuation, conjunction or reporting verb, without determiners, or ""
    when it is only a pronoun."""
    last = start
    for m in _SUBJECT_CUT.finditer(text, start, end):
        last = m.end()
    words = _WORD.findall(text, last, end)[-6:]
    phrase = DETERMINERS.sub("", " ".join(words)).strip()
    if not phrase or phrase.lower() in PRONOUNS:
        return ""
    return phrase


def strip_determiners(phrase: str) -> str:
    return DETERMINERS.sub("", phrase).strip()
