"""Claims: statements worth citing, with their kind and speaker.

Read in document order, block by block (see discourse.py for the shared reading):

* **Quotations** (kind ``quotation``) - the quoted words, with the speaker from the
  attribution ("X, Chair of …, said:", "“…,” he added.", "As the Commissioner says, ‘…’").
  "he"/"she" is the speaker of the quotation running on from the previous paragraphs, else the
  last person quoted within two blocks. "the report", "it", "the inquiry" is the author of the
  document under discussion (below). A quotation filling its block with no attribution of its
  own takes, in order: the attribution that leads into it from the block before ("In the
  Commissioner’s view,", "She said …:", "The final recommendation by X …"); the author of a
  document the block before refers to ("the DfE issued guidance that said this:"); the speaker
  of the quotation just before it; an attribution line right after it ("Edward Timpson,
  addressing …"); the author of the document under discussion, if it was mentioned within the
  last three blocks; else no speaker. An
  attribution that names nobody ("She said …:") means no speaker - never the post's author.
  A quotation introduced as a recommendation ("The final recommendation by …") that says
  "should"/"must" is a ``recommendation``.
* **Document under discussion** - the author of the last prose reference that names one ("the
  report by the Commissioner for SEND services in Birmingham", "The Education Committee has
  published a report"); it stays under discussion while blocks keep mentioning it.
* **Recommendation lists** - list items after a lead-in ("The committee makes a number of
  recommendations including:", "… recommends:") or under a "Recommendations" heading, and
  "Recommendation 3: …" blocks, are ``recommendation`` claims of the lead-in's subject, else of
  the document under discussion, else of the document's own author.
* **Narrative sentences** outside quotations - findings, reported statements,
  recommendations and statistics (findings.py). First-person findings are the document's
  author's, except in an editor's introduction to a guest post, where they have no speaker.
* **Reader comments** (comments.py) - kept, as ``reader_comment`` claims whose speaker is the
  commenter (None when the scrape lost the name); never the post's author, and nothing inside a
  comment is read as a quotation, finding or recommendation of anyone else.

``about`` holds the GSS codes of the authorities the resolver found inside the claim's words.
"""

from __future__ import annotations

import bisect
import copy
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sendgraph.extract.agents import Agent, DocumentAgents, known, person_name
from sendgraph.extract.discourse import Analysis, analyse
from sendgraph.extract.findings import Voice, sentence_claim, statistic_claim, subject_agent
from sendgraph.extract.model import Claim, evidence_for
from sendgraph.extract.prose import sentences
from sendgraph.extract.quick import quick
from sendgraph.extract.quotes import Quote, before_attribution
from sendgraph.extract.references import author_phrase, document_owner

if TYPE_CHECKING:
    from sendgraph.extract.context import ExtractionContext

NAME = "claims"
VERSION = "1"
TOPIC_WINDOW = 3
PRONOUN_WINDOW = 2

_LEAD_IN = quick(re.compile(
    r"\brecommendations?\b[^.]*:\s*$|\b(?:recommends|recommended|urges|calls\s+for|proposes|"
    r"recommendations\s+include)\b[^.]*:\s*$", re.I))
_REC_HEADING = re.compile(r"(?:key\s+|our\s+|main\s+|summary\s+of\s+(?:the\s+)?)?"
                          r"recommendations?\s*:?", re.I)
_NUMBERED_REC = re.compile(r"(?:Recommendation\s+\d+|R\d+)\s*[.:)–-]\s*")
_SHOULD = quick(re.compile(r"\b(?:should|must|ought|needs?\s+to|recommend)\b", re.I))
_PRONOUN = re.compile(r"(?:he|she|they)$", re.I)
_ANAPHOR = re.compile(r"(?:the|this|that|its)\s+(?:[\w-]+\s+){0,2}?(?:report|inquiry|review|"
                      r"study|document|paper|guidance|committee)$|it$", re.I)
_MENTION = quick(re.compile(r"\b(?:the|this)\s+(?:report|inquiry|review|committee)\b", re.I))
_WORDS_OF = re.compile(r"\b(?:recommendations?|conclusions?|words|view|verdict|findings?|"
                       r"remarks?|comments?|advice)\s+(?:by|of|from)\s+(?P<rest>[^.;:]{1,120})",
                       re.I)
_EPIGRAPH = re.compile(r"[—–-]?\s*(?P<who>[A-Z][^,]{2,60})(?:,.*)?")


