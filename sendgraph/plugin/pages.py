"""Reading fetched pages strictly: a selector that no longer matches is an error, never empty.

A site redesign must not quietly produce an empty graph, so plugins select through `require`,
which raises `SelectorMissing` naming the page and the selector. A plugin catches it per item
(reporting it with `ctx.error`) or lets it stop the crawl when the listing itself has changed.
"""

from __future__ import annotations

import json
from typing import Any

from bs4 import BeautifulSoup, Tag


class SelectorMissing(Exception):
    """The page no longer has what the plugin looks for: the site probably changed."""

    def __init__(self, url: str, selector: str, what: str = "") -> None:
        thing = f" ({what})" if what else ""
        super().__init__(f"{url}: selector {selector!r}{thing} matched nothing — the page's "
                         "markup has changed; the plugin needs updating")
        self.url = url
        self.selector = selector


class BadPayload(Exception):
    """An API answered with something that is not the JSON/XML the plugin expects."""

    failure_reason = "bad_payload"  # the crawl report's reason when it stops a crawl

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url


def soup(html: bytes | str) -> BeautifulSoup:
    """Parse HTML with lxml under BeautifulSoup (DESIGN.md: fine for plugin code)."""
    return BeautifulSoup(html, "lxml")


def require(root: BeautifulSoup | Tag, selector: str, url: str, what: str = "") -> list[Tag]:
    """Every element matching a CSS selector; at least one, or SelectorMissing."""
    found = root.select(selector)
    if not found:
        raise SelectorMissing(url, selector, what)
    return found


def require_one(root: BeautifulSoup | Tag, selector: str, url: str, what: str = "") -> Tag:
    return require(root, selector, url, what)[0]


def json_payload(data: bytes, url: str) -> Any:
    """Parse an API's JSON, turning garbage into a clear BadPayload naming the URL."""
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadPayload(url, f"expected JSON, got something else ({exc})") from exc
