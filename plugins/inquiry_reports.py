"""House of Commons select committee reports: a contents page, its chapter pages and the PDF.

A report on publications.parliament.uk is a contents page (default: the Education Committee's
2019 SEND report, `/pa/cm201919/cmselect/cmeduc/20/2002.htm`) whose `div.contents` links one
page per chapter in the same folder (`2003.htm`, ...; sub-section links carry a `#fragment`)
and, usually, the whole report as a PDF (`20.pdf`, or a committees.parliament.uk document).
`crawl` fetches each `--url` contents page, then every chapter and the PDF.

`parse` keeps the report's numbering: a paragraph opens "84." (`<span class="ParaNumber">`), and
its claims carry "para 84" as their evidence locator. Beyond the shared extractors it emits,
spoken by the committee the page title (or the PDF's cover) names ("House of Commons Education
Committee"): each numbered item of "Conclusions and recommendations", sentence runs of one kind
- ``recommendation`` if in bold italics or recommending ("We recommend", "should", "must",
"urge"), else ``finding`` - located "conclusions and recommendations 3 (paragraph 42)"; and the
bold words of the chapters' numbered paragraphs (the committee's conclusions and
recommendations), read the same way, located "para 42". The line naming the chair ("Robert
Halfon MP (Conservative, Harlow) (Chair)", "X, in the Chair") is an ``assertion`` spoken by
that person with the role "Chair of the Education Committee", so person and post enter the
graph. The publication date is the pages' metadata (DC.date), read by the document layer.

Settings: `--url` a report's contents page (repeatable), `--max N` reports, `--set pdf=no`.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

from sendgraph import Snapshot
from sendgraph.document import Document
from sendgraph.extract.agents import known, names_in
from sendgraph.extract.model import Agent, Claim, evidence_for
from sendgraph.extract.prose import authority_hits
from sendgraph.extract.sentences import split_spans
from sendgraph.plugin.context import CrawlContext, Page, ParseContext
from sendgraph.plugin.contract import Politeness, Source, SourceInfo
from sendgraph.plugin.pages import SelectorMissing, require, require_one, soup

DEFAULT_REPORT = "https://publications.parliament.uk/pa/cm201919/cmselect/cmeduc/20/2002.htm"
CONTENT = "#maincontent1"  # the report's text on every page of it
CHAPTER_LINKS = "#maincontent1 div.contents a[href]"
PARA_NUMBER = "span.ParaNumber"  # "84." opening a numbered paragraph
BOLD = "strong, b, span.Bold"
ITALIC = "em, i, span.Italic"

NUMBERED = re.compile(r"(\d{1,3})\.(?:\s+|(?=[A-Z“‘\"'(]))")
CROSS_REF = re.compile(r"\s*\((Paragraphs?\s[^()]+)\)\s*$")
CONCLUSIONS = re.compile(r"(?:\d+\s+)?conclusions and recommendations", re.IGNORECASE)
SECTION_END = re.compile(r"(?:\d+\s+)?(?:formal minutes|witnesses|published written evidence|"
                         r"list of reports\b.*|annex\b.*|appendix\b.*)", re.IGNORECASE)
RECOMMENDS = re.compile(r"\b(?:we recommend|recommends?|should(?!\s+(?:not\s+)?have)|"
                        r"must(?!\s+have)|urges?|we call on|calls? on)\b", re.IGNORECASE)
CHAIR = re.compile(r"([^()\n]{3,120}?)\s*(?:\([^()\n]*\)\s*)?\(Chair\)|"
                   r"([^,;:()\n]{3,80}),\s+in the Chair\b")
HOUSE = re.compile(r"House of (Commons|Lords)\s+((?:[A-Z][\w'’,&-]*\s+(?:and\s+|of\s+)?)*?"
                   r"Committee)\b")
HOUSE_PREFIX = re.compile(r"^House of (?:Commons|Lords)\s+")
PDF_HREF = re.compile(r"\.pdf$|committees\.parliament\.uk/publications/.+/documents/",
                      re.IGNORECASE)


def read_contents(page: Page) -> tuple[list[str], list[str], str | None]:
    """The chapters (in reading order, fragments dropped) and PDFs a contents page links, and
    which chapter is "Conclusions and recommendations"."""
    html = soup(page.content)
    folder = page.url.rsplit("/", 1)[0] + "/"
    chapters: list[str] = []
    conclusions = None
    for a in require(html, CHAPTER_LINKS, page.url, "the report's chapter links"):
        url = urldefrag(urljoin(page.url, a["href"]))[0]
        if url.startswith(folder) and url != page.url and not PDF_HREF.search(url):
            chapters += [] if url in chapters else [url]
            if CONCLUSIONS.fullmatch(" ".join(a.get_text().split())):
                conclusions = url
    links = require_one(html, CONTENT, page.url, "the report's text").select("a[href]")
    pdfs = [urldefrag(urljoin(page.url, a["href"]))[0] for a in links]
    return chapters, list(dict.fromkeys(u for u in pdfs if PDF_HREF.search(u))), conclusions


def count_numbered(page: Page, conclusions: bool) -> int:
    """Numbered paragraphs on a chapter page; the conclusions chapter must have some."""
    root = require_one(soup(page.content), CONTENT, page.url, "the chapter's text")
    n = len(root.select(PARA_NUMBER))
    if conclusions and n == 0:
        raise SelectorMissing(page.url, PARA_NUMBER, "the numbered conclusions")
    return n


class InquiryReports(Source):
    info = SourceInfo(
        id="inquiry-reports",
        title="House of Commons select committee reports",
        publisher="House of Commons",
        home="https://publications.parliament.uk/pa/cm/cmselect.htm",
        kind="inquiry_report",
        hosts=("publications.parliament.uk", "committees.parliament.uk"),
        description=("A report's contents page, every chapter page and the PDF; numbered "
                     "paragraphs, conclusions and recommendations, committee and chair. "
                     "--url CONTENTS_PAGE (default: Education Committee, SEND, 2019); "
                     "--set pdf=no"),
        politeness=Politeness(max_concurrency=2),
        expected={"chapters": 3, "paragraphs": 12, "recommendations": 3},
    )

    def crawl(self, ctx: CrawlContext) -> None:
        reports = list(ctx.options.urls or (DEFAULT_REPORT,))[: ctx.options.max_items or None]
        with_pdf = ctx.options.settings.get("pdf", "yes").lower() not in ("no", "false", "0")
        found = dict.fromkeys(("chapters", "paragraphs", "recommendations"), 0)
        for url in reports:
            contents = ctx.fetch(url)
            if contents is None:
                continue  # the failure is in the report already
            # a changed contents page raises SelectorMissing: the crawl stops, loudly
            chapters, pdfs, conclusions = read_contents(contents)
            if conclusions is None:
                ctx.warn(f"{url}: no 'Conclusions and recommendations' chapter in the contents")
            for page in ctx.fetch_all([*chapters, *(pdfs if with_pdf else [])]):
                if page.url in pdfs:
                    continue
                try:
                    n = count_numbered(page, page.url == conclusions)
                except SelectorMissing as exc:
                    ctx.error(page.url, "selector_missing", str(exc))
                    continue
                found["chapters"] += 1
                found["recommendations" if page.url == conclusions else "paragraphs"] += n
        for what, n in found.items():
            ctx.expect(what, n)

    def parse(self, ctx: ParseContext, snapshot: Snapshot) -> None:
        doc = ctx.document(snapshot)
        html = soup(snapshot.content()) if doc.pages is None else None
        committee = committee_name(doc, html)
        hits = authority_hits(ctx.extraction) if ctx.extraction is not None else ()
        extractor = f"{self.info.id}@{self.info.version}"

        def claim(kind: str, start: int, end: int, speaker: Agent | None, where: str) -> None:
            about = sorted({h.gss_code for h in hits if start <= h.start and h.end <= end})
            ev = evidence_for(doc, start, end, extractor, locator=where)
            ctx.emit(Claim(text=ev.exact, claim_kind=kind, speaker=speaker, about=tuple(about),
                           evidence=(ev,)))

        chair = find_chair(doc)
        if chair is not None:
            name, start, end = chair
            role = f"Chair of the {HOUSE_PREFIX.sub('', committee)}" if committee else "Chair"
            claim("assertion", start, end, Agent(name, "person", role), None)
        speaker = Agent(committee, "organisation") if committee else None
        marks = bold_marks(html) if html is not None else {}
        seen: dict[str, int] = {}
        section = conclusions_blocks(doc)
        for i, block in enumerate(doc.blocks):
            text = doc.block_text(block)
            m = NUMBERED.match(text)
            if not m or block.kind == "heading":
                continue
            n = m.group(1)
            occurrence = seen[n] = seen.get(n, -1) + 1
            found = marks.get(n, [])
            bold, italic = found[occurrence] if occurrence < len(found) else ([], [])
            first = block.start + m.end()
            italic_spans = locate(doc, first, block.end, italic)
            if i in section:
                ref = CROSS_REF.search(text)
                last = block.start + ref.start() if ref else block.end
                where = f"conclusions and recommendations {n}" + (
                    f" ({ref.group(1)[0].lower()}{ref.group(1)[1:]})" if ref else "")
                spans = [(first, last)] if last > first else []
            else:
                where, spans = f"para {n}", locate(doc, first, block.end, bold)
            for start, end in spans:
                for kind, s, e in classify(doc, start, end, italic_spans):
                    claim(kind, s, e, speaker, where)


def bold_marks(html) -> dict[str, list[tuple[list[str], list[str]]]]:
    """Per paragraph number (once per occurrence): its bold and its bold-italic words."""
    marks: dict[str, list[tuple[list[str], list[str]]]] = {}
    for number in html.select(PARA_NUMBER):
        para = number.parent
        bold = [el for el in para.select(BOLD) if not el.find_parent(["strong", "b"])]
        italic = [el for el in para.select(ITALIC)
                  if el.find_parent(["strong", "b"]) or el.select_one(BOLD)]
        italic += [el for el in bold if el.find_parent(["em", "i"])]
        key = number.get_text().strip().rstrip(".")
        marks.setdefault(key, []).append(([" ".join(el.get_text().split()) for el in bold],
                                          [" ".join(el.get_text().split()) for el in italic]))
    return marks


def locate(doc: Document, start: int, end: int, pieces) -> list[tuple[int, int]]:
    """Where each piece of marked-up text sits in the block, in order."""
    spans, cursor = [], start
    for piece in pieces:
        at = doc.text.find(piece, cursor, end) if piece else -1
        if at >= 0:
            spans.append((at, at + len(piece)))
            cursor = at + len(piece)
    return spans


def classify(doc: Document, start: int, end: int, italic: list[tuple[int, int]]):
    """Sentences of text[start:end], merged into runs of recommendation / finding."""
    runs: list[tuple[str, int, int]] = []
    for s, e in split_spans(doc.text, start, end):
        rec = any(s < ie and i < e for i, ie in italic) or RECOMMENDS.search(doc.text, s, e)
        kind = "recommendation" if rec else "finding"
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1], e)
        else:
            runs.append((kind, s, e))
    return runs


def conclusions_blocks(doc: Document) -> set[int]:
    """Indices of the blocks inside the "Conclusions and recommendations" section."""
    inside, level, out = False, 0, set()
    for i, block in enumerate(doc.blocks):
        text = doc.block_text(block)
        heading = block.kind == "heading" or doc.pages is not None  # PDFs: any line of its own
        if heading and CONCLUSIONS.fullmatch(text):
            inside, level = True, block.level or 0
            continue
        if inside and (SECTION_END.fullmatch(text) or (
                block.kind == "heading" and level and (block.level or 9) <= level)):
            inside = False
        if inside:
            out.add(i)
    return out


def committee_name(doc: Document, html) -> str | None:
    """The committee's full name from the page title, else from the text (a PDF's cover)."""
    title = html.title.get_text() if html is not None and html.title else doc.metadata.title
    for part in re.split(r"\s+[-–|:]\s+", title or ""):
        part = " ".join(part.split())
        if part.endswith("Committee"):
            org = known(part)
            return org.name if org else part if part.startswith("House of") else (
                f"House of {'Lords' if '/ldselect/' in doc.url else 'Commons'} {part}")
    m = HOUSE.search(doc.text, 0, 4000)
    if m:
        org = known(m.group(2))
        return org.name if org else f"House of {m.group(1)} {' '.join(m.group(2).split())}"
    return None


def find_chair(doc: Document) -> tuple[str, int, int] | None:
    """The chair's name and the span from it to "(Chair)" / "in the Chair"."""
    for m in CHAIR.finditer(doc.text):
        group = 1 if m.group(1) is not None else 2
        names = names_in(doc.text, m.start(group), m.end(group))
        if names:
            at = doc.text.rfind(names[-1], m.start(group), m.end(group))
            if at >= 0:
                return names[-1], at, m.end()
    return None


plugin = InquiryReports()
