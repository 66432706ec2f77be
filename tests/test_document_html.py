"""HTML -> Document: main content vs chrome, comments, blocks, spans, links, robustness."""

from __future__ import annotations

import json
import time

import pytest

from sendgraph.document import Document, build_document

BLOG_URL = "https://send-blog.example.org/2019/10/targets-and-culture/"

# A WordPress-like post: site chrome all round, an article with every block type, Jetpack
# share/related widgets, and a comment thread with a nested reply.
BLOG = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="UTF-8">
<title>Targets and culture &#8211; Example SEND Blog</title>
<meta name="description" content="Why team targets shape decisions about plans.">
<meta name="author" content="Plain Meta Author">
<meta property="og:type" content="article">
<meta property="og:title" content="Targets and culture (OG)">
<meta property="og:site_name" content="Example SEND Blog">
<meta property="article:published_time" content="2019-10-22T08:00:00+00:00">
<meta property="article:modified_time" content="2019-11-01T12:30:00+00:00">
<link rel="canonical" href="https://send-blog.example.org/2019/10/targets-and-culture/">
<link rel="stylesheet" href="/wp-content/themes/twentyfifteen/style.css">
<style>.site-header { color: red } body::before { content: "STYLE TEXT" }</style>
<script>var tracking = "SCRIPT TEXT";</script>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebPage", "@id": "https://send-blog.example.org/2019/10/targets-and-culture/",
   "name": "Targets and culture - Example SEND Blog", "inLanguage": "en-GB"},
  {"@type": "Article", "@id": "https://send-blog.example.org/2019/10/targets-and-culture/#article",
   "headline": "Targets and culture",
   "author": {"@id": "https://send-blog.example.org/#/schema/person/1"},
   "datePublished": "2019-10-23T09:15:00+01:00",
   "dateModified": "2019-10-24T10:00:00+01:00",
   "publisher": {"@id": "https://send-blog.example.org/#organization"},
   "mainEntityOfPage": {"@id": "https://send-blog.example.org/2019/10/targets-and-culture/"}},
  {"@type": "Person", "@id": "https://send-blog.example.org/#/schema/person/1",
   "name": "Morgan Guest"},
  {"@type": "Organization", "@id": "https://send-blog.example.org/#organization",
   "name": "Example SEND Blog Ltd"},
  {"@type": "WebSite", "@id": "https://send-blog.example.org/#website",
   "name": "Example SEND Blog"}
]}
</script>
</head>
<body class="post-template-default single single-post has-sidebar">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<div id="cookie-notice" class="cookie-notice-container">We use cookies on this site.
  <a href="/privacy/">Privacy policy</a></div>
<div id="page" class="hfeed site">
<header id="masthead" class="site-header" role="banner">
  <p class="site-title"><a href="/" rel="home">Example SEND Blog</a></p>
  <p class="site-description">Parents writing about the system</p>
  <nav id="site-navigation" class="main-navigation">
    <button class="menu-toggle">Menu</button>
    <ul id="primary-menu" class="menu">
      <li class="menu-item"><a href="/about/">About us</a></li>
      <li class="menu-item"><a href="/archive/">Archive pages</a></li>
    </ul>
  </nav>
