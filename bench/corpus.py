"""A deterministic synthetic SEND corpus for the benchmark harness.

    corpus = Corpus(docs=1000, seed=7)
    for page in corpus.pages(): page.site, page.path, page.content_type, page.body
    corpus.write(Path("/tmp/corpus"))          # one folder per site + manifest.json

Every page is generated from (seed, index) alone, so any page can be rebuilt without the others
and two runs give identical bytes. The mix is four fictional sites (each served on its own
loopback address by `bench.server`, so per-host politeness applies as it would to four hosts):

- `blog`: WordPress-style posts of 60-120 KB: header navigation, sidebars, inline theme CSS/JS,
  a 1,500-3,000-word article and a comment section;
- `committee`: chapters of a committee report, numbered paragraphs and quoted evidence;
- `govuk`: gov.uk-style publication pages, each with a PDF attachment (the PDF is a document too);
- `programmes`: programme-list pages, tables of authorities in programmes.

The sites and their authors are invented and every page says so ("fictional benchmark
corpus"); real English local authorities appear only as mentions in the text.
"""

from __future__ import annotations

import json
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from pathlib import Path

SITES = ("blog", "committee", "govuk", "programmes")
# share of documents per kind; govuk pages count twice (page + its PDF)
MIX = (("blog", 0.70), ("committee", 0.10), ("govuk", 0.12), ("programmes", 0.08))

AUTHORITIES = (
    "Kent County Council", "Surrey County Council", "Hertfordshire", "Bristol City Council",
    "Kingston upon Thames", "Richmond upon Thames", "Birmingham City Council", "Norfolk",
    "Devon County Council", "North Yorkshire", "Leeds City Council", "Manchester",
    "Hampshire County Council", "Essex", "Lancashire", "Cornwall Council", "Bury",
    "Sheffield City Council", "Nottinghamshire", "Suffolk County Council", "Wiltshire",
    "Camden", "Hackney", "Croydon", "Oxfordshire County Council", "Cambridgeshire",
    "West Sussex", "Derbyshire", "Stockport", "Bromley",
)
PROGRAMMES = (
    ("Safety Valve", "the Safety Valve programme", "a Safety Valve agreement",
     "the DfE's Safety Valve intervention"),
    ("Delivering Better Value in SEND", "the Delivering Better Value programme",
     "DBV in SEND", "the Delivering Better Value in SEND programme"),
    ("Change Programme", "the SEND and AP Change Programme", "a Change Programme partnership",
     "the Change Programme"),
)
METRICS = (
    "the number of new EHCPs", "the dedicated schools grant deficit",
    "the number of pupils in independent special schools", "EHC needs assessments",
    "the high needs block overspend", "spending on specialist placements",
    "the proportion of plans issued within 20 weeks",
)
VERBS = ("reduce", "cut", "bring down", "limit", "lower", "curb")
QUOTES = (
    "We were told the plan would be reviewed, and then nothing happened for eleven months.",
    "Families should not have to fight for what the law already says their children need.",
    "The deficit is not a reason to lower the bar on statutory duties.",
    "Every decision about a child's provision must be made on the child's needs, not budgets.",
    "We cannot keep asking parents to go to tribunal to get lawful provision.",
    "The targets in the agreement were set before anyone asked what children needed.",
)
PEOPLE = ("a parent carer forum chair", "the council's director of children's services",
          "a SENCo in a mainstream primary", "the Minister", "a tribunal judge",
          "the local MP", "an educational psychologist")
FILLER = (
    "Parents describe a system that feels adversarial from the first request for assessment.",
    "Waiting times for assessment have lengthened in almost every region since 2019.",
    "Mainstream schools report that support staff are stretched across too many pupils.",
    "Tribunal appeals continue to succeed in the great majority of cases that are decided.",
    "The local offer is often hard to find and harder to understand.",
    "Transport, therapies and respite are where families most often see cuts first.",
    "Headteachers say funding per pupil has not kept pace with the needs they see.",
    "Independent special school places remain the most expensive part of the system.",
    "Co-production is promised in every plan but practised unevenly.",
    "Annual reviews slip, and with them the chance to change provision in time.",
)
WORDS = ("provision", "assessment", "inclusion", "funding", "deficit", "plan", "review",
         "tribunal", "school", "placement", "support", "needs", "children", "families",
         "council", "duty", "statutory", "budget", "specialist", "mainstream")
