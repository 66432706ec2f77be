"""Bytes -> str for HTML and plain text, deterministically and without ever raising.

Order of evidence (first that applies wins):

1. a byte-order mark (UTF-8, UTF-16 LE/BE) - as browsers do, it beats any declaration;
2. the charset of the HTTP Content-Type;
3. for HTML, ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` in the first 8 KB;
4. bytes that are valid UTF-8 are UTF-8 (cheap, and right for pure ASCII, where detectors guess);
5. bytes that are *mostly* valid UTF-8 (at least twice as many well-formed non-ASCII characters
   as malformed sequences: a payload cut mid-character, one stray byte) are UTF-8 with
   replacement characters - decoding them as anything else would garble every good character;
6. charset-normalizer's detection when it finds a multi-byte encoding (CJK, UTF-16/32);
   otherwise windows-1252, the browsers' fallback for English pages (detectors confuse the
   single-byte code pages on short English text, e.g. reading "£" as cp1250 "Ł").

Two deliberate departures from a bare "trust the label" rule: latin-1 labels (iso-8859-1,
us-ascii, ...) mean windows-1252, as the WHATWG Encoding Standard says browsers must do; and a
declared latin-1/windows-1252 charset is overridden when the bytes are valid UTF-8 containing
multi-byte sequences (the classic server default of ISO-8859-1 on a UTF-8 site) - a warning
records it. Undecodable bytes become U+FFFD and add a warning; nothing here raises.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass

_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^\s;"']+)""", re.IGNORECASE)
_META_SCAN_BYTES = 8192

# WHATWG: these labels all decode as windows-1252.
_CP1252_LABELS = frozenset({
    "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1",
    "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1",
    "us-ascii", "windows-1252", "x-cp1252", "latin-1", "8859-1",
})
# WHATWG: "utf-16" without a BOM means little-endian (Python would use the machine's order).
_ALIASES = {"utf-16": "utf-16-le", "utf16": "utf-16-le", "utf8mb4": "utf-8", "utf8mb3": "utf-8",
            "unicode-1-1-utf-8": "utf-8", "x-sjis": "shift_jis", "x-gbk": "gbk"}

# windows-1252 as WHATWG defines it: the five bytes Python's cp1252 leaves undefined map to the
# C1 control of the same number, so decoding never fails.
_CP1252_TABLE = {
    i: bytes([i]).decode("cp1252", errors="strict") if i not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
    else chr(i)
    for i in range(0x80, 0xA0)
}


_MULTIBYTE = frozenset({
    "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "shift_jis",
    "cp932", "euc_jp", "iso2022_jp", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc_kr",
    "cp949", "johab", "hz", "cp950", "euc_jis_2004", "shift_jis_2004", "utf_8",
})


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec actually used
    source: str  # "bom", "http", "meta", "utf-8" or "detected"
    warnings: tuple[str, ...] = ()


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1).strip().lower() if match else None


def http_charset(content_type: str | None, headers: Sequence[tuple[str, str]] = ()) -> str | None:
    """The charset from the given content type, else from a Content-Type header."""
    found = charset_from_content_type(content_type)
    if found:
        return found
    for name, value in headers:
        if name.lower() == "content-type":
            found = charset_from_content_type(value)
            if found:
                return found
    return None


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its start."""
    match = _META_CHARSET.search(data, 0, _META_SCAN_BYTES)
    return match.group(1).decode("ascii").lower() if match else None


def normalise_label(label: str) -> str | None:
    """A Python codec name for an encoding label, or None if Python does not know it."""
    label = label.strip().lower()
    if label in _CP1252_LABELS:
        return "windows-1252"
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "windows-1252" if name in ("cp1252", "latin-1", "iso8859-1", "ascii") else name


def _decode_cp1252(data: bytes) -> str:
    return data.decode("latin-1").translate(_CP1252_TABLE)


def _decode(data: bytes, codec: str, warnings: list[str]) -> str:
    if codec == "windows-1252":
        return _decode_cp1252(data)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        text = data.decode(codec, errors="replace")
        bad = text.count("\ufffd") - data.decode(codec, errors="ignore").count("\ufffd")
        warnings.append(
            f"invalid {codec} bytes replaced with U+FFFD ({bad} characters; first at byte "
            f"{exc.start})"
        )
        return text
    except LookupError:  # pragma: no cover - labels are looked up before we get here
        return data.decode("utf-8", errors="replace")


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode_bytes(
    data: bytes,
    *,
    content_type: str | None = None,
    headers: Sequence[tuple[str, str]] = (),
    html: bool = False,
) -> Decoded:
    """Decode a payload following the order in the module docstring. A BOM is removed."""
    warnings: list[str] = []
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return Decoded(_decode(data[len(bom):], codec, warnings), codec, "bom",
                           tuple(warnings))

    declared: list[tuple[str, str]] = []
    label = http_charset(content_type, headers)
    if label:
        declared.append(("http", label))
    if html:
        label = meta_charset(data)
        if label:
            declared.append(("meta", label))
    for source, label in declared:
        codec = normalise_label(label)
        if codec is None:
            warnings.append(f"unknown charset {label!r} declared ({source}); ignored")
            continue
        if source == "meta" and codec.startswith("utf-16"):
            codec = "utf-8"  # WHATWG: a <meta> cannot really declare UTF-16
        if codec == "windows-1252" and not data.isascii():
            as_utf8 = _strict_utf8(data)
            if as_utf8 is not None:
                warnings.append(
                    f"charset {label!r} declared ({source}) but the bytes are valid UTF-8; "
                    "decoded as UTF-8"
                )
                return Decoded(as_utf8, "utf-8", "utf-8", tuple(warnings))
        return Decoded(_decode(data, codec, warnings), codec, source, tuple(warnings))

    as_utf8 = _strict_utf8(data)
    if as_utf8 is not None:
        return Decoded(as_utf8, "utf-8", "utf-8", tuple(warnings))

    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in lenient if ch > "\x7f") - bad
    if good >= 2 * bad:
        return Decoded(_decode(data, "utf-8", warnings), "utf-8", "utf-8", tuple(warnings))

    codec = _detect(data)
    warnings.append(f"no charset declared; decoded as {codec}")
    return Decoded(_decode(data, codec, warnings), codec, "detected", tuple(warnings))


def _detect(data: bytes) -> str:
    """charset-normalizer's guess, except that any single-byte guess becomes windows-1252.

    Detectors cannot reliably tell the single-byte code pages apart on short English text (a
    cp1252 page with a few curly quotes and a pound sign is often "detected" as cp1250 or
    cp1257, turning "£" into "Ł"). This project's sources are English, and windows-1252 is what
    browsers fall back to for them, so only multi-byte detections (CJK, UTF-16/32) are trusted.
    """
    from charset_normalizer import from_bytes  # imported lazily: rarely needed, slow to load

    best = from_bytes(data).best()
    codec = normalise_label(best.encoding) if best is not None else None
    if codec is None or codec.replace("-", "_") not in _MULTIBYTE:
        return "windows-1252"
    return codec
