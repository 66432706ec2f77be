"""Plain text -> Document, keeping offsets equal to the file's own characters.

The text is the decoded file unchanged except that ``\\r\\n`` and ``\\r`` become ``\\n`` and a
leading byte-order mark is dropped. Every non-blank line is one block; its span excludes the
line's leading/trailing whitespace (Python's ``str.strip`` notion, which includes no-break
spaces). Kinds:

* ``list_item``: the line starts with a bullet glyph (•, ·, ◦, ▪, ‣ - followed by anything) or
  with "-", "*", "–" followed by whitespace; the span then starts after the bullet and its
  spaces, so ``- Bury`` gives the block ``Bury``. A line numbered "1." / "1)" / "(1)" / "(a)" /
  "a)" / "(iv)" is a list item too, but keeps its number (it is part of what the text says:
  "recommendation 3").
* ``heading``: the first non-blank line, when it is shorter than 200 characters and does not
  end with a full stop (a title; question and exclamation marks are fine).
* ``paragraph``: everything else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from sendgraph.document.encoding import decode_bytes
from sendgraph.document.metadata import apply_user_metadata
from sendgraph.document.model import Block, Document, Metadata

# Bullet glyphs that are never text; dash-like markers only count when followed by a space.
_BULLET = re.compile(r"(?:[•·◦▪‣●○■□➢➤►]|[-*–](?=\s))\s*")
_NUMBERED = re.compile(r"(?:\d{1,3}[.)]|\(\d{1,3}\)|\(?[a-z][.)]|\([ivxlcIVXLC]{1,6}\))\s+\S")
HEADING_MAX = 200


def normalise_newlines(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def classify_line(line: str, *, first: bool) -> tuple[str, int]:
    """The block kind for a stripped non-blank line, and how many leading characters (a bullet
    and its spaces) fall outside the block's span."""
    bullet = _BULLET.match(line)
    if bullet and bullet.end() < len(line):
        return "list_item", bullet.end()
    if _NUMBERED.match(line):
        return "list_item", 0
    if first and len(line) < HEADING_MAX and not line.endswith("."):
        return "heading", 0
    return "paragraph", 0


def line_blocks(text: str) -> tuple[Block, ...]:
    """One block per non-blank line of ``text`` (see the module docstring)."""
    blocks: list[Block] = []
    pos = 0
    first = True
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            kind, skip = classify_line(stripped, first=first)
            start = pos + lead + skip
            blocks.append(Block(kind, start, start + len(stripped) - skip))
            first = False
        pos += len(line) + 1
    return tuple(blocks)


def text_document(
    data: bytes,
    *,
    url: str,
    content_type: str | None,
    snapshot_id: str,
    headers: Sequence[tuple[str, str]] = (),
    metadata: Mapping[str, str] | None = None,
) -> Document:
    decoded = decode_bytes(data, content_type=content_type, headers=headers, html=False)
    warnings = list(decoded.warnings)
    text = normalise_newlines(decoded.text)
    blocks = line_blocks(text)
    if not blocks:
        warnings.append("no text content found")
    meta = apply_user_metadata(_default_metadata(text, blocks), metadata, warnings)
    return Document(
        snapshot_id=snapshot_id, url=url, content_type=content_type, text=text, blocks=blocks,
        links=(), metadata=meta, pages=None, warnings=tuple(warnings),
    )


def _default_metadata(text: str, blocks: tuple[Block, ...]) -> Metadata:
    """A plain-text file's only self-description is its title line, if it has one."""
    meta = Metadata()
    if blocks and blocks[0].kind == "heading":
        meta = replace(meta, title=text[blocks[0].start:blocks[0].end])
    return meta