</header>
<div id="content" class="site-content">
<div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-42" class="post-42 post type-post status-publish hentry category-policy">
  <header class="entry-header">
    <h1 class="entry-title">Targets and   culture</h1>
    <div class="entry-meta"><span class="posted-on">Posted on <time>23 October 2019</time>
      </span></div>
  </header>
  <div class="entry-content">
    <p>Our council's assessment team has <strong>annual targets</strong> for new plans,
       as the <a href="/2019/09/foi-answers/">freedom of information answers</a> show.</p>
    <p>The targets were confirmed in the
       <a href="https://www.gov.uk/government/publications/send-review">national review</a>
       and in a <a href="report.pdf#page=4">local report</a>.</p>
    <h2>What the targets say</h2>
    <ul>
      <li>Issue fewer than 200 new plans a year</li>
      <li>Cut placements out of county
        <ul><li>including residential ones</li></ul>
      </li>
    </ul>
    <ol><li>First numbered point</li><li>Second numbered point</li></ol>
    <table>
      <thead><tr><th>Year</th><th>Target</th></tr></thead>
      <tbody><tr><td>2018-19</td><td>176 plans</td></tr>
             <tr><td colspan="2">Source: team objectives</td></tr></tbody>
    </table>
    <blockquote><p>Culture has to change as well as the law.</p>
      <p>Second quoted paragraph.</p></blockquote>
    <figure><img src="/boys.jpg" alt="Two boys">
      <figcaption>A caption under the photo</figcaption></figure>
    <p>Line one<br>line two&nbsp;&nbsp;with   spaces and <em>emphasis</em>.</p>
    <div class="sharedaddy sd-sharing-enabled"><div class="sd-block sd-social">
      <h3 class="sd-title">Share this:</h3>
      <ul><li class="share-twitter"><a href="?share=twitter">Twitter</a></li></ul></div></div>
    <div id="jp-relatedposts" class="jp-relatedposts"><h3>Related</h3>
      <p><a href="/older-post/">An older post about something else</a></p></div>
  </div>
  <footer class="entry-footer"><span class="cat-links">Posted in Policy</span></footer>
</article>
<nav class="navigation post-navigation"><a href="/prev/">Previous post title</a></nav>
<div id="comments" class="comments-area">
  <h2 class="comments-title">3 thoughts on &ldquo;Targets and culture&rdquo;</h2>
  <ol class="comment-list">
    <li id="comment-1" class="comment even thread-even depth-1 parent">
      <article id="div-comment-1" class="comment-body">
        <footer class="comment-meta">
          <div class="comment-author vcard"><img class="avatar" src="/a.png" alt="">
            <b class="fn"><a href="https://jane.example.net/" class="url">Jane Parent</a></b>
            <span class="says">says:</span></div>
          <div class="comment-metadata"><a href="#comment-1">
            <time>October 23, 2019 at 10:02 am</time></a></div>
        </footer>
        <div class="comment-content"><p>My son waited forty weeks for his plan.</p>
          <p>The panel never explained <a href="/panel/">the decision</a>.</p></div>
        <div class="reply">
          <a class="comment-reply-link" href="?replytocom=1#respond">Reply</a></div>
      </article>
      <ol class="children">
        <li id="comment-2" class="comment byuser bypostauthor odd alt depth-2">
          <article id="div-comment-2" class="comment-body">
            <footer class="comment-meta"><div class="comment-author vcard">
              <b class="fn">Morgan Guest</b> <span class="says">says:</span></div>
              <div class="comment-metadata"><time>October 23, 2019 at 11:40 am</time></div></footer>
            <div class="comment-content"><p>Thank you for telling us about the panel.</p></div>
            <div class="reply"><a class="comment-reply-link" href="?replytocom=2">Reply</a></div>
          </article>
        </li>
      </ol>
    </li>
    <li id="comment-3" class="comment even thread-odd depth-1">
      <article id="div-comment-3" class="comment-body">
        <footer class="comment-meta"><div class="comment-author vcard">
          <b class="fn">Sam Teacher</b> <span class="says">says:</span></div></footer>
        <div class="comment-content"><p>Our school SENCO sees the same pressure.</p></div>
      </article>
    </li>
  </ol>
  <div id="respond" class="comment-respond">
    <h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
    <form action="/wp-comments-post.php" method="post" id="commentform">
      <p class="comment-notes">Your email address will not be published.</p>
      <label for="comment">Comment</label><textarea id="comment"></textarea>
      <input type="submit" value="Post Comment">
    </form>
  </div>
</div>
</main>
</div>
<aside id="secondary" class="widget-area">
  <section class="widget widget_search">
    <form><label>Search for:</label><input type="search"></form></section>
  <section class="widget widget_recent_entries"><h2 class="widget-title">Recent Posts</h2>
    <ul><li><a href="/recent-one/">A recent sidebar post</a></li></ul></section>
  <section class="widget widget_text"><div class="textwidget">Sidebar blurb text</div></section>
