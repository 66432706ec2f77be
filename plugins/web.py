"""Pages by URL: archive exactly the web pages or files the user names, nothing more.

The generic source for a council page, a PDF on gov.uk or any other document that has no
dedicated plugin: `sendgraph crawl web --url https://... --url https://...`. Only the hosts of
the given URLs may be fetched (redirects elsewhere are refused).
"""

from __future__ import annotations

from sendgraph.plugin.context import CrawlContext
from sendgraph.plugin.contract import Source, SourceInfo


class WebPages(Source):
    info = SourceInfo(
        id="web",
        title="Web pages by URL",
        publisher="(as given)",
        home="https://github.com/sendgraph/sendgraph",
        kind="web",
        description="Fetches and archives the URLs given with --url; follows no links.",
    )

    def crawl(self, ctx: CrawlContext) -> None:
        if not ctx.options.urls:
            raise ValueError("the web source needs at least one --url to fetch")
        urls = list(ctx.options.urls)[: ctx.options.max_items or None]
        fetched = sum(1 for _ in ctx.fetch_all(urls))
        ctx.expect("pages", fetched)


plugin = WebPages()
