"""Sentence-level claims in the writer's narrative: findings, reported statements,
recommendations and reported statistics, each with the subject that makes it.

* **Report verbs** - "<subject> found / concluded / revealed / showed / identified /
  learnt …" is a *finding*; "<subject> says / outlines / highlights / warns / notes …" is a
  *finding* when the subject is a report, inquiry or committee and an *assertion* otherwise;
  "<subject> recommends / urges / calls for / proposes …" is a *recommendation*. The subject
  is the phrase just before the verb (after the last comma or colon; after "and" it is the
  sentence's own subject): "the report", "the inquiry", "it" (the document being discussed),
  "the committee", a named agent ("the DfE", "Chris"), or "I"/"we" (the author). Trailing and
  parenthetical forms count too: "…, the report says." / "Accountability, it says, is …".
* **Research results** - a proportion ("8 of the 20 …", "three out of ten", "40% of …") in a
  sentence that also says the writer researched it ("that I researched", "I looked at",
  "our survey") is the author's *finding*.
* **Reported statistics** - "the statistics that …", "the most telling statistic …" with a
  number, while a quoted document is being discussed, is a *figure* claim of that document's
  author.

A sentence that matches none of these - however many numbers it has - is not a claim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sendgraph.extract.agents import DocumentAgents
from sendgraph.extract.model import Agent
from sendgraph.extract.quick import quick
from sendgraph.extract.references import document_owner

_FINDING = (r"found|finds|find|concluded|concludes|revealed|reveals|showed|shows|identified|"
            r"identifies|discovered|discovers|established|learnt|learned|uncovered|confirmed|"
            r"confirms")
_SAYING = (r"says|said|states|stated|outlines|outlined|highlights|highlighted|warns|warned|"
           r"notes|noted|argues|argued|observes|observed|acknowledges|acknowledged|"
           r"reports|reported|describes|described|points\s+out|pointed\s+out")
_RECOMMEND = (r"recommends|recommended|recommend|urges|urged|urge|calls\s+for|called\s+for|"
              r"call\s+for|proposes|proposed")
_VERB = quick(re.compile(rf"\b(?P<verb>{_FINDING}|{_SAYING}|{_RECOMMEND})\b"))
_FINDING_RE = re.compile(rf"(?:{_FINDING})$")
_RECOMMEND_RE = re.compile(rf"(?:{_RECOMMEND})$")
_TRAILING = re.compile(
    rf",\s*(?P<subj>[^,]{{1,50}}?)\s+(?P<verb>{_FINDING}|{_SAYING}|{_RECOMMEND})\s*(?:[,.;!?]|$)")
_AUX = re.compile(r"(?:\s+(?:has|have|had|also|further|therefore|then|rightly|clearly|simply|"
                  r"ultimately|recently|now|itself|both|all|repeatedly|explicitly|finally|"
                  r"previously|already|correctly|helpfully))+$", re.IGNORECASE)
_CONJ = re.compile(r"^(?:but|and|however|yet|so|while|although|though|indeed|instead|"
                   r"furthermore|moreover|meanwhile)\b[,\s]*", re.IGNORECASE)
_DOC_SUBJECT = re.compile(
    r"(?:(?:the|this|that|its|their)\s+)(?:(?P<owner>[^\s]+(?:\s+[^\s]+){0,4}?)['’]s\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:report|inquiry|review|study|survey|paper|evaluation|"
    r"investigation|audit|guidance|research|analysis)$", re.IGNORECASE)
_COMMITTEE = re.compile(r"(?:the|this)\s+(?:select\s+)?committee$", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"(?:I|[Ww]e|(?:[Mm]y|[Oo]ur)\s+(?:own\s+)?(?:research|survey|"
                           r"analysis|study|investigation|data|FOI\s+requests?|findings))$")
_CAP_TAIL = re.compile(r"(?:[Tt]he\s+)?[A-Z][\w’'&-]*(?:\s+(?:(?:of|for|and|&|the)\s+)*"
                       r"[A-Z][\w’'&-]*){0,6}$")
_CAP_HEAD = re.compile(r"(?:[Tt]he\s+)?[A-Z][\w’'&-]*(?:\s+(?:(?:of|for|and|&|the)\s+)*"
                       r"[A-Z][\w’'&-]*){0,6}")
_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
_PROPORTION = quick(re.compile(
    rf"\b{_NUM}\s+(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|my\s+|our\s+)?"
    rf"{_NUM}\b|\b\d+(?:\.\d+)?\s*(?:%|per\s*cent)\s+of\b", re.IGNORECASE))
_RESEARCH = quick(re.compile(
    r"\b(?:I|we)\s+(?:\w+\s+)?(?:researched|surveyed|looked\s+at|examined|analysed|analyzed|"
    r"studied|contacted|reviewed|investigated|checked|sampled|found)\b|"
    r"\b(?:my|our)\s+(?:own\s+)?(?:research|survey|analysis|study|investigation|sample|FOI)\b"))
_STATISTIC = quick(re.compile(r"\bstatistics?\b|\bfigures?\s+(?:show|reveal|suggest)|"
                              r"\bdata\s+(?:shows?|reveals?)", re.IGNORECASE))
_REPORTING_BODY = re.compile(r"\b(?:Committee|Commission|Inquiry|Review|Panel)\b")
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "you", "i", "we"})


@dataclass(frozen=True)
class Found:
    kind: str
    speaker: Agent | None


@dataclass
class Voice:
    """Who the ambient subjects refer to while reading one sentence."""

    agents: DocumentAgents
    author: Agent | None  # the author, when the sentence is in the author's own voice
    topic: Agent | None  # the document being discussed, while it is being discussed


def subject_agent(phrase: str, voice: Voice) -> tuple[bool, Agent | None, bool]:
    """(understood, agent, is a report or committee) for the subject ``phrase``."""
    phrase = _CONJ.sub("", _AUX.sub("", phrase.strip())).strip(" ,;:–—(")
    if not phrase:
        return False, None, False
    if _FIRST_PERSON.fullmatch(phrase):
        return True, voice.author, False
    if phrase.lower() == "it":
        return voice.topic is not None, voice.topic, True
    if _COMMITTEE.fullmatch(phrase):
        committee = voice.agents.agent_for("the committee")
        if committee is not None and committee.name != "committee":
            return True, committee, True
        return voice.topic is not None, voice.topic, True
    owner = document_owner(phrase)
    if owner is not None:
        agent = voice.agents.agent_for(owner)
        return agent is not None, agent, True
    doc = _DOC_SUBJECT.search(phrase)
    if doc is not None and doc.start() == 0:
        return voice.topic is not None, voice.topic, True
    if phrase.lower() in _PRONOUNS:
        return False, None, False
    tail = _CAP_TAIL.search(phrase)
    if tail is None or (tail.start() != 0 and len(phrase[:tail.start()].split()) > 3):
        return False, None, False
    agent = voice.agents.speaker(tail.group())
    return agent is not None, agent, agent is not None and bool(_REPORTING_BODY.search(agent.name))


def _kind(verb: str, reportish: bool) -> str:
    verb = " ".join(verb.split())
    if _RECOMMEND_RE.fullmatch(verb):
        return "recommendation"
    if _FINDING_RE.fullmatch(verb) or reportish:
        return "finding"
    return "assertion"


def sentence_claim(sentence: str, voice: Voice) -> Found | None:
    """The claim a narrative sentence makes, if it makes one of the kinds above."""
    trailing = _TRAILING.search(sentence)
    if trailing is not None and len(trailing.group("subj").split()) <= 4:
        ok, agent, reportish = subject_agent(trailing.group("subj"), voice)
        if ok and agent is not None:
            return Found(_kind(trailing.group("verb"), reportish), agent)
    for m in _VERB.finditer(sentence):
        before = sentence[:m.start()].rstrip()
        clause = re.split(r"[,;:(–—]\s*", before)[-1] if before else ""
        if re.search(r"(?:^|\s)and$", clause) or not clause.strip():
            head = _CAP_HEAD.match(sentence)
            clause = head.group() if head is not None and clause.strip() else clause
        if not clause.strip() or len(clause.split()) > 12:
            continue
        ok, agent, reportish = subject_agent(clause, voice)
        if ok and agent is not None:
            return Found(_kind(m.group("verb"), reportish), agent)
    if _RESEARCH.search(sentence) and _PROPORTION.search(sentence):  # the rarer, cheaper first
        return Found("finding", voice.author)
    return None


def statistic_claim(sentence: str, voice: Voice) -> Found | None:
    """A statistic the writer reports from the document under discussion."""
    if voice.topic is not None and _STATISTIC.search(sentence) and re.search(r"\d", sentence):
        return Found("figure", voice.topic)
    return None