</aside>
</div>
<footer id="colophon" class="site-footer">
  <div class="site-info">Proudly powered by WordPress</div></footer>
</div>
<script>document.write("late script text")</script>
</body>
</html>
"""

EXPECTED_MAIN = [
    ("heading", "Targets and culture"),
    ("paragraph", "Posted on 23 October 2019"),
    ("paragraph", "Our council's assessment team has annual targets for new plans, as the "
                  "freedom of information answers show."),
    ("paragraph", "The targets were confirmed in the national review and in a local report."),
    ("heading", "What the targets say"),
    ("list_item", "Issue fewer than 200 new plans a year"),
    ("list_item", "Cut placements out of county"),
    ("list_item", "including residential ones"),
    ("list_item", "First numbered point"),
    ("list_item", "Second numbered point"),
    ("table_cell", "Year"),
    ("table_cell", "Target"),
    ("table_cell", "2018-19"),
    ("table_cell", "176 plans"),
    ("table_cell", "Source: team objectives"),
    ("quotation", "Culture has to change as well as the law."),
    ("quotation", "Second quoted paragraph."),
    ("paragraph", "A caption under the photo"),
    ("paragraph", "Line one line two with spaces and emphasis."),
    ("paragraph", "Posted in Policy"),
]
EXPECTED_COMMENTS = [
    ("Jane Parent", 1, "My son waited forty weeks for his plan."),
    ("Jane Parent", 1, "The panel never explained the decision."),
    ("Morgan Guest", 2, "Thank you for telling us about the panel."),
    ("Sam Teacher", 3, "Our school SENCO sees the same pressure."),
]
CHROME_TEXT = [
    "Skip to content", "We use cookies", "Privacy policy", "Parents writing about the system",
    "About us", "Archive pages", "Menu", "Share this", "Twitter", "Related",
    "An older post about something else", "Previous post title", "thoughts on",
    "Leave a Reply", "Your email address", "Post Comment", "Search for", "Recent Posts",
    "A recent sidebar post", "Sidebar blurb text", "Proudly powered", "STYLE TEXT",
    "SCRIPT TEXT", "late script text", "says:", "Reply", "10:02", "Example SEND Blog",
]


def blog() -> Document:
    return build_document(BLOG.encode("utf-8"), url=BLOG_URL,
                          content_type="text/html; charset=UTF-8", snapshot_id="blog0001")


def texts(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


def test_blog_main_content_blocks_exactly() -> None:
    doc = blog()
    main = [(k, t) for k, t in texts(doc) if k != "comment"]
    assert main == EXPECTED_MAIN


def test_blog_text_is_blocks_joined() -> None:
    doc = blog()
    assert doc.text == "\n\n".join(doc.text[b.start:b.end] for b in doc.blocks)


@pytest.mark.parametrize("chrome", CHROME_TEXT)
def test_blog_chrome_is_absent(chrome: str) -> None:
    assert chrome not in blog().text


def test_blog_comments_come_last_with_authors() -> None:
    doc = blog()
    kinds = [b.kind for b in doc.blocks]
    first_comment = kinds.index("comment")
    assert all(k != "comment" for k in kinds[:first_comment])
    assert all(k == "comment" for k in kinds[first_comment:])
    got = [(b.author, b.comment, doc.text[b.start:b.end]) for b in doc.blocks[first_comment:]]
    assert got == EXPECTED_COMMENTS


def test_commenters_words_not_in_main_content() -> None:
    doc = blog()
    main_text = " ".join(doc.text[b.start:b.end] for b in doc.blocks if b.kind != "comment")
    for _, _, words in EXPECTED_COMMENTS:
        assert words not in main_text
    for author in ("Jane Parent", "Sam Teacher"):
        assert author not in doc.text  # bylines are metadata, not comment text


def test_blog_block_attributes() -> None:
    doc = blog()
    by_text = {doc.text[b.start:b.end]: b for b in doc.blocks}
    assert by_text["Targets and culture"].level == 1
    assert by_text["What the targets say"].level == 2
    assert by_text["Cut placements out of county"].level == 1
    assert by_text["including residential ones"].level == 2
    cells = [(b.table, b.row, b.col) for b in doc.blocks if b.kind == "table_cell"]
    assert cells == [(0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1), (0, 2, 0)]
    assert all(b.page is None for b in doc.blocks)


def test_blog_links_absolute_with_anchor_spans() -> None:
    doc = blog()
    got = [(link.url, link.text) for link in doc.links]
    assert got == [
        ("https://send-blog.example.org/2019/09/foi-answers/", "freedom of information answers"),
        ("https://www.gov.uk/government/publications/send-review", "national review"),
        ("https://send-blog.example.org/2019/10/targets-and-culture/report.pdf#page=4",
         "local report"),
        ("https://send-blog.example.org/panel/", "the decision"),
    ]
    for link in doc.links:
        assert doc.text[link.start:link.end] == link.text


def test_blog_metadata() -> None:
    meta = blog().metadata
    assert meta.title == "Targets and culture"  # JSON-LD headline beats og:title and <title>
    assert meta.authors == ("Morgan Guest",)  # resolved through the @graph @id reference
    assert meta.published == "2019-10-23T09:15:00+01:00"
    assert meta.modified == "2019-10-24T10:00:00+01:00"
    assert meta.publisher == "Example SEND Blog Ltd"
    assert meta.site_name == "Example SEND Blog"
    assert meta.canonical_url == BLOG_URL
    assert meta.language == "en-GB"
    assert meta.description == "Why team targets shape decisions about plans."
    assert meta.extra["og_type"] == "article"


def test_blog_is_deterministic_and_json_serialisable() -> None:
    first, second = blog().to_json(), blog().to_json()
    assert first == second
    encoded = json.dumps(first, sort_keys=True)
    assert json.loads(encoded)["blocks"][0] == {"kind": "heading", "start": 0, "end": 19,
                                                "page": None, "level": 1}
    assert Document.from_json(json.loads(encoded)) == blog()


GOVUK = """<!DOCTYPE html><html lang="en" class="govuk-template">
<head><meta charset="utf-8"><title>SEND funding review - GOV.UK</title>
<meta name="govuk:first-published-at" content="2019-10-23T00:00:00+01:00">
<meta name="govuk:public-updated-at" content="2020-01-15T10:00:00+00:00">
<meta property="og:site_name" content="GOV.UK">
<meta name="description" content="How high needs funding is reviewed.">
<link rel="canonical" href="https://www.gov.uk/government/publications/send-funding-review">
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<div id="global-cookie-message" class="gem-c-cookie-banner" role="region">
  <p>Cookies on GOV.UK</p><button>Accept additional cookies</button></div>
