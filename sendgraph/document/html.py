"""HTML -> Document: one lxml parse, a few C-level XPath look-ups, one iterative traversal.

Main content is the content root (a single top-level ``<article>``, else ``<main>``, ... else
``<body>``: see ``landmarks.py``) minus chrome (see ``rules.py``), scripts, styles, form
controls and hidden elements. Reader comments (WordPress ``#comments`` / ``.comment-list`` /
``li.comment`` / ``article.comment``, wpDiscuz) are taken out of the main flow wherever they are
and become "comment" blocks after all main-content blocks, each carrying its author (``.fn``,
else ``.comment-author``) and the comment's ordinal; bylines, dates and "Reply" links are not
part of a comment's text. ``#disqus_thread`` is simply dropped.

Blocks: h1-h6 -> heading (level), p and loose text runs in div/section/... -> paragraph,
li -> list_item (level = list depth; a nested list splits the item), td/th -> table_cell
(table, row, col; everything inside a cell is one block), blockquote -> its paragraphs become
quotation blocks, pre keeps its line breaks. Inline elements (a, em, strong, span, ...) merge
into the block text, ``<br>`` is a space; links are recorded with the span of their anchor
text and an absolute URL (resolved against ``<base href>``, else the page URL - or, when the
page URL is not http(s), e.g. a local file import, against its canonical URL).

The walk uses ``lxml.etree.iterwalk`` (no recursion), so nesting depth cannot crash it; input
deeper than libxml2's 256-level limit is flattened first (``flatten.py``) so no text is lost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from lxml import etree

from sendgraph.document.encoding import decode_bytes
from sendgraph.document.flatten import flatten_deep_html
from sendgraph.document.landmarks import choose_root, class_scan, comment_author, find_comments
from sendgraph.document.layout import TextBuilder
from sendgraph.document.metadata import (
    apply_user_metadata,
    clean,
    html_metadata,
    resolve_url,
    url_origin,
)
from sendgraph.document.model import Document, Metadata
from sendgraph.document.rules import (
    DROP_TAGS,
    SECTIONING_TAGS,
    skip_element,
)

_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul", "search",
})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Atomic blocks: one block per element; only these nested elements split them.
_NO_SPLITS: frozenset[str] = frozenset()
_LI_SPLITS = frozenset({"ul", "ol", "li", "table", "blockquote", "pre", "dl"})
_CELL_SPLITS = frozenset({"table"})
_HEADS_XPATH = "//title[not(ancestor::svg)] | //meta | //link | //base | //script[@type]"

# End-of-element actions kept on the traversal stack.
_INLINE, _SKIP, _FRAME, _SOFT = range(4)  # anything else on the stack is an open link


class _Frame:
    """An open block context: the kind its loose text gets and what splits it."""

    __slots__ = ("attrs", "kind", "pre", "splits", "tag")

    def __init__(self, tag: str, kind: str, attrs: dict[str, Any],
                 splits: frozenset[str] | None, pre: bool):
        self.tag, self.kind, self.attrs, self.splits, self.pre = tag, kind, attrs, splits, pre


class _Walker:
    def __init__(self, builder: TextBuilder, link_base: str):
        self.b = builder
        self.link_base = link_base
        self.origin = url_origin(link_base)
        self.tables = 0

    def walk(self, top: Any, *, skip: set[Any], sectioned: bool,
             comment: dict[str, Any] | None = None) -> None:
        """Add the blocks under ``top``; in comment mode every block is a comment block."""
        b = self.b
        flow_kind = "comment" if comment is not None else "paragraph"
        frames = [_Frame("", flow_kind, {}, None, False)]
        stack: list[Any] = []
        tables: list[list[int]] = []  # [table number, row, next col]
        depth = {"li": 0, "sect": 1 if sectioned else 0}

        def flush(frame: _Frame) -> None:
            if comment is not None:
                b.end_block("comment", **comment)
            else:
                b.end_block(frame.kind, **frame.attrs)

        add_flow, add_pre, space = b.add, b.add_pre, b.space
        push, pop = stack.append, stack.pop
        in_comment = comment is not None

        walker = etree.iterwalk(top, events=("start", "end"))
        for event, el in walker:
            tag = el.tag
            if event == "end":
                action = pop()
                if action is _FRAME:
                    frame = frames.pop()
                    flush(frame)
                    if frame.tag == "table":
                        tables.pop()
                    elif frame.tag == "li":
                        depth["li"] -= 1
                elif action is _SOFT:
                    space()
                elif action is not _INLINE and action is not _SKIP:
                    b.close_link(action)
                if action is not _SKIP and tag in SECTIONING_TAGS:
                    depth["sect"] -= 1
                if el is not top and (tail := el.tail):
                    (add_pre if frames[-1].pre else add_flow)(tail)
                continue

            if el is top:
                push(_INLINE)
            elif (
                not isinstance(tag, str)
                or tag in DROP_TAGS
                or el in skip
                or skip_element(el, tag, sectioned=depth["sect"] > 0, in_comment=in_comment)
            ):
                push(_SKIP)
                walker.skip_subtree()
                continue
            if tag in SECTIONING_TAGS:
                depth["sect"] += 1
            frame = frames[-1]
            if el is top:
                pass
            elif tag in _BLOCK_TAGS:
                if frame.splits is None or tag in frame.splits:
                    flush(frame)
                    frame = self._frame(tag, el, frame, tables, depth)
                    frames.append(frame)
                    push(_FRAME)
                elif frame.pre:
                    b.newline()
                    push(_INLINE)
                else:
                    space()
                    push(_SOFT)
            elif tag == "br":
                if frame.pre:
                    b.newline()
                else:
                    space()
                push(_INLINE)
            elif tag == "a":
                href = el.get("href")
                url = resolve_url(self.link_base, href, self.origin) if href else None
                if url and not url.lower().startswith("javascript:"):
                    push(b.open_link(url))
                else:
                    push(_INLINE)
            else:
                push(_INLINE)
            if text := el.text:
                (add_pre if frame.pre else add_flow)(text)
        flush(frames[0])  # loose text left at the top level

    def _frame(self, tag: str, el: Any, parent: _Frame, tables: list[list[int]],
               depth: dict[str, int]) -> _Frame:
        flow = parent.kind if parent.kind in ("paragraph", "quotation", "comment") else "paragraph"
        if tag in _HEADINGS:
            return _Frame(tag, "heading", {"level": _HEADINGS[tag]}, _NO_SPLITS, False)
        if tag == "p":
            return _Frame(tag, flow, {}, _NO_SPLITS, parent.pre)
        if tag == "li":
            depth["li"] += 1
            return _Frame(tag, "list_item", {"level": depth["li"]}, _LI_SPLITS, False)
        if tag in ("td", "th"):
            attrs: dict[str, Any] = {}
            if tables:
                state = tables[-1]
                state[1] = max(state[1], 0)
                attrs = {"table": state[0], "row": state[1], "col": state[2]}
                state[2] += _span(el.get("colspan"))
            return _Frame(tag, "table_cell", attrs, _CELL_SPLITS, False)
        if tag == "table":
            tables.append([self.tables, -1, 0])
            self.tables += 1
        elif tag == "tr" and tables:
            tables[-1][1] += 1
            tables[-1][2] = 0
        elif tag == "pre":
            return _Frame(tag, flow, {}, _NO_SPLITS, True)
        elif tag == "blockquote":
            flow = "quotation" if flow != "comment" else flow
        return _Frame(tag, flow, {}, None, False)


def _span(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), 1000)
    except ValueError:
        return 1


def _parse(text: str, warnings: list[str]) -> Any:
    """Parse with libxml2; None for a document with no elements."""
    text = text.replace("\x00", "")
    if not text.strip():
        return None
    for attempt in range(2):
        parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  no_network=True)
        try:
            root = etree.fromstring(text.encode("utf-8", errors="replace"), parser)
        except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
            warnings.append(f"HTML could not be parsed ({exc}); no text extracted")
            return None
        limits = [e.message for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
        if not limits:
            return root
        if attempt:
            warnings.append(f"HTML exceeds a parser limit even after flattening ({limits[0]}); "
                            "text after that point is lost")
            return root
        warnings.append("HTML nested deeper than libxml2's limit; deep tags were flattened")
        text = flatten_deep_html(text)
    return None  # pragma: no cover


def html_document(
    data: bytes,
    *,
    url: str,
    content_type: str | None,
    snapshot_id: str,
    headers: Sequence[tuple[str, str]] = (),
    metadata: Mapping[str, str] | None = None,
) -> Document:
    decoded = decode_bytes(data, content_type=content_type, headers=headers, html=True)
    warnings = list(decoded.warnings)
    doc = _parse(decoded.text, warnings)
    builder = TextBuilder()
    meta = Metadata()
    if doc is not None:
        lang = doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang")
        meta, base = html_metadata(doc.xpath(_HEADS_XPATH), html_lang=clean(lang),
                                   page_url=url, warnings=warnings)
        meta = apply_user_metadata(meta, metadata, warnings)  # a user-given url is canonical
        link_base = base or url
        if not url.lower().startswith(("http:", "https:")) and meta.canonical_url:
            link_base = base or meta.canonical_url
        body = doc.find("body")
        if body is None:
            body = doc
        comment_candidates, by_class = class_scan(doc)
        sections, items = find_comments(doc, comment_candidates)
        item_set = set(items)
        skip = set(sections) | item_set
        root = choose_root(doc, body, by_class, skip)
        walker = _Walker(builder, link_base)
        walker.walk(root, skip=skip,
                    sectioned=any(a.tag in SECTIONING_TAGS for a in root.iterancestors()))
        if builder.block_count == 0 and root is not body:
            warnings.append(f"content root <{root.tag}> has no text; used the whole body")
            walker.walk(body, skip=skip, sectioned=False)
        ordinal = 0
        for item in items:
            author = comment_author(item, item_set)
            before = builder.block_count
            # item_set includes this item, but the walk never skips its own top element
            walker.walk(item, skip=item_set, sectioned=True,
                        comment={"author": author, "comment": ordinal + 1})
            if builder.block_count > before:
                ordinal += 1
    else:
        meta = apply_user_metadata(meta, metadata, warnings)
    text, blocks, links = builder.finish()
    if not blocks:
        warnings.append("no text content found")
    if meta.title is None and blocks and blocks[0].kind == "heading":
        meta = replace(meta, title=text[blocks[0].start:blocks[0].end])
    return Document(
        snapshot_id=snapshot_id, url=url, content_type=content_type, text=text, blocks=blocks,
        links=links, metadata=meta, pages=None, warnings=tuple(warnings),
    )

