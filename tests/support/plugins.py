"""A third-party source plugin, installed the way pip would install it (outside plugins/).

    site_dir = tmp_path / "site"
    install_distribution(site_dir, "demo-send-plugin", "demo_send_plugin", listing_plugin())
    # then put site_dir on PYTHONPATH (a subprocess) or sys.path (in-process)

`install_distribution` writes the module plus a `<name>-<version>.dist-info/` folder with
METADATA, entry_points.txt (group `sendgraph.sources`) and RECORD: exactly what
importlib.metadata reads for an installed wheel.

`listing_plugin()` is the plugin's source: it fetches `<base>/list` (the `base` setting),
finds item links with BeautifulSoup (`ul.items a`), fetches them with `ctx.fetch_all`, and
calls `ctx.expect("items", n)` against its declared `expected`. It raises (naming the page
and the selector) when the listing has no `ul.items`, reports `ctx.error` for an item page
without `h1.title`, and raises KeyboardInterrupt after $DEMO_INTERRUPT_AFTER item pages
(a Ctrl-C at a known point).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_LISTING_PLUGIN = '''\
"""A council's FOI disclosure log: a listing page linking to one page per disclosure."""

from __future__ import annotations

import os
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from sendgraph.plugin.context import CrawlContext
from sendgraph.plugin.contract import Source, SourceInfo


class DisclosureLog(Source):
    info = SourceInfo(
        id={source_id!r},
        title={title!r},
        publisher="Demo Borough Council",
        home="http://127.0.0.1/foi",
        kind="minutes",
        hosts=("127.0.0.1",),
        version="0.1",
        expected={{"items": {expected}}},
    )

    def crawl(self, ctx: CrawlContext) -> None:
        base = ctx.options.settings["base"].rstrip("/")
        listing = ctx.fetch(base + "/list")
        if listing is None:
            return  # the failure is in the report already
        soup = BeautifulSoup(listing.content, "lxml")
        if soup.select_one("ul.items") is None:
            raise LookupError(f"{{listing.url}}: selector 'ul.items' matched nothing; "
                              "the listing page has changed")
        urls = [urljoin(listing.url, a["href"]) for a in soup.select("ul.items a[href]")]
        ctx.expect("items", len(urls))
        stop_after = int(os.environ.get("DEMO_INTERRUPT_AFTER") or 0)
        for n, page in enumerate(ctx.fetch_all(urls), 1):
            if BeautifulSoup(page.content, "lxml").select_one("h1.title") is None:
                ctx.error(page.url, "selector_missing",
                          f"{{page.url}}: selector 'h1.title' matched nothing")
            if n == stop_after:
                raise KeyboardInterrupt


plugin = DisclosureLog()
'''


def listing_plugin(source_id: str = "demo", *, title: str = "Demo Borough FOI disclosures",
                   expected: int = 4) -> str:
    return _LISTING_PLUGIN.format(source_id=source_id, title=title, expected=expected)


def install_distribution(site_dir: Path, dist: str, module: str, source: str, *,
                         entry_points: dict[str, str] | None = None,
                         version: str = "0.1") -> Path:
    """Install `module` (a single .py file) as distribution `dist` into `site_dir`.

    `entry_points` maps entry-point names to `module:attr` in the `sendgraph.sources`
    group (default: {"demo": f"{module}:plugin"}). Returns the dist-info folder.
    """
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / f"{module}.py").write_text(source, encoding="utf-8")
    normalised = dist.replace("-", "_")
    info = site_dir / f"{normalised}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n"
        "Summary: A third-party sendgraph source plugin (test fixture)\n"
        "Requires-Dist: sendgraph\n", encoding="utf-8")
    eps = entry_points if entry_points is not None else {"demo": f"{module}:plugin"}
    lines = "".join(f"{name} = {target}\n" for name, target in eps.items())
    (info / "entry_points.txt").write_text(f"[sendgraph.sources]\n{lines}", encoding="utf-8")
    (info / "RECORD").write_text(
        f"{module}.py,,\n{info.name}/METADATA,,\n{info.name}/entry_points.txt,,\n"
        f"{info.name}/RECORD,,\n", encoding="utf-8")
    return info


def listing_page(links: list[str]) -> str:
    items = "".join(f'<li><a href="{href}">Disclosure {href}</a></li>' for href in links)
    return f"<html><body><h1>Disclosure log</h1><ul class=items>{items}</ul></body></html>"


def item_page(n: int, *, title: bool = True) -> str:
    head = f'<h1 class="title">Disclosure {n}</h1>' if title else f"<h2>Disclosure {n}</h2>"
    return (f"<html><body>{head}<p>Request {n}: EHCP assessments issued within 20 weeks."
            "</p></body></html>")


def load_in_process(monkeypatch: pytest.MonkeyPatch, site_dir: Path, *modules: str) -> None:
    """Make distributions installed in `site_dir` visible to this process's entry-point
    lookup (as if pip had installed them), forgetting any earlier import of `modules`
    (tests reuse module names in different temp dirs)."""
    for name in modules:
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.syspath_prepend(str(site_dir))
