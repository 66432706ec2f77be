"""Crawling end to end: `sendgraph crawl` against a real server on 127.0.0.1, checked
through the CLI a user has (`archive ls / stats / cat / runs / verify`), in-process and as
the installed console script."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from email.utils import formatdate
from pathlib import Path

import pytest

from tests.support.cli import invoke, popen, run
from tests.support.http_server import LocalSite, RecordedRequest, Reply
from tests.support.plugins import (
    install_distribution,
    item_page,
    listing_page,
    listing_plugin,
    load_in_process,
)

QUICK = ("--delay", "0")


def _url_flags(urls: list[str]) -> list[str]:
    return [f"--url={u}" for u in urls]


def _page(n: int | str) -> str:
    return f"<html><body><h1>Page {n}</h1><p>The council's SEND plan, part {n}.</p></body></html>"


def _paths(site: LocalSite) -> list[str]:
    """Paths the crawler asked for, robots.txt aside (every run re-reads it: rules change)."""
    return [r.path for r in site.requests if r.path != "/robots.txt"]


def _wait_for(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the crawler")
        time.sleep(0.01)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return tmp_path / "archive"


# -- capture and report ---------------------------------------------------------------------

def test_crawl_archives_each_page_and_robots_and_reports_the_404(
        site: LocalSite, archive: Path) -> None:
    robots = "User-agent: *\nDisallow: /private/\n"
    site.robots(robots)
    bodies = {f"/p{i}": _page(i) for i in range(3)}
    for path, body in bodies.items():
        site.static(path, body)
    urls = [site.url(p) for p in bodies]
    missing = site.url("/gone")

    out = invoke(archive, "crawl", "web", *_url_flags([urls[0], missing, *urls[1:]]), *QUICK,
                 "--format", "json")

    assert out.code == 3, out  # done, but one URL failed
    (report,) = out.json()
    assert report["status"] == "partial" and report["counts"] == {"new": 3}
    (failure,) = report["failures"]
    assert (failure["url"], failure["reason"], failure["status"]) == (missing, "http_error", 404)
    assert missing in failure["detail"]

    listed = invoke(archive, "archive", "ls", "--format", "json").json()
    by_url = {row["url"]: row for row in listed}
    for url in urls:
        row = by_url[url]
        assert (row["status"], row["capture"], row["plugin"]) == (200, "new", "web")
        assert row["run_id"] == report["run_id"]
    assert by_url[site.url("/robots.txt")]["status"] == 200
    assert by_url[missing]["status"] == 404  # the error response is kept as evidence
    assert len(listed) == len(urls) + 2
    # What is archived is byte for byte what the server sent.
    for path, body in bodies.items():
        assert invoke(archive, "archive", "cat", site.url(path)).stdout == body
    assert invoke(archive, "archive", "cat", site.url("/robots.txt")).stdout == robots
    verify = invoke(archive, "archive", "verify")
    assert verify.code == 0, verify


def test_console_script_crawls_reports_and_verifies(site: LocalSite, archive: Path) -> None:
    for name in ("a", "b"):
        site.static(f"/{name}", _page(name))
    a, b, missing = site.url("/a"), site.url("/b"), site.url("/missing")

    out = run(archive, "crawl", "web", "--url", a, "--url", missing, "--url", b, *QUICK)
    assert out.code == 3, out
    assert "2 new" in out.stdout and "1 failed" in out.stdout
    assert f"FAILED {missing}: http_error" in out.stderr and "404" in out.stderr

    again = run(archive, "crawl", "web", "--url", a, "--url", b, *QUICK)
    assert again.code == 0, again
    assert "0 new, 2 unchanged" in again.stdout

    listed = run(archive, "archive", "ls", "--format", "json").json()
    assert sorted((r["url"], r["capture"]) for r in listed if r["url"] in (a, b)) == [
        (a, "new"), (a, "unchanged"), (b, "new"), (b, "unchanged")]
    verify = run(archive, "archive", "verify")
    assert verify.code == 0 and "OK" in verify.stdout, verify


# -- conditional requests and revisits ------------------------------------------------------

class Versioned:
    """A page that honours conditional requests like a real server: 304 while the
    client's validator still matches the current version."""

    def __init__(self, body: str, *, etag: bool, last_modified: bool) -> None:
        self.use_etag, self.use_last_modified = etag, last_modified
        self.version = 0
        self.change(body)

    def change(self, body: str) -> None:
        self.body = body.encode()
        self.version += 1
        self.etag = f'"v{self.version}"'
        self.modified = formatdate(1_700_000_000 + 86_400 * self.version, usegmt=True)

    def __call__(self, req: RecordedRequest) -> Reply:
        headers = [("Content-Type", "text/html; charset=utf-8")]
        if self.use_etag:
            headers.append(("ETag", self.etag))
        if self.use_last_modified:
            headers.append(("Last-Modified", self.modified))
        tag, since = req.header("if-none-match"), req.header("if-modified-since")
        if tag is not None:
            fresh = self.use_etag and tag == self.etag
        else:
            fresh = self.use_last_modified and since == self.modified
        return Reply(304, b"", headers) if fresh else Reply(200, self.body, headers)


