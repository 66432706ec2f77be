"""Prose references to documents: citations a text makes without a link.

Forms recognised (main content only; reader comments are the commenters'):

* **by / of / from**: "the report by the Commissioner for SEND services in Birmingham",
  "guidance from the DfE" - the author must name an agent (a known organisation, an office
  or body by its head noun, or a person);
* **possessive**: "the SEND Commissioner’s report", "the Education Committee's report";
* **publication**: "The Education Committee has published a report", "The DfE recently
  issued guidance";
* **quoted title**: "two entries from ‘The Devil’s Educational Glossary’" - a Title-Cased
  title in quote marks after "from / in / entitled / called / see / read";
* **title lines**: a line "Report: <title>", or a short title line naming a kind of document
  ("… Guidance for local authorities") next to a quotation - the source line under a quoted
  passage, possibly with a page number "P21 …" in front, which is not part of the title;
* **named papers**: "the SEND & AP Green Paper", "the SEND Code of Practice"; a bare "the
  Green Paper" counts only when the document names exactly one longer Green Paper.

Identity: a reference without a URL still needs a stable cited source. A titled reference is
``urn:sendgraph:title:<slug of the title>`` (leading "The" dropped, "&" read as "and"), so the
same title cited by two sources is one cited source; `title_urn` is public so that a captured
document can be matched to it by its own title. A described reference is
``urn:sendgraph:ref:<kind>:<slug of the author's canonical name>`` ("report" by the
"Commissioner for SEND services in Birmingham"); short forms in the same document ("the
Commissioner’s report") resolve to the fullest author name the document gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sendgraph.extract.agents import DocumentAgents, head_kind, known, person_name
from sendgraph.extract.model import Agent, Citation, evidence_for
from sendgraph.extract.quick import quick

if TYPE_CHECKING:
    from sendgraph.extract.context import ExtractionContext

NAME = "references"
VERSION = "1"

_DOC = (r"(?P<doc>(?:inquiry|interim|final|annual|policy|discussion|briefing|consultation|"
        r"serious\s+case)?\s*(?:[Rr]eport|[Rr]eview|[Gg]uidance|[Gg]reen\s+[Pp]aper|"
        r"[Ww]hite\s+[Pp]aper|[Pp]aper|[Bb]riefing|[Ss]tudy|[Ss]urvey|[Ee]valuation|"
        r"[Oo]pen\s+[Ll]etter|[Ll]etter|[Ss]trategy|[Cc]onsultation)s?)\b")
# Cheap tests that let a block skip patterns that cannot match in it: every `_DOC` match
# contains one of `_DOC_WORDS`, every `_PUBLISHED` match one of `_PUBLISHING`.
_DOC_WORDS = tuple(w for word in ("report", "review", "guidance", "paper", "briefing", "study",
                                  "survey", "evaluation", "letter", "strategy", "consultation")
                   for w in (word, word.capitalize()))
_PUBLISHING = ("published", "issued", "released", "produced")
_QUOTE_MARKS = ("‘", "“", "\"")
_ADJ = (r"(?:(?:final|latest|recent|new|published|interim|annual|damning|rambling|full|"
        r"original|independent|own|first|second|updated|long-awaited|(?:19|20)\d\d)\s+)*")
_OWNER = r"(?<![\w#@’'-])(?P<owner>(?:[A-Z][\w&-]*\s+(?:(?:of|for|and|&)\s+)?){0,5}[A-Z][\w&-]*)"
_BY = quick(re.compile(
    rf"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Tt]his|[Hh]is|[Hh]er)\s+{_ADJ}{_DOC}"
    r"\s+(?P<prep>by|of|from)\s+(?P<rest>[^.;:()\n“”\"‘’]{1,120})"))
_POSSESSIVE = quick(re.compile(rf"{_OWNER}['’]s\s+{_ADJ}{_DOC}"))
_PUBLISHED = quick(re.compile(
    rf"{_OWNER}\s+(?:(?:has|have|had|also|recently|today|now|just|finally)\s+){{0,3}}"
    rf"(?:published|issued|released|produced)\s+(?:(?:a|an|its|their|the|new|updated)\s+)?"
    rf"{_ADJ}{_DOC}"))
_QUOTED_TITLE = quick(re.compile(
    r"\b(?:from|in|entitled|titled|called|named|see|read)\s+(?:the\s+)?[‘“\"]"
    r"(?P<title>[^‘“”\"\n]{3,150}?)[’”\"](?![A-Za-z])"))
_LABEL_LINE = re.compile(r"(?:Report|Guidance|Source|Full report|Read the (?:full )?report|"
                         r"Download the report)\s*:\s*(?P<title>\S.{2,200})")
_TITLE_LINE = re.compile(r"(?:(?:P|p|Page|page|p\.)\s?\d{1,4}\s+)?(?P<title>[A-Z].{8,200})")
_TITLE_DOC = re.compile(r"\b(?:Guidance|Report|Review|Green Paper|White Paper|Policy Paper|"
                        r"Code of Practice|Strategy|Handbook|Toolkit|Briefing|Framework|"
                        r"Advice|Guide)\b")
_NAMED = quick(re.compile(r"(?<![\w#@’'-])(?P<title>(?:[A-Z][\w&'’-]*\s+(?:(?:and|&)\s+)?){0,6}"
                          r"(?:Green Paper|White Paper|Code of Practice))\b"))
_OWNED = re.compile(rf"(?:the\s+)?(?P<owner>.+?)['’]s\s+{_ADJ}{_DOC}", re.IGNORECASE)
_DOC_BY = re.compile(rf"(?:the|an?|its|their|this)\s+{_ADJ}{_DOC}\s+(?:by|of|from)\s+(?P<rest>.+)",
                     re.IGNORECASE)
_STOP = frozenset({"to", "which", "that", "who", "was", "were", "is", "are", "has", "have",
                   "had", "into", "about", "with", "as", "at", "from", "but", "because",
                   "after", "before", "when", "where", "while", "said", "says", "will", "would"})
_CONNECT = frozenset({"of", "for", "in", "on", "and", "&", "the"})
_QUOTE_START = re.compile(r"^[\s…]*[“‘\"]")
_QUOTE_END = re.compile(r"[”’\"][\s.,;:!?)]*$")


@dataclass(frozen=True, slots=True)
class Reference:
    start: int
    end: int
    cited_url: str
    block: int
    title: str | None = None
    author: Agent | None = None


def slug(value: str) -> str:
    value = re.sub(r"^(?:the|a|an)\s+", "", value.strip(), flags=re.IGNORECASE)
    value = value.replace("&", " and ").replace("’", "").replace("'", "").lower()
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-")


def title_urn(title: str) -> str:
    """The cited-source identity of a document referred to by its title."""
    return f"urn:sendgraph:title:{slug(title)}"


def described_urn(kind: str, author: Agent) -> str:
    """The cited-source identity of "the <kind> by <author>"."""
    kind = re.sub(r"^(?:inquiry|interim|final|annual|policy|discussion|briefing)\s+", "",
                  kind.strip().lower())
    return f"urn:sendgraph:ref:{slug(kind.rstrip('s') if kind != 'guidance' else kind)}:" \
           f"{slug(author.name)}"


def author_phrase(rest: str) -> str | None:
    """The capitalised name at the start of ``rest`` ("the Commissioner for SEND services in
    Birmingham to the Secretary of State" -> "the Commissioner for SEND services in
    Birmingham"): capitalised words and connectors, at most one lower-case word in a row."""
    tokens = rest.split()
    kept: list[str] = []
    last_cap = -1
    lower_run = 0
    for tok in tokens:
        word = tok.rstrip(",")
        if word.lower() in _STOP:
            break
        if word[:1].isupper() or word.isupper():
            kept.append(word)
            last_cap = len(kept)
            lower_run = 0
        elif word in _CONNECT or (kept and word.islower() and lower_run == 0):
            if not kept and word != "the":
                return None
            kept.append(word)
            lower_run += word not in _CONNECT
        else:
            break
        if tok.endswith(","):
            break
    return " ".join(kept[:last_cap]) if last_cap > 0 else None


def document_owner(phrase: str) -> str | None:
    """Who a phrase naming a document names as its author: "the Commissioner’s report" ->
    "Commissioner"; "the report by the Ombudsman" -> "the Ombudsman"; else None."""
    phrase = phrase.strip()
    owned = _OWNED.fullmatch(phrase)
    if owned is not None:
        return owned.group("owner")
    by = _DOC_BY.fullmatch(phrase)
    return author_phrase(by.group("rest")) if by is not None else None


def _agentish(phrase: str) -> bool:
    return bool(known(phrase) or head_kind(phrase) or person_name(phrase))


def _title_ok(title: str, *, title_case: bool = True) -> bool:
    """A plausible title: 2-15 words, capitalised, no closing full stop; in Title Case unless
    ``title_case`` is False (GOV.UK titles are in sentence case)."""
    words = title.split()
    if not 2 <= len(words) <= 15 or not title[:1].isupper() or title.rstrip()[-1:] in ".!?,":
        return False
    if not title_case:
        return True
    long = [w for w in words if len(w) >= 4]
    return bool(long) and sum(w[:1].isupper() for w in long) * 3 >= len(long) * 2


def candidates(text: str, start: int, end: int, block: int, neighbours_quoted: bool
               ) -> Iterator[tuple[int, int, str, str | None, str | None]]:
    """(start, end, kind of reference, title or author phrase, document kind) in a block."""
    line = text[start:end]
    names_document = any(word in line for word in _DOC_WORDS)
    for m in _BY.finditer(text, start, end) if names_document else ():
        author = author_phrase(m.group("rest"))
        if author and _agentish(author) and (m.group("prep") != "of" or head_kind(author)
                                             or known(author)):
            yield m.start(), m.start("rest") + len(author), "author", author, m.group("doc")
    owned = names_document and ("'s" in line or "’s" in line)
    published = names_document and any(verb in line for verb in _PUBLISHING)
    for pattern, worth in ((_POSSESSIVE, owned), (_PUBLISHED, published)):
        for m in pattern.finditer(text, start, end) if worth else ():
            if _agentish(m.group("owner")):
                s = m.start()
                if text[max(start, s - 4):s] in ("the ", "The "):
                    s -= 4  # "the SEND Commissioner’s report": the article is part of it
                yield s, m.end(), "author", m.group("owner"), m.group("doc")
    quoted = any(mark in line for mark in _QUOTE_MARKS)
    for m in _QUOTED_TITLE.finditer(text, start, end) if quoted else ():
        if _title_ok(m.group("title")):
            yield m.start("title"), m.end("title"), "title", m.group("title"), None
    label = _LABEL_LINE.fullmatch(line)
    if label is not None and len(line.split()) <= 25:
        yield start + label.start("title"), end, "title", label.group("title"), None
    elif neighbours_quoted and len(line.split()) <= 20 and not line.endswith("."):
        m = _TITLE_LINE.fullmatch(line)
        if m and _TITLE_DOC.search(m.group("title")) and _title_ok(m.group("title"),
                                                                   title_case=False):
            yield start + m.start("title"), end, "title", m.group("title"), None
    named = "Paper" in line or "Code of Practice" in line
    for m in _NAMED.finditer(text, start, end) if named else ():
        yield m.start("title"), m.end("title"), "named", m.group("title"), None


def is_quoted(text: str) -> bool:
    """A block that is (part of) a quoted passage: it opens with a quote mark, or it closes
    one that an earlier block opened (it has a closing mark at its end and no opening one)."""
    if _QUOTE_START.match(text):
        return True
    return bool(_QUOTE_END.search(text)) and not re.search(r"[“‘]|(?:^|\s)\"", text)


def find_references(text: str, blocks: list[tuple[int, int, int, bool]],
                    agents: DocumentAgents) -> list[Reference]:
    """References in the given blocks: (start, end, block index, next to a quotation)."""
    raw = []
    for start, end, index, quoted in blocks:
        raw.extend((*c, index) for c in candidates(text, start, end, index, quoted))
    # Offices and bodies, longest name first, so short forms resolve to the fullest name.
    for c in sorted((c for c in raw if c[2] == "author"), key=lambda c: (-len(c[3]), c[3])):
        agents.agent_for(c[3])
    named = {slug(c[3]): c[3] for c in raw if c[2] == "named"}
    refs: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for s, e, form, phrase, doc, index in sorted(raw, key=lambda c: (c[0], -c[1])):
        if any(s < te and ts < e for ts, te in taken):
            continue
        if form == "author":
            agent = agents.agent_for(phrase)
            if agent is None:
                continue
            refs.append(Reference(s, e, described_urn(doc, agent), index, author=agent))
        else:
            title = re.sub(r"\s*:\s*", ": ", phrase.strip())
            if form == "named":
                longer = [n for k, n in named.items()
                          if k != slug(title) and k.endswith(slug(title))]
                if slug(title) in ("green-paper", "white-paper", "code-of-practice"):
                    if len(longer) != 1:
                        continue
                    title = longer[0]
            refs.append(Reference(s, e, title_urn(title), index, title=title))
        taken.append((s, e))
    return refs


def extract(ctx: ExtractionContext) -> Iterator[Citation]:
    from sendgraph.extract.discourse import analyse

    document = ctx.document
    for ref in analyse(document).references:
        yield Citation(
            cited_url=ref.cited_url,
            anchor_text=document.text[ref.start:ref.end],
            evidence=(evidence_for(document, ref.start, ref.end, f"{NAME}@{VERSION}"),),
        )
