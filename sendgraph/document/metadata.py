"""Document metadata: what an HTML page says about itself, and what the user says about it.

Precedence for each field, first non-empty usable value wins:

    JSON-LD  >  Open Graph / article:*  >  citation_* / Dublin Core (DC.*, dcterms.*)
             >  plain <meta name=...>  >  <title>

with two documented exceptions, where the HTML standard has a dedicated mechanism that is more
reliable than any vocabulary: ``canonical_url`` comes from ``<link rel=canonical>`` first (then
og:url, then JSON-LD url/mainEntityOfPage), and ``language`` from ``<html lang>`` first (then
JSON-LD inLanguage, og:locale, DC.language, content-language). Dates must parse (see
``dates.iso_date``); an unreadable date falls through to the next source. Malformed JSON-LD is
skipped with a warning. Finally the snapshot's user-supplied metadata (keys title, author,
publisher, published, kind, url) overrides all of it: an author string "A; B" is two authors,
``url`` becomes the canonical URL, ``kind`` and unknown keys go to ``extra``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from sendgraph.document.dates import iso_date
from sendgraph.document.model import Metadata

_ARTICLE_TYPES = frozenset({
    "article", "blogposting", "newsarticle", "report", "scholarlyarticle", "techarticle",
    "opinionnewsarticle", "analysisnewsarticle", "reportagenewsarticle", "reviewnewsarticle",
    "backgroundnewsarticle", "socialmediaposting", "liveblogposting", "governmentpublication",
})
_PAGE_TYPES = frozenset({"webpage", "itempage", "aboutpage", "collectionpage", "faqpage",
                         "qapage", "profilepage", "medicalwebpage"})

# name -> field, grouped by tier (1 = Open Graph/article, 2 = citation/DC, 3 = plain meta).
_META_FIELDS: dict[str, tuple[str, int]] = {
    "og:title": ("title", 1), "twitter:title": ("title", 1),
    "citation_title": ("title", 2), "dc.title": ("title", 2), "dcterms.title": ("title", 2),
    "title": ("title", 3),
    "article:author": ("authors", 1),
    "citation_author": ("authors", 2), "dc.creator": ("authors", 2),
    "dcterms.creator": ("authors", 2), "author": ("authors", 3),
    "article:published_time": ("published", 1), "og:published_time": ("published", 1),
    "citation_publication_date": ("published", 2), "citation_date": ("published", 2),
    "citation_online_date": ("published", 2), "dc.date": ("published", 2),
    "dc.date.issued": ("published", 2), "dcterms.issued": ("published", 2),
    "dcterms.created": ("published", 2), "dcterms.date": ("published", 2),
    "date": ("published", 3), "pubdate": ("published", 3), "publish-date": ("published", 3),
    "govuk:first-published-at": ("published", 3),
    "article:modified_time": ("modified", 1), "og:updated_time": ("modified", 1),
    "dcterms.modified": ("modified", 2), "dc.date.modified": ("modified", 2),
    "govuk:public-updated-at": ("modified", 3), "govuk:updated-at": ("modified", 3),
    "last-modified": ("modified", 3),
    "article:publisher": ("publisher", 1),
    "citation_publisher": ("publisher", 2), "dc.publisher": ("publisher", 2),
    "dcterms.publisher": ("publisher", 2), "publisher": ("publisher", 3),
    "og:description": ("description", 1), "twitter:description": ("description", 1),
    "dc.description": ("description", 2), "dcterms.description": ("description", 2),
    "dcterms.abstract": ("description", 2), "citation_abstract": ("description", 2),
    "description": ("description", 3),
    "og:site_name": ("site_name", 1), "application-name": ("site_name", 3),
    "og:url": ("canonical_url", 1),
    "og:locale": ("language", 1), "dc.language": ("language", 2),
    "dcterms.language": ("language", 2), "content-language": ("language", 3),
}
# Extra facts worth keeping: meta name -> extra key.
_META_EXTRA = {"og:type": "og_type", "keywords": "keywords", "article:section": "section",
               "citation_doi": "doi", "dc.identifier": "identifier",
               "citation_pdf_url": "pdf_url", "govuk:format": "format"}
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_URLISH = re.compile(r"^(?:https?:|www\.|/)", re.IGNORECASE)


def clean(value: object) -> str | None:
    """Whitespace-collapsed string, or None for non-strings and blanks."""
    if not isinstance(value, str):
        return None
    out = " ".join(value.split())
    return out or None


def split_authors(value: str) -> list[str]:
    return [a for a in (clean(part) for part in value.split(";")) if a]


def _types(node: Mapping[str, Any]) -> set[str]:
    raw = node.get("@type")
    items = raw if isinstance(raw, list) else [raw]
    return {t.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for t in items if isinstance(t, str)}


class _JsonLd:
    """The nodes of a page's JSON-LD blocks, with @id references resolvable."""

    def __init__(self, sources: Iterable[str], warnings: list[str]):
        self.nodes: list[dict[str, Any]] = []
        for i, raw in enumerate(sources, start=1):
            data = _parse_json(raw)
            if data is None:
                warnings.append(f"malformed JSON-LD block {i} ignored")
                continue
            self._collect(data)
        self.by_id = {n["@id"]: n for n in self.nodes if isinstance(n.get("@id"), str)}

    def _collect(self, data: Any) -> None:
        """Top-level nodes and ``@graph`` members, in document order (iteratively)."""
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                if "@type" in item:
                    self.nodes.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))
                elif isinstance(graph, dict):
                    stack.append(graph)

    def deref(self, value: Any) -> Any:
        if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
            return self.by_id.get(value["@id"], value)
        return value

    def first(self, types: frozenset[str] | set[str]) -> dict[str, Any] | None:
        return next((n for n in self.nodes if _types(n) & types), None)

    def names(self, value: Any) -> list[str]:
        out: list[str] = []
        for item in value if isinstance(value, list) else [value]:
            item = self.deref(item)
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, list):
                name = name[0] if name else None
            name = clean(name)
            if name and not _URLISH.match(name):
                out.append(name)
        return out

    def url(self, value: Any) -> str | None:
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        return clean(value)