PUBLISHERS = {  # invented, and said to be
    "blog": "Harbourlight SEND Voices (fictional)",
    "committee": "Select Committee on Fictional Affairs",
    "govuk": "Department of Invented Education (fictional)",
    "programmes": "Fictional Programmes Unit",
}


@dataclass(frozen=True)
class Page:
    index: int
    site: str
    path: str
    content_type: str
    body: bytes


def _sentence(r: random.Random) -> str:
    kind = r.random()
    la = r.choice(AUTHORITIES)
    prog = r.choice(r.choice(PROGRAMMES))
    if kind < 0.18:
        year = r.randint(2024, 2029)
        pct = r.choice((5, 8, 10, 12, 15, 20, 25))
        return (f"{la} agreed under {prog} to {r.choice(VERBS)} {r.choice(METRICS)} "
                f"by {pct}% by {year}.")
    if kind < 0.30:
        n = r.randint(40, 900)
        return (f"In {r.randint(2019, 2025)}, {la} reported that {r.choice(METRICS)} "
                f"stood at {n:,}, up from {max(1, n - r.randint(5, 120)):,} a year earlier.")
    if kind < 0.42:
        return f"{la} is one of the councils taking part in {prog}."
    if kind < 0.52:
        return f"As {r.choice(PEOPLE)} put it: \u201c{r.choice(QUOTES)}\u201d"
    if kind < 0.60:
        m = r.randint(10, 400)
        return (f"The agreement with {la} sets a target of no more than {m} new plans a year "
                f"by {r.randint(2025, 2028)}.")
    if kind < 0.75:
        return r.choice(FILLER)
    return " ".join(r.choice(WORDS) for _ in range(r.randint(8, 18))).capitalize() + "."


def _paragraphs(r: random.Random, words: int) -> list[str]:
    out, count = [], 0
    while count < words:
        para = " ".join(_sentence(r) for _ in range(r.randint(3, 7)))
        count += para.count(" ") + 1
        out.append(para)
    return out


def _nav(r: random.Random, n: int) -> str:
    items = "".join(f'<li class="menu-item menu-item-{i}"><a href="/category/{w}-{i}/">'
                    f"{w.title()} {i}</a></li>"
                    for i, w in ((i, r.choice(WORDS)) for i in range(n)))
    return f'<nav class="main-navigation" role="navigation"><ul id="menu-main">{items}</ul></nav>'


def _theme_assets(r: random.Random, kb: int) -> str:
    """Inline CSS and JS as WordPress themes and plugins emit them (boilerplate bytes)."""
    rules = []
    size = 0
    while size < kb * 1024:
        sel = f".wp-block-{r.choice(WORDS)}-{r.randint(0, 999)}"
        rule = (f"{sel}{{margin:{r.randint(0, 40)}px {r.randint(0, 40)}px;"
                f"color:#{r.randint(0, 0xFFFFFF):06x};font-size:{r.randint(10, 28)}px}}")
        rules.append(rule)
        size += len(rule)
    half = len(rules) // 2
    js = ";".join(f"window.wpData_{i}={{id:{r.randint(0, 10**6)},k:'{r.choice(WORDS)}'}}"
                  for i in range(60))
    return (f"<style id='global-styles-inline-css'>{''.join(rules[:half])}</style>"
            f"<style id='theme-inline-css'>{''.join(rules[half:])}</style>"
            f"<script>{js}</script>")


def _sidebar(r: random.Random, index: int) -> str:
    recent = "".join(f'<li><a href="/{2020 + (index + i) % 5}/post-{(index + i) % 997}/">'
                     f"{escape(_title(random.Random(index + i)))}</a></li>" for i in range(1, 16))
    archives = "".join(f'<li><a href="/{y}/{m:02d}/">{y}-{m:02d}</a></li>'
                       for y in range(2016, 2026) for m in range(1, 13))
    tags = " ".join(f'<a href="/tag/{w}/" class="tag-cloud-link">{w}</a>' for w in WORDS)
    return (f'<aside id="secondary" class="widget-area"><section class="widget">'
            f"<h2>Recent posts</h2><ul>{recent}</ul></section>"
            f'<section class="widget"><h2>Archives</h2><ul>{archives}</ul></section>'
            f'<section class="widget"><h2>Tags</h2><div class="tagcloud">{tags}</div>'
            f"</section></aside>")


def _title(r: random.Random) -> str:
    la = r.choice(AUTHORITIES)
    prog = r.choice(r.choice(PROGRAMMES))
    return r.choice((
        f"What {prog} means for families in {la}",
        f"{la}'s SEND deficit: the targets behind the headlines",
        f"Reading the small print of {prog}",
        f"Another year of waiting in {la}",
        f"Why targets to {r.choice(VERBS)} {r.choice(METRICS)} worry parents",
    ))


