"""SEND blogs: Special Needs Jungle and other WordPress blogs about SEND, post by post.

Each site in the `sites` setting is asked for its posts, newest first, the way WordPress
publishes them; each post's page is archived (the evidence), and so are the listings:

1. the REST API ``/wp-json/wp/v2/posts`` (``per_page``, ``page`` up to ``X-WP-TotalPages``,
   ``search`` from --search, ``after`` from --since, ``categories``), each post's ``link``;
2. if the API is absent (404/410), refused (401/403) or not JSON: WordPress's sitemaps
   ``wp-sitemap.xml`` -> ``wp-sitemap-posts-post-N.xml``, else Yoast's ``sitemap_index.xml``
   -> ``post-sitemap.xml``, filtered by ``lastmod``;
3. else the RSS feed ``/feed/``, filtered by ``pubDate``. Sitemaps cannot search or filter by
   category, so --search or `categories` read the filtered feed ``/?s=..&cat=..&feed=rss2``
   instead (only the newest items a feed carries).

--max counts posts across all sites. The addresses of steps 1-3 are guesses: a 404/410 there
means "not on this site"; it is archived but is not reported as a failed URL.

Strictness: an API answer, sitemap or feed of the wrong shape stops that site with an error
naming the URL and what is missing (other sites go on); a post page without a WordPress
article body (`BODY`) is reported with `ctx.error` and the other posts go on.

Settings (--set): ``sites=URL1,URL2`` (default `DEFAULT_SITES`), ``categories=ID1,ID2``
(WordPress category ids), ``per_page=N`` (1-100, default 100).

`parse` adds nothing to the shared extractors: the document model reads a post's title,
authors, dates (JSON-LD / Open Graph / meta), body and reader comments; the citations
extractor keeps the body's links and skips the comments'. Categories and tags have no place in
the fact model (nor in the source metadata the graph keeps); the archived API answers list each
post's category and tag ids, and the post's ``article:section`` stays in its document metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from sendgraph.plugin.context import CrawlContext, CrawlOptions, Page
from sendgraph.plugin.contract import Politeness, Source, SourceInfo
from sendgraph.plugin.feeds import FeedItem, UnsafeXml, items_since, read_feed
from sendgraph.plugin.pages import BadPayload, SelectorMissing, json_payload, require, soup

DEFAULT_SITES = ("https://www.specialneedsjungle.com", "https://pdaparenting.com")
BODY = ".entry-content, .wp-block-post-content"  # classic themes, block themes
POST_SITEMAP = re.compile(r"(?:wp-sitemap-posts-post-\d+|post-sitemap\d*)\.xml(?:\.gz)?$")
SITEMAPS = ("wp-sitemap.xml", "sitemap_index.xml")
FIELDS = "id,link,date_gmt,modified_gmt,title,categories,tags"  # not the content: smaller
ABSENT, REFUSED = (404, 410), (401, 403)
MAX_API_PAGES = 1000
EXPECTED_POSTS = 3


class NothingFound(BadPayload):
    """A site answered none of the ways WordPress publishes its posts."""


class SendBlogs(Source):
    info = SourceInfo(
        id="send-blogs",
        title="SEND blogs (WordPress)",
        publisher="Special Needs Jungle and other SEND bloggers",
        home="https://www.specialneedsjungle.com",
        kind="blog",
        hosts=("www.specialneedsjungle.com", "specialneedsjungle.com",
               "pdaparenting.com", "www.pdaparenting.com"),
        version="1",
        description="Posts of WordPress-based SEND blogs, found through the REST API, "
                    "else sitemaps, else RSS. Settings: sites=URL,URL; categories=ID,ID; "
                    "per_page=N.",
        # The fetcher's defaults (1 s between requests to a host, Crawl-delay obeyed, one
        # request at a time per host) suit these small, often shared-hosted blogs.
        politeness=Politeness(),
        expected={"posts": EXPECTED_POSTS},
    )

    def crawl(self, ctx: CrawlContext) -> None:
        opts = ctx.options
        sites, categories, per_page = _settings(opts)
        counts: dict[str, int] = {}
        for site in sites:
            left = None if opts.max_items is None else opts.max_items - sum(counts.values())
            if left is not None and left <= 0:
                break
            try:
                links = _discover(ctx, site, categories, per_page, left)
            except BadPayload as exc:  # reported; the other sites go on
                reason = ("nothing_found" if isinstance(exc, NothingFound) else
                          "unsafe_xml" if isinstance(exc, UnsafeXml) else "listing_changed")
                ctx.error(exc.url, reason, str(exc))
                continue
            counts[site] = _fetch_posts(ctx, links[:left] if left is not None else links)
        narrowed = bool(opts.since or opts.search or categories
                        or (opts.max_items is not None and opts.max_items < EXPECTED_POSTS))
        if narrowed:  # a narrowed run may rightly find few: record, do not compare
            ctx.report.found["posts"] = sum(counts.values())
            return
        for site in (s for s, n in counts.items() if n == 0 and len(sites) > 1):
            ctx.warn(f"{self.info.id}: {site} gave no posts at all — the site may have "
                     "changed; check it")
        ctx.expect("posts", sum(counts.values()))


def _settings(opts: CrawlOptions) -> tuple[list[str], str | None, int]:
    raw = opts.settings.get("sites") or ",".join(DEFAULT_SITES)
    sites = [s.strip().rstrip("/") for s in raw.split(",") if s.strip()]
    for site in sites:
        if urlsplit(site).scheme not in ("http", "https") or not urlsplit(site).hostname:
            raise ValueError(f"setting sites: {site!r} is not an http(s) URL")
    categories = re.sub(r"\s", "", opts.settings.get("categories", "")) or None
    if categories is not None and not re.fullmatch(r"\d+(,\d+)*", categories):
        raise ValueError(f"setting categories={categories!r}: give WordPress category ids, "
                         "e.g. categories=12,40")
    per_page = opts.settings.get("per_page", "100")
    if not per_page.isdigit() or not 1 <= int(per_page) <= 100:
        raise ValueError(f"setting per_page={per_page!r}: a whole number from 1 to 100")
    return sites, categories, int(per_page)


def _probe(ctx: CrawlContext, url: str) -> Page | None:
    """Fetch a guess: a 404/410 is archived but is not a failed URL; 401/403 is a warning."""
    page, status = ctx.probe(url)
    if page is None and status in REFUSED:
        ctx.warn(f"{url}: refused (HTTP {status}); trying the next way to find posts")
    return page


def _discover(ctx: CrawlContext, site: str, categories: str | None, per_page: int,
              limit: int | None) -> list[str]:
    links = _from_api(ctx, site, categories, per_page, limit)
    if links is None and not (ctx.options.search or categories):
        links = _from_sitemaps(ctx, site)
    if links is None:
        links = _from_feed(ctx, site, categories)
    if links is None:
        raise NothingFound(site, "no REST API, post sitemap or feed answered — nothing to "
                                 "crawl; is it still a WordPress site?")
    return links


def _from_api(ctx: CrawlContext, site: str, categories: str | None, per_page: int,
              limit: int | None) -> list[str] | None:
    opts = ctx.options
    query: dict[str, Any] = {"per_page": per_page, "orderby": "date", "order": "desc",
                             "_fields": FIELDS, "search": opts.search, "categories": categories}
    if opts.since:  # `after` is exclusive; --since is "on or after"
        start = datetime(opts.since.year, opts.since.month, opts.since.day)
        query["after"] = (start - timedelta(seconds=1)).isoformat()
    query = {k: v for k, v in query.items() if v}
    links: list[str] = []
    number, total = 1, 1
    while number <= min(total, MAX_API_PAGES) and (limit is None or len(links) < limit):
        url = f"{site}/wp-json/wp/v2/posts?{urlencode({**query, 'page': number})}"
        page = _probe(ctx, url) if number == 1 else ctx.fetch(url)
        if page is None:  # the first page: no usable API; later: reported, keep what we have
            return links if number > 1 else None
        try:
            data = json_payload(page.content, page.url)
        except BadPayload as exc:
            if number > 1:
                raise
            ctx.warn(f"{exc}; not the WordPress REST API — trying sitemaps and feeds")
            return None
        links.extend(_post_links(data, page.url))
        if number == 1:
            total = _total_pages(page)
        if len(data) < per_page:  # the last page, whatever the headers say
            break
        number += 1
    return links


def _post_links(data: Any, url: str) -> list[str]:
    if not isinstance(data, list):
        raise BadPayload(url, "expected a JSON list of posts (/wp/v2/posts), got "
                              f"{type(data).__name__}")
    links = []
    for n, post in enumerate(data):
        link = post.get("link") if isinstance(post, dict) else None
        if not isinstance(link, str) or urlsplit(link).scheme not in ("http", "https"):
            raise BadPayload(url, f"post {n} has no field 'link' holding its URL — the API's "
                                  "answer has changed")
        links.append(link)
    return links


def _total_pages(page: Page) -> int:
    value = (page.snapshot.header("X-WP-TotalPages") or "").strip()
    return int(value) if value.isdigit() else MAX_API_PAGES  # no header: until a short page


def _from_sitemaps(ctx: CrawlContext, site: str) -> list[str] | None:
    for name in SITEMAPS:
        page = _probe(ctx, f"{site}/{name}")
        if page is None:
            continue
        feed = read_feed(page.content, page.url)
        if feed.kind == "urlset":
            return _newest(site, feed.since(ctx.options.since))
        if feed.kind != "sitemapindex":
            raise BadPayload(page.url, f"expected a sitemap, got a {feed.kind} feed")
        children = [i for i in feed.items if POST_SITEMAP.search(urlsplit(i.url).path)]
        if not children:
            raise BadPayload(page.url, "the sitemap index lists no post sitemap "
                                       "(wp-sitemap-posts-post-N.xml or post-sitemap.xml)")
        items: list[FeedItem] = []  # an index's lastmod is the newest change in that sitemap
        for child in ctx.fetch_all(i.url for i in items_since(children, ctx.options.since)):
            sub = read_feed(child.content, child.url)
            if sub.kind != "urlset":
                raise BadPayload(child.url, f"expected a sitemap of posts, got {sub.kind}")
            items.extend(sub.since(ctx.options.since))
        return _newest(site, items)
    return None


def _from_feed(ctx: CrawlContext, site: str, categories: str | None) -> list[str] | None:
    query = {k: v for k, v in (("s", ctx.options.search), ("cat", categories)) if v}
    url = f"{site}/?{urlencode({**query, 'feed': 'rss2'})}" if query else f"{site}/feed/"
    page = _probe(ctx, url)
    if page is None:
        return None
    feed = read_feed(page.content, page.url)
    if feed.kind not in ("rss", "atom"):
        raise BadPayload(page.url, f"expected an RSS or Atom feed, got a {feed.kind}")
    return _newest(site, feed.since(ctx.options.since))


def _newest(site: str, items: Iterable[FeedItem]) -> list[str]:
    """Post URLs newest first (undated last), without the blog's front page."""
    ordered = sorted(items, key=lambda i: i.date or datetime.min.replace(tzinfo=UTC),
                     reverse=True)
    return list(dict.fromkeys(i.url for i in ordered if i.url.rstrip("/") != site))


def _fetch_posts(ctx: CrawlContext, links: list[str]) -> int:
    found = 0
    for page in ctx.fetch_all(links):
        try:
            require(soup(page.content), BODY, page.url, "the post's article body")
        except SelectorMissing as exc:
            ctx.error(page.url, "selector_missing", str(exc))
            continue
        found += 1
    return found


plugin = SendBlogs()