def _stats(archive: Path) -> dict[str, int]:
    return invoke(archive, "archive", "stats", "--format", "json").json()["records_by_type"]


def test_recrawl_is_conditional_and_stores_only_revisits_until_a_page_changes(
        site: LocalSite, archive: Path) -> None:
    site.robots("User-agent: *\nAllow: /\n")
    pages = {
        "/etag": Versioned(_page("etag"), etag=True, last_modified=False),
        "/lastmod": Versioned(_page("lastmod"), etag=False, last_modified=True),
        "/both": Versioned(_page("both"), etag=True, last_modified=True),
    }
    for path, page in pages.items():
        site.route(path, page)
    site.static("/plain", _page("plain"))  # no validators: re-fetched in full, stored once
    urls = _url_flags([site.url(p) for p in (*pages, "/plain")])

    first = invoke(archive, "crawl", "web", *urls, *QUICK, "--format", "json")
    assert first.code == 0, first
    assert first.json()[0]["counts"] == {"new": 4}
    before = _stats(archive)
    assert before["response"] == 5  # four pages and robots.txt

    site.clear_log()
    second = invoke(archive, "crawl", "web", *urls, *QUICK, "--format", "json")
    assert second.code == 0, second
    assert second.json()[0]["counts"] == {"not_modified": 3, "unchanged": 1}
    sent = {r.path: r for r in site.requests}
    assert sent["/etag"].header("if-none-match") == '"v1"'
    assert sent["/lastmod"].header("if-modified-since") == pages["/lastmod"].modified
    assert sent["/both"].header("if-none-match") == '"v1"'
    assert sent["/both"].header("if-modified-since") == pages["/both"].modified
    assert sent["/plain"].header("if-none-match") is None
    assert sent["/plain"].header("if-modified-since") is None
    after = _stats(archive)
    assert after["response"] == before["response"], "an unchanged page stored a new payload"
    assert after["revisit"] == before.get("revisit", 0) + 5  # four pages and robots.txt
    captures = invoke(archive, "archive", "ls", "--url", site.url("/etag"),
                      "--format", "json").json()
    assert [(c["capture"], c["status"]) for c in captures] == [("new", 200),
                                                               ("not-modified", 304)]

    pages["/both"].change(_page("both, amended"))
    third = invoke(archive, "crawl", "web", *urls, *QUICK, "--format", "json")
    assert third.code == 0, third
    assert third.json()[0]["counts"] == {"new": 1, "not_modified": 2, "unchanged": 1}
    assert _stats(archive)["response"] == after["response"] + 1
    assert invoke(archive, "archive", "cat", site.url("/both")).stdout == _page("both, amended")
    history = invoke(archive, "archive", "ls", "--url", site.url("/both"),
                     "--format", "json").json()
    assert [c["capture"] for c in history] == ["new", "not-modified", "new"]
    assert history[0]["snapshot"] != history[2]["snapshot"]
    assert invoke(archive, "archive", "verify").code == 0


# -- interrupted runs -----------------------------------------------------------------------

def test_ctrl_c_then_recrawl_resumes_the_run_without_refetching(
        site: LocalSite, archive: Path) -> None:
    """A real SIGINT to the console script mid-crawl; the next `crawl web` (no --url: the
    run's own list) continues the same run and asks only for what it had not captured."""
    gate = threading.Event()
    for i in range(6):
        site.static(f"/w{i}", _page(i))

    def held(req: RecordedRequest) -> Reply:
        gate.wait(20)  # answers once the test has interrupted the crawler
        return Reply(200, _page(3).encode(), [("Content-Type", "text/html")])

    site.route("/w3", held)
    urls = [site.url(f"/w{i}") for i in range(6)]
    proc = popen(archive, "crawl", "web", *_url_flags(urls), *QUICK, "--concurrency", "1")
    try:
        _wait_for(lambda: site.hits("/w3") == 1)
        proc.send_signal(signal.SIGINT)
        gate.set()
        _, err = proc.communicate(timeout=30)
    finally:
        gate.set()
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "will resume on the next crawl" in err
    assert _paths(site) == ["/w0", "/w1", "/w2", "/w3"]
    (cut_short,) = invoke(archive, "archive", "runs", "--format", "json").json()
    assert cut_short["status"] == "running" and cut_short["finished"] is None

    site.clear_log()
    out = run(archive, "crawl", "web", *QUICK, "--format", "json")
    assert out.code == 0, out
    (report,) = out.json()
    assert report["resumed"] and report["run_id"] == cut_short["run_id"]
    assert report["counts"] == {"resumed": 3, "new": 3}
    assert sorted(_paths(site)) == ["/w3", "/w4", "/w5"]  # nothing fetched twice
    captures = invoke(archive, "archive", "ls", "--format", "json").json()
    pages = [c for c in captures if c["url"] in urls]
    assert sorted(c["url"] for c in pages) == sorted(urls)  # each page exactly once
    assert {c["run_id"] for c in pages} == {cut_short["run_id"]}
    (done,) = invoke(archive, "archive", "runs", "--format", "json").json()
    assert (done["run_id"], done["status"]) == (cut_short["run_id"], "ok")
    assert invoke(archive, "archive", "verify").code == 0


