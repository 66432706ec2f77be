"""A WordPress-like blog served by LocalSite, for the `send-blogs` plugin's tests.

    blog = WordPressBlog(site, POSTS, api=True, sitemaps="core", feed=True).serve()
    blog.url("/wp-json/wp/v2/posts?page=2"), blog.post_url(POSTS[0]), blog.change(...)

What it serves is written for these tests (invented posts; WordPress's structures):

- post pages in a classic theme's markup: Yoast-style JSON-LD ``@graph`` (Article, WebPage,
  Person, Organization, with ``@id`` references), Open Graph and ``article:*`` meta, the
  ``api.w.org`` and feed ``<link>``s, masthead and navigation, ``article.hentry`` with
  ``.entry-header`` / ``.entry-meta`` byline / ``.entry-content`` (with a sharing block) /
  ``.entry-footer`` (category and tag links), a ``#comments`` area (``ol.comment-list``,
  ``li.comment > article.comment-body``, ``.comment-author .fn`` linking the commenter's
  website, ``.comment-content`` with links, reply links, the reply form) and a sidebar of
  widgets;
- the REST API ``/wp-json/wp/v2/posts`` answering ``per_page``, ``page``, ``search``,
  ``after``, ``categories`` and ``_fields`` as WordPress does (``X-WP-Total``,
  ``X-WP-TotalPages``; 400 ``rest_post_invalid_page_number`` past the last page);
- sitemaps: WordPress's own (``wp-sitemap.xml`` index with its XSL processing instruction ->
  ``wp-sitemap-posts-post-1.xml``, plus page/taxonomy/user sitemaps) or Yoast's
  (``sitemap_index.xml`` -> ``post-sitemap.xml`` listing the front page first);
- the RSS 2.0 feed ``/feed/`` (``content:encoded``, ``dc:creator``, ``guid
  isPermaLink="false"``) and the search/category feed ``/?s=..&cat=..&feed=rss2``;
- robots.txt as WordPress writes it (with the ``Sitemap:`` line when it has sitemaps).

Every answer carries an ETag and honours If-None-Match (304), as a cached WordPress does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.utils import format_datetime
from html import escape
from urllib.parse import parse_qs, urlencode

from tests.support.http_server import LocalSite, RecordedRequest, Reply

CATEGORIES = {3: ("EHCPs", "ehcps"), 5: ("Funding", "funding"), 8: ("Tribunal", "tribunal")}
TAGS = {21: "safety-valve", 22: "kingston", 23: "birmingham", 24: "dbv"}


@dataclass(frozen=True)
class Comment:
    cid: int
    author: str
    website: str | None
    html: str  # the comment's paragraphs


@dataclass(frozen=True)
class Post:
    pid: int
    slug: str
    title: str
    author: str
    published: str  # ISO, UTC
    modified: str
    categories: tuple[int, ...]
    tags: tuple[int, ...]
    body: str  # the .entry-content paragraphs
    comments: tuple[Comment, ...] = ()

    @property
    def path(self) -> str:
        return f"/{self.published[:4]}/{self.published[5:7]}/{self.published[8:10]}/{self.slug}/"

    def plain(self) -> str:
        import re

        return re.sub(r"<[^>]+>", "", f"{self.title} {self.body}")


IPSEA = "https://www.ipsea.org.uk/what-you-need-to-know"
GOVUK_PLAN = ("https://www.gov.uk/government/publications/"
              "send-and-alternative-provision-improvement-plan")
COMMITTEE = "https://committees.parliament.uk/work/6823/send-system/"
DBV = "https://www.gov.uk/government/publications/delivering-better-value-in-send"
NEWSLETTER = "https://newsletter.example.net/send-weekly"

POSTS = (
    Post(101, "safety-valve-kingston-what-it-means",
         "What the Safety Valve deal means for families in Kingston", "Tania Marsh",
         "2024-03-05T09:00:00", "2024-03-06T12:30:00", (5,), (21, 22),
         "<p>Kingston upon Thames joined the Safety Valve programme in tranche 1, and the "
         "agreement it signed with the Department for Education is now public.</p>"
         "<p>The council must cut its high needs deficit, and families tell us the pressure "
         f'shows. The <a href="{GOVUK_PLAN}">SEND and alternative provision improvement '
         "plan</a> promised a fairer system.</p>"
         "<p>We asked the council how many requests for assessment it refused last year. "
         "It has not answered yet.</p>",
         (Comment(11, "Jane Parent", "https://blog.example.org/jane",
                  f'<p>We were refused twice. <a href="{IPSEA}">IPSEA\'s guide</a> got us '
                  "through the appeal.</p>"),
          Comment(12, "Sam Okafor", None,
                  "<p>Our school was told the same thing about the deficit.</p>"))),
    Post(102, "tribunal-appeals-record", "Tribunal appeals reach another record",
         "Matt Keane", "2024-02-20T08:15:00", "2024-02-20T08:15:00", (8,), (),
         "<p>Appeals to the SEND tribunal rose again this year, and families won almost all "
         "of them.</p>"
         f'<p>The <a href="{COMMITTEE}">Education Committee\'s inquiry</a> heard that '
         "councils defend appeals they expect to lose.</p>"),
    Post(103, "birmingham-waiting-for-assessment",
         "Guest post: two years waiting for an assessment in Birmingham", "Priya Shah",
         "2024-01-12T19:40:00", "2024-01-15T10:00:00", (3,), (23,),
         "<p>Our son was referred in January 2022. Birmingham City Council finally agreed "
         "to assess him this month.</p>"
         "<p>Every letter we received said the service was under review.</p>"),
    Post(104, "dbv-tranche-two", "Delivering Better Value: what the tranche 2 councils heard",
         "Tania Marsh", "2023-11-02T07:00:00", "2023-11-02T07:00:00", (5,), (24,),
         "<p>Councils in the second tranche of "
         f'<a href="{DBV}">Delivering Better Value in SEND</a> were given diagnostic '
         "reports this autumn.</p>"
         "<p>Parents were not asked to comment on any of them.</p>"),
    Post(105, "annual-reviews-late", "Late annual reviews: a checklist for parents",
         "Matt Keane", "2023-09-18T11:00:00", "2023-09-18T11:00:00", (3,), (),
         "<p>An annual review meeting must be followed by the council's decision within "
         "four weeks.</p>"
         "<p>Keep a diary of every date, and ask for the decision in writing.</p>"),
)


def _iso_z(value: str) -> str:
    return value + "+00:00"


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:16] + '"'


def conditional(make: Callable[[RecordedRequest], tuple[int, bytes, list[tuple[str, str]]]]
                ) -> Callable[[RecordedRequest], Reply]:
    """A handler that answers 304 when the client's ETag is the current one."""
    def handle(req: RecordedRequest) -> Reply:
        status, body, headers = make(req)
        tag = _etag(body)
        headers = [*headers, ("ETag", tag)]
        if status == 200 and req.header("if-none-match") == tag:
            return Reply(304, b"", headers)
        return Reply(status, body, headers)
    return handle