<header role="banner" class="gem-c-layout-header govuk-header"><div class="govuk-header__container">
  <a href="/" class="govuk-header__link">GOV.UK</a></div></header>
<div class="govuk-width-container">
  <div class="gem-c-phase-banner govuk-phase-banner"><p>This is a new service</p></div>
  <nav class="govuk-breadcrumbs" aria-label="Breadcrumb"><ol class="govuk-breadcrumbs__list">
    <li><a href="/">Home</a></li>
    <li><a href="/education">Education, training and skills</a></li></ol></nav>
  <main role="main" id="main-content" class="govuk-main-wrapper">
    <div class="gem-c-title"><span class="gem-c-title__context">Policy paper</span>
      <h1 class="gem-c-title__text">SEND funding review</h1></div>
    <p class="gem-c-lead-paragraph">How high needs funding is reviewed.</p>
    <div class="gem-c-metadata"><dl><dt>From:</dt>
      <dd><a href="/government/organisations/department-for-education"
        >Department for Education</a></dd>
      <dt>Published</dt><dd>23 October 2019</dd></dl></div>
    <aside class="gem-c-contextual-sidebar"><h2>Related content</h2>
      <a href="/x">Another policy</a></aside>
    <div class="gem-c-contents-list" role="navigation"><h2>Contents</h2>
      <ol><li><a href="#summary">Summary</a></li></ol></div>
    <div class="govspeak">
      <h2 id="summary">Summary <span class="govuk-visually-hidden">section</span></h2>
      <p>The review covers <a href="/guidance/high-needs">high needs funding</a> for 2020.</p>
      <table><tr><th>Authority</th><th>Deficit</th></tr>
        <tr><td>Example Borough</td><td>&pound;12m</td></tr></table>
    </div>
    <div class="gem-c-print-link"><button>Print this page</button></div>
  </main>