def _comments(r: random.Random, n: int) -> str:
    items = []
    for i in range(n):
        text = " ".join(_sentence(r) for _ in range(r.randint(1, 4)))
        items.append(
            f'<li class="comment" id="comment-{i}"><article class="comment-body">'
            f'<footer class="comment-meta"><b class="fn">Reader {r.randint(1, 9999)}</b> '
            f'<time datetime="2024-0{r.randint(1, 9)}-1{r.randint(0, 9)}">says:</time></footer>'
            f'<div class="comment-content"><p>{escape(text)}</p></div></article></li>')
    return (f'<section id="comments" class="comments-area"><h2 class="comments-title">'
            f'{n} thoughts</h2><ol class="comment-list">{"".join(items)}</ol></section>')


def _date(r: random.Random) -> str:
    return f"{r.randint(2018, 2025)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"


def _page(title: str, publisher: str, published: str, head_extra: str, body: str) -> bytes:
    html = (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title>"
            f'<meta name="author" content="{escape(publisher)}">'
            f'<meta property="og:site_name" content="{escape(publisher)}">'
            f'<meta property="article:published_time" content="{published}T09:00:00+00:00">'
            f"{head_extra}</head><body>"
            f'<p class="notice">Fictional benchmark corpus: invented site, not a real '
            f"publication.</p>{body}</body></html>")
    return html.encode("utf-8")


def blog_post(r: random.Random, index: int) -> bytes:
    title = _title(r)
    published = _date(r)
    words = r.randint(1500, 3000)
    paras = _paragraphs(r, words)
    article = "".join(
        (f"<h2>{escape(r.choice(WORDS).title())} and {escape(r.choice(WORDS))}</h2>"
         if i and i % 6 == 0 else "") + f"<p>{escape(p)}</p>"
        + (f"<blockquote><p>{escape(r.choice(QUOTES))}</p></blockquote>" if i % 9 == 4 else "")
        for i, p in enumerate(paras))
    body = (f'<div id="page" class="site"><header id="masthead"><p class="site-title">'
            f'<a href="/">{PUBLISHERS["blog"]}</a></p>{_nav(r, r.randint(60, 140))}</header>'
            f'<div id="content"><main id="main"><article class="post type-post">'
            f'<header class="entry-header"><h1 class="entry-title">{escape(title)}</h1>'
            f'<span class="byline">by <a rel="author" href="/author/ed/">Ed Itor</a></span>'
            f'</header><div class="entry-content">{article}</div></article>'
            f"{_comments(r, r.randint(5, 40))}</main>{_sidebar(r, index)}</div>"
            f'<footer id="colophon"><p>&copy; Harbourlight (fictional)</p></footer></div>')
    head = _theme_assets(r, r.randint(18, 45))
    page = _page(title, PUBLISHERS["blog"], published, head, body)
    while len(page) < 60 * 1024:  # keep within the 60-120 KB of a real WordPress post
        head += _theme_assets(r, 8)
        page = _page(title, PUBLISHERS["blog"], published, head, body)
    return page


def committee_chapter(r: random.Random, index: int) -> bytes:
    title = f"Chapter {index % 12 + 1}: {_title(r)}"
    paras = _paragraphs(r, r.randint(1200, 2500))
    body = "".join(f'<p id="para-{i + 1}"><span class="num">{i + 1}.</span> {escape(p)}</p>'
                   + (f"<blockquote><p>\u201c{escape(r.choice(QUOTES))}\u201d "
                      f"(Q{r.randint(1, 300)})</p></blockquote>" if i % 5 == 2 else "")
                   for i, p in enumerate(paras))
    return _page(title, PUBLISHERS["committee"], _date(r), "",
                 f"<main><h1>{escape(title)}</h1>{body}</main>")


def govuk_page(r: random.Random, index: int) -> bytes:
    title = f"Guidance: {_title(r)}"
    paras = _paragraphs(r, r.randint(300, 700))
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    return _page(title, PUBLISHERS["govuk"], _date(r), "",
                 f'<main class="govuk-main-wrapper"><h1 class="gem-c-title">{escape(title)}</h1>'
                 f'<section class="attachment"><h3><a href="/media/doc-{index}.pdf">'
                 f"{escape(title)} (PDF)</a></h3></section>"
                 f'<div class="govspeak">{body}</div></main>')