def _html(body: str) -> list[tuple[str, str]]:
    return [("Content-Type", "text/html; charset=UTF-8")]


@dataclass
class WordPressBlog:
    site: LocalSite
    posts: tuple[Post, ...] = POSTS
    name: str = "Special Needs Jungle"
    api: bool | str = True  # True; False (404); "forbidden" (401 JSON); "html" (200 HTML)
    sitemaps: str | None = "core"  # "core", "yoast" or None
    feed: bool = True
    body_class: str = "entry-content"
    overrides: dict[str, str] = field(default_factory=dict)  # path -> replacement page body

    # -- addresses ---------------------------------------------------------------------
    @property
    def base(self) -> str:
        return self.site.url("").rstrip("/")

    def url(self, path: str) -> str:
        return self.base + path

    def post_url(self, post: Post) -> str:
        return self.url(post.path)

    def change(self, post: Post, **changes: object) -> Post:
        """Replace a post (same id) by a changed copy; the site serves it from now on."""
        new = replace(post, **changes)  # type: ignore[arg-type]
        self.posts = tuple(new if p.pid == post.pid else p for p in self.posts)
        return new

    # -- serving -----------------------------------------------------------------------
    def serve(self) -> WordPressBlog:
        s = self.site
        sitemap_line = {"core": "wp-sitemap.xml", "yoast": "sitemap_index.xml"}.get(
            self.sitemaps or "")
        robots = "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
        if sitemap_line:
            robots += f"\nSitemap: {self.url('/' + sitemap_line)}\n"
        s.robots(robots)
        for post in self.posts:
            s.route(post.path, conditional(lambda req, pid=post.pid: self._post_page(pid)))
        s.route("/", conditional(self._front))
        if self.api:
            s.route("/wp-json/wp/v2/posts", conditional(self._api))
        if self.sitemaps == "core":
            s.route("/wp-sitemap.xml", conditional(lambda req: self._xml(self._core_index())))
            s.route("/wp-sitemap-posts-post-1.xml",
                    conditional(lambda req: self._xml(self._urlset(front=False))))
        elif self.sitemaps == "yoast":
            s.route("/sitemap_index.xml", conditional(lambda req: self._xml(self._yoast_index())))
            s.route("/post-sitemap.xml",
                    conditional(lambda req: self._xml(self._urlset(front=True))))
        if self.feed:
            s.route("/feed/", conditional(lambda req: self._rss(self.posts, self.url("/feed/"))))
        return self

    def _post(self, pid: int) -> Post:
        return next(p for p in self.posts if p.pid == pid)

    def _post_page(self, pid: int) -> tuple[int, bytes, list[tuple[str, str]]]:
        post = self._post(pid)
        body = self.overrides.get(post.path) or post_page(self, post)
        return 200, body.encode("utf-8"), _html(body)

    def _front(self, req: RecordedRequest) -> tuple[int, bytes, list[tuple[str, str]]]:
        query = parse_qs(req.query)
        if query.get("feed") == ["rss2"] and self.feed:
            found = list(self.posts)
            if "s" in query:
                term = query["s"][0].lower()
                found = [p for p in found if term in p.plain().lower()]
            if "cat" in query:
                wanted = {int(c) for c in query["cat"][0].split(",")}
                found = [p for p in found if wanted & set(p.categories)]
            return self._rss(tuple(found), self.url("/?" + req.query))
        items = "".join(f'<li><a href="{self.post_url(p)}">{escape(p.title)}</a></li>'
                        for p in self.posts)
        body = (f"<!DOCTYPE html><html><head><title>{self.name}</title></head><body>"
                f"<main><ul>{items}</ul></main></body></html>")
        return 200, body.encode(), _html(body)

    # -- the REST API ------------------------------------------------------------------
    def _api(self, req: RecordedRequest) -> tuple[int, bytes, list[tuple[str, str]]]:
        json_type = [("Content-Type", "application/json; charset=UTF-8")]
        if self.api == "forbidden":
            body = json.dumps({"code": "rest_cannot_access", "message": "Only authenticated "
                               "users can access the REST API.", "data": {"status": 401}})
            return 401, body.encode(), json_type
        if self.api == "html":
            body = "<!DOCTYPE html><html><body><p>Under maintenance</p></body></html>"
            return 200, body.encode(), _html(body)
        q = {k: v[0] for k, v in parse_qs(req.query).items()}
        found = sorted(self.posts, key=lambda p: p.published, reverse=True)
        if "search" in q:
            found = [p for p in found if q["search"].lower() in p.plain().lower()]
        if "after" in q:
            found = [p for p in found if p.published > q["after"]]
        if "categories" in q:
            wanted = {int(c) for c in q["categories"].split(",")}
            found = [p for p in found if wanted & set(p.categories)]
        per_page, page = int(q.get("per_page", 10)), int(q.get("page", 1))
        pages = max(1, -(-len(found) // per_page))
        if page > pages:
            body = json.dumps({"code": "rest_post_invalid_page_number", "message": "The page "
                               "number requested is larger than the number of pages "
                               "available.", "data": {"status": 400}})
            return 400, body.encode(), json_type
        chunk = found[(page - 1) * per_page: page * per_page]
        fields = q.get("_fields", "").split(",") if q.get("_fields") else None
        records = [self._record(p, fields) for p in chunk]
        headers = [*json_type, ("X-WP-Total", str(len(found))), ("X-WP-TotalPages", str(pages)),
                   ("Link", f'<{self.url("/wp-json/")}>; rel="https://api.w.org/"')]
        return 200, json.dumps(records).encode(), headers

    def _record(self, p: Post, fields: list[str] | None) -> dict[str, object]:
        full: dict[str, object] = {
            "id": p.pid, "date": p.published, "date_gmt": p.published,
            "modified": p.modified, "modified_gmt": p.modified, "slug": p.slug,
            "status": "publish", "type": "post", "link": self.post_url(p),
            "title": {"rendered": escape(p.title)},
            "content": {"rendered": p.body, "protected": False},
            "author": 2, "categories": list(p.categories), "tags": list(p.tags),
        }
        return {k: v for k, v in full.items() if fields is None or k in fields}

    # -- sitemaps and feeds ------------------------------------------------------------
    def _xml(self, text: str, kind: str = "application/xml") -> tuple[int, bytes,
                                                                      list[tuple[str, str]]]:
        return 200, text.encode("utf-8"), [("Content-Type", f"{kind}; charset=UTF-8")]

    def _core_index(self) -> str:
        names = ("posts-post-1", "posts-page-1", "taxonomies-category-1", "users-1")
        entries = "".join(f"<sitemap><loc>{self.url(f'/wp-sitemap-{n}.xml')}</loc></sitemap>"
                          for n in names)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<?xml-stylesheet type="text/xsl" href="{self.url("/wp-sitemap-index.xsl")}" ?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{entries}</sitemapindex>\n")

    def _yoast_index(self) -> str:
        newest = max(p.modified for p in self.posts)
        entries = (f"<sitemap><loc>{self.url('/post-sitemap.xml')}</loc>"
                   f"<lastmod>{_iso_z(newest)}</lastmod></sitemap>"
                   f"<sitemap><loc>{self.url('/page-sitemap.xml')}</loc>"
                   "<lastmod>2023-01-10T10:00:00+00:00</lastmod></sitemap>"
                   f"<sitemap><loc>{self.url('/category-sitemap.xml')}</loc></sitemap>")
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{entries}</sitemapindex>\n<!-- XML Sitemap generated by Yoast SEO -->")

    def _urlset(self, *, front: bool) -> str:
        rows = [f"<url><loc>{self.url('/')}</loc></url>"] if front else []
        for p in sorted(self.posts, key=lambda p: p.pid):  # oldest id first, as WordPress
            rows.append(f"<url><loc>{self.post_url(p)}</loc>"
                        f"<lastmod>{_iso_z(p.modified)}</lastmod></url>")
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
                f"{''.join(rows)}</urlset>")

    def _rss(self, posts: tuple[Post, ...], self_url: str) -> tuple[int, bytes,
                                                                     list[tuple[str, str]]]:
        items = []
        for p in sorted(posts, key=lambda p: p.published, reverse=True):
            date = format_datetime(datetime.fromisoformat(_iso_z(p.published)), usegmt=True)
            cats = "".join(f"<category><![CDATA[{CATEGORIES[c][0]}]]></category>"
                           for c in p.categories)
            items.append(
                f"<item><title>{escape(p.title)}</title><link>{self.post_url(p)}</link>"
                f"<comments>{self.post_url(p)}#comments</comments>"
                f"<dc:creator><![CDATA[{p.author}]]></dc:creator><pubDate>{date}</pubDate>"
                f'{cats}<guid isPermaLink="false">{self.url(f"/?p={p.pid}")}</guid>'
                f"<description><![CDATA[{p.plain()[:120]}]]></description>"
                f"<content:encoded><![CDATA[{p.body}]]></content:encoded></item>")
        text = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" '
                'xmlns:atom="http://www.w3.org/2005/Atom">'
                f"<channel><title>{escape(self.name)}</title>"
                f'<atom:link href="{escape(self_url)}" rel="self" type="application/rss+xml"/>'
                f"<link>{self.url('/')}</link><description>SEND news</description>"
                f"<language>en-GB</language>{''.join(items)}</channel></rss>")
        return self._xml(text, "application/rss+xml")


