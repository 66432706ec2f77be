"""Hostile servers, crawl-level: the crawl finishes, the bad URL is reported with a specific
reason, memory stays bounded, and nothing already archived changes.

Each case (tests/support/hostile.py) is crawled together with a well-behaved page of the same
site, by the installed console script in a subprocess (short timeouts, real size limits), into
a copy of an archive that already holds captures and a built graph. Fetcher-level details of
each fault (headers sent, exact byte counts, retry timing) are tested in tests/test_fetch_*.py;
here the point is the outcome for the crawl and the archive.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.support.hostile import CASES, MB, PAGE, Measured, crawl_measured, resolved
from tests.support.http_server import LocalSite
from tests.support.nothing_lost import ArchiveState, assert_nothing_lost

RSS_BOUND = 300 * MB  # absolute ceiling for any hostile crawl
RSS_HEADROOM = 64 * MB  # above a plain crawl's peak, for the huge/endless/bomb cases


@pytest.fixture(scope="module")
def prior(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ArchiveState, int]]:
    """An archive holding real captures and a built graph, and a plain crawl's peak RSS."""
    root = tmp_path_factory.mktemp("prior") / "archive"
    with LocalSite() as site:
        site.robots("User-agent: *\nAllow: /\n")
        site.static("/plan", "<html><body><h1>SEND plan</h1><p>Kingston upon Thames aims to "
                             "cut the number of EHCPs issued late to 10% by 2025. Birmingham "
                             "spent £5m on transport.</p></body></html>")
        site.static("/news", "<html><body><p>Surrey County Council said 1,200 children "
                             "waited more than 20 weeks.</p></body></html>")
        out = invoke(root, "crawl", "web", "--url", site.url("/plan"), "--url",
                     site.url("/news"), "--delay", "0")
        assert out.code == 0, out
        plain = crawl_measured(root, [site.url("/plan")])
        assert plain.code == 0, plain.stderr
    state = ArchiveState.take(root)
    assert any(name.endswith(tuple(state.contents)) for name in state.graphs)
    yield state, plain.peak_rss


def _check_case(name: str, out: Measured, bad: str, site: LocalSite, listed: dict,
                root: Path, plain_rss: int) -> None:
    case = resolved(name)
    failure = out.failure_for(bad)
    if case.reasons:
        assert failure is not None, (name, out.report)
        assert failure["reason"] in case.reasons, (name, failure)
        if failure["reason"] == "too_many_retries" and case.cause:
            assert failure["cause"] == case.cause, (name, failure)
        assert bad in failure["detail"] or failure["detail"], (name, failure)
    else:
        assert failure is None, (name, failure)
        # captured: it must also read, or be refused with a one-line error, never a traceback
        doc = invoke(root, "document", listed[bad]["snapshot"])
        assert doc.code in (0, 1), (name, doc)
        if doc.code == 1:
            assert doc.stderr.startswith("error:"), (name, doc)
    if case.never_requested:
        assert site.hits(case.path) == 0, name
    if case.memory:
        assert out.peak_rss < plain_rss + RSS_HEADROOM, (
            f"{name}: peak RSS {out.peak_rss / MB:.0f} MB vs a plain crawl's "
            f"{plain_rss / MB:.0f} MB")


def _crawl(names: list[str], prior: tuple[ArchiveState, int], site: LocalSite,
           tmp_path: Path) -> None:
    before, plain_rss = prior
    root = tmp_path / "archive"
    shutil.copytree(before.root, root)
    bad = {name: resolved(name).install(site) for name in names}
    site.static("/ok", PAGE)
    good = site.url("/ok")

    out = crawl_measured(root, [*bad.values(), good], "--concurrency", "4")

    expect_failures = any(resolved(n).reasons for n in names)
    assert out.code == (3 if expect_failures else 0), (out.code, out.stderr)
    assert out.failure_for(good) is None and out.report["status"] in ("ok", "partial")
    assert out.peak_rss < RSS_BOUND, f"peak RSS {out.peak_rss / MB:.0f} MB"
    listed = {row["url"]: row for row in invoke(root, "archive", "ls", "--format",
                                                 "json").json()}
    assert good in listed
    for name, url in bad.items():
        _check_case(name, out, url, site, listed, root, plain_rss)
    assert_nothing_lost(before, root)


def test_every_hostile_case_in_one_crawl(prior: tuple[ArchiveState, int], site: LocalSite,
                                         tmp_path: Path) -> None:
    """Quick mode: all cases at once (one crawl, one nothing-lost check)."""
    _crawl(sorted(CASES), prior, site, tmp_path)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hostile_case_alone(name: str, prior: tuple[ArchiveState, int], site: LocalSite,
                                 tmp_path: Path, long_mode: bool) -> None:
    """Long mode: each case in its own crawl, so memory and nothing-lost are per case."""
    if not long_mode:
        pytest.skip("one crawl per case runs with --long / SENDGRAPH_LONG=1")
    _crawl([name], prior, site, tmp_path)