def test_interrupted_plugin_run_resumes_retries_failures_and_fresh_starts_over(
        site: LocalSite, archive: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A plugin run cut short by KeyboardInterrupt: `--fresh` starts a new run (and gives
    up the old one); the next plain crawl resumes the newest run, skipping what it captured
    but asking again for the URL that had failed (a 404 is not a capture to keep)."""
    site_dir = tmp_path / "site-packages"
    install_distribution(site_dir, "demo-send-plugin", "demo_send_plugin", listing_plugin())
    load_in_process(monkeypatch, site_dir, "demo_send_plugin")
    links = ["/d/0", "/d/gone", "/d/1", "/d/2", "/d/3", "/d/4"]
    site.static("/list", listing_page(links))
    for n in range(5):
        site.static(f"/d/{n}", item_page(n))
    crawl = ("crawl", "demo", "--set", f"base={site.url('/')}", *QUICK)

    monkeypatch.setenv("DEMO_INTERRUPT_AFTER", "2")  # Ctrl-C once /d/1 is in
    first = invoke(archive, *crawl)
    assert first.code == 130, first
    assert "demo will resume on the next crawl" in first.stderr
    assert _paths(site) == ["/list", "/d/0", "/d/gone", "/d/1"]

    site.clear_log()
    fresh = invoke(archive, *crawl, "--fresh")
    assert fresh.code == 130, fresh
    assert _paths(site) == ["/list", "/d/0", "/d/gone", "/d/1"]  # all asked for again
    runs = invoke(archive, "archive", "runs", "--format", "json").json()
    assert len(runs) == 2
    old, new = runs
    assert old["status"] == "abandoned" and old["finished"] is not None
    assert new["status"] == "running" and new["finished"] is None

    monkeypatch.delenv("DEMO_INTERRUPT_AFTER")
    site.clear_log()
    resumed = invoke(archive, *crawl, "--format", "json")
    assert resumed.code == 3, resumed  # the 404 again
    (report,) = resumed.json()
    assert report["resumed"] and report["run_id"] == new["run_id"]
    assert _paths(site) == ["/d/gone", "/d/2", "/d/3", "/d/4"]
    assert report["counts"] == {"resumed": 3, "new": 3}
    (failure,) = report["failures"]
    assert (failure["url"], failure["status"]) == (site.url("/d/gone"), 404)
    assert invoke(archive, "archive", "verify").code == 0


# -- sources and exit codes -----------------------------------------------------------------

def test_sources_lists_installed_plugins_as_json(archive: Path) -> None:
    out = invoke(archive, "sources", "--format", "json")
    assert out.code == 0, out
    by_id = {s["id"]: s for s in out.json()}
    web = by_id["web"]
    assert {"id", "title", "kind", "publisher", "home", "hosts", "version"} <= set(web)
    assert web["kind"] == "web" and web["hosts"] == [] and web["title"]


def test_unknown_source_exits_1_naming_the_installed_ones(archive: Path) -> None:
    out = invoke(archive, "crawl", "no-such-source")
    assert out.code == 1, out
    assert "no-such-source" in out.stderr and "installed: " in out.stderr
    assert "web" in out.stderr.split("installed: ", 1)[1]


def test_bad_setting_is_a_usage_error(archive: Path) -> None:
    out = invoke(archive, "crawl", "web", "--url", "http://127.0.0.1:9/", "--set", "oops")
    assert out.code == 2, out
    assert "--set" in out.stderr and "KEY=VALUE" in out.stderr
    assert not archive.exists()  # rejected before anything was opened or fetched


def test_crawl_that_captures_nothing_exits_1(archive: Path) -> None:
    out = invoke(archive, "crawl", "web", *QUICK)  # web needs --url
    assert out.code == 1, out
    assert "needs at least one --url" in out.stderr