def post_page(blog: WordPressBlog, post: Post) -> str:
    """A post as a classic WordPress theme (with Yoast SEO) renders it."""
    url, base = blog.post_url(post), blog.base
    person = f"{base}/#/schema/person/{post.author.lower().replace(' ', '-')}"
    cats = [CATEGORIES[c] for c in post.categories]
    tags = [TAGS[t] for t in post.tags]
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "@id": f"{url}#article", "isPartOf": {"@id": url},
         "author": {"name": post.author, "@id": person}, "headline": post.title,
         "datePublished": _iso_z(post.published), "dateModified": _iso_z(post.modified),
         "mainEntityOfPage": {"@id": url}, "publisher": {"@id": f"{base}/#organization"},
         "keywords": tags, "articleSection": [c[0] for c in cats], "inLanguage": "en-GB"},
        {"@type": "WebPage", "@id": url, "url": url, "name": f"{post.title} - {blog.name}",
         "datePublished": _iso_z(post.published)},
        {"@type": "Organization", "@id": f"{base}/#organization", "name": blog.name},
        {"@type": "Person", "@id": person, "name": post.author},
    ]}
    meta = "".join(f'<meta property="article:tag" content="{t}" />' for t in tags)
    cat_links = ", ".join(f'<a href="{base}/category/{slug}/" rel="category tag">{name}</a>'
                          for name, slug in cats)
    tag_links = ", ".join(f'<a href="{base}/tag/{t}/" rel="tag">{t}</a>' for t in tags)
    comments = ""
    if post.comments:
        lis = []
        for c in post.comments:
            who = (f'<a href="{c.website}" class="url" rel="ugc external nofollow">{c.author}</a>'
                   if c.website else c.author)
            lis.append(
                f'<li id="comment-{c.cid}" class="comment even thread-even depth-1">'
                f'<article id="div-comment-{c.cid}" class="comment-body">'
                '<footer class="comment-meta"><div class="comment-author vcard">'
                f'<b class="fn">{who}</b> <span class="says">says:</span></div>'
                f'<div class="comment-metadata"><a href="{url}#comment-{c.cid}">'
                '<time datetime="2024-03-06T08:00:00+00:00">6 March 2024 at 8:00 am</time>'
                "</a></div></footer>"
                f'<div class="comment-content">{c.html}</div>'
                f'<div class="reply"><a rel="nofollow" class="comment-reply-link" '
                f'href="{url}?replytocom={c.cid}#respond">Reply</a></div></article></li>')
        comments = (
            '<div id="comments" class="comments-area"><h2 class="comments-title">'
            f"{len(post.comments)} thoughts on &ldquo;{escape(post.title)}&rdquo;</h2>"
            f'<ol class="comment-list">{"".join(lis)}</ol>'
            '<div id="respond" class="comment-respond"><h3 id="reply-title" '
            'class="comment-reply-title">Leave a Reply</h3>'
            f'<form action="{base}/wp-comments-post.php" method="post" id="commentform">'
            '<p class="comment-form-comment"><label for="comment">Comment</label>'
            '<textarea id="comment" name="comment"></textarea></p></form></div></div>')
    author_url = f"{base}/author/{post.author.lower().replace(' ', '-')}/"
    recent = "".join(f'<li><a href="{blog.post_url(p)}">{escape(p.title)}</a></li>'
                     for p in blog.posts if p.pid != post.pid)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(post.title)} - {escape(blog.name)}</title>
