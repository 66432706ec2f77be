"""A plugin installed separately (not in plugins/) is found through the `sendgraph.sources`
entry-point group and crawled like a built-in one; its problems are reported, not hidden."""

from __future__ import annotations

import os
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from sendgraph.plugin.contract import PluginError
from sendgraph.plugin.registry import GROUP, load_sources
from tests.support.cli import invoke, run
from tests.support.http_server import LocalSite
from tests.support.plugins import (
    install_distribution,
    item_page,
    listing_page,
    listing_plugin,
    load_in_process,
)

QUICK = ("--delay", "0")


def _pythonpath(site_dir: Path) -> dict[str, str]:
    """An interpreter started with this environment sees `site_dir`'s distributions."""
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(site_dir),
                                                        os.environ.get("PYTHONPATH")]))}


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """`demo-send-plugin` 0.1, installed outside the project, declaring source `demo`."""
    path = tmp_path / "site-packages"
    install_distribution(path, "demo-send-plugin", "demo_send_plugin", listing_plugin())
    return path


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return tmp_path / "archive"


def _serve(site: LocalSite, items: int, *, untitled: tuple[int, ...] = ()) -> list[str]:
    links = [f"/disclosures/{n}" for n in range(items)]
    site.static("/list", listing_page(links))
    for n, link in enumerate(links):
        site.static(link, item_page(n, title=n not in untitled))
    return [site.url(p) for p in ["/list", *links]]


def test_installed_plugin_is_listed_and_its_pages_archived(
        site: LocalSite, site_dir: Path, archive: Path) -> None:
    env = _pythonpath(site_dir)
    sources = run(archive, "sources", "--format", "json", env=env)
    assert sources.code == 0, sources
    by_id = {s["id"]: s for s in sources.json()}
    assert {"demo", "web"} <= set(by_id)
    demo = by_id["demo"]
    assert (demo["title"], demo["kind"], demo["publisher"]) == (
        "Demo Borough FOI disclosures", "minutes", "Demo Borough Council")
    assert demo["hosts"] == ["127.0.0.1"] and demo["version"] == "0.1"
    assert demo["expected"] == {"items": 4}
    # Without the distribution on the path, the source does not exist.
    assert "demo" not in {s["id"] for s in run(archive, "sources", "--format", "json").json()}

    urls = _serve(site, 4)
    out = run(archive, "crawl", "demo", "--set", f"base={site.url('/')}", *QUICK,
              "--format", "json", env=env)
    assert out.code == 0, out
    (report,) = out.json()
    assert report["status"] == "ok" and report["warnings"] == []
    assert report["counts"] == {"new": 5} and report["found"] == {"items": 4}
    listed = invoke(archive, "archive", "ls", "--source", "demo", "--format", "json").json()
    pages = {r["url"]: r for r in listed if r["url"] != site.url("/robots.txt")}
    assert sorted(pages) == sorted(urls)
    assert {(r["status"], r["plugin"], r["run_id"]) for r in pages.values()} == {
        (200, "demo", report["run_id"])}
    assert invoke(archive, "archive", "verify").code == 0


def test_fewer_items_than_expected_is_a_loud_warning(
        site: LocalSite, site_dir: Path, archive: Path) -> None:
    _serve(site, 2)  # the plugin expects at least 4
    out = run(archive, "crawl", "demo", "--set", f"base={site.url('/')}", *QUICK,
              env=_pythonpath(site_dir))
    assert out.code == 0, out  # what was there was captured
    warning = "found only 2 items, expected at least 4"
    assert f"WARNING demo: {warning}" in out.stderr
    (stored,) = invoke(archive, "archive", "runs", "--format", "json").json()
    assert "the site may have changed" in stored["report_json"]
    assert warning in stored["report_json"]


