"""One reading of a document shared by the claims and references extractors.

`analyse` splits the article from its reader comments, finds the quotations and their
attributing words, registers the people, offices and committee the article names (so short
forms resolve), finds the prose references, works out the document's own author and which
opening blocks are an editor's introduction rather than the author's own voice.

Editor's introduction (a guest post): the opening main blocks, as long as each one either
says "guest post" / "guest blog" / "today's post" / "written by" / "read on", or names the
author in the third person (the author's full name, or surname, inside a longer sentence).
What is said there in the first person is the editor's, not the author's.

The analysis is memoised for the last document analysed (the extractors run one after the
other on the same document).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sendgraph.document.model import Document
from sendgraph.extract.agents import DocumentAgents, find_known, head_kind, known, names_in
from sendgraph.extract.comments import Layout, layout
from sendgraph.extract.model import Agent
from sendgraph.extract.quotes import Quote, block_quotes
from sendgraph.extract.references import Reference, find_references, is_quoted

_EDITOR_CUE = re.compile(r"\bguest\s+(?:post|blog|blogger|writer|author|piece)\b|"
                         r"\btoday['’]s\s+(?:post|blog)\b|\bwritten\s+by\b|\bread\s+on\b|"
                         r"\bthis\s+(?:post|piece)\s+(?:is\s+)?(?:by|from)\b", re.IGNORECASE)
EDITOR_WINDOW = 6
QUOTE_KINDS = frozenset({"paragraph", "quotation", "list_item"})


@dataclass
class Analysis:
    layout: Layout
    agents: DocumentAgents
    main: list[int]  # indices of the article's blocks, in order
    quotes: dict[int, list[Quote]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    author: Agent | None = None
    editor: frozenset[int] = frozenset()


def document_author(document: Document) -> Agent | None:
    """The document's single author as an agent; None if unknown or several."""
    authors = [a.strip() for a in document.metadata.authors if a and a.strip()]
    if len(authors) != 1:
        return None
    name = authors[0]
    org = known(name)
    if org is not None:
        return Agent(org.name, "organisation")
    return Agent(name, "organisation" if head_kind(name) == "organisation" else "person")


def editor_blocks(document: Document, main: list[int], author: Agent | None) -> frozenset[int]:
    names = []
    if author is not None and author.kind == "person":
        names = [author.name, author.name.split()[-1]]
    found: set[int] = set()
    for i in main[:EDITOR_WINDOW]:
        block = document.blocks[i]
        if block.kind == "heading":
            continue
        line = document.text[block.start:block.end]
        third_person = any(n in line for n in names) and line.strip() not in names
        if _EDITOR_CUE.search(line) or third_person:
            found.add(i)
        else:
            break
    return frozenset(found)


def _analyse(document: Document) -> Analysis:
    text, blocks = document.text, document.blocks
    lay = layout(document)
    main = list(range(lay.main_end))
    agents = DocumentAgents()
    author = document_author(document)
    if author is not None and author.kind == "person":
        agents.add_person(author.name, None)
    if main:
        end = blocks[main[-1]].end
        for _, _, org in find_known(text, 0, end):
            agents.note_committee(org)
        for i in main:
            for name in names_in(text, blocks[i].start, blocks[i].end):
                agents.add_person(name, None)
    analysis = Analysis(lay, agents, main, author=author,
                        editor=editor_blocks(document, main, author))
    open_before = False
    for i in main:
        block = blocks[i]
        if block.kind not in QUOTE_KINDS:
            open_before = False
            continue
        found = block_quotes(text, block.start, block.end, i, open_before=open_before)
        if block.kind == "quotation" and not any(q.standalone for q in found):
            found = [Quote(block.start, block.end, block.start, block.end, i, None, True,
                           False, False)]
        if found:
            analysis.quotes[i] = found
        open_before = bool(found) and found[-1].open_end
    for quotes in analysis.quotes.values():
        for q in quotes:
            if q.attribution and q.attribution.lower() not in ("he", "she", "they", "it"):
                agents.speaker(q.attribution)  # registers named people with their roles
    spans = []
    for n, i in enumerate(main):
        block = blocks[i]
        neighbours = [main[k] for k in (n - 1, n + 1) if 0 <= k < len(main)]
        quoted = any(blocks[j].kind == "quotation" or is_quoted(text[blocks[j].start:
                                                                      blocks[j].end])
                     for j in neighbours)
        spans.append((block.start, block.end, i, quoted))
    analysis.references = find_references(text, spans, agents)
    return analysis


_LAST: list[tuple[Document, Analysis]] = []


def analyse(document: Document) -> Analysis:
    """The shared reading of ``document`` (callers must not change it; claims.py copies the
    agent registry before resolving with it)."""
    last = _LAST[0] if _LAST else None  # one read, so another thread cannot swap it under us
    if last is not None and last[0] is document:
        return last[1]
    analysis = _analyse(document)
    _LAST[:] = [(document, analysis)]
    return analysis