def programme_list(r: random.Random, index: int) -> bytes:
    name = r.choice(PROGRAMMES)[0]
    rows = "".join(f"<tr><td>{escape(la)}</td><td>{r.randint(2020, 2025)}</td>"
                   f"<td>\u00a3{r.randint(5, 120)}m</td></tr>"
                   for la in r.sample(AUTHORITIES, r.randint(8, 25)))
    title = f"Local authorities in {name} ({r.randint(2020, 2025)} round)"
    return _page(title, PUBLISHERS["programmes"], _date(r), "",
                 f"<main><h1>{escape(title)}</h1><p>The following councils take part in the "
                 f"{escape(name)} programme.</p><table><thead><tr><th>Local authority</th>"
                 f"<th>Joined</th><th>Funding</th></tr></thead><tbody>{rows}</tbody></table>"
                 f"</main>")


def pdf(lines: list[str]) -> bytes:
    """A minimal valid PDF: Helvetica text, 45 lines a page, correct xref offsets."""
    pages = [lines[i:i + 45] for i in range(0, len(lines), 45)] or [[""]]
    objs: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, page_lines in enumerate(pages):
        text = "".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T* "
            for line in page_lines)
        stream = f"BT /F1 9 Tf 11 TL 40 800 Td {text}ET".encode("latin-1", "replace")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
                    .encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)
    return bytes(out)


def pdf_attachment(r: random.Random, index: int) -> bytes:
    text = " ".join(_paragraphs(r, r.randint(800, 1600)))
    # ASCII only (Helvetica's standard encoding), wrapped at ~100 characters
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u00a3", "GBP ")
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) > 100:
            lines.append(line)
            line = ""
        line = f"{line} {word}" if line else word
    lines.append(line)
    return pdf([f"Fictional benchmark corpus: attachment {index}", *lines])


class Corpus:
    def __init__(self, docs: int, seed: int = 7) -> None:
        if docs < 4:
            raise ValueError("a corpus needs at least 4 documents")
        self.docs = docs
        self.seed = seed

    def kinds(self) -> list[tuple[int, str]]:
        """(index, kind) for every document, in a fixed interleaved order."""
        out: list[tuple[int, str]] = []
        counts = {k: max(1, round(self.docs * share)) for k, share in MIX}
        counts["govuk"] = max(1, counts["govuk"] // 2)  # a page and its PDF
        counts["blog"] = self.docs - sum(v for k, v in counts.items() if k != "blog") - counts[
            "govuk"]
        plan = [k for k, v in counts.items() for _ in range(v)]
        random.Random(self.seed).shuffle(plan)
        for i, kind in enumerate(plan):
            out.append((i, kind))
            if kind == "govuk":
                out.append((i, "pdf"))
        return out

    def page(self, index: int, kind: str) -> Page:
        r = random.Random(zlib.crc32(f"{self.seed}:{index}:{kind}".encode()))
        if kind == "blog":
            return Page(index, "blog", f"/{2018 + index % 8}/post-{index}/", "text/html",
                        blog_post(r, index))
        if kind == "committee":
            return Page(index, "committee", f"/report/chapter-{index}.html", "text/html",
                        committee_chapter(r, index))
        if kind == "govuk":
            return Page(index, "govuk", f"/government/publications/pub-{index}", "text/html",
                        govuk_page(r, index))
        if kind == "pdf":
            return Page(index, "govuk", f"/media/doc-{index}.pdf", "application/pdf",
                        pdf_attachment(r, index))
        if kind == "programmes":
            return Page(index, "programmes", f"/programmes/list-{index}", "text/html",
                        programme_list(r, index))
        raise ValueError(kind)

    def pages(self) -> Iterator[Page]:
        for index, kind in self.kinds():
            yield self.page(index, kind)

    def write(self, root: Path) -> dict[str, object]:
        """Write every page under root/<site>/<path> and a manifest; returns the manifest."""
        root.mkdir(parents=True, exist_ok=True)
        entries = []
        raw = 0
        for page in self.pages():
            rel = page.path.lstrip("/")
            if rel.endswith("/"):
                rel += "index.html"
            target = root / page.site / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.body)
            raw += len(page.body)
            entries.append({"site": page.site, "path": page.path, "file": f"{page.site}/{rel}",
                            "content_type": page.content_type, "bytes": len(page.body)})
        manifest = {"docs": len(entries), "seed": self.seed, "raw_bytes": raw,
                    "pages": entries}
        (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        return manifest
