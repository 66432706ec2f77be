"""Landmarks of an HTML page: where its content root is, and where its reader comments are.

Found with a few C-level look-ups (``//@class``, ``id()``, ``iter(tag)``) before the single
content traversal, so the traversal itself needs no look-ahead. Preference for the content
root: a single top-level ``<article>`` (not a comment, not inside nav/aside/header/footer) -
unless it holds under 40% of the text of the ``<main>`` around it (comments aside), when it
is a card or an author box and ``<main>`` is the root - else ``<main>``, else
``[role=main]``, else ``#content``, else ``.entry-content`` / ``.post-content``, else
``<body>``. Comment sections are ``#comments``, ``#wpdcom`` and
elements with a comment-section class; comment items are ``li``/``article`` elements with
class ``comment`` (anywhere) and elements with class ``comment``/``wpd-comment`` inside a
section, or a ``.comment-body`` that is not inside an item.
"""

from __future__ import annotations

from typing import Any

from sendgraph.document.metadata import clean
from sendgraph.document.rules import (
    COMMENT_ITEM_CLASSES,
    ROOT_CLASSES,
    is_comment_section,
    tokens,
)


def ancestors_in(el: Any, group: set[Any]) -> bool:
    return any(a in group for a in el.iterancestors())


def class_scan(doc: Any) -> tuple[list[Any], list[Any]]:
    """One pass over every class attribute (a cheap C-level XPath): elements that may be
    comment sections/items, and elements with a content-root class, in document order."""
    comments: list[Any] = []
    content: list[Any] = []
    for value in doc.xpath("//@class"):
        if "comment" in value:
            comments.append(value.getparent())
        if "-content" in value and not ROOT_CLASSES.isdisjoint(value.split()):
            content.append(value.getparent())
    return comments, content


def find_comments(doc: Any, candidates: list[Any]) -> tuple[list[Any], list[Any]]:
    """Outermost comment sections, and comment items in document order."""
    by_id = [e for e in doc.xpath("id('comments') | id('wpdcom')") if e not in candidates]
    sections: set[Any] = set()
    maybe_items: list[Any] = []
    bodies: list[Any] = []
    for e in by_id + candidates:
        if next(e.iterancestors("nav", "aside"), None) is not None:
            continue
        if is_comment_section(e):
            sections.add(e)
        classes = tokens(e.get("class"))
        if not COMMENT_ITEM_CLASSES.isdisjoint(classes):
            maybe_items.append(e)
        elif "comment-body" in classes:
            bodies.append(e)
    outer = [e for e in by_id + candidates if e in sections and not ancestors_in(e, sections)]
    items = {e for e in maybe_items if e.tag in ("li", "article") or ancestors_in(e, sections)}
    items.update([e for e in bodies if not ancestors_in(e, items)])
    return outer, [e for e in candidates if e in items]


def choose_root(doc: Any, body: Any, by_class: list[Any], comment_nodes: set[Any]) -> Any:
    """The content root (see the module docstring for the order of preference)."""
    def usable(e: Any) -> bool:
        return (e not in comment_nodes and not ancestors_in(e, comment_nodes)
                and next(e.iterancestors("nav", "aside", "header", "footer"), None) is None)

    articles = [e for e in doc.iter("article")
                if not any(t.startswith("comment") for t in tokens(e.get("class")))
                and usable(e)]
    article_set = set(articles)
    top_articles = [e for e in articles if not ancestors_in(e, article_set)]
    if len(top_articles) == 1:
        article = top_articles[0]
        main = next((m for m in article.iterancestors("main") if usable(m)), None)
        if main is None or _text_length(article) * 5 >= _text_length(main, comment_nodes) * 2:
            return article
        return main  # the lone <article> is a card or box, not the page's content
    for group in (
        lambda: doc.iter("main"),
        lambda: (a.getparent() for a in doc.xpath("//@role") if a.strip().lower() == "main"),
        lambda: doc.xpath("id('content')"),
        lambda: by_class,
    ):
        for e in group():
            if usable(e):
                return e
    return body


def _text_length(el: Any, minus: set[Any] | None = None) -> float:
    """Characters of text under ``el`` (C-level XPath), not counting ``minus`` subtrees."""
    length = el.xpath("string-length(.)")
    for m in minus or ():
        ancestors = list(m.iterancestors())
        if el in ancestors and not any(a in minus for a in ancestors):  # type: ignore[operator]
            length -= m.xpath("string-length(.)")
    return length


def comment_author(item: Any, items: set[Any]) -> str | None:
    """The commenter's name: the item's own ``.fn`` (hCard, WordPress), else the text of its
    ``.comment-author`` / ``.wpd-comment-author`` without a trailing "says:"."""
    def own(el: Any) -> bool:
        for a in el.iterancestors():
            if a in items:
                return a is item
        return False

    best: str | None = None
    for el in item.iterdescendants():
        cls = tokens(el.get("class"))
        if not cls:
            continue
        if "fn" in cls and own(el):
            return clean("".join(el.itertext()))
        if best is None and ("comment-author" in cls or "wpd-comment-author" in cls) and own(el):
            name = clean("".join(el.itertext()))
            if name and name.lower().endswith(("says:", "says")):
                name = clean(name.rsplit(" ", 1)[0]) if " " in name else None
            best = name
    return best
