"""A gov.uk-like fixture site on a LocalSite: Content API, Search API, pages and files.

    gov = GovUkSite(site)                       # robots.txt, /api/search.json
    gov.publish(Publication(path=..., title=..., attachments=[pdf_attachment(...)], ...))
    gov.settings()                              # ["--set", "base=...", "--set", "assets=..."]
    pub.public_updated_at = "..."; pub.change_history.insert(0, (...))   # an edit: new ETag

Written for sendgraph's tests in the shape gov.uk really publishes (not copied from it):

- ``/api/content/<path>``: the Content API item (``title``, ``base_path``, ``schema_name``,
  ``document_type``, ``first_published_at``, ``public_updated_at``, ``details.body`` /
  ``details.attachments`` / ``details.change_history``, ``links.organisations``), encoded the
  way gov.uk's Rails apps encode JSON (``<``, ``>`` and ``&`` as ``\\u003c`` escapes);
- ``<path>``: the HTML page in GOV.UK Frontend markup (``gem-c-title``, ``gem-c-metadata``,
  ``gem-c-attachment``, ``gem-c-govspeak govuk-govspeak``, ``gem-c-published-dates``) with the
  ``govuk:first-published-at`` / ``govuk:updated-at`` meta tags;
- attachments (PDFs made with reportlab, HTML publications) whose URLs point at the second host
  name of the same server (``localhost``), standing in for assets.publishing.service.gov.uk;
- ``/api/search.json`` with ``q``, ``filter_*``, ``count``/``start`` paging and
  ``filter_public_timestamp=from:DATE``.

Every answer carries an ETag of its bytes and honours If-None-Match, as gov.uk's CDN does.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from tests.support.http_server import LocalSite, RecordedRequest, Reply

DFE = {"title": "Department for Education", "base_path":
       "/government/organisations/department-for-education",
       "content_id": "ebd15ade-73b2-4eaf-b1c3-43034a42eb37"}


def govuk_json(data: object) -> bytes:
    """JSON as gov.uk's Rails apps send it: UTF-8, with <, > and & escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()


def etagged(body: Callable[[], bytes], content_type: str) -> Callable[[RecordedRequest], Reply]:
    """A route whose ETag is its current bytes' digest: 304 while the client's still matches."""
    def handler(req: RecordedRequest) -> Reply:
        data = body()
        tag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        headers = [("Content-Type", content_type), ("ETag", tag),
                   ("Cache-Control", "max-age=300, public")]
        if req.header("if-none-match") == tag:
            return Reply(304, b"", headers)
        return Reply(200, data, headers)
    return handler


def make_pdf(pages: Sequence[Sequence[str]], *, title: str, dated: str | None = None) -> bytes:
    """A PDF whose pages hold the given paragraphs ("# x" is a heading); ``dated``
    ("2023-02-14") becomes its creation and modification date."""
    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title=title, author="Department for Education",
                            invariant=True)
    story: list[object] = []
    for n, paragraphs in enumerate(pages):
        if n:
            story.append(PageBreak())
        for text in paragraphs:
            if text.startswith("# "):
                story.append(Paragraph(html.escape(text[2:]), styles["Heading1"]))
            else:
                story.append(Paragraph(html.escape(text), styles["BodyText"]))
    doc.build(story)
    if dated is None:
        return buf.getvalue()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    stamp = "D:" + dated.replace("-", "") + "090000Z"
    writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class Attachment:
    title: str
    path: str  # on the assets host for files, on the main host for HTML publications
    body: bytes | str
    content_type: str = "application/pdf"
    attachment_type: str = "file"
    pages: int | None = None


def pdf_attachment(title: str, slug: str, pages: Sequence[Sequence[str]],
                   dated: str | None = None) -> Attachment:
    return Attachment(title, f"/media/{hashlib.sha1(slug.encode()).hexdigest()[:24]}/{slug}.pdf",
                      make_pdf(pages, title=title, dated=dated), pages=len(pages))