</div>
<footer class="govuk-footer" role="contentinfo">
  <p>All content is available under the Open Government Licence</p></footer>
</body></html>"""


def test_govuk_page() -> None:
    doc = build_document(GOVUK.encode(), url="https://www.gov.uk/government/publications/x",
                         content_type="text/html", snapshot_id="gov00001")
    assert texts(doc) == [
        ("paragraph", "Policy paper"),
        ("heading", "SEND funding review"),
        ("paragraph", "How high needs funding is reviewed."),
        ("paragraph", "From:"),
        ("paragraph", "Department for Education"),
        ("paragraph", "Published"),
        ("paragraph", "23 October 2019"),
        ("heading", "Summary"),
        ("paragraph", "The review covers high needs funding for 2020."),
        ("table_cell", "Authority"),
        ("table_cell", "Deficit"),
        ("table_cell", "Example Borough"),
        ("table_cell", "£12m"),
    ]
    assert [link.url for link in doc.links] == [
        "https://www.gov.uk/government/organisations/department-for-education",
        "https://www.gov.uk/guidance/high-needs",
    ]
    meta = doc.metadata
    assert meta.title == "SEND funding review - GOV.UK"
    assert meta.published == "2019-10-23T00:00:00+01:00"
    assert meta.modified == "2020-01-15T10:00:00+00:00"
    assert meta.site_name == "GOV.UK"
    assert meta.language == "en"
    assert meta.canonical_url == "https://www.gov.uk/government/publications/send-funding-review"


def html_doc(body: str, url: str = "https://example.org/a/b.html", **kw: object) -> Document:
    return build_document(f"<html><body>{body}</body></html>".encode(), url=url,
                          content_type="text/html; charset=utf-8", snapshot_id="t", **kw)


def test_entry_header_kept_site_header_dropped_without_article() -> None:
    doc = html_doc('<div class="site-header">Site name</div><div id="content">'
                   '<div class="entry-header"><h1>Kept title</h1></div><p>Body text.</p></div>'
                   '<div class="page-footer">Bottom links</div>')
    assert texts(doc) == [("heading", "Kept title"), ("paragraph", "Body text.")]


@pytest.mark.parametrize("cls", ["navy-blue", "canvas-wrap", "elementor-widget-container",
                                 "has-sidebar", "entry-header", "post-footer", "comment-text"])
def test_class_tokens_that_are_not_chrome(cls: str) -> None:
    doc = html_doc(f'<div class="{cls}"><p>Keep me.</p></div>')
    assert texts(doc) == [("paragraph", "Keep me.")]


@pytest.mark.parametrize("markup", [
    '<div class="widget_text">X</div>', '<div class="nav-links">X</div>',
    '<div class="breadcrumbs">X</div>', '<div class="cookie-banner">X</div>',
    '<div class="social-icons">X</div>', '<div id="sidebar">X</div>',
    '<div class="newsletter-signup">X</div>', '<div role="navigation">X</div>',
    '<div class="site-footer">X</div>', '<div class="advert">X</div>',
    '<div class="related-posts">X</div>', '<div hidden>X</div>',
    '<div style="display: none">X</div>', '<nav>X</nav>', '<aside>X</aside>',
    '<footer>X</footer>', '<div id="disqus_thread">X</div>', '<noscript>X</noscript>',
    '<template>X</template>', '<svg><text>X</text></svg>', '<select><option>X</option></select>',
])
def test_chrome_dropped(markup: str) -> None:
    doc = html_doc(f"<p>Keep me.</p>{markup}")
    assert doc.text == "Keep me."


def test_wrapper_holding_the_article_is_not_dropped() -> None:
    doc = html_doc('<div class="sidebar-layout"><article><p>Inside.</p></article></div>')
    assert doc.text == "Inside."


def test_single_article_is_root_multiple_articles_use_main() -> None:
    one = html_doc("<div>Outside text</div><article><p>Inside.</p></article>")
    assert one.text == "Inside."
    many = html_doc("<div>Outside text</div><main><article><p>One.</p></article>"
                    "<article><p>Two.</p></article></main>")
    assert many.text == "One.\n\nTwo."


def test_header_inside_article_is_kept() -> None:
    doc = html_doc("<header>Site</header><article><header><h1>Title</h1></header>"
                   "<p>Text.</p><footer>By someone</footer></article>")
    assert texts(doc) == [("heading", "Title"), ("paragraph", "Text."),
                          ("paragraph", "By someone")]


def test_pre_keeps_lines_without_blank_lines() -> None:
    doc = html_doc("<pre>\n  alpha   beta\n\n\n    gamma  \r\n\tdelta</pre><p>after</p>")
    assert texts(doc) == [("paragraph", "alpha   beta\n    gamma\n\tdelta"),
                          ("paragraph", "after")]


def test_inline_and_block_text_runs() -> None:
    doc = html_doc("<div>Loose <b>bold</b><i>italic</i> text<p>Para</p>tail  text</div>")
    assert texts(doc) == [("paragraph", "Loose bolditalic text"), ("paragraph", "Para"),
                          ("paragraph", "tail text")]


def test_link_spanning_blocks_and_empty_link() -> None:
    doc = html_doc('<a href="/x"><p>One</p><p>Two</p></a><p>A <a href="/img"><img src="i">'
                   "</a>b</p>")
    assert texts(doc) == [("paragraph", "One"), ("paragraph", "Two"), ("paragraph", "A b")]
    spanning, empty = doc.links
    assert (spanning.url, spanning.text) == ("https://example.org/x", "One\n\nTwo")
    assert (empty.url, empty.text) == ("https://example.org/img", "")
    assert spanning.start == 0 and empty.start == empty.end


def test_links_resolve_against_base_and_skip_javascript() -> None:
    doc = build_document(
        b'<html><head><base href="https://cdn.example.net/docs/"></head><body><p>'
        b'<a href="report.pdf">Report</a> <a href="javascript:void(0)">JS</a> '
        b'<a href=" /path\n/x ">Spaced</a> <a href="mailto:a@example.org">Mail</a>'
        b"</p></body></html>",
        url="https://example.org/page", content_type="text/html", snapshot_id="t")
    assert [(link.url, link.text) for link in doc.links] == [
        ("https://cdn.example.net/docs/report.pdf", "Report"),
        ("https://cdn.example.net/path/x", "Spaced"),
        ("mailto:a@example.org", "Mail"),
    ]


def test_local_file_links_resolve_against_canonical() -> None:
    doc = build_document(
        b'<html><head><link rel="canonical" href="https://real.example.org/post/"></head>'
        b'<body><p><a href="../other/">Other</a></p></body></html>',
        url="file:///home/user/post.html", content_type="text/html", snapshot_id="t")
    assert doc.links[0].url == "https://real.example.org/other/"


def test_old_wordpress_and_wpdiscuz_comments() -> None:
    doc = html_doc(
        "<article><p>Post body.</p></article>"
        '<ol class="commentlist"><li class="comment"><div class="comment-body">'
        '<div class="comment-author vcard"><cite class="fn">Old Style</cite> <span class="says">'
        'says:</span></div><div class="comment-meta commentmetadata"><a>May 1, 2015</a></div>'
        '<p>Old theme comment.</p><div class="reply"><a>Reply</a></div></div></li></ol>'
        '<div id="wpdcom"><div class="wpd-thread-head">Notify of</div><div class="wpd-thread-list">'
        '<div class="wpd-comment"><div class="wpd-comment-header"><div class="wpd-comment-author">'
        'Disc User</div><div class="wpd-comment-date">1 year ago</div></div>'
        '<div class="wpd-comment-text"><p>Discuz comment.</p></div></div></div></div>')
    assert [(b.kind, b.author, doc.text[b.start:b.end]) for b in doc.blocks] == [
        ("paragraph", None, "Post body."),
        ("comment", "Old Style", "Old theme comment."),
        ("comment", "Disc User", "Discuz comment."),
    ]


def test_deeply_nested_html_does_not_crash_or_lose_text() -> None:
    depth = 5000
    markup = ("<div>" * depth + "deep text" + "</div>" * depth + "<p>after the nest</p>"
              + "<span>" * depth + "inline deep" + "</span>" * depth)
    started = time.perf_counter()
    doc = html_doc(markup)
    assert time.perf_counter() - started < 30
    assert "deep text" in doc.text
    assert "after the nest" in doc.text
    assert "inline deep" in doc.text
    assert any("flattened" in w for w in doc.warnings)


def test_deeply_nested_lists() -> None:
    doc = html_doc("<ul><li>x" * 3000 + "</li></ul>" * 3000)
    assert doc.blocks and all(b.kind == "list_item" for b in doc.blocks)


@pytest.mark.parametrize("markup", [
    "<p>unclosed <b>bold <i>italic</p> trailing",
    "</div></div></p>stray end tags",
    "<table><td>cell<tr>row<td>x</table>",
    "<a href='http://[::1'>bad url</a>",
    "<<<>>> <p <div>> & &amp; &#xZZ; &#99999999;",
    "<html><html><body><body><p>twice</p>",
    "<p>\x00nul\x01control\x0b</p>",
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>xml decl</p></body></html>",
    "<!-- unterminated comment <p>hidden?",
    "<script>never closed",
    "",
    "   ",
])
def test_malformed_html_never_raises(markup: str) -> None:
    doc = build_document(markup.encode() or b" ", url="https://example.org/",
                         content_type="text/html", snapshot_id="t")
    assert doc.text == "\n\n".join(doc.text[b.start:b.end] for b in doc.blocks)


def test_comment_author_without_fn_and_says_suffix() -> None:
    doc = html_doc('<article><p>Body.</p></article><ol class="comment-list"><li class="comment">'
                   '<div class="comment-author">Plain Name says:</div><p>Words.</p></li></ol>')
    assert [(b.kind, b.author, doc.text[b.start:b.end]) for b in doc.blocks] == [
        ("paragraph", None, "Body."), ("comment", "Plain Name", "Words.")]


def test_user_url_is_the_link_base_for_local_files() -> None:
    doc = build_document(b'<html><body><p><a href="next/">Next</a></p></body></html>',
                         url="file:///home/user/saved.html", content_type="text/html",
                         snapshot_id="t", metadata={"url": "https://origin.example/a/b"})
    assert doc.links[0].url == "https://origin.example/a/next/"
    assert doc.metadata.canonical_url == "https://origin.example/a/b"


def test_lone_small_article_inside_main_is_not_the_root() -> None:
    long_text = "Main content sentence that is not inside any article element. " * 10
    doc = html_doc(f"<main><h1>Page</h1><p>{long_text}</p>"
                   '<article class="author-box"><p>About the author.</p></article></main>')
    assert texts(doc) == [("heading", "Page"), ("paragraph", long_text.strip()),
                          ("paragraph", "About the author.")]


def test_social_care_content_is_not_social_chrome() -> None:
    doc = html_doc('<div class="social-care"><p>Social care duties.</p></div>'
                   '<div class="social-icons">Follow us</div>')
    assert doc.text == "Social care duties."