def test_two_distributions_with_one_id_name_both_origins(site_dir: Path, archive: Path) -> None:
    install_distribution(site_dir, "other-send-plugin", "other_send_plugin",
                         listing_plugin(title="Someone else's demo"))
    env = _pythonpath(site_dir)
    for args in (("sources",), ("crawl", "demo", "--set", "base=http://127.0.0.1:9/")):
        out = run(archive, *args, env=env)
        assert out.code == 1, out
        assert "two source plugins share the id 'demo'" in out.stderr
        assert "demo_send_plugin:plugin (from demo-send-plugin)" in out.stderr
        assert "other_send_plugin:plugin (from other-send-plugin)" in out.stderr
    assert not archive.exists()  # nothing was crawled


def test_plugin_that_breaks_on_a_redesign_is_reported_and_nothing_is_lost(
        site: LocalSite, site_dir: Path, archive: Path) -> None:
    env = _pythonpath(site_dir)
    crawl = ("crawl", "demo", "--set", f"base={site.url('/')}", *QUICK, "--format", "json")
    urls = _serve(site, 4)
    assert run(archive, *crawl, env=env).code == 0
    before = {u: invoke(archive, "archive", "cat", u).stdout for u in urls}

    site.static("/list", "<html><body><div class=grid><a href=/disclosures/0>0</a></div>"
                         "</body></html>")  # the council's new design
    out = run(archive, *crawl, env=env)
    assert out.code == 3, out  # the redesigned listing itself was captured
    (report,) = out.json()
    assert report["status"] == "failed"
    (failure,) = report["failures"]
    assert failure["reason"] == "plugin_error"
    assert site.url("/list") in failure["detail"] and "'ul.items'" in failure["detail"]
    assert invoke(archive, "archive", "verify").code == 0
    for url, body in before.items():
        history = invoke(archive, "archive", "ls", "--url", url, "--format", "json").json()
        first = invoke(archive, "archive", "cat", history[0]["snapshot"]).stdout
        assert first == body  # the earlier capture still reads back unchanged
    assert "grid" in invoke(archive, "archive", "cat", site.url("/list")).stdout


def test_plugin_reports_a_page_its_selector_misses_and_carries_on(
        site: LocalSite, site_dir: Path, archive: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    load_in_process(monkeypatch, site_dir, "demo_send_plugin")
    urls = _serve(site, 4, untitled=(2,))
    out = invoke(archive, "crawl", "demo", "--set", f"base={site.url('/')}", *QUICK,
                 "--format", "json")
    assert out.code == 3, out
    (report,) = out.json()
    (failure,) = report["failures"]
    assert (failure["url"], failure["reason"]) == (urls[3], "selector_missing")
    assert "h1.title" in failure["detail"]
    assert report["counts"] == {"new": 5}  # every page archived, the odd one included
    captured = {r["url"] for r in invoke(archive, "archive", "ls", "--format", "json").json()}
    assert set(urls) <= captured


# -- the registry, in-process ---------------------------------------------------------------

def _ep(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=GROUP)


def test_load_sources_finds_entry_points_and_instantiates_classes() -> None:
    found = load_sources([_ep("web", "sendgraph_plugins.web:WebPages")])
    assert list(found) == ["web"] and found["web"].info.id == "web"


def test_load_sources_refuses_duplicates_naming_both() -> None:
    with pytest.raises(PluginError) as err:
        load_sources([_ep("web", "sendgraph_plugins.web:plugin"),
                      _ep("web", "sendgraph_plugins.web:WebPages")])
    assert "'web'" in str(err.value)
    assert "sendgraph_plugins.web:plugin" in str(err.value)
    assert "sendgraph_plugins.web:WebPages" in str(err.value)


@pytest.mark.parametrize(("ep", "message"), [
    (_ep("pages", "sendgraph_plugins.web:plugin"), "registered as 'pages' but its id is 'web'"),
    (_ep("web", "sendgraph_plugins.web:__doc__"), "is not a sendgraph Source"),
    (_ep("gone", "no_such_module_for_sendgraph:plugin"),
     "could not load source plugin no_such_module_for_sendgraph:plugin"),
])
def test_load_sources_names_the_broken_entry_point(ep: EntryPoint, message: str) -> None:
    with pytest.raises(PluginError, match=message):
        load_sources([ep])
    assert "no_such_module_for_sendgraph" not in sys.modules