@dataclass
class Publication:
    path: str
    title: str
    description: str
    first_published_at: str
    public_updated_at: str
    change_history: list[tuple[str, str]]  # (public_timestamp, note), newest first
    body: str = ""  # govspeak HTML
    attachments: list[Attachment] = field(default_factory=list)
    schema_name: str = "publication"
    document_type: str = "independent_report"
    caption: str = "Independent report"

    def content(self, gov: GovUkSite) -> dict[str, object]:
        details: dict[str, object] = {
            "body": self.body,
            "change_history": [{"public_timestamp": t, "note": n}
                               for t, n in self.change_history],
            "political": False,
        }
        if self.schema_name == "publication":
            details["attachments"] = [{
                "attachment_type": a.attachment_type, "content_type": a.content_type,
                "id": str(i), "title": a.title, "url": gov.file_url(a),
                **({"number_of_pages": a.pages} if a.pages else {}),
            } for i, a in enumerate(self.attachments, 1)]
            details["documents"] = [f'<section class="gem-c-attachment">{html.escape(a.title)}'
                                    "</section>" for a in self.attachments]
        return {
            "base_path": self.path, "title": self.title, "description": self.description,
            "schema_name": self.schema_name, "document_type": self.document_type,
            "locale": "en", "first_published_at": self.first_published_at,
            "public_updated_at": self.public_updated_at, "details": details,
            "links": {"organisations": [DFE], "primary_publishing_organisation": [DFE]},
        }

    def page(self, gov: GovUkSite) -> str:
        documents = ""
        if self.attachments:
            documents = ('<section id="documents" class="govuk-!-margin-bottom-8">'
                         '<h2 class="govuk-heading-l" id="documents-title">Documents</h2>'
                         + "".join(_attachment_html(gov, a) for a in self.attachments)
                         + "</section>")
        changes = "".join(
            f'<li class="gem-c-published-dates__change-item"><time class="gem-c-published-'
            f'dates__change-date" datetime="{t}">{_day(t)}</time><p class="gem-c-published-'
            f'dates__change-note">{html.escape(n)}</p></li>' for t, n in self.change_history)
        return f"""<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
<meta charset="utf-8">
<title>{html.escape(self.title)} - GOV.UK</title>
<link rel="canonical" href="{gov.base}{self.path}">
<meta name="govuk:format" content="{self.schema_name}">
<meta name="govuk:schema-name" content="{self.schema_name}">
<meta name="govuk:first-published-at" content="{self.first_published_at}">
<meta name="govuk:updated-at" content="{self.public_updated_at}">
<meta name="govuk:public-updated-at" content="{self.public_updated_at}">
<meta name="govuk:primary-publishing-organisation" content="Department for Education">
<meta property="og:title" content="{html.escape(self.title)}">
<meta property="og:site_name" content="GOV.UK">
</head>
<body class="govuk-template__body">
<a href="#content" class="govuk-skip-link">Skip to main content</a>
<header class="gem-c-layout-super-navigation-header" role="banner">
<nav aria-label="Menu"><a class="govuk-link" href="/browse">Topics</a>
<a class="govuk-link" href="/government/organisations">Government activity</a></nav>
</header>
<div class="govuk-width-container">
<nav class="gem-c-breadcrumbs govuk-breadcrumbs" aria-label="Breadcrumb"><ol>
<li class="govuk-breadcrumbs__list-item"><a href="/">Home</a></li>
<li class="govuk-breadcrumbs__list-item"><a href="/education">Education</a></li></ol></nav>
<main role="main" id="content" class="govuk-main-wrapper" lang="en">
<div class="gem-c-title govuk-!-margin-bottom-8">
<span class="govuk-caption-xl gem-c-title__context">{self.caption}</span>
<h1 class="gem-c-title__text govuk-heading-l">{html.escape(self.title)}</h1>
</div>
<p class="gem-c-lead-paragraph">{html.escape(self.description)}</p>
<div class="gem-c-metadata"><dl>
<dt class="gem-c-metadata__term">From:</dt><dd class="gem-c-metadata__definition">
<a href="{DFE['base_path']}" class="govuk-link">Department for Education</a></dd>
<dt class="gem-c-metadata__term">Published</dt>
<dd class="gem-c-metadata__definition">{_day(self.first_published_at)}</dd>
<dt class="gem-c-metadata__term">Last updated</dt>
<dd class="gem-c-metadata__definition">{_day(self.public_updated_at)}</dd></dl></div>
{documents}
<section id="details"><h2 class="govuk-heading-l">Details</h2>
<div class="gem-c-govspeak govuk-govspeak" data-module="govspeak"><div class="govspeak">
{self.body}
</div></div></section>
<div class="gem-c-published-dates" id="full-publication-update-history">
<h2 class="govuk-heading-m">Updates to this page</h2>
<ol class="gem-c-published-dates__list">{changes}</ol></div>
</main></div>
<footer class="govuk-footer" role="contentinfo"><p>All content is available under the Open
Government Licence v3.0, except where otherwise stated</p></footer>
</body></html>"""


