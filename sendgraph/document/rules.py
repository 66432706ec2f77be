"""Which HTML elements are page chrome, which are reader comments, which hold the content.

Chrome (navigation, site header/footer, sidebars, share widgets, cookie banners, related posts,
breadcrumbs, ads, newsletter boxes) is recognised by element (nav, aside; header/footer only
when they belong to the page rather than to an article or section, as in ARIA), by ARIA role,
and by class/id *tokens*. A token is split on "-" and "_" into parts and matched on whole parts,
never substrings, so ``nav-links`` and ``jp-relatedposts`` are chrome but ``canvas`` or
``navy`` are not. "header"/"footer"/"banner" parts are chrome only when every other part of the
token is a site-level qualifier: ``site-header``, ``govuk-footer`` and ``gem-c-phase-banner`` go,
while ``entry-header`` (which holds a post's title), ``entry-footer`` and ``page-header`` stay.
"widget" is chrome only as the leading word (WordPress sidebars: ``widget``, ``widget_text``,
``widget-area``), because page builders put all content in ``elementor-widget-container``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Never content: code, embedded media, form controls, document head.
DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "video", "audio", "map", "button", "input", "select", "option", "optgroup", "textarea",
    "datalist", "label", "head", "title", "meta", "link", "base",
})
CHROME_TAGS = frozenset({"nav", "aside"})
_COMMENT_FURNITURE_TAGS = frozenset({"footer", "header", "time", "img", "nav", "aside", "form"})
PAGE_LEVEL_TAGS = frozenset({"header", "footer"})  # chrome unless inside a sectioning element
SECTIONING_TAGS = frozenset({"article", "aside", "main", "nav", "section"})
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                          "menu", "menubar"})

_CHROME_PARTS = frozenset({
    "nav", "navbar", "navigation", "menu", "menubar", "sidebar", "share", "sharing",
    "sharedaddy", "relatedposts", "related", "breadcrumb", "breadcrumbs",
    "advert", "adverts", "advertisement", "advertising", "adsbygoogle", "subscribe",
    "subscription", "newsletter", "cookie", "cookies", "gdpr", "consent", "disqus",
    "pagination", "popup", "print",
})
_CHROME_TOKENS = frozenset({
    "ad", "ads", "skip-link", "skiplink", "skip-to-content", "screen-reader-text", "sr-only",
    "visually-hidden", "visuallyhidden", "govuk-visually-hidden",
    "govuk-visually-hidden-focusable", "respond", "comment-respond", "colophon",
    "disqus_thread", "secondary", "masthead",
})
_PAGE_PARTS = frozenset({"header", "footer", "banner", "masthead"})
# Words that may sit beside "header"/"footer" in a token that still names the site's own.
_SITE_QUALIFIERS = frozenset({
    "site", "global", "main", "top", "bottom", "govuk", "nhsuk", "gem", "c", "layout", "app",
    "primary", "wrapper", "wrap", "container", "inner", "outer", "sticky", "fixed", "mobile",
    "desktop", "bar", "area", "region", "phase", "cookie", "widgets", "links", "menu", "logo",
    "navigation", "nav", "full", "width",
})
# "social" alone would also hit content about social care; only these companions make it chrome.
_SOCIAL_COMPANIONS = frozenset({"icons", "icon", "links", "link", "media", "buttons", "button",
                                "follow", "networks", "profiles", "bar", "sd", "share", "menu"})
# Layout/state classes ("has-sidebar", "no-sidebar", "is-menu-open") describe the element they
# sit on, often a wrapper around the content, so they never mark chrome.
_STATE_PREFIXES = frozenset({"has", "no", "with", "without", "is", "show", "hide", "enable",
                             "disable", "toggle", "js", "left", "right"})
_SPLIT = re.compile(r"[-_]+")

COMMENT_SECTION_IDS = frozenset({"comments", "wpdcom"})
COMMENT_SECTION_CLASSES = frozenset({"comments-area", "comment-list", "commentlist", "comments",
                                     "wpd-thread-list", "comments-section", "comment-section"})
COMMENT_ITEM_CLASSES = frozenset({"comment", "wpd-comment"})
# Inside a comment: who/when/reply widgets are not the comment's words.
_COMMENT_META_PARTS = frozenset({
    "meta", "metadata", "commentmetadata", "author", "date", "time", "reply", "avatar",
    "footer", "header", "vote", "votes", "says", "actions", "edit", "share", "label",
    "status", "moderation", "awaiting", "permalink", "vcard",
})

ROOT_CLASSES = frozenset({"entry-content", "post-content"})


def tokens(value: str | None) -> list[str]:
    return value.lower().split() if value else []


@lru_cache(maxsize=4096)
def is_chrome_name(value: str) -> bool:
    """True if a class or id attribute value names page chrome (see module docstring)."""
    for token in value.lower().split():
        if token in _CHROME_TOKENS or token.startswith("widget"):
            return True
        parts = [p for p in _SPLIT.split(token) if p]
        if not parts or parts[0] in _STATE_PREFIXES:
            continue
        if "cookie" in token:  # cookiebanner, CybotCookiebotDialog, ...
            return True
        if not _CHROME_PARTS.isdisjoint(parts):
            return True
        if "social" in parts and (len(parts) == 1 or not _SOCIAL_COMPANIONS.isdisjoint(parts)):
            return True
        page_parts = _PAGE_PARTS.intersection(parts)
        if page_parts and all(p in _SITE_QUALIFIERS or p in _PAGE_PARTS for p in parts):
            return True
    return False


@lru_cache(maxsize=4096)
def is_comment_meta(value: str) -> bool:
    """True if a class value, inside a comment, marks its byline/date/reply furniture."""
    for token in value.lower().split():
        if token == "fn" or not _COMMENT_META_PARTS.isdisjoint(_SPLIT.split(token)):
            return True
    return False


def is_comment_section(el: object) -> bool:
    get = el.get  # type: ignore[attr-defined]
    if (get("id") or "").lower() in COMMENT_SECTION_IDS:
        return True
    return not COMMENT_SECTION_CLASSES.isdisjoint(tokens(get("class")))


def _display_none(style: str) -> bool:
    return "none" in style and "display:none" in style.replace(" ", "").lower()


def skip_element(el: Any, tag: str, *, sectioned: bool, in_comment: bool) -> bool:
    """Should the walk skip this element and everything in it?

    Always: hidden elements (``hidden`` attribute, inline ``display:none``). In main content:
    chrome by element, role, class or id (``sectioned``: inside article/main/section/..., which
    makes header/footer belong to that section). Inside a comment: its byline, date, avatar and
    reply furniture. One ``items()`` call fetches all attributes: this runs for every element.
    """
    if in_comment:
        if tag in _COMMENT_FURNITURE_TAGS:
            return True
    elif tag in CHROME_TAGS or (tag in PAGE_LEVEL_TAGS and not sectioned):
        return True
    attrs = el.items()
    if not attrs:
        return False
    cls = ident = role = None
    for key, value in attrs:
        if key == "class":
            cls = value
        elif key == "id":
            ident = value
        elif key == "role":
            role = value
        elif key == "hidden" or (key == "style" and _display_none(value)):
            return True
    if in_comment:
        return bool(cls) and is_comment_meta(cls)
    if not (
        (role and role.strip().lower() in CHROME_ROLES)
        or (cls and is_chrome_name(cls))
        or (ident and is_chrome_name(ident))
    ):
        return False
    # A wrapper that holds the article itself is not chrome, whatever its class says.
    return next(el.iterdescendants("article", "main"), None) is None