<link rel="canonical" href="{url}" />
<meta property="og:locale" content="en_GB" />
<meta property="og:type" content="article" />
<meta property="og:title" content="{escape(post.title)}" />
<meta property="og:url" content="{url}" />
<meta property="og:site_name" content="{escape(blog.name)}" />
<meta property="article:published_time" content="{_iso_z(post.published)}" />
<meta property="article:modified_time" content="{_iso_z(post.modified)}" />
<meta property="article:section" content="{cats[0][0] if cats else ''}" />
{meta}
<meta name="author" content="{post.author}" />
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(ld)}</script>
<link rel="alternate" type="application/rss+xml" title="{escape(blog.name)} &raquo; Feed"
 href="{base}/feed/" />
<link rel="https://api.w.org/" href="{base}/wp-json/" />
<link rel="alternate" type="application/json" href="{base}/wp-json/wp/v2/posts/{post.pid}" />
<link rel="shortlink" href="{base}/?p={post.pid}" />
<link rel="stylesheet" id="theme-style-css" href="{base}/wp-content/themes/jungle/style.css" />
</head>
<body class="post-template-default single single-post postid-{post.pid} single-format-standard">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<div id="page" class="site">
<header id="masthead" class="site-header">
<p class="site-title"><a href="{base}/" rel="home">{escape(blog.name)}</a></p>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="{base}/about/">About us</a></li>
<li class="menu-item"><a href="{base}/category/ehcps/">EHCPs</a></li>
<li class="menu-item"><a href="{base}/contact/">Contact</a></li></ul></nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-{post.pid}"
 class="post-{post.pid} post type-post status-publish format-standard hentry">