def _day(stamp: str) -> str:
    y, m, d = stamp[:10].split("-")
    return f"{int(d)} {calendar.month_name[int(m)]} {y}"


def _attachment_html(gov: GovUkSite, a: Attachment) -> str:
    kind = "PDF" if a.content_type == "application/pdf" else "HTML"
    pages = f', <span class="gem-c-attachment-attribute">{a.pages} pages</span>' if a.pages \
        else ""
    url = gov.file_url(a)
    return (f'<section class="gem-c-attachment govuk-!-display-none-print">'
            f'<div class="gem-c-attachment__thumbnail"><a class="govuk-link" href="{url}" '
            f'tabindex="-1" aria-hidden="true"><svg class="gem-c-attachment__thumbnail-image" '
            f'viewBox="0 0 99 140" aria-hidden="true"></svg></a></div>'
            f'<div class="gem-c-attachment__details"><h3 class="gem-c-attachment__title">'
            f'<a class="govuk-link gem-c-attachment__link" href="{url}">{html.escape(a.title)}'
            f'</a></h3><p class="gem-c-attachment__metadata"><span class="gem-c-attachment-'
            f'attribute">{kind}</span>{pages}</p></div></section>')


def html_publication(title: str, paragraphs: Sequence[str]) -> str:
    """An HTML attachment ("HTML publication") page: numbered sections in govspeak."""
    body = "".join(f"<h2>{html.escape(p[2:])}</h2>" if p.startswith("# ")
                   else f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="en" class="govuk-template"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)} - GOV.UK</title></head><body>"
            f'<main role="main" id="content" class="govuk-main-wrapper">'
            f'<div class="gem-c-title"><h1 class="gem-c-title__text">{html.escape(title)}</h1>'
            f'</div><div class="gem-c-govspeak govuk-govspeak">{body}</div></main></body></html>')


class GovUkSite:
    def __init__(self, site: LocalSite) -> None:
        self.site = site
        self.base = site.url("")
        self.assets = site.url("", host="localhost")
        self.publications: dict[str, Publication] = {}
        self.search_results: list[str] = []  # paths, in the order the API ranks them
        site.robots("User-agent: *\nDisallow: /search/all*\nAllow: /\n")
        site.route("/api/search.json", self._search)

    def settings(self) -> list[str]:
        return ["--set", f"base={self.base}", "--set", f"assets={self.assets}"]

    def file_url(self, a: Attachment) -> str:
        return (self.assets if a.attachment_type == "file" else self.base) + a.path

    def publish(self, pub: Publication, *, searchable: bool = True) -> Publication:
        self.publications[pub.path] = pub
        self.site.route(f"/api/content{pub.path}",
                        etagged(lambda: govuk_json(pub.content(self)),
                                "application/json; charset=utf-8"))
        self.site.route(pub.path, etagged(lambda: pub.page(self).encode(),
                                          "text/html; charset=utf-8"))
        for a in pub.attachments:
            data = a.body.encode() if isinstance(a.body, str) else a.body
            ctype = a.content_type + ("; charset=utf-8" if a.content_type == "text/html" else "")
            self.site.route(a.path, etagged(lambda data=data: data, ctype))
        if searchable:
            self.search_results.append(pub.path)
        return pub

    def _search(self, req: RecordedRequest) -> Reply:
        q = parse_qs(req.query)
        start, count = int(q.get("start", ["0"])[0]), int(q.get("count", ["20"])[0])
        since = next((v[5:] for v in q.get("filter_public_timestamp", []) if
                      v.startswith("from:")), None)
        hits = [self.publications[p] for p in self.search_results]
        if since:
            hits = [p for p in hits if p.public_updated_at[:10] >= since]
        results = [{
            "title": p.title, "link": p.path, "description": p.description,
            "public_timestamp": p.public_updated_at, "format": p.schema_name,
            "content_store_document_type": p.document_type,
            "organisations": [{"title": DFE["title"], "slug": "department-for-education"}],
        } for p in hits[start:start + count]]
        body = govuk_json({"results": results, "total": len(hits), "start": start,
                           "facets": {}, "suggested_queries": []})
        return etagged(lambda: body, "application/json; charset=utf-8")(req)
