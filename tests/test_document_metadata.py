"""Metadata: JSON-LD, Open Graph, citation/DC, plain meta, <title>; user overrides; dates."""

from __future__ import annotations

import json

import pytest

from sendgraph.document import Metadata, build_document
from sendgraph.document.dates import iso_date

URL = "https://example.org/posts/one/"


def meta_of(head: str, *, html_attrs: str = "", user: dict[str, str] | None = None,
            url: str = URL) -> tuple[Metadata, tuple[str, ...]]:
    page = f"<html {html_attrs}><head>{head}</head><body><p>Body.</p></body></html>"
    doc = build_document(page.encode(), url=url, content_type="text/html; charset=utf-8",
                         snapshot_id="m", metadata=user)
    return doc.metadata, doc.warnings


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


ALL_TIERS = (
    "<title>Title tag</title>"
    '<meta name="title" content="Plain title">'
    '<meta name="author" content="Plain Author">'
    '<meta name="date" content="2001-01-01">'
    '<meta name="citation_title" content="Citation title">'
    '<meta name="citation_author" content="Keer, Matt">'
    '<meta name="citation_author" content="Second, Author">'
    '<meta name="citation_publication_date" content="2002/02/02">'
    '<meta name="DC.publisher" content="DC Publisher">'
    '<meta property="og:title" content="OG title">'
    '<meta property="article:published_time" content="2003-03-03">'
)


def test_precedence_jsonld_first() -> None:
    head = ALL_TIERS + ld({"@type": "NewsArticle", "headline": "LD headline",
                           "author": [{"@type": "Person", "name": "LD One"}, "LD Two"],
                           "datePublished": "2004-04-04",
                           "publisher": {"@type": "Organization", "name": "LD Pub"}})
    meta, _ = meta_of(head)
    assert (meta.title, meta.authors, meta.published, meta.publisher) == (
        "LD headline", ("LD One", "LD Two"), "2004-04-04", "LD Pub")


def test_precedence_og_then_citation_then_plain_then_title() -> None:
    meta, _ = meta_of(ALL_TIERS)
    assert meta.title == "OG title"
    assert meta.published == "2003-03-03"
    assert meta.authors == ("Keer, Matt", "Second, Author")  # all values of the winning tier
    assert meta.publisher == "DC Publisher"
    meta, _ = meta_of(ALL_TIERS.replace("og:title", "x:ignored")
                      .replace("article:published_time", "x:ignored2"))
    assert (meta.title, meta.published) == ("Citation title", "2002-02-02")
    meta, _ = meta_of('<title>Title tag</title><meta name="title" content="Plain title">')
    assert meta.title == "Plain title"
    meta, _ = meta_of("<title>  Title\n tag </title>")
    assert meta.title == "Title tag"


def test_unreadable_date_falls_through_to_next_source() -> None:
    meta, _ = meta_of('<meta property="article:published_time" content="sometime soon">'
                      '<meta name="dcterms.issued" content="2019-10">')
    assert meta.published == "2019-10"


@pytest.mark.parametrize("author, expected", [
    ("Solo Writer", ("Solo Writer",)),
    ({"@type": "Person", "name": "Object Writer"}, ("Object Writer",)),
    ([{"name": "A One"}, {"name": "B Two"}, "C Three"], ("A One", "B Two", "C Three")),
    ({"@id": "#p"}, ("Referenced Person",)),
    ("https://example.org/author/x/", ()),
])
def test_jsonld_author_forms(author: object, expected: tuple[str, ...]) -> None:
    meta, _ = meta_of(ld({"@graph": [
        {"@type": "BlogPosting", "headline": "H", "author": author},
        {"@type": "Person", "@id": "#p", "name": "Referenced Person"},
    ]}))
    assert meta.authors == expected


def test_jsonld_type_lists_webpage_fallback_and_report() -> None:
    meta, _ = meta_of(ld([{"@type": "WebPage", "name": "Page name", "datePublished": "2020",
                           "inLanguage": "en"},
                          {"@type": ["Thing", "Report"], "name": "Report name"}]))
    assert meta.title == "Report name"
    assert meta.published == "2020"
    assert meta.language == "en"
    assert meta.extra["jsonld_type"] == ["report", "thing"]


def test_malformed_jsonld_is_a_warning() -> None:
    meta, warnings = meta_of('<script type="application/ld+json">{"@type": "Article", '
                             '"headline": "broken",</script><title>Fallback</title>')
    assert meta.title == "Fallback"
    assert any("malformed JSON-LD" in w for w in warnings)


