"""Property tests: for any input, build_document returns a consistent, deterministic Document
or raises a DocumentError - never anything else."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendgraph.document import (
    Document,
    DocumentError,
    UnsupportedContentError,
    build_document,
)

# DOCUMENT_PROPERTY_EXAMPLES=20000 for a longer soak run.
SETTINGS = settings(max_examples=int(os.environ.get("DOCUMENT_PROPERTY_EXAMPLES", "300")),
                    deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

TAGS = ["div", "p", "span", "a", "em", "strong", "b", "ul", "ol", "li", "table", "tr", "td",
        "th", "blockquote", "pre", "h1", "h2", "h3", "br", "nav", "aside", "header", "footer",
        "article", "main", "section", "script", "style", "figure", "figcaption", "img", "form",
        "input", "sup", "dl", "dt", "dd", "hr", "noscript", "label", "time", "cite"]
CLASSES = ["", "comment", "comment-body", "comment-content", "fn", "comment-author", "says",
           "reply", "comment-list", "comments-area", "nav-links", "entry-header", "site-header",
           "widget", "sharedaddy", "entry-content", "wpd-comment", "children", "x y"]
IDS = ["", "comments", "content", "main", "respond", "wpdcom"]
HREFS = ["", "/x", "http://example.org/y", "javascript:void(0)", "#frag", "../up",
         "mailto:a@b.c", "http://[bad", " spaced \n href "]
TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from([" ", "\n", "\t", "\u00a0", "&amp;", "&nbsp;", "&#8217;", "&#x0;", "<",
                     ">", "&", "word", "  two  words  ", "\r\n", "\u2028", "\ufeff", "\x0c"]),
)


def escape(text: str) -> str:
    return text.replace("<", "&lt;") if "<" in text and "&lt;" not in text else text


@st.composite
def element(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = ""
    if draw(st.integers(0, 2)) == 0 and (cls := draw(st.sampled_from(CLASSES))):
        attrs += f' class="{cls}"'
    if draw(st.integers(0, 4)) == 0 and (ident := draw(st.sampled_from(IDS))):
        attrs += f' id="{ident}"'
    if tag == "a":
        attrs += f' href="{draw(st.sampled_from(HREFS))}"'
    if tag in ("td", "th") and draw(st.booleans()):
        attrs += f' colspan="{draw(st.sampled_from(["2", "0", "x", "-1"]))}"'
    if draw(st.integers(0, 9)) == 0:
        attrs += " hidden"
    inner = "".join(draw(st.lists(children, max_size=4)))
    close = f"</{tag}>" if draw(st.integers(0, 5)) else ""  # sometimes left unclosed
    return f"<{tag}{attrs}>{inner}{close}"


HTML = st.recursive(TEXT.map(escape), lambda children: element(children), max_leaves=40)


def check_html_layout(doc: Document) -> None:
    texts = [doc.text[b.start:b.end] for b in doc.blocks]
    assert doc.text == "\n\n".join(texts)
    for text in texts:
        assert text and text == text.strip() and "\n\n" not in text
    kinds = [b.kind for b in doc.blocks]
    if "comment" in kinds:
        assert set(kinds[kinds.index("comment"):]) == {"comment"}
    for link in doc.links:
        assert doc.text[link.start:link.end] == link.text
        assert ":" in link.url and not link.url.lower().startswith("javascript:")


@SETTINGS
@given(body=HTML, wrap=st.booleans())
def test_any_html_gives_a_consistent_deterministic_document(body: str, wrap: bool) -> None:
    markup = f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>" \
        if wrap else body
    data = markup.encode("utf-8")
    try:
        doc = build_document(data, url="https://example.org/a/", content_type="text/html",
                             snapshot_id="h")
    except DocumentError as exc:  # only empty payloads and control-character soup
        assert not data or isinstance(exc, UnsupportedContentError)
        return
    check_html_layout(doc)
    again = build_document(data, url="https://example.org/a/", content_type="text/html",
                           snapshot_id="h")
    assert again.to_json() == doc.to_json()


@SETTINGS
@given(text=st.text(max_size=300))
def test_any_text_keeps_its_characters(text: str) -> None:
    data = text.encode("utf-8")
    try:
        doc = build_document(data, url="file:///x.txt", content_type="text/plain; charset=utf-8",
                             snapshot_id="t")
    except DocumentError:
        # only empty payloads and control-character soup are refused
        assert not data or sum(ch < " " and ch not in "\t\n\f\r\x1b" for ch in text) >= 4
        return
    expected = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert doc.text == expected
    lines = [line for line in expected.split("\n") if line.strip()]
    assert len(doc.blocks) == len(lines)
    for block, line in zip(doc.blocks, lines, strict=True):
        span = doc.text[block.start:block.end]
        assert span and span == span.strip() and "\n" not in span
        assert line.strip().endswith(span)
    assert build_document(data, url="file:///x.txt", content_type="text/plain; charset=utf-8",
                          snapshot_id="t").to_json() == doc.to_json()


@SETTINGS
@given(data=st.binary(max_size=2000),
       content_type=st.sampled_from([None, "text/html", "text/plain", "application/pdf",
                                     "application/octet-stream", "image/png",
                                     "text/html; charset=utf-16", "text/plain; charset=bogus"]))
def test_any_bytes_give_a_document_or_a_document_error(data: bytes,
                                                       content_type: str | None) -> None:
    try:
        doc = build_document(data, url="https://example.org/", content_type=content_type,
                             snapshot_id="b")
    except DocumentError:
        return
    again = build_document(data, url="https://example.org/", content_type=content_type,
                           snapshot_id="b")
    assert again.to_json() == doc.to_json()
    if doc.pages is not None or doc.links:
        check_html_layout(doc)


@SETTINGS
@given(data=st.binary(max_size=3000))
def test_any_bytes_after_a_pdf_header(data: bytes) -> None:
    try:
        doc = build_document(b"%PDF-1.4\n" + data, url="https://example.org/x.pdf",
                             content_type="application/pdf", snapshot_id="p")
    except DocumentError:
        return
    check_html_layout(doc)
    assert doc.pages is not None and all(b.page for b in doc.blocks)
