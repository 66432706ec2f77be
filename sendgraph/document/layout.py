"""Assemble blocks into one document text, collapsing whitespace as text streams in.

HTML and PDF converters feed text fragments, block boundaries and link starts/ends into a
``TextBuilder``; it applies the layout rule of ``model.py`` (blocks joined by "\\n\\n",
whitespace collapsed to single spaces, blocks stripped) incrementally, so every offset is known
the moment a word is written and link spans never need re-mapping. Parts are collected in a
list and joined once: no quadratic string building.
"""

from __future__ import annotations

import re
from typing import Any

from sendgraph.document.model import BLOCK_SEPARATOR, Block, Link

# In <pre>: newlines, runs of other whitespace, and words.
_PRE_TOKENS = re.compile(r"\n|[^\S\n]+|\S+")


class TextBuilder:
    """Collects blocks and links; offsets are final as soon as text is written."""

    __slots__ = ("_block_start", "_blocks", "_length", "_links", "_open_links", "_parts",
                 "_pre_ws", "_space", "_unstarted_links")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._blocks: list[Block] = []
        self._links: list[tuple[str, int, int]] = []
        self._block_start: int | None = None  # None until the current block has a word
        self._space = False  # whitespace seen since the last word of this block
        self._pre_ws = ""  # pending whitespace inside <pre> (at most one "\n", then indent)
        self._open_links: list[list[Any]] = []  # [url, start or None]
        self._unstarted_links = False

    # -- writing ---------------------------------------------------------------------------

    def _begin_words(self, separator: str) -> None:
        """Write what goes before the next word: the block separator or the pending space."""
        if self._block_start is None:
            if self._length:
                self._parts.append(BLOCK_SEPARATOR)
                self._length += len(BLOCK_SEPARATOR)
            self._block_start = self._length
        elif separator:
            self._parts.append(separator)
            self._length += len(separator)
        if self._unstarted_links:
            for entry in self._open_links:
                if entry[1] is None:
                    entry[1] = self._length
            self._unstarted_links = False

    def add(self, text: str | None) -> None:
        """Add flowing text: whitespace runs become one space, leading/trailing ones vanish."""
        if not text:
            return
        words = text.split()
        if not words:
            self._space = True
            return
        self._begin_words(" " if (self._space or text[0].isspace()) else "")
        chunk = " ".join(words)
        self._parts.append(chunk)
        self._length += len(chunk)
        self._space = text[-1].isspace()

    def add_pre(self, text: str | None) -> None:
        """Add preformatted text: keep line breaks and indentation, drop blank lines and
        trailing spaces, so a block still never contains the block separator."""
        if not text:
            return
        for match in _PRE_TOKENS.finditer(text.replace("\r\n", "\n").replace("\r", "\n")):
            token = match.group()
            if token == "\n":
                self._pre_ws = "\n" if self._block_start is not None else ""
            elif token[0].isspace():
                if self._block_start is not None:
                    self._pre_ws += token
            else:
                self._begin_words(self._pre_ws)
                self._pre_ws = ""
                self._parts.append(token)
                self._length += len(token)
        self._space = False

    def space(self) -> None:
        """A soft break (``<br>``, an inline boundary between block elements)."""
        self._space = True

    def newline(self) -> None:
        """A line break inside preformatted text."""
        if self._block_start is not None:
            self._pre_ws = "\n"

    # -- structure -------------------------------------------------------------------------

    def end_block(self, kind: str, **attrs: Any) -> None:
        """Close the current block (if it has any text) with the given kind and attributes."""
        if self._block_start is not None:
            self._blocks.append(Block(kind, self._block_start, self._length, **attrs))
            self._block_start = None
        self._space = False
        self._pre_ws = ""

    def open_link(self, url: str) -> list[Any]:
        entry: list[Any] = [url, None]
        self._open_links.append(entry)
        self._unstarted_links = True
        return entry

    def close_link(self, entry: list[Any]) -> None:
        try:
            self._open_links.remove(entry)
        except ValueError:
            return
        start = entry[1] if entry[1] is not None else self._length
        self._links.append((entry[0], start, self._length))

    @property
    def block_count(self) -> int:
        return len(self._blocks)

    def finish(self) -> tuple[str, tuple[Block, ...], tuple[Link, ...]]:
        """The text, blocks and links (sorted by span, then URL, for a stable order)."""
        for entry in list(self._open_links):
            self.close_link(entry)
        text = "".join(self._parts)
        links = tuple(
            Link(url, text[start:end], start, end)
            for url, start, end in sorted(self._links, key=lambda t: (t[1], t[2], t[0]))
        )
        return text, tuple(self._blocks), links
