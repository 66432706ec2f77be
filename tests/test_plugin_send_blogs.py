"""The `send-blogs` plugin end to end: `sendgraph crawl send-blogs` against WordPress-like
fixture sites on 127.0.0.1 (REST API; sitemaps only; RSS only), then `sendgraph extract`,
then the graph through `sendgraph sparql` and the browsing commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from tests.support.cli import CliRun, invoke, run
from tests.support.http_server import LocalSite, RecordedRequest
from tests.support.wordpress import (
    COMMITTEE,
    GOVUK_PLAN,
    IPSEA,
    NEWSLETTER,
    POSTS,
    Comment,
    WordPressBlog,
)

QUICK = ("--delay", "0")
API = "/wp-json/wp/v2/posts"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return tmp_path / "archive"


def _crawl(archive: Path, *sites: WordPressBlog | str, args: tuple[str, ...] = ()) -> CliRun:
    urls = ",".join(s if isinstance(s, str) else s.base for s in sites)
    return invoke(archive, "crawl", "send-blogs", "--set", f"sites={urls}", *QUICK, *args,
                  "--format", "json")


def _report(out: CliRun) -> dict[str, Any]:
    (report,) = out.json()
    return report


def _paths(site: LocalSite) -> list[str]:
    return [r.path for r in site.requests if r.path != "/robots.txt"]


def _query(req: RecordedRequest) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(req.query).items()}


def _post_paths(posts: Any = POSTS) -> list[str]:
    return [p.path for p in posts]


def _rows(out: CliRun) -> list[dict[str, str]]:
    assert out.code == 0, out
    return [{k: v["value"] for k, v in b.items()} for b in out.json()["results"]["bindings"]]


def _sparql(archive: Path, query: str) -> list[dict[str, str]]:
    return _rows(invoke(archive, "sparql", query, "--format", "json"))


def _cited(archive: Path) -> set[tuple[str, str]]:
    """(citing source URL, cited URL) for every citation in the graph."""
    rows = _sparql(archive, "SELECT ?from ?to WHERE { ?c a sg:Citation ; sg:citingSource ?s ; "
                            "sg:citedUrl ?to . ?s schema:url ?from }")
    return {(r["from"], r["to"]) for r in rows}


# -- metadata --------------------------------------------------------------------------------

def test_sources_lists_send_blogs_with_its_metadata(archive: Path) -> None:
    out = run(archive, "sources", "--format", "json")
    assert out.code == 0, out
    info = {s["id"]: s for s in out.json()}["send-blogs"]
    assert (info["kind"], info["home"]) == ("blog", "https://www.specialneedsjungle.com")
    assert "www.specialneedsjungle.com" in info["hosts"]
    assert info["expected"] == {"posts": 3}
    assert "sites=" in info["description"]
    table = run(archive, "sources")
    assert "send-blogs" in table.stdout and "SEND blogs" in table.stdout


# -- discovery through the REST API ------------------------------------------------------------

def test_rest_api_crawl_then_extract_gives_posts_authors_citations_and_comments(
        site: LocalSite, archive: Path) -> None:
    blog = WordPressBlog(site).serve()
    out = _crawl(archive, blog, args=("--set", "per_page=3"))
    assert out.code == 0, out
    report = _report(out)
    assert report["status"] == "ok" and report["warnings"] == [] and report["failures"] == []
    assert report["counts"] == {"new": 7} and report["found"] == {"posts": 5}
    # two API pages (X-WP-TotalPages: 2), then each post's page, newest first; nothing else
    api_calls = [r for r in site.requests if r.path == API]
    assert [_query(r)["page"] for r in api_calls] == ["1", "2"]
    assert {(_query(r)["per_page"], _query(r)["_fields"]) for r in api_calls} == {
        ("3", "id,link,date_gmt,modified_gmt,title,categories,tags")}
    assert _paths(site) == [API, API, *_post_paths()]

    listed = invoke(archive, "archive", "ls", "--source", "send-blogs", "--format", "json").json()
    by_url = {r["url"]: r for r in listed}
    for post in POSTS:
        assert by_url[blog.post_url(post)]["status"] == 200
    assert sum(1 for u in by_url if API in u) == 2  # the API's answers are archived too
    assert by_url[blog.url("/robots.txt")]["status"] == 200
    assert invoke(archive, "archive", "verify").code == 0

    extracted = invoke(archive, "extract", "--format", "json")
    assert extracted.code == 0, extracted
    # each post is a blog post with its title, author and date (JSON-LD, Open Graph, meta)
    rows = _sparql(archive, "SELECT ?url ?title ?issued ?modified ?author WHERE { "
                            "?s a sg:BlogPost ; schema:url ?url ; dcterms:title ?title ; "
                            "dcterms:issued ?issued ; dcterms:creator/schema:name ?author . "
                            "OPTIONAL { ?s dcterms:modified ?modified } }")
    posts = {r["url"]: r for r in rows}
    first = posts[blog.post_url(POSTS[0])]
    assert (first["title"], first["author"], first["issued"], first["modified"]) == (
        POSTS[0].title, "Tania Marsh", "2024-03-05", "2024-03-06")
    assert {blog.post_url(p) for p in POSTS} <= set(posts)
    # outbound links in the article are citations; the reader comments' links, the
    # commenter's website and the sidebar's links are not
    cited = _cited(archive)
    assert (blog.post_url(POSTS[0]), GOVUK_PLAN) in cited
    assert (blog.post_url(POSTS[1]), COMMITTEE) in cited
    targets = {to for _, to in cited}
    assert IPSEA not in targets and NEWSLETTER not in targets
    assert not any("blog.example.org/jane" in t for t in targets)
    citing = _rows(invoke(archive, "sparql", "--name", "sources-citing", "--param",
                          f"url={GOVUK_PLAN}", "--format", "json"))
    assert [(r["citingTitle"], r["anchorText"]) for r in citing] == [
        (POSTS[0].title, "SEND and alternative provision improvement plan")]
    # reader comments are kept apart: claims of kind reader_comment, spoken by the commenter
    claims = invoke(archive, "claims", "--format", "json")
    assert claims.code == 0, claims
    comments = {c["speaker"]: c for c in claims.json() if c["kind"] == "reader_comment"}
    assert set(comments) == {"Jane Parent", "Sam Okafor"}
    jane = comments["Jane Parent"]
    assert jane["text"].startswith("We were refused twice.")
    assert jane["evidence"][0]["source_url"] == blog.post_url(POSTS[0])
    assert not any(c["speaker"] == "Tania Marsh" and "refused twice" in c["text"]
                   for c in claims.json())


def test_block_theme_posts_are_read_too(site: LocalSite, archive: Path) -> None:
    blog = WordPressBlog(site, body_class="wp-block-post-content is-layout-flow").serve()
    out = _crawl(archive, blog)
    assert out.code == 0, out
    assert _report(out)["found"] == {"posts": 5}


def test_search_since_and_categories_go_to_the_api_and_narrow_quietly(
        site: LocalSite, archive: Path) -> None:
    blog = WordPressBlog(site).serve()
    out = _crawl(archive, blog, args=("--search", "council", "--since", "2024-01-12",
                                      "--set", "categories=3,8"))
    assert out.code == 0, out
    report = _report(out)
    (call,) = [r for r in site.requests if r.path == API]
    query = _query(call)
    assert (query["search"], query["after"], query["categories"]) == (
        "council", "2024-01-11T23:59:59", "3,8")  # `after` is exclusive: --since is not
    # council + on/after 12 Jan 2024 + EHCPs or Tribunal: posts 102 and 103
    assert _paths(site) == [API, POSTS[1].path, POSTS[2].path]
    assert report["found"] == {"posts": 2} and report["warnings"] == []  # narrowed: no alarm


def test_max_counts_posts_across_api_pages_and_sites(site: LocalSite, archive: Path) -> None:
    blog = WordPressBlog(site).serve()
    out = _crawl(archive, blog, args=("--max", "4", "--set", "per_page=3"))
    assert out.code == 0, out
    assert _paths(site) == [API, API, *_post_paths(POSTS[:4])]
    assert _report(out)["found"] == {"posts": 4}

    with LocalSite() as other_site:
        other = WordPressBlog(other_site, name="Another SEND blog").serve()
        site.clear_log()
        both = _crawl(archive, blog, other, args=("--max", "6", "--fresh"))
        assert both.code == 0, both
        assert len([p for p in _paths(site) if p != API]) == 5
        assert _paths(other_site) == [API, POSTS[0].path]  # the sixth post
        assert _report(both)["found"] == {"posts": 6}


# -- fallbacks: sitemaps, then RSS -------------------------------------------------------------

@pytest.mark.parametrize(("flavour", "expected_paths"), [
    ("core", ["/wp-sitemap.xml", "/wp-sitemap-posts-post-1.xml"]),
    ("yoast", ["/wp-sitemap.xml", "/sitemap_index.xml", "/post-sitemap.xml"]),
])
def test_site_without_rest_api_is_found_through_its_sitemaps(
        site: LocalSite, archive: Path, flavour: str, expected_paths: list[str]) -> None:
    blog = WordPressBlog(site, api=False, sitemaps=flavour).serve()
    out = _crawl(archive, blog)
    assert out.code == 0, out  # the 404s answered guesses: they are not failed URLs
    report = _report(out)
    assert report["failures"] == [] and report["warnings"] == []
    assert report["found"] == {"posts": 5}
    # newest change first (lastmod); only the post sitemap; the front page is not a post
    newest_first = sorted(POSTS, key=lambda p: p.modified, reverse=True)
    assert _paths(site) == [API, *expected_paths, *_post_paths(newest_first)]
    listed = {r["url"]: r for r in invoke(archive, "archive", "ls", "--format", "json").json()}
    assert listed[blog.url(f"{API}?per_page=100&orderby=date&order=desc&_fields="
                           "id%2Clink%2Cdate_gmt%2Cmodified_gmt%2Ctitle%2Ccategories%2Ctags"
                           "&page=1")]["status"] == 404  # archived: what the site said
    for path in expected_paths[-1:]:
        assert listed[blog.url(path)]["status"] == 200


def test_sitemaps_are_filtered_by_lastmod(site: LocalSite, archive: Path) -> None:
    blog = WordPressBlog(site, api=False, sitemaps="yoast").serve()
    out = _crawl(archive, blog, args=("--since", "2024-01-14"))
    assert out.code == 0, out
    # modified on or after 14 January 2024: 101, 102 and 103 (published on the 12th, edited
    # on the 15th: a sitemap only knows the last change)
    assert [p for p in _paths(site) if p.startswith("/20")] == _post_paths(POSTS[:3])


@pytest.mark.parametrize(("api", "warning"), [
    ("forbidden", "refused (HTTP 401)"),
    ("html", "not the WordPress REST API"),
])
def test_refused_or_non_json_api_falls_back_with_a_warning(
        site: LocalSite, archive: Path, api: str, warning: str) -> None:
    blog = WordPressBlog(site, api=api, sitemaps="core").serve()
    out = _crawl(archive, blog)
    assert out.code == 0, out
    report = _report(out)
    (said,) = report["warnings"]
    assert warning in said and API in said
    assert report["found"] == {"posts": 5} and report["failures"] == []


def test_rss_only_site_is_read_through_its_feed(site: LocalSite, archive: Path) -> None:
    blog = WordPressBlog(site, api=False, sitemaps=None).serve()
    out = _crawl(archive, blog, args=("--since", "2024-01-14"))
    assert out.code == 0, out
    assert _paths(site) == [API, "/wp-sitemap.xml", "/sitemap_index.xml", "/feed/",
                            *_post_paths(POSTS[:2])]  # published on or after the 14th
    assert _report(out)["found"] == {"posts": 2}

    site.clear_log()
    searched = _crawl(archive, blog, args=("--search", "tribunal", "--fresh"))
    assert searched.code == 0, searched
    (feed,) = [r for r in site.requests if r.path == "/"]
    assert _query(feed) == {"s": "tribunal", "feed": "rss2"}  # sitemaps cannot search
    assert _paths(site) == [API, "/", POSTS[1].path]


def test_site_with_no_api_sitemap_or_feed_is_an_error_naming_it(
        site: LocalSite, archive: Path) -> None:
    blog = WordPressBlog(site, api=False, sitemaps=None, feed=False).serve()
    out = _crawl(archive, blog)
    assert out.code == 3, out
    (failure,) = _report(out)["failures"]
    assert (failure["url"], failure["reason"]) == (blog.base, "nothing_found")
    assert "no REST API, post sitemap or feed" in failure["detail"]


# -- re-crawls: conditional, revisits, one change -> one capture -> one extraction --------------

def test_recrawl_is_conditional_and_one_changed_post_is_one_capture_and_one_extraction(
        site: LocalSite, archive: Path) -> None:
    blog = WordPressBlog(site).serve()
    assert _crawl(archive, blog, args=("--set", "per_page=3")).code == 0
    assert invoke(archive, "extract").code == 0
    before = invoke(archive, "archive", "stats", "--format", "json").json()["records_by_type"]

    site.clear_log()
    again = _crawl(archive, blog, args=("--set", "per_page=3"))
    assert again.code == 0, again
    assert _report(again)["counts"] == {"not_modified": 7}
    for req in site.requests:
        if req.path != "/robots.txt":
            assert req.header("if-none-match"), f"{req.target} was not conditional"
    after = invoke(archive, "archive", "stats", "--format", "json").json()["records_by_type"]
    assert after["response"] == before["response"]  # nothing new stored...
    assert after["revisit"] == before.get("revisit", 0) + 8  # ...only revisits (+ robots.txt)
    unchanged = invoke(archive, "extract", "--format", "json").json()
    assert unchanged["extracted"] == 0

    # a reader comment is added to one post (WordPress does not touch modified_gmt for that)
    blog.change(POSTS[1], comments=(Comment(31, "Alex Reader", None,
                                            "<p>We won our appeal in a week.</p>"),))
    third = _crawl(archive, blog, args=("--set", "per_page=3"))
    assert third.code == 0, third
    assert _report(third)["counts"] == {"new": 1, "not_modified": 6}
    history = invoke(archive, "archive", "ls", "--url", blog.post_url(POSTS[1]),
                     "--format", "json").json()
    assert [h["capture"] for h in history] == ["new", "not-modified", "new"]
    rebuilt = invoke(archive, "extract", "--format", "json").json()
    assert rebuilt["extracted"] == 1
    speakers = {c["speaker"] for c in invoke(archive, "claims", "--format", "json").json()
                if c["kind"] == "reader_comment"}
    assert "Alex Reader" in speakers


# -- strictness --------------------------------------------------------------------------------

def test_changed_api_answer_fails_loudly_naming_the_page_and_the_field(
        site: LocalSite, archive: Path) -> None:
    blog = WordPressBlog(site).serve()
    site.static(API, '[{"id": 101, "permalink": "https://x.example/a/"}]',
                content_type="application/json")
    out = _crawl(archive, blog)
    assert out.code == 3, out
    report = _report(out)
    (failure,) = report["failures"]
    assert failure["reason"] == "listing_changed"
    assert blog.url(API) in failure["url"] and failure["url"] in failure["detail"]
    assert "field 'link'" in failure["detail"]
    assert _paths(site) == [API]  # nothing guessed from a listing it could not read


def test_sitemap_index_without_post_sitemaps_fails_loudly(site: LocalSite, archive: Path
                                                         ) -> None:
    blog = WordPressBlog(site, api=False, sitemaps="core").serve()
    site.static("/wp-sitemap.xml", '<sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                'sitemap/0.9"><sitemap><loc>' + blog.url("/wp-sitemap-users-1.xml") +
                "</loc></sitemap></sitemapindex>", content_type="application/xml")
    out = _crawl(archive, blog)
    assert out.code == 3, out
    (failure,) = _report(out)["failures"]
    assert failure["url"] == blog.url("/wp-sitemap.xml")
    assert "lists no post sitemap" in failure["detail"]


def test_xml_bomb_in_a_sitemap_is_refused_and_reported(site: LocalSite, archive: Path) -> None:
    from tests.test_feeds import BILLION_LAUGHS

    blog = WordPressBlog(site, api=False, sitemaps="core").serve()
    site.static("/wp-sitemap.xml", BILLION_LAUGHS, content_type="application/xml")
    out = _crawl(archive, blog)
    assert out.code == 3, out
    (failure,) = _report(out)["failures"]
    assert failure["url"] == blog.url("/wp-sitemap.xml") and "entit" in failure["detail"]
    assert _paths(site) == [API, "/wp-sitemap.xml"]
    assert invoke(archive, "archive", "cat", blog.url("/wp-sitemap.xml")).stdout.encode() \
        == BILLION_LAUGHS  # kept as evidence, byte for byte


def test_post_page_without_an_article_body_is_reported_and_the_rest_goes_on(
        site: LocalSite, archive: Path) -> None:
    blog = WordPressBlog(site)
    blog.overrides[POSTS[2].path] = (
        "<!DOCTYPE html><html><head><title>Redesigned</title></head><body><article>"
        "<div class='post-body'><p>The new theme's markup.</p></div></article></body></html>")
    blog.serve()
    out = _crawl(archive, blog)
    assert out.code == 3, out
    report = _report(out)
    (failure,) = report["failures"]
    assert (failure["url"], failure["reason"]) == (blog.post_url(POSTS[2]), "selector_missing")
    assert "'.entry-content, .wp-block-post-content'" in failure["detail"]
    assert blog.post_url(POSTS[2]) in failure["detail"]
    assert report["counts"] == {"new": 6}  # every page archived, the odd one included
    assert report["found"] == {"posts": 4}


def test_a_thin_site_warns_loudly(site: LocalSite, archive: Path) -> None:
    blog = WordPressBlog(site, posts=POSTS[:2]).serve()
    out = _crawl(archive, blog)
    assert out.code == 0, out  # what was there was captured
    (warning,) = _report(out)["warnings"]
    assert "found only 2 posts, expected at least 3" in warning
    assert "the site may have changed" in warning


@pytest.mark.parametrize(("setting", "message"), [
    ("per_page=500", "per_page='500'"),
    ("categories=ehcps", "give WordPress category ids"),
    ("sites=ftp://files.example.org", "is not an http(s) URL"),
])
def test_bad_settings_stop_the_crawl_before_any_request(
        site: LocalSite, archive: Path, setting: str, message: str) -> None:
    out = invoke(archive, "crawl", "send-blogs", "--set", f"sites={site.url('')}",
                 "--set", setting, *QUICK)
    assert out.code == 1, out
    assert message in out.stderr
    assert site.requests == []
