"""XML bombs and malformed JSON through a real crawl, with the nothing-lost check.

The parser-level refusals are in tests/test_reliability_security.py; here a source plugin
meets them on a fixture site: `send-blogs` on a WordPress-like site whose sitemap is a
billion-laughs bomb or whose RSS feed declares an external entity, and `commissioner-reports`
on a gov.uk-like site whose Search API answers malformed JSON. Each crawl runs into a copy of
an archive that already holds captures and a built graph; it must finish, report the bad URL
with a specific reason, and lose nothing (tests/support/nothing_lost.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import CliRun, invoke
from tests.support.govuk_site import GovUkSite
from tests.support.http_server import LocalSite
from tests.support.nothing_lost import ArchiveState, assert_nothing_lost
from tests.support.wordpress import WordPressBlog
from tests.test_reliability_security import LAUGHS, PARAM, XXE

QUICK = ("--delay", "0")


@pytest.fixture(scope="module")
def prior(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArchiveState]:
    """An archive holding real captures and a built graph."""
    root = tmp_path_factory.mktemp("prior") / "archive"
    with LocalSite() as site:
        site.robots("User-agent: *\nAllow: /\n")
        site.static("/plan", "<html><body><h1>SEND plan</h1><p>Kingston upon Thames aims to "
                             "cut the number of EHCPs issued late to 10% by 2025.</p>"
                             "</body></html>")
        site.static("/news", "<html><body><p>Surrey County Council said 1,200 children "
                             "waited more than 20 weeks.</p></body></html>")
        out = invoke(root, "crawl", "web", "--url", site.url("/plan"), "--url",
                     site.url("/news"), *QUICK)
        assert out.code == 0, out
    state = ArchiveState.take(root)
    assert any(name.endswith(tuple(state.contents)) for name in state.graphs)
    yield state


def _copy(prior: ArchiveState, tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    shutil.copytree(prior.root, root)
    return root


def _report(out: CliRun) -> dict[str, Any]:
    (report,) = out.json()
    return report


def _listed(root: Path) -> set[str]:
    return {row["url"] for row in invoke(root, "archive", "ls", "--format", "json").json()}


@pytest.mark.parametrize(("sitemaps", "path", "payload"), [
    pytest.param("core", "/wp-sitemap.xml", LAUGHS, id="billion_laughs_sitemap"),
    pytest.param(None, "/feed/", XXE, id="external_entity_rss"),
    pytest.param(None, "/feed/", PARAM, id="parameter_entity_rss"),
])
def test_xml_bombs_in_a_blog_crawl_are_reported_and_nothing_is_lost(
        prior: ArchiveState, site: LocalSite, tmp_path: Path, sitemaps: str | None,
        path: str, payload: bytes) -> None:
    root = _copy(prior, tmp_path)
    bomb = WordPressBlog(site, api=False, sitemaps=sitemaps).serve()
    site.static(path, payload, content_type="application/xml")
    with LocalSite() as other:
        good = WordPressBlog(other).serve()  # a second, well-behaved blog in the same crawl
        out = invoke(root, "crawl", "send-blogs", "--set", f"sites={bomb.base},{good.base}",
                     *QUICK, "--format", "json")
    assert out.code == 3, out  # partial: the good blog's posts went in
    report = _report(out)
    (failure,) = report["failures"]
    assert failure["url"] == bomb.url(path), failure
    assert failure["reason"] == "unsafe_xml", failure
    assert "entit" in failure["detail"] and "root:" not in out.stdout + out.stderr
    assert report["counts"]["new"] > 0
    listed = _listed(root)
    assert bomb.url(path) in listed  # the refused payload is kept as evidence
    assert any(u.startswith(good.base) for u in listed)
    assert {r.path for r in site.requests}.isdisjoint(p.path for p in bomb.posts)
    assert_nothing_lost(prior, root)


def test_malformed_json_from_the_search_api_is_reported_and_nothing_is_lost(
        prior: ArchiveState, site: LocalSite, tmp_path: Path) -> None:
    root = _copy(prior, tmp_path)
    gov = GovUkSite(site)
    site.static("/api/search.json", b'{"results": [{"title": "Birmingham", "link": ',
                content_type="application/json")
    out = invoke(root, "crawl", "commissioner-reports", *gov.settings(), *QUICK,
                 "--format", "json")
    assert out.code == 3, out  # the broken answer itself was archived; nothing else
    report = _report(out)
    assert report["status"] == "failed"
    (failure,) = report["failures"]
    assert failure["url"].startswith(gov.base + "/api/search.json"), failure
    assert failure["reason"] == "bad_payload", failure
    assert "expected JSON" in failure["detail"]
    assert not any(r.path.startswith("/api/content/") for r in site.requests)
    assert any(u.startswith(gov.base + "/api/search.json") for u in _listed(root))
    assert_nothing_lost(prior, root)


def test_malformed_json_for_one_publication_is_reported_and_nothing_is_lost(
        prior: ArchiveState, site: LocalSite, tmp_path: Path) -> None:
    from tests.test_plugin_commissioner_reports import BIRMINGHAM, birmingham, terms

    root = _copy(prior, tmp_path)
    gov = GovUkSite(site)
    for pub in (birmingham(), terms()):
        gov.publish(pub)
    broken = "/api/content/government/publications/send-commissioner-terms-of-reference"
    site.static(broken, b'{"title": "Terms", "details": {', content_type="application/json")
    out = invoke(root, "crawl", "commissioner-reports", *gov.settings(), *QUICK,
                 "--format", "json")
    assert out.code == 3, out
    report = _report(out)
    assert report["status"] == "partial"
    (failure,) = report["failures"]
    assert (failure["url"], failure["reason"]) == (gov.base + broken, "bad_payload")
    assert gov.base + BIRMINGHAM in _listed(root)  # the rest went on
    assert_nothing_lost(prior, root)