def _parse_json(raw: str) -> Any:
    text = raw.strip()
    for attempt in range(2):
        try:
            return json.loads(text)
        except RecursionError:  # absurdly nested: not metadata anyone meant
            return None
        except ValueError:
            if attempt:
                return None
            # CMSs wrap JSON-LD in HTML comments or CDATA markers; strip them and retry once.
            text = re.sub(r"^\s*(?://)?\s*(?:<!--|<!\[CDATA\[)|(?://)?\s*(?:-->|\]\]>)\s*$", "",
                          text).strip()
    return None


def _jsonld_fields(ld: _JsonLd) -> dict[str, list[Any]]:
    article = ld.first(_ARTICLE_TYPES)
    page = ld.first(_PAGE_TYPES)
    website = ld.first({"website"})
    found: dict[str, list[Any]] = {}

    def put(name: str, value: Any) -> None:
        if value:
            found.setdefault(name, []).append(value)

    for node in (n for n in (article, page) if n is not None):
        put("title", clean(node.get("headline")) or clean(node.get("name")))
        put("authors", ld.names(node.get("author")))
        put("published", node.get("datePublished"))
        put("modified", node.get("dateModified"))
        put("publisher", next(iter(ld.names(node.get("publisher"))), None))
        put("description", clean(node.get("description")))
        put("language", clean(node.get("inLanguage")))
        put("canonical_url", ld.url(node.get("mainEntityOfPage")) or ld.url(node.get("url")))
    if website is not None:
        put("site_name", clean(website.get("name")))
        put("publisher", next(iter(ld.names(website.get("publisher"))), None))
        put("language", clean(website.get("inLanguage")))
    if article is not None or page is not None:
        types = sorted(_types(article or page or {}))
        found["_type"] = [types]
    return found


