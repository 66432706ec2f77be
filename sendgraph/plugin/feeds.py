"""Reading sitemaps and feeds, defensively: sitemap indexes, URL sets, RSS and Atom.

Sitemaps and feeds come from servers we do not control, so the XML is parsed with every
dangerous feature off (lxml: ``resolve_entities=False, no_network=True, huge_tree=False,
load_dtd=False``) and a document that declares entities at all is refused: an entity-expansion
bomb ("billion laughs") or an external entity (``SYSTEM "file:///..."``) is a `BadPayload`
naming the URL, never expanded, never fetched. A gzip-compressed sitemap (``.xml.gz``) is
unpacked up to the sitemap protocol's 50 MB limit.

`read_feed` answers a `Feed`: its kind and its items in document order, each an absolute
http(s) URL with the date the document gives it (sitemap ``lastmod``; RSS ``pubDate`` or
``dc:date``; Atom ``published``, else ``updated``) as an aware UTC datetime, or None when it
has none or it does not parse. Structure is checked strictly (a root that is no sitemap or
feed, a sitemap entry without ``<loc>``: `BadPayload`); values leniently (an unreadable date
is None; a relative URL is resolved against the feed; an item with no usable link is left
out). For any input bytes `read_feed` raises nothing but `BadPayload`.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from sendgraph.plugin.pages import BadPayload

MAX_UNPACKED = 50 * 1024 * 1024  # the sitemap protocol's limit for one (uncompressed) file
KINDS = ("sitemapindex", "urlset", "rss", "atom")
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")  # W3C datetime's "1997" and "1997-07"
_HEAD = 1 << 20  # a DOCTYPE comes before the root element: the first MB holds it
_REFUSED = ("declares XML entities (an entity-expansion bomb or an external entity); "
            "refused unread")


class UnsafeXml(BadPayload):
    """XML declaring entities (a bomb or an external entity): refused, never expanded."""

    failure_reason = "unsafe_xml"


@dataclass(frozen=True)
class FeedItem:
    url: str
    date: datetime | None = None  # UTC
    title: str | None = None


@dataclass(frozen=True)
class Feed:
    url: str
    kind: str  # one of KINDS
    items: tuple[FeedItem, ...]

    def since(self, day: date | None) -> list[FeedItem]:
        return items_since(self.items, day)


def items_since(items: Iterable[FeedItem], day: date | None) -> list[FeedItem]:
    """Items dated on or after `day`. Undated items are kept: nothing says they are older,
    and a crawl that drops a post is worse than one that fetches an old one."""
    return [i for i in items if day is None or i.date is None or i.date.date() >= day]


def parse_date(text: str | None) -> datetime | None:
    """A W3C/ISO 8601 date or date-time (sitemaps, Atom, dc:date) or an RFC 822 date (RSS),
    as UTC; None if it is neither. A date without a zone is taken as UTC."""
    value = (text or "").strip()
    if not value:
        return None
    partial = _YEAR_MONTH.match(value)
    if partial:
        try:
            return datetime(int(partial[1]), int(partial[2] or 1), 1, tzinfo=UTC)
        except ValueError:
            return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    try:
        return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
    except (OverflowError, ValueError):  # a zone offset that pushes it past year 1 or 9999
        return None


def read_feed(data: bytes, url: str) -> Feed:
    """The sitemap or feed in `data` (fetched from `url`); BadPayload if it is none."""
    root = _parse(_unpack(data, url), url)
    name = etree.QName(root).localname.lower()
    if name in ("sitemapindex", "urlset"):
        items = _sitemap(root, url, "sitemap" if name == "sitemapindex" else "url")
    elif name == "rss":
        channel = next(_children(root, "channel"), root)
        items = _items(_children(channel, "item"), url, atom=False)
    elif name == "rdf":  # RSS 1.0: items are the RDF root's children
        items = _items(_children(root, "item"), url, atom=False)
    elif name == "feed":
        items = _items(_children(root, "entry"), url, atom=True)
    else:
        raise BadPayload(url, f"not a sitemap or a feed: the root element is <{root.tag}>")
    kind = {"rdf": "rss", "feed": "atom"}.get(name, name)
    return Feed(url=url, kind=kind, items=tuple(items))


# -- parsing -------------------------------------------------------------------------------

def _unpack(data: bytes, url: str) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    unzip = zlib.decompressobj(wbits=31)
    try:
        out = unzip.decompress(data, MAX_UNPACKED + 1)
    except zlib.error as exc:
        raise BadPayload(url, f"broken gzip data ({exc})") from exc
    if len(out) > MAX_UNPACKED or unzip.unconsumed_tail:
        raise BadPayload(url, f"unpacks to more than {MAX_UNPACKED} bytes; refused")
    if not unzip.eof:
        raise BadPayload(url, "broken gzip data (cut short)")
    return out


def _declares_entities(data: bytes) -> bool:
    """Whether the DOCTYPE's internal subset declares an entity (checked before parsing, so
    a bomb is refused by name rather than by libxml2's amplification limit)."""
    head = data[:_HEAD].upper()
    start = head.find(b"<!DOCTYPE")
    if start < 0:
        return False
    end = head.find(b"]>", start)
    return head.find(b"<!ENTITY", start, end if end >= 0 else len(head)) >= 0


