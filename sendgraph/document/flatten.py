"""Flatten absurdly deep HTML so libxml2 can parse all of it.

libxml2 stops parsing at 256 levels of nesting ("Excessive depth in document") and silently
drops everything after that point. For such pages - hostile or broken, never ordinary ones - we
re-tokenise with the standard library's HTML tokenizer (no tree, no depth limit), drop the start
and end tags of elements nested deeper than ``max_depth`` while keeping all their text, and
parse the flattened markup again. Slow, but only pathological input takes this path.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "param", "source", "track", "wbr"})
_RAW = frozenset({"script", "style"})


class _Flattener(HTMLParser):
    def __init__(self, max_depth: int):
        super().__init__(convert_charrefs=False)
        self.max_depth = max_depth
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, emitted)
        self.raw = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.out.append(self.get_starttag_text() or "")
            return
        emit = len(self.stack) < self.max_depth
        self.stack.append((tag, emit))
        if emit:
            self.out.append(self.get_starttag_text() or "")
        if tag in _RAW:
            self.raw += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            open_tag, emitted = self.stack.pop()
            if open_tag in _RAW:
                self.raw -= 1
            if emitted:
                self.out.append(f"</{open_tag}>")
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        self.out.append(data if self.raw else escape(data, quote=False))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")


def flatten_deep_html(text: str, max_depth: int = 200) -> str:
    """The markup with elements beyond ``max_depth`` reduced to their text."""
    flattener = _Flattener(max_depth)
    flattener.feed(text)
    flattener.close()
    return "".join(flattener.out)