def html_metadata(
    heads: Iterable[Any], *, html_lang: str | None, page_url: str, warnings: list[str]
) -> tuple[Metadata, str | None]:
    """Metadata from the page's <title>/<meta>/<link>/<base>/JSON-LD elements (``heads``, in
    document order), plus the <base href> (absolute) for resolving links."""
    title: str | None = None
    canonical: str | None = None
    base: str | None = None
    ld_sources: list[str] = []
    tiers: dict[str, dict[int, list[Any]]] = {}
    extra: dict[str, Any] = {}
    for el in heads:
        tag = el.tag
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop")
                   or el.get("http-equiv") or "").strip().lower()
            content = clean(el.get("content"))
            if not key or content is None:
                continue
            if key in _META_FIELDS:
                field_name, tier = _META_FIELDS[key]
                tiers.setdefault(field_name, {}).setdefault(tier, []).append(content)
            elif key in _META_EXTRA:
                extra.setdefault(_META_EXTRA[key], content)
        elif tag == "title":
            if title is None:
                title = clean("".join(el.itertext()))
        elif tag == "link":
            rels = (el.get("rel") or "").lower().split()
            if "canonical" in rels and canonical is None and clean(el.get("href")):
                canonical = el.get("href").strip()
        elif tag == "base":
            if base is None and clean(el.get("href")):
                base = resolve_url(page_url, el.get("href"))
        elif tag == "script" and (el.get("type") or "").strip().lower() == "application/ld+json":
            ld_sources.append(el.text or "")

    ld = _jsonld_fields(_JsonLd(ld_sources, warnings))
    if "_type" in ld:
        extra["jsonld_type"] = ld.pop("_type")[0]
    for field_name, values in ld.items():
        tiers.setdefault(field_name, {})[0] = values
    if title:
        tiers.setdefault("title", {})[4] = [title]
    if canonical:
        tiers.setdefault("canonical_url", {})[-1] = [canonical]
    if html_lang:
        tiers.setdefault("language", {})[-1] = [html_lang]

    def pick(field_name: str, check: Any = clean) -> Any:
        for tier in sorted(tiers.get(field_name, {})):
            for value in tiers[field_name][tier]:
                got = check(value)
                if got:
                    return got
        return None

    def authors(value: Any) -> tuple[str, ...]:
        names = value if isinstance(value, list) else [value]
        out = [n for n in (clean(x) for x in names) if n and not _URLISH.match(n)]
        return tuple(dict.fromkeys(out))

    def not_url(value: Any) -> str | None:
        text = clean(value)
        return None if text is None or _URLISH.match(text) else text

    author_values: tuple[str, ...] = ()
    for tier in sorted(tiers.get("authors", {})):
        # All values of the winning tier: pages list several citation_author metas.
        flat: list[Any] = []
        for v in tiers["authors"][tier]:
            flat.extend(v if isinstance(v, list) else [v])
        author_values = authors(flat)
        if author_values:
            break

    canonical_url = pick("canonical_url")
    language = pick("language")
    meta = Metadata(
        title=pick("title"),
        authors=author_values,
        published=pick("published", iso_date),
        modified=pick("modified", iso_date),
        publisher=pick("publisher", not_url),
        canonical_url=resolve_url(page_url, canonical_url) if canonical_url else None,
        language=language.replace("_", "-") if language else None,
        description=pick("description"),
        site_name=pick("site_name"),
        extra=extra,
    )
    return meta, base


def _simple(href: str) -> bool:
    return "/." not in href and " " not in href and href.isprintable()


def resolve_url(base: str, href: str, origin: str | None = None) -> str | None:
    """``href`` made absolute against ``base``; None if it is not a usable URL. ``origin``
    ("https://host") lets root-relative links skip urljoin, which dominates link-heavy pages."""
    if href.startswith(("https://", "http://")) and _simple(href):
        return href  # already absolute and normalised
    if origin and href.startswith("/") and not href.startswith("//") and _simple(href):
        return origin + href
    try:
        # WHATWG URL parsing drops tabs and newlines anywhere in the URL.
        return urljoin(base, _TAB_NEWLINE.sub("", href).strip())
    except ValueError:
        return None


def apply_user_metadata(
    meta: Metadata, user: Mapping[str, str] | None, warnings: list[str]
) -> Metadata:
    """Let what the user said at import time override what the document says."""
    if not user:
        return meta
    changes: dict[str, Any] = {}
    extra = dict(meta.extra)
    for key, raw in sorted(user.items()):
        value = clean(raw)
        if value is None:
            continue
        if key == "title":
            changes["title"] = value
        elif key in ("author", "authors"):
            changes["authors"] = tuple(split_authors(value))
        elif key == "publisher":
            changes["publisher"] = value
        elif key in ("published", "modified"):
            iso = iso_date(value)
            if iso is None:
                warnings.append(f"user-supplied {key} date {value!r} is not a date; ignored")
            else:
                changes[key] = iso
        elif key == "url":
            changes["canonical_url"] = value
        elif key in ("language", "description", "site_name"):
            changes[key] = value
        else:
            extra[key] = value
    return replace(meta, extra=extra, **changes)


def url_origin(url: str) -> str | None:
    """"scheme://host[:port]" of an http(s) URL, else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"
