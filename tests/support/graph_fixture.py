"""A small real archive and graph for the graph-use tests (export, SPARQL, browse, trace).

    from tests.support.graph_fixture import FIXTURE, built  # `built`: a session fixture
    def test_x(built): invoke(built.archive, "claims")        # shared, read-only
    def test_y(built, tmp_path): archive = built.copy(tmp_path)  # a private copy to change
    FIXTURE.claim, FIXTURE.target ...       # the sentences the plugin's facts quote

What goes in, all written by the tests themselves:

- two documents imported by hand with `sendgraph import`: a parent's blog post (HTML) that links
  to an inquiry report and to an unarchived guidance page, and the report itself (HTML),
  imported with the URL the blog links to, so that citation resolves to an archived source;
  plus a plain-text note imported without a URL (a `file:` source);
- two council pages crawled from a real HTTP server on 127.0.0.1 by `sendtest`, a third-party
  style plugin installed as a distribution (dist-info with a `sendgraph.sources` entry point);
  its `parse` emits two Targets, a Figure, a Claim and a ProgrammeParticipation whose
  evidence spans are found with `text.index(...)`.
  Both pages state the same claim and figure; the statement links to the report and is
  captured twice (re-published with a note on top, so its quotes move).

The graph is then built with `sendgraph extract` (in-process, the plugin visible on sys.path).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import CliRun, invoke
from tests.support.http_server import LocalSite
from tests.support.plugins import install_distribution

PLUGIN_ID = "sendtest"
PLUGIN_MODULE = "sendtest_papers"
PLUGIN_EXTRACTOR = "sendtest@0.1"

_PLUGIN = '''\
"""Test council papers: fetch the given URLs; parse targets, claims and programme places."""

from __future__ import annotations

from decimal import Decimal

from sendgraph.extract.model import (
    Agent, Claim, Figure, ProgrammeParticipation, Target, evidence_for,
)
from sendgraph.plugin.context import CrawlContext, ParseContext
from sendgraph.plugin.contract import Source, SourceInfo

CLAIM = {claim!r}
TARGET = {target!r}
CEASE = {cease!r}
MEMBER = {member!r}
FIGURE = {figure!r}
KINGSTON = "E09000021"


class CouncilPapers(Source):
    info = SourceInfo(id={plugin_id!r}, title="Test council papers",
                      publisher="Test Borough Council", home="http://127.0.0.1/",
                      kind="minutes", hosts=("127.0.0.1",), version="0.1")

    def crawl(self, ctx: CrawlContext) -> None:
        for _ in ctx.fetch_all(ctx.options.urls):
            pass

    def parse(self, ctx: ParseContext, snapshot) -> None:
        doc = ctx.document(snapshot)
        text = doc.text

        def span(phrase):
            start = text.index(phrase)
            return (evidence_for(doc, start, start + len(phrase), {extractor!r}),)

        if CLAIM in text:
            ctx.emit(Claim(text=CLAIM, claim_kind="finding",
                           speaker=Agent("Education Committee", "organisation"),
                           about=(KINGSTON,), evidence=span(CLAIM)))
        if TARGET in text:
            ctx.emit(Target(metric_text="new EHCPs", comparator="at_most", authority=KINGSTON,
                            metric="new-ehcps", value=Decimal("176"), unit="count",
                            period_start="2022-04-01", period_end="2023-03-31",
                            deadline="2023-03-31", evidence=span(TARGET)))
        if CEASE in text:
            ctx.emit(Target(metric_text={cease_words!r}, comparator="at_least",
                            authority=KINGSTON, metric="ehcps-ceased", value=Decimal("300"),
                            unit="count", deadline="2024-03-31", evidence=span(CEASE)))
        if MEMBER in text:
            ctx.emit(ProgrammeParticipation(authority=KINGSTON, programme="safety-valve",
                                            role="member", tranche="1", period="2020-21",
                                            status="agreed", evidence=span(MEMBER)))
        if FIGURE in text:
            ctx.emit(Figure(value=Decimal("12500000"), unit="GBP", measure="DSG deficit",
                            metric="dsg-deficit", about=(KINGSTON,), evidence=span(FIGURE)))


plugin = CouncilPapers()
'''


@dataclass(frozen=True)
class Fixture:
    claim: str = "The SEND system is failing children and families."
    target: str = "issue no more than 176 new EHCPs in 2022-23"
    cease: str = "cease at least 300 EHCPs by 31 March 2024"
    cease_words: str = "EHCPs to be ceased"  # the plugin's metric wording: in no document text
    member: str = "joined the Safety Valve programme in tranche 1"
    figure: str = "a DSG deficit of £12.5 million"
    update_note: str = "Updated 1 June 2022 after the Schools Forum."
    report_url: str = "https://committees.example.org/send-report"
    blog_url: str = "https://blog.example.org/2023/05/failing"
    guidance_url: str = "https://www.gov.uk/government/publications/send-code-of-practice"
    report_anchor: str = "the committee's report"
    kingston: str = "E09000021"


FIXTURE = Fixture()


def install_plugin(site_dir: Path) -> Path:
    f = FIXTURE
    source = _PLUGIN.format(claim=f.claim, target=f.target, cease=f.cease, member=f.member,
                            figure=f.figure, plugin_id=PLUGIN_ID, extractor=PLUGIN_EXTRACTOR,
                            cease_words=f.cease_words)
    install_distribution(site_dir, "sendtest-papers", PLUGIN_MODULE, source,
                         entry_points={PLUGIN_ID: f"{PLUGIN_MODULE}:plugin"})
    return site_dir


def write_documents(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    f = FIXTURE
    docs = {
        "report": ("<html><head><title>Support for children with SEND</title></head><body>"
                   "<h1>Support for children with SEND</h1>"
                   f"<p>Our central finding: {f.claim}</p>"
                   "<p>Kingston upon Thames told us about its deficit.</p></body></html>"),
        "blog": ("<html><head><title>Failing, says the committee</title></head><body><article>"
                 "<h1>Failing, says the committee</h1>"
                 f'<p>In <a href="{f.report_url}">{f.report_anchor}</a> the MPs wrote: '
                 f"{f.claim}</p>"
                 f'<p>The <a href="{f.guidance_url}">code of practice</a> says otherwise.</p>'
                 "</article></body></html>"),
    }
    paths = {}
    for name, html in docs.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(html, encoding="utf-8")
    paths["note"] = folder / "note.txt"
    paths["note"].write_text("Notes from the parents' meeting\n\nWe talked about EHCP delays "
                             "and tribunal appeals.\n", encoding="utf-8")
    return paths


def council_pages(*, updated: bool = False) -> dict[str, str]:
    """The council's pages; `updated` is the statement as re-published (a note added on top,
    so every quote moves)."""
    f = FIXTURE
    note = f"<p>{f.update_note}</p>" if updated else ""
    return {
        "/minutes": ("<html><head><title>Schools Forum minutes, 12 May 2022</title></head><body>"
                     "<main><h1>Schools Forum minutes</h1>"
                     f"<p>Kingston upon Thames {f.member} for 2020-21.</p>"
                     f"<p>The council agreed to {f.target}, and to {f.cease}.</p>"
                     f"<p>It reported {f.figure}.</p>"
                     f"<p>Members noted the committee's words: {f.claim}</p>"
                     "</main></body></html>"),
        "/statement": ("<html><head><title>Council statement on SEND</title></head><body><main>"
                       f"<h1>Council statement on SEND</h1>{note}"
                       f'<p>We read <a href="{f.report_url}">the inquiry report</a>. '
                       f"{f.claim} We carry {f.figure}.</p></main></body></html>"),
    }


def _ok(out: CliRun) -> CliRun:
    assert out.code == 0, out
    return out


def populate(archive: Path, work: Path) -> dict[str, str]:
    """Import the documents and crawl the council pages into `archive` (no graph yet).

    The plugin's distribution must be importable (see `install_plugin`). Returns the
    snapshot ids by document name (and the council pages' URLs as `minutes_url`,
    `statement_url`).
    """
    f = FIXTURE
    docs = write_documents(work / "docs")
    snaps = {}
    snaps["report"] = _ok(invoke(
        archive, "import", docs["report"], "--url", f.report_url, "--kind", "inquiry_report",
        "--publisher", "Education Committee", "--published", "2023-04")).stdout.split()[0]
    snaps["blog"] = _ok(invoke(
        archive, "import", docs["blog"], "--url", f.blog_url, "--kind", "blog",
        "--author", "Jane Parent", "--publisher", "A Parent's Blog",
        "--published", "2023-05-02")).stdout.split()[0]
    snaps["note"] = _ok(invoke(archive, "import", docs["note"])).stdout.split()[0]
    with LocalSite() as site:
        for path, html in council_pages().items():
            site.static(path, html)
        urls = [site.url(p) for p in council_pages()]
        crawl = (PLUGIN_ID, "--delay", "0")
        _ok(invoke(archive, "crawl", *crawl, *(a for u in urls for a in ("--url", u))))
        # The statement is re-published with a note on top and captured again.
        site.static("/statement", council_pages(updated=True)["/statement"])
        _ok(invoke(archive, "crawl", *crawl, "--url", urls[1]))
        listed = invoke(archive, "archive", "ls", "--format", "json").json()
        snaps["minutes"] = next(r["snapshot"] for r in listed if r["url"] == urls[0])
        statement = [r["snapshot"] for r in listed if r["url"] == urls[1]]
        snaps["statement"], snaps["statement_updated"] = statement
        snaps["minutes_url"], snaps["statement_url"] = urls
    return snaps


def build_fixture(root: Path) -> tuple[Path, dict[str, str]]:
    """A populated archive at root/archive with its graph built by `sendgraph extract`.

    The plugin is on sys.path only while building (see `plugin_on_path` to rebuild).
    """
    site_dir = install_plugin(root / "site-packages")
    archive = root / "archive"
    with plugin_on_path(site_dir):
        snaps = populate(archive, root)
        _ok(invoke(archive, "extract"))
    return archive, snaps


@contextmanager
def plugin_on_path(site_dir: Path) -> Iterator[None]:
    """The plugin's distribution importable in-process (entry points are read from sys.path)."""
    sys.path.insert(0, str(site_dir))
    try:
        yield
    finally:
        sys.path.remove(str(site_dir))
        sys.modules.pop(PLUGIN_MODULE, None)


def ours(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The listed facts the test plugin emitted (the shared extractors find more in the same
    documents, and what they find changes as they improve: tests do not depend on it)."""
    return [i for i in items
            if i["evidence"] and all(e["extractor"] == PLUGIN_EXTRACTOR for e in i["evidence"])]


@dataclass(frozen=True)
class Built:
    archive: Path
    snaps: dict[str, str]
    site_dir: Path

    def copy(self, dest: Path) -> Path:
        """A private copy of the archive (graph included) for a test that changes it."""
        target = dest / "archive"
        shutil.copytree(self.archive, target)
        return target


_BUILT: dict[str, Built] = {}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture archive, built once per test session and shared read-only: tests that
    change it work on `built.copy(tmp_path)`."""
    if "graph" not in _BUILT:
        root = tmp_path_factory.mktemp("graph-fixture")
        archive, snaps = build_fixture(root)
        _BUILT["graph"] = Built(archive, snaps, root / "site-packages")
    return _BUILT["graph"]