def _parse(data: bytes, url: str) -> etree._Element:
    if _declares_entities(data):
        raise UnsafeXml(url, _REFUSED)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError, LookupError) as exc:
        # libxml2 refuses entity amplification itself; say plainly what that was
        if b"<!ENTITY" in data[:_HEAD].upper():
            raise UnsafeXml(url, _REFUSED) from exc
        raise BadPayload(url, f"not well-formed XML ({exc})") from exc
    if root is None:
        raise BadPayload(url, "no XML document in the payload")
    dtd = root.getroottree().docinfo.internalDTD
    if (dtd is not None and any(True for _ in dtd.iterentities())) or any(
            isinstance(el, etree._Entity) for el in root.iter()):
        raise UnsafeXml(url, _REFUSED)
    return root


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname.lower() if isinstance(el.tag, str) else ""


def _children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    return (c for c in el if _local(c) == name)


def _text(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    value = " ".join("".join(el.itertext()).split())
    return value or None


def _absolute(href: str | None, base: str) -> str | None:
    if not href:
        return None
    try:
        full = urljoin(base, href.strip())
        parts = urlsplit(full)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return None
    return full if parts.scheme in ("http", "https") and parts.hostname else None


# -- sitemaps ------------------------------------------------------------------------------

def _sitemap(root: etree._Element, url: str, entry: str) -> list[FeedItem]:
    items = []
    for n, el in enumerate(_children(root, entry), 1):
        loc = _text(next(_children(el, "loc"), None))
        if loc is None:
            raise BadPayload(url, f"<{entry}> number {n} has no <loc>: not a valid sitemap")
        link = _absolute(loc, url)
        if link is not None:
            items.append(FeedItem(link, parse_date(_text(next(_children(el, "lastmod"),
                                                                   None)))))
    return items


# -- RSS and Atom --------------------------------------------------------------------------

def _items(entries: Iterator[etree._Element], url: str, *, atom: bool) -> list[FeedItem]:
    items = []
    for el in entries:
        link = _atom_link(el, url) if atom else _rss_link(el, url)
        if link is None:
            continue
        names = ("published", "updated") if atom else ("pubdate", "date")
        when = next((d for d in (parse_date(_text(next(_children(el, n), None)))
                                 for n in names) if d), None)
        items.append(FeedItem(link, when, _text(next(_children(el, "title"), None))))
    return items


def _rss_link(item: etree._Element, base: str) -> str | None:
    for el in _children(item, "link"):
        if etree.QName(el).namespace in (None, "http://purl.org/rss/1.0/"):
            return _absolute(_text(el), base)
    guid = next(_children(item, "guid"), None)
    if guid is not None and guid.get("isPermaLink", "true").strip().lower() == "true":
        return _absolute(_text(guid), base)
    return None


def _atom_link(entry: etree._Element, base: str) -> str | None:
    links = list(_children(entry, "link"))
    chosen = next((el for el in links if el.get("rel", "alternate") == "alternate"), None)
    return _absolute(chosen.get("href"), base) if chosen is not None else None
