"""The document model: one snapshot's text, its blocks and links, with exact character spans.

Text layout (the contract every extractor relies on):

* HTML and PDF: ``text`` is the blocks' texts joined by ``"\\n\\n"``. Inside a block, runs of
  whitespace collapse to one space and the block text is stripped, so a block never contains
  ``"\\n\\n"`` and never starts or ends with whitespace. The one exception is ``<pre>``, which
  keeps its line breaks and indentation (single ``"\\n"`` only: blank lines and trailing spaces
  are dropped), so the separator stays unambiguous.
* Comment blocks (reader comments on a web page) come after every main-content block.
* Plain text: ``text`` is the decoded file exactly as it is, except that ``\\r\\n`` and ``\\r``
  become ``\\n`` and a leading byte-order mark is dropped, so offsets match the file the user
  has. Each non-blank line is a block whose span excludes the line's leading and trailing
  whitespace (and, for bulleted list items, the bullet glyph itself).

Spans are Python string indices (code points) into ``text``: ``text[block.start:block.end]``
is the block's text. ``Document.__post_init__`` enforces that every span lies within the text,
that blocks are in order and do not overlap, that no block is blank, and that each link's
``text`` equals its span.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

BLOCK_KINDS = frozenset(
    {"heading", "paragraph", "list_item", "table_cell", "quotation", "comment"}
)

# Separator between blocks in HTML and PDF documents.
BLOCK_SEPARATOR = "\n\n"


class DocumentError(Exception):
    """A payload that cannot be turned into a document; the message names what and why."""

    def __init__(self, reason: str, *, snapshot_id: str | None = None, url: str | None = None):
        self.reason = reason
        self.snapshot_id = snapshot_id
        self.url = url
        super().__init__(self._message())

    def _message(self) -> str:
        where = " ".join(
            part for part in (
                f"snapshot {self.snapshot_id}" if self.snapshot_id else "",
                f"<{self.url}>" if self.url else "",
            ) if part
        )
        return f"{where}: {self.reason}" if where else self.reason

    def located(self, *, snapshot_id: str | None, url: str | None) -> DocumentError:
        """Fill in where the error happened, keeping the subclass and reason."""
        if self.snapshot_id is None:
            self.snapshot_id = snapshot_id
        if self.url is None:
            self.url = url
        self.args = (self._message(),)
        return self


class EncryptedPdfError(DocumentError):
    """The PDF is encrypted with a password we do not have."""


class MalformedPdfError(DocumentError):
    """The PDF cannot be read, or one of its pages cannot (truncated, corrupt, not a PDF)."""


class NoTextLayerError(DocumentError):
    """The PDF has pages but no extractable text (a scan): it needs OCR."""


class UnsupportedContentError(DocumentError):
    """The payload is not HTML, PDF or text (an image, an archive, binary data...)."""


@dataclass(frozen=True, slots=True)
class Block:
    """A run of text with a role. ``page`` is 1-based (PDF only); ``level`` is the heading
    level (1-6) or the list nesting depth (1 = top level); ``row``/``col`` are the 0-based cell
    position within table number ``table`` (0-based, document order); ``author`` and
    ``comment`` (1-based ordinal of the comment on the page) are set on comment blocks."""

    kind: str
    start: int
    end: int
    page: int | None = None
    level: int | None = None
    author: str | None = None
    comment: int | None = None
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def to_json(self) -> dict[str, Any]:
        # kind/start/end/page always present; the optional fields only when set.
        out: dict[str, Any] = {
            "kind": self.kind, "start": self.start, "end": self.end, "page": self.page,
        }
        for name in ("level", "author", "comment", "table", "row", "col"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink: absolute ``url`` and the span of its anchor text (empty for image links)."""

    url: str
    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"url": self.url, "text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Metadata:
    """What is known about the document. Dates are ISO 8601 strings that keep the precision
    they were given with: "2019", "2019-10", "2019-10-23" or a full date-time."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    publisher: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    description: str | None = None
    site_name: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        # Every key is always present (None -> null) so consumers see a fixed shape.
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "authors":
                value = list(value)
            elif f.name == "extra":
                value = {k: value[k] for k in sorted(value)}
            out[f.name] = value
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Metadata:
        kwargs = {f.name: data.get(f.name) for f in fields(cls) if f.name in data}
        kwargs["authors"] = tuple(data.get("authors") or ())
        kwargs["extra"] = dict(data.get("extra") or {})
        return cls(**kwargs)


@dataclass(frozen=True)
class Document:
    """One snapshot as text: the unit that extractors read and evidence points into."""

    snapshot_id: str
    url: str
    content_type: str | None
    text: str
    blocks: tuple[Block, ...]
    links: tuple[Link, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    pages: int | None = None
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        n = len(self.text)
        previous_end = 0
        in_comments = False
        for i, b in enumerate(self.blocks):
            if b.kind not in BLOCK_KINDS:
                raise ValueError(f"block {i}: unknown kind {b.kind!r}")
            if not 0 <= b.start < b.end <= n:
                raise ValueError(f"block {i}: span {b.start}:{b.end} outside text of {n}")
            if b.start < previous_end:
                raise ValueError(f"block {i}: starts at {b.start}, before the previous end")
            if self.text[b.start:b.end].isspace():
                raise ValueError(f"block {i}: blank text")
            if in_comments and b.kind != "comment":
                raise ValueError(f"block {i}: main content after comment blocks")
            in_comments = b.kind == "comment"
            previous_end = b.end
        for i, link in enumerate(self.links):
            if not 0 <= link.start <= link.end <= n:
                raise ValueError(f"link {i}: span {link.start}:{link.end} outside text of {n}")
            if self.text[link.start:link.end] != link.text:
                raise ValueError(f"link {i}: text does not match its span")

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    def to_json(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot_id,
            "url": self.url,
            "content_type": self.content_type,
            "pages": self.pages,
            "text": self.text,
            "blocks": [b.to_json() for b in self.blocks],
            "links": [link.to_json() for link in self.links],
            "metadata": self.metadata.to_json(),
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Document:
        """Rebuild a document from ``to_json()`` output (the invariants are checked again)."""
        return cls(
            snapshot_id=data["snapshot"],
            url=data["url"],
            content_type=data.get("content_type"),
            text=data["text"],
            blocks=tuple(Block(**b) for b in data["blocks"]),
            links=tuple(Link(**link) for link in data.get("links", ())),
            metadata=Metadata.from_json(data.get("metadata") or {}),
            pages=data.get("pages"),
            warnings=tuple(data.get("warnings", ())),
        )
