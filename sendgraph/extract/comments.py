"""Where the article ends and reader comments begin, and who wrote each comment.

HTML documents mark comments themselves: "comment" blocks carry their author. Pages whose
comment markup the HTML reader did not recognise, and plain-text copies of web pages (where
the comments are just text after the article), are split heuristically:

* **The comment section starts** at the first block, after some main content, that is comment
  chrome on a line of its own: "12 Comments", "3 thoughts on …", "Leave a comment",
  "Leave a Reply", "Comments", "Notify of", "Inline Feedbacks", "View all comments",
  "newest most voted", "Join the discussion", "You must log in to post a comment" … - or a
  commenter line "Jane Smith says:" / "Jane Smith on 3 May 2015 at 10:14 pm said:".
  Everything from there on is reader comments, never the article's.
* **Inside the section**, chrome lines ("Reply", "Read more »", "This site uses Akismet …",
  "Your email address will not be published", dates) are skipped. A short line that looks like
  a name - at most five words, starting with a capital, no sentence punctuation - followed by
  a longer block is a commenter line, and the block after it is that commenter's comment.
* **A comment block with no commenter line of its own** has an unknown author (None). It is
  never given the previous commenter's name - in scraped threads a nameless block is usually
  somebody else's reply - and never the article author's.

A trailing "… Read more »" (a truncated comment) is not part of the comment's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sendgraph.document.model import Document

_SECTION_START = re.compile(
    r"(?:\d+|no|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:comments?|responses?|"
    r"replies|thoughts?\s+on\b.*)"
    r"|(?:reader\s+)?comments?|responses|leave\s+a\s+(?:comment|reply)|post\s+a\s+comment|"
    r"add\s+(?:a\s+)?comment|join\s+the\s+discussion|notify\s+of|inline\s+feedbacks?|"
    r"view\s+all\s+comments|comments\s+are\s+closed\.?|"
    r"(?:newest|oldest|most\s+voted)(?:\s+(?:newest|oldest|most\s+voted))+|"
    r"you\s+must\s+(?:be\s+)?log(?:ged)?\s+in\s+to\s+post\s+a\s+comment\.?",
    re.IGNORECASE)
_DATE = (r"(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+,?\s+\d{4}|"
         r"[A-Z][a-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}\s*"
         r"(?:[ap]\.?m\.?)?)?")
_SAYS_LINE = re.compile(
    rf"(?P<name>[A-Z][^\s,.:;!?]*(?:\s+[^\s,.:;!?]+){{0,4}}?)(?:\s+(?:on\s+)?{_DATE})?\s+"
    r"(?:says|said|wrote|commented)\s*:?")
_NAME_DATE_LINE = re.compile(rf"(?P<name>[A-Z][^\s,.:;!?]*(?:\s+[^\s,.:;!?]+){{0,4}}?)\s+"
                             rf"(?:on\s+|-\s+|–\s+|\|\s+)?{_DATE}")
_CHROME = re.compile(
    r"reply|reply\s*↓|log\s+in\s+to\s+reply|read\s+more\s*»?|cancel\s+reply|load\s+more.*|"
    r"show\s+more.*|sort\s+by.*|subscribe|login|log\s+in|share|like|report|flag|edit|"
    r"\d+\s+(?:likes?|votes?|replies)|"
    r"(?:\d+\s+(?:years?|months?|weeks?|days?|hours?|minutes?)\s+ago)|"
    rf"{_DATE}|"
    r".*akismet.*|.*email\s+address\s+will\s+not\s+be\s+published.*|"
    r".*required\s+fields\s+are\s+marked.*|.*save\s+my\s+name,\s+email.*",
    re.IGNORECASE)
_READ_MORE = re.compile(r"\s*(?:…|\.\.\.)?\s*Read\s+more\s*»?\s*$")
_NAME_LINE = re.compile(r"[A-Z@][^\s.!?:;,\"“”]*(?:\s+[^\s.!?:;,\"“”]+){0,4}")
MIN_MAIN_BLOCKS = 1


@dataclass(frozen=True, slots=True)
class Comment:
    """One reader comment block: ``text[start:end]`` (trimmed) and its author, if known."""

    start: int
    end: int
    author: str | None
    block: int


@dataclass(frozen=True, slots=True)
class Layout:
    main_end: int  # blocks[:main_end] are the article; the rest are comments or their chrome
    comments: tuple[Comment, ...]


def _is_chrome(line: str) -> bool:
    return bool(_CHROME.fullmatch(line) or _SECTION_START.fullmatch(line))


def _commenter(line: str) -> str | None:
    """The name on a commenter line ("Jane says:", "Jane on 3 May 2015", "Jane"), if it is one."""
    for pattern in (_SAYS_LINE, _NAME_DATE_LINE):
        m = pattern.fullmatch(line)
        if m:
            return m.group("name").strip()
    if len(line) <= 60 and _NAME_LINE.fullmatch(line):
        return line
    return None


def section_start(document: Document) -> int:
    """Index of the first block of the reader-comment section (len(blocks) if none)."""
    blocks = document.blocks
    for i, block in enumerate(blocks):
        if block.kind == "comment":
            return i
        if i < MIN_MAIN_BLOCKS or block.kind == "list_item" or block.end - block.start > 120:
            continue
        line = document.text[block.start:block.end]
        if _SECTION_START.fullmatch(line) or _SAYS_LINE.fullmatch(line):
            return i
    return len(blocks)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    more = _READ_MORE.search(text, start, end)
    if more is not None and more.start() > start:
        end = more.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def layout(document: Document) -> Layout:
    text, blocks = document.text, document.blocks
    first = section_start(document)
    comments: list[Comment] = []
    pending: str | None = None  # a commenter line waiting for its comment
    for i in range(first, len(blocks)):
        block = blocks[i]
        if block.kind == "comment":
            start, end = _trim(text, block.start, block.end)
            if end > start:
                comments.append(Comment(start, end, block.author, i))
            continue
        line = text[block.start:block.end]
        if _is_chrome(line):
            continue
        name = _commenter(line)
        nxt = _next_content(document, i + 1)
        if name is not None and nxt is not None and _commenter(nxt) is None:
            pending = name
            continue
        start, end = _trim(text, block.start, block.end)
        if end > start:
            comments.append(Comment(start, end, pending, i))
        pending = None
    return Layout(first, tuple(comments))


def _next_content(document: Document, i: int) -> str | None:
    """The next block's text that is not chrome (None at the end)."""
    for block in document.blocks[i:]:
        line = document.text[block.start:block.end]
        if not _is_chrome(line):
            return line
    return None
