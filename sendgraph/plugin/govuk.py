"""A small gov.uk client over the CrawlContext: the Content API and the Search API.

GOV.UK publishes every page twice: as HTML at ``https://www.gov.uk/<path>`` and as JSON at
``https://www.gov.uk/api/content/<path>`` (title, ``first_published_at``,
``public_updated_at``, ``details.body``, ``details.attachments`` whose files live on
``assets.publishing.service.gov.uk``, ``details.change_history``, ``links.organisations``).
``/api/search.json`` finds pages by organisation, document type, text and date. Plugins for
gov.uk sources discover through these APIs (structured, stable, versioned by gov.uk) rather
than by scraping listing pages, and archive the JSON itself: it is the evidence of what gov.uk
said a page was, when it was published and how it changed.

Strictness (see `sendgraph.plugin.pages`): a JSON answer that is not JSON is a `BadPayload`
naming the URL; a JSON answer without a field the plugin relies on is a `SelectorMissing`
whose selector is the field's dotted path (``details.attachments``). The crawl side reports
per-item problems with ``ctx.error`` and goes on; a broken listing (the search results) raises.

Settings every gov.uk plugin understands: ``base``, the www.gov.uk origin the APIs and pages
are read from, and ``assets``, the origin attachments are expected on (tests point both at a
local server). An attachment anywhere else is reported with a warning and not fetched.

The parse side reads archived JSON with `located_json`, whose strings know where their token
sits in the text, so evidence can point at the exact characters of a title or change note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from json import decoder as _decoder
from json import scanner as _scanner
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from sendgraph.document import Document
from sendgraph.extract.context import AuthorityHit
from sendgraph.extract.model import Agent, Citation, Claim, evidence_for
from sendgraph.extract.programme_words import period_in
from sendgraph.plugin.context import CrawlContext, Page
from sendgraph.plugin.pages import BadPayload, SelectorMissing, json_payload

GOVUK = "https://www.gov.uk"
ASSETS = "https://assets.publishing.service.gov.uk"
HOSTS = ("www.gov.uk", "assets.publishing.service.gov.uk")
API_PREFIX = "/api/content"
SEARCH_PATH = "/api/search.json"
SEARCH_PAGE_SIZE = 50
_GOVUK_YEARS = re.compile(r"\b((?:19|20)\d\d) to ((?:19|20)\d\d)\b")


class Located(str):
    """A JSON string value that knows the span of its token's characters (between the quotes)
    in the text it was parsed from. Escapes are decoded in the value, not in the span."""

    start: int
    end: int

    def __new__(cls, value: str, start: int, end: int) -> Located:
        obj = super().__new__(cls, value)
        obj.start, obj.end = start, end
        return obj


def located_json(text: str) -> Any:
    """`json.loads` for the parse side: every string *value* is a `Located`."""
    dec = json.JSONDecoder()

    def parse_string(s: str, end: int, strict: bool = True) -> tuple[str, int]:
        value, stop = _decoder.scanstring(s, end, strict)
        return Located(value, end, stop - 1), stop

    dec.parse_string = parse_string  # type: ignore[attr-defined]
    dec.scan_once = _scanner.py_make_scanner(dec)  # the C scanner ignores parse_string
    return dec.decode(text)


def require_field(data: Any, path: str, url: str, kind: type | tuple[type, ...] = object) -> Any:
    """``data`` at a dotted path, of the given type, or `SelectorMissing(url, path)`."""
    value = data
    for key in path.split("."):
        if not isinstance(value, Mapping) or key not in value:
            raise SelectorMissing(url, path, "JSON field")
        value = value[key]
    if not isinstance(value, kind):
        raise SelectorMissing(url, path, f"JSON field of type {getattr(kind, '__name__', kind)}")
    return value


def optional(data: Any, path: str, default: Any = None) -> Any:
    value = data
    for key in path.split("."):
        if not isinstance(value, Mapping) or key not in value:
            return default
        value = value[key]
    return value


def govuk_period(text: str, document_date: str | None = None) -> str | None:
    """A financial-year label from gov.uk's house style ("2022 to 2023" -> "2022-23"), else
    whatever the shared reading finds ("2022-2023", "2022/23")."""
    m = _GOVUK_YEARS.search(text)
    if m and int(m.group(2)) == int(m.group(1)) + 1:
        return f"{m.group(1)}-{m.group(2)[2:]}"
    return period_in(text, document_date)


@dataclass(frozen=True)
class Attachment:
    title: str
    url: str
    content_type: str
    attachment_type: str

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf" or self.url.lower().endswith(".pdf")

    @property
    def is_html(self) -> bool:
        return self.attachment_type == "html" or self.content_type == "text/html"


@dataclass(frozen=True)
class ContentItem:
    """What a plugin needs from one Content API answer."""

    api_url: str
    base_path: str
    title: str
    schema_name: str
    document_type: str
    first_published_at: str | None
    public_updated_at: str | None
    body: str | None
    attachments: tuple[Attachment, ...]
    data: Mapping[str, Any]

    @property
    def web_url(self) -> str:
        """The HTML page on the same origin as the API answer."""
        return urljoin(self.api_url, self.base_path)


def content_item(data: Any, api_url: str) -> ContentItem:
    """A Content API answer read strictly: title, base_path and details must be there."""
    title = require_field(data, "title", api_url, str)
    base_path = require_field(data, "base_path", api_url, str)
    details = require_field(data, "details", api_url, Mapping)
    raw = details.get("attachments") or []
    if not isinstance(raw, list):
        raise SelectorMissing(api_url, "details.attachments", "JSON list")
    attachments = []
    for i, a in enumerate(raw):
        if not isinstance(a, Mapping) or not isinstance(a.get("url"), str):
            raise SelectorMissing(api_url, f"details.attachments[{i}].url", "JSON field")
        attachments.append(Attachment(
            title=str(a.get("title") or ""), url=urljoin(api_url, a["url"]),
            content_type=str(a.get("content_type") or ""),
            attachment_type=str(a.get("attachment_type") or "")))
    body = details.get("body")
    return ContentItem(
        api_url=api_url, base_path=base_path, title=title,
        schema_name=str(data.get("schema_name") or ""),
        document_type=str(data.get("document_type") or ""),
        first_published_at=data.get("first_published_at"),
        public_updated_at=data.get("public_updated_at"),
        body=body if isinstance(body, str) else None,
        attachments=tuple(attachments), data=data)


@dataclass(frozen=True)
class SearchHit:
    title: str
    link: str
    public_timestamp: str | None
    document_type: str | None


class GovUk:
    """The gov.uk APIs through a CrawlContext: every answer fetched politely and archived."""

    def __init__(self, ctx: CrawlContext) -> None:
        self.ctx = ctx
        self.base = ctx.options.settings.get("base", GOVUK).rstrip("/")
        self.assets = ctx.options.settings.get("assets", ASSETS).rstrip("/")

    def files(self, item: ContentItem, *, html: bool = True) -> list[Attachment]:
        """The item's PDF (and, with ``html``, HTML) attachments on gov.uk's own hosts."""
        own = {urlsplit(self.base).netloc, urlsplit(self.assets).netloc,
               urlsplit(item.api_url).netloc}
        found = []
        for a in item.attachments:
            if not (a.is_pdf or (html and a.is_html)):
                continue
            if urlsplit(a.url).netloc not in own or urlsplit(a.url).scheme not in ("http", "https"):
                self.ctx.warn(f"{item.api_url}: attachment {a.url} is not on gov.uk's hosts; "
                              "not fetched")
                continue
            found.append(a)
        return found

    @staticmethod
    def path_of(url_or_path: str) -> str:
        """"/government/publications/x" from a page URL, an API URL or a bare path."""
        path = urlsplit(url_or_path).path if "://" in url_or_path else url_or_path
        path = "/" + path.lstrip("/")
        return path[len(API_PREFIX):] if path.startswith(API_PREFIX + "/") else path

    def api_url(self, url_or_path: str) -> str:
        """The Content API URL of a page (a full URL keeps its own origin)."""
        origin = self.base
        if "://" in url_or_path:
            parts = urlsplit(url_or_path)
            origin = f"{parts.scheme}://{parts.netloc}"
        return f"{origin}{API_PREFIX}{self.path_of(url_or_path)}"

    def read(self, page: Page) -> ContentItem:
        return content_item(json_payload(page.content, page.url), page.url)

    def items(self, urls_or_paths: Iterable[str]) -> list[tuple[Page, ContentItem]]:
        """Fetch Content API items (conditional requests; each version archived). An answer
        that is not a content item is reported with ``ctx.error`` and skipped."""
        found = []
        for page in self.ctx.fetch_all(self.api_url(u) for u in urls_or_paths):
            try:
                found.append((page, self.read(page)))
            except (BadPayload, SelectorMissing) as exc:
                reason = "bad_payload" if isinstance(exc, BadPayload) else "selector_missing"
                self.ctx.error(page.url, reason, str(exc))
        return found

    def search(self, *, query: str | None, organisation: str | None = None,
               document_types: Sequence[str] = (), since: date | None = None,
               limit: int | None = None) -> list[SearchHit]:
        """Every hit of a Search API query, newest first, paged. A results page that is not
        the API's JSON raises (the listing has changed); a page that failed to fetch ends the
        listing (its failure is in the report)."""
        params: list[tuple[str, str]] = []
        if query:
            params.append(("q", query))
        if organisation:
            params.append(("filter_organisations", organisation))
        params.extend(("filter_content_store_document_type", t) for t in document_types)
        if since is not None:
            params.append(("filter_public_timestamp", f"from:{since.isoformat()}"))
        params.append(("order", "-public_timestamp"))
        hits: list[SearchHit] = []
        start = 0
        while limit is None or len(hits) < limit:
            count = SEARCH_PAGE_SIZE if limit is None else min(SEARCH_PAGE_SIZE, limit - len(hits))
            url = (f"{self.base}{SEARCH_PATH}?"
                   f"{urlencode([*params, ('count', str(count)), ('start', str(start))])}")
            page = self.ctx.fetch(url)
            if page is None:
                break
            data = json_payload(page.content, url)
            results = require_field(data, "results", url, list)
            total = require_field(data, "total", url, int)
            for i, r in enumerate(results):
                link = require_field(r, "link", f"{url} (results[{i}])", str)
                stamp = r.get("public_timestamp")
                if since is not None and isinstance(stamp, str) and stamp[:10] < since.isoformat():
                    continue  # the API filters too; this holds if it ever stops doing so
                hits.append(SearchHit(str(r.get("title") or ""), link, stamp,
                                      r.get("content_store_document_type")))
            start += len(results)
            if not results or start >= total:
                break
        return hits[:limit] if limit is not None else hits


def change_history(data: Any) -> Iterator[tuple[Located, Located | None]]:
    """(note, timestamp) of each ``details.change_history`` entry of a `located_json` item."""
    for entry in optional(data, "details.change_history", []) or []:
        if not isinstance(entry, Mapping):
            continue
        note, stamp = entry.get("note"), entry.get("public_timestamp")
        if isinstance(note, Located) and note.strip():
            yield note, stamp if isinstance(stamp, Located) and stamp.strip() else None


def organisations(data: Any) -> list[Located]:
    """Titles of the organisations a `located_json` item names in ``links.organisations``."""
    found = optional(data, "links.organisations", []) or []
    return [o["title"] for o in found if isinstance(o, Mapping)
            and isinstance(o.get("title"), Located) and o["title"].strip()]


def is_content_api(url: str) -> bool:
    return urlsplit(url).path.startswith(API_PREFIX + "/")


def expect(ctx: CrawlContext, what: str, found: int, *, narrowed: bool) -> None:
    """`ctx.expect`, unless the user narrowed the run (--max, --since, --search): then fewer
    items is what was asked for, and the count is only recorded."""
    if narrowed:
        ctx.report.found[what] = found
    else:
        ctx.expect(what, found)


def publisher(data: Any) -> Agent | None:
    """The organisation that published a `located_json` item (primary, else first named)."""
    for key in ("links.primary_publishing_organisation", "links.organisations"):
        for org in optional(data, key, []) or []:
            title = org.get("title") if isinstance(org, Mapping) else None
            if isinstance(title, str) and title.strip():
                return Agent(title.strip(), "organisation")
    return None


def _authorities_within(hits: Sequence[AuthorityHit], start: int, end: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(h.gss_code for h in hits if start <= h.start and h.end <= end))


def change_note_claims(document: Document, data: Any, extractor: str,
                       hits: Sequence[AuthorityHit] = ()) -> Iterator[Claim]:
    """Each entry of the item's change history as an `assertion` by its publisher: the note is
    what gov.uk says changed, its evidence the note's characters in the archived JSON and then
    its timestamp's, so a reader of the graph sees *what* changed and *when*. Authorities the
    note names (``hits``) are what it is about."""
    speaker = publisher(data)
    for note, stamp in change_history(data):
        evidence = [evidence_for(document, note.start, note.end, extractor)]
        if stamp is not None:
            evidence.append(evidence_for(document, stamp.start, stamp.end, extractor))
        yield Claim(text=" ".join(note.split()), claim_kind="assertion", speaker=speaker,
                    about=_authorities_within(hits, note.start, note.end),
                    evidence=tuple(evidence))


def item_citations(document: Document, data: Any, extractor: str) -> Iterator[Citation]:
    """The item's own links as citations: its HTML page (``base_path``) and each attachment,
    so the JSON record, its page and its files are connected in the graph."""
    base_path = optional(data, "base_path")
    title = optional(data, "title")
    if isinstance(base_path, Located) and base_path.strip():
        yield Citation(cited_url=urljoin(document.url, base_path),
                       anchor_text=title.strip() if isinstance(title, str) else None,
                       evidence=(evidence_for(document, base_path.start, base_path.end,
                                              extractor),))
    for a in optional(data, "details.attachments", []) or []:
        url = a.get("url") if isinstance(a, Mapping) else None
        if isinstance(url, Located) and url.strip():
            name = a.get("title")
            yield Citation(cited_url=urljoin(document.url, url),
                           anchor_text=name.strip() if isinstance(name, str) and name.strip()
                           else None,
                           evidence=(evidence_for(document, url.start, url.end, extractor),))