def test_jsonld_wrapped_in_cdata_comment() -> None:
    meta, warnings = meta_of('<script type="application/ld+json">//<![CDATA[\n'
                             '{"@type": "Article", "headline": "Wrapped"}\n//]]></script>')
    assert meta.title == "Wrapped"
    assert warnings == ()


def test_canonical_language_and_site_name() -> None:
    meta, _ = meta_of('<link rel="canonical" href="/posts/one/?amp=0">'
                      '<meta property="og:url" content="https://other.example/x">'
                      '<meta property="og:locale" content="en_GB">'
                      '<meta property="og:site_name" content="The Site">')
    assert meta.canonical_url == "https://example.org/posts/one/?amp=0"
    assert meta.language == "en-GB"
    assert meta.site_name == "The Site"
    meta, _ = meta_of('<meta property="og:locale" content="en_GB">', html_attrs='lang="cy"')
    assert meta.language == "cy"


def test_user_metadata_overrides_page() -> None:
    meta, warnings = meta_of(
        ALL_TIERS,
        user={"title": "User title", "author": "Matt Keer; Tania Example",
              "publisher": "User Pub", "published": "2015", "kind": "blog",
              "url": "https://canonical.example/post"})
    assert meta.title == "User title"
    assert meta.authors == ("Matt Keer", "Tania Example")
    assert meta.publisher == "User Pub"
    assert meta.published == "2015"
    assert meta.canonical_url == "https://canonical.example/post"
    assert meta.extra["kind"] == "blog"
    assert warnings == ()


def test_user_metadata_bad_date_warns_and_keeps_page_value() -> None:
    meta, warnings = meta_of(ALL_TIERS, user={"published": "last spring"})
    assert meta.published == "2003-03-03"
    assert any("last spring" in w for w in warnings)


def test_metadata_to_json_shape_is_fixed() -> None:
    data = Metadata(title="T").to_json()
    assert data == {"title": "T", "authors": [], "published": None, "modified": None,
                    "publisher": None, "canonical_url": None, "language": None,
                    "description": None, "site_name": None, "extra": {}}


@pytest.mark.parametrize("raw, expected", [
    ("2019", "2019"),
    ("2019-10", "2019-10"),
    ("2019-10-23", "2019-10-23"),
    ("2019-10-23T10:15:00+01:00", "2019-10-23T10:15:00+01:00"),
    ("2019-10-23 10:15:00Z", "2019-10-23T10:15:00Z"),
    ("2019-10-23T10:15:00.123456Z", "2019-10-23T10:15:00.123456Z"),
    ("2019/10/23", "2019-10-23"),
    ("23/10/2019", "2019-10-23"),
    ("23 October 2019", "2019-10-23"),
    ("23rd Oct 2019", "2019-10-23"),
    ("October 23, 2019", "2019-10-23"),
    ("Wednesday, October 23, 2019", "2019-10-23"),
    ("October 2019", "2019-10"),
    ("Wed, 23 Oct 2019 10:15:00 GMT", "2019-10-23T10:15:00Z"),
    ("Wed, 23 Oct 2019 10:15:00 +0100", "2019-10-23T10:15:00+01:00"),
    ("D:20191023101500+01'00'", "2019-10-23T10:15:00+01:00"),
    ("D:20191023", "2019-10-23"),
    ("D:2019", "2019"),
    ("2019-13-01", None),
    ("2019-02-30", None),
    ("31/02/2019", None),
    ("soon", None),
    ("", None),
    ("Smarch 2019", None),
])
def test_iso_date(raw: str, expected: str | None) -> None:
    assert iso_date(raw) == expected


def test_svg_title_is_not_the_page_title() -> None:
    doc = build_document(b"<html><body><svg><title>Facebook icon</title></svg><p>x</p>"
                         b"</body></html>", url=URL, content_type="text/html", snapshot_id="m")
    assert doc.metadata.title is None
    assert "Facebook icon" not in doc.text


def test_absurdly_nested_jsonld_is_a_warning_not_a_crash() -> None:
    nested = "[" * 100_000 + "]" * 100_000
    meta, warnings = meta_of(f'<script type="application/ld+json">{nested}</script>'
                             "<title>Still here</title>")
    assert meta.title == "Still here"
    assert any("malformed JSON-LD" in w for w in warnings)


def test_big_jsonld_graph_is_fast() -> None:
    graph = [{"@type": "Thing", "@id": f"#t{i}", "name": f"T{i}"} for i in range(20_000)]
    graph.append({"@type": "Article", "headline": "Found", "author": {"@id": "#t7"}})
    meta, _ = meta_of(ld({"@graph": graph}))
    assert (meta.title, meta.authors) == ("Found", ("T7",))