<header class="entry-header"><h1 class="entry-title">{escape(post.title)}</h1>
<div class="entry-meta"><span class="byline"> by <span class="author vcard">
<a class="url fn n" href="{author_url}">{post.author}</a></span></span>
<span class="posted-on"><time class="entry-date published"
 datetime="{_iso_z(post.published)}">{post.published[:10]}</time><time class="updated"
 datetime="{_iso_z(post.modified)}">{post.modified[:10]}</time></span></div>
</header>
<div class="{blog.body_class}">
{post.body}
<div class="sharedaddy sd-sharing-enabled">
<div class="robots-nocontent sd-block sd-social"><h3 class="sd-title">Share this:</h3>
<div class="sd-content"><ul><li class="share-twitter"><a rel="nofollow noopener noreferrer"
 class="share-twitter sd-button" href="{url}?share=twitter" target="_blank"
 title="Click to share on Twitter"><span>Twitter</span></a></li></ul></div></div></div>
</div>
<footer class="entry-footer"><span class="cat-links">Posted in {cat_links}</span>
 <span class="tags-links">Tagged {tag_links}</span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Posts">
<h2 class="screen-reader-text">Post navigation</h2><div class="nav-links">
<div class="nav-previous"><a href="{base}/" rel="prev">Previous post</a></div></div></nav>
{comments}
</main></div>
<aside id="secondary" class="widget-area">
<section id="search-2" class="widget widget_search">
<form role="search" method="get" class="search-form" action="{base}/"><label>
<span class="screen-reader-text">Search for:</span>
<input type="search" class="search-field" name="s" /></label></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries">
<h2 class="widget-title">Recent Posts</h2><ul>{recent}</ul></section>
<section id="text-3" class="widget widget_text"><div class="textwidget">
<p>Get our weekly round-up: <a href="{NEWSLETTER}">sign up to the newsletter</a>.</p>
</div></section>
</aside>
</div>
<footer id="colophon" class="site-footer">
<div class="site-info">&copy; {escape(blog.name)}. Proudly powered by WordPress.</div></footer>
</div>
</body>
</html>
"""


def api_path(**query: object) -> str:
    return "/wp-json/wp/v2/posts?" + urlencode(query)