class _Reader:
    def __init__(self, ctx: ExtractionContext, analysis: Analysis) -> None:
        self.doc = ctx.document
        self.text = ctx.document.text
        self.a = analysis
        self.agents: DocumentAgents = copy.deepcopy(analysis.agents)
        hits = sorted(ctx.authorities.mentions(ctx.document), key=lambda h: (h.start, h.end))
        self.hit_starts = [h.start for h in hits]
        self.hits = hits
        self.topic: Agent | None = None
        self.topic_block = -10
        self.chain: Agent | None = None
        self.last_person: tuple[Agent, int] | None = None
        self.quoted: dict[int, Agent | None] = {}  # block -> speaker of its last quotation
        self.refs_by_block: dict[int, list] = {}
        for ref in analysis.references:
            self.refs_by_block.setdefault(ref.block, []).append(ref)

    # -- helpers ------------------------------------------------------------------------
    def claim(self, start: int, end: int, kind: str, speaker: Agent | None) -> Claim | None:
        while start < end and (self.text[start].isspace() or self.text[start] in "“‘\""):
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end <= start:
            return None
        i = bisect.bisect_left(self.hit_starts, start)
        about = sorted({h.gss_code for h in self.hits[i:] if h.start < end and h.end <= end})
        return Claim(text=self.text[start:end], claim_kind=kind, speaker=speaker,
                     about=tuple(about),
                     evidence=(evidence_for(self.doc, start, end, f"{NAME}@{VERSION}"),))

    def line(self, i: int) -> str:
        b = self.doc.blocks[i]
        return self.text[b.start:b.end]

    def topic_active(self, i: int) -> Agent | None:
        return self.topic if i - self.topic_block <= TOPIC_WINDOW else None

    def note_topic(self, i: int) -> None:
        refs = [r for r in self.refs_by_block.get(i, ()) if r.author is not None]
        if refs:
            self.topic, self.topic_block = refs[-1].author, i
        elif self.topic is not None and (_MENTION.search(self.line(i))
                                         or self._names_topic(self.line(i))):
            self.topic_block = i

    def _names_topic(self, line: str) -> bool:
        assert self.topic is not None
        org = known(self.topic.name)
        words = [org.short] if org else [w for w in self.topic.name.split()[:1] if len(w) > 3]
        return any(re.search(rf"\b{re.escape(w)}\b", line) for w in words)

    def resolve(self, attribution: str, i: int) -> tuple[bool, Agent | None]:
        """(the words are understood, who) for an attribution phrase in block ``i``: a pronoun
        with nobody to refer to is understood as "nobody we can name"."""
        if _PRONOUN.fullmatch(attribution):
            if self.chain is not None:
                return True, self.chain
            if self.last_person and i - self.last_person[1] <= PRONOUN_WINDOW:
                return True, self.last_person[0]
            return True, None
        owner = document_owner(attribution)
        if owner is not None:
            agent = self.agents.agent_for(owner)
            if agent is not None:
                return True, agent
        if _ANAPHOR.fullmatch(attribution):
            topic = self.topic_active(i) or self.topic
            return True, self.agents.agent_for("the committee") if re.search(
                r"committee$", attribution, re.I) and self.agents.committee else topic
        agent = self.agents.speaker(attribution)
        return agent is not None, agent

    # -- quotations ------------------------------------------------------------------------
    def standalone_speaker(self, q: Quote, n: int) -> tuple[Agent | None, str]:
        main, i = self.a.main, q.block
        prev = main[n - 1] if n > 0 else None
        intro = self.line(prev) if prev is not None and \
            self.doc.blocks[prev].kind != "heading" else ""
        if intro:
            attribution = before_attribution(intro, 0, len(intro))
            if attribution is not None:
                understood, agent = self.resolve(attribution, i)
                if understood:
                    return agent, intro
            refs = [r for r in self.refs_by_block.get(prev, ()) if r.author is not None]
            if refs:
                return refs[-1].author, intro
            words_of = _WORDS_OF.search(intro)
            owner = author_phrase(words_of.group("rest")) if words_of is not None else None
            agent = self.agents.agent_for(owner) if owner else None
            if agent is not None:
                return agent, intro
            if self.quoted.get(prev) is not None:
                return self.quoted[prev], intro
        nxt = main[n + 1] if n + 1 < len(main) else None
        if nxt is not None and nxt not in self.a.quotes:
            line = self.line(nxt)
            m = _EPIGRAPH.fullmatch(line)
            if m and len(line.split()) <= 25 and (person_name(m.group("who"))
                                                  or known(m.group("who"))):
                return self.agents.speaker(line.lstrip("—–- ")), intro
        return self.topic_active(i), intro

    def quotations(self, n: int) -> Iterator[Claim]:
        i = self.a.main[n]
        for q in self.a.quotes.get(i, ()):
            intro = ""
            if q.attribution is not None:
                speaker = self.resolve(q.attribution, i)[1]
            elif q.continued:
                speaker = self.chain
            else:
                speaker, intro = self.standalone_speaker(q, n)
            kind = "quotation"
            if re.search(r"\brecommendation", intro, re.I) and _SHOULD.search(
                    self.text[q.start:q.end]):
                kind = "recommendation"
            if speaker is not None and speaker == self.topic:
                self.topic_block = i
            if speaker is not None and speaker.kind == "person":
                self.last_person = (speaker, i)
            self.chain = speaker if q.open_end else None
            self.quoted[i] = speaker
            claim = self.claim(q.start, q.end, kind, speaker)
            if claim is not None:
                yield claim
        if i not in self.a.quotes:
            self.chain = None

    # -- narrative ---------------------------------------------------------------------------
    def narrative(self, i: int) -> Iterator[Claim]:
        b = self.doc.blocks[i]
        quotes = self.a.quotes.get(i, ())
        if any(q.standalone or q.continued for q in quotes):
            return
        author = None if i in self.a.editor else self.a.author
        voice = Voice(self.agents, author, self.topic_active(i))
        for s, e in sentences(self.text, b.start, b.end):
            if any(s < q.outer_end and q.outer_start < e for q in quotes):
                continue
            sentence = self.text[s:e]
            found = sentence_claim(sentence, voice) or statistic_claim(sentence, voice)
            if found is None:
                continue
            if found.speaker is not None and found.speaker == self.topic:
                self.topic_block = i
            claim = self.claim(s, e, found.kind, found.speaker)
            if claim is not None:
                yield claim

    def lead_in_speaker(self, i: int) -> Agent | None:
        line = self.line(i)
        m = re.match(r"(?P<subj>.{1,60}?)\s+(?:makes|made|sets?\s+out|has|have|recommends|"
                     r"recommended|urges|calls|proposes|includes?|published)\b", line)
        if m is not None:
            voice = Voice(self.agents, self.a.author, self.topic_active(i))
            ok, agent, _ = subject_agent(m.group("subj"), voice)
            if ok and agent is not None:
                return agent
        return self.own_voice(i)

    def own_voice(self, i: int) -> Agent | None:
        return self.topic_active(i) or self.a.author

    # -- the whole document -------------------------------------------------------------------
    def read(self) -> Iterator[Claim]:
        rec_speaker: Agent | None = None
        in_list = False
        for n, i in enumerate(self.a.main):
            b = self.doc.blocks[i]
            line = self.line(i)
            self.note_topic(i)
            if b.kind == "heading" and _REC_HEADING.fullmatch(line):
                rec_speaker, in_list = self.own_voice(i), True
                continue
            if b.kind == "list_item" and in_list:
                claim = self.claim(b.start, b.end, "recommendation", rec_speaker)
                if claim is not None:
                    yield claim
                continue
            numbered = _NUMBERED_REC.match(line)
            if numbered is not None and b.kind != "heading":
                claim = self.claim(b.start + numbered.end(), b.end, "recommendation",
                                   rec_speaker or self.own_voice(i))
                if claim is not None:
                    yield claim
                continue
            in_list = False
            if b.kind == "heading":
                continue
            if b.kind == "table_cell":
                continue
            yield from self.quotations(n)
            yield from self.narrative(i)
            if _LEAD_IN.search(line):
                rec_speaker, in_list = self.lead_in_speaker(i), True
        for c in self.a.layout.comments:
            speaker = Agent(c.author, "person") if c.author and c.author.strip() else None
            claim = self.claim(c.start, c.end, "reader_comment", speaker)
            if claim is not None:
                yield claim


def extract(ctx: ExtractionContext) -> Iterator[Claim]:
    yield from _Reader(ctx, analyse(ctx.document)).read()
