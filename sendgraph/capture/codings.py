"""Checking a declared Content-Encoding without keeping the decoded bytes.

The archive keeps the raw (encoded) body, but a body that cannot be decoded is useless
as evidence, so the fetcher feeds every chunk through the declared codings as it
arrives: a truncated or corrupt stream is a "decode_error", and a stream that inflates
past a cap is "too_large" (compression-bomb defence). Decoding is incremental and
bounded (`max_length`), so memory stays flat however the data inflates.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence

_PIECE = 64 * 1024
_GZIP_FIRST_BYTE = b"\x1f"  # of the 2-byte magic; enough to tell a new member from junk


class CaptureError(Exception):
    """A reason a capture attempt failed; `retryable` says whether trying again may help."""

    def __init__(self, reason: str, message: str, *, retryable: bool = False) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.retryable = retryable


class _GzipStage:
    name = "gzip"

    def __init__(self) -> None:
        self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._ignore_rest = False

    @property
    def done(self) -> bool:
        return self._ignore_rest or self._d.eof

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data and not self._ignore_rest:
            if self._d.eof:
                # Concatenated gzip members are legal; anything else after a complete
                # member is trailing junk that browsers ignore, and so do we.
                if data[:1] == _GZIP_FIRST_BYTE:
                    self._d = zlib.decompressobj(16 + zlib.MAX_WBITS)
                else:
                    self._ignore_rest = True
                    return
            try:
                out = self._d.decompress(data, _PIECE)
            except zlib.error as exc:
                raise CaptureError("decode_error", f"corrupt gzip data ({exc})") from exc
            if out:
                yield out
            data = self._d.unused_data if self._d.eof else self._d.unconsumed_tail


class _DeflateStage:
    name = "deflate"

    def __init__(self) -> None:
        self._d: zlib._Decompress | None = None
        self._head = b""

    @property
    def done(self) -> bool:
        return self._d is not None and self._d.eof

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._d is None:
            # "deflate" should be zlib-wrapped (RFC 9110) but many servers send raw
            # deflate; the 2-byte zlib header tells them apart.
            self._head += data
            if len(self._head) < 2:
                return
            data, self._head = self._head, b""
            zlib_wrapped = (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._d = zlib.decompressobj(zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS)
        while data and not self._d.eof:
            try:
                out = self._d.decompress(data, _PIECE)
            except zlib.error as exc:
                raise CaptureError("decode_error", f"corrupt deflate data ({exc})") from exc
            if out:
                yield out
            data = self._d.unconsumed_tail


_STAGES = {"gzip": _GzipStage, "x-gzip": _GzipStage, "deflate": _DeflateStage}

SUPPORTED_CODINGS = frozenset(_STAGES)


class DecodeCheck:
    """Feed raw body chunks; raises CaptureError as soon as the coding is shown broken.

    `encodings` are in the order applied (as listed in Content-Encoding). `keep` retains
    up to that many decoded bytes (robots.txt needs its text; pages don't).
    """

    def __init__(self, encodings: Sequence[str], *, max_decoded: int, keep: int = 0) -> None:
        names = [e.strip().lower() for e in encodings if e.strip().lower() not in ("", "identity")]
        unknown = [n for n in names if n not in _STAGES]
        if unknown:
            raise CaptureError(
                "decode_error",
                f"unsupported Content-Encoding {', '.join(unknown)!s} "
                f"(only {', '.join(sorted(SUPPORTED_CODINGS))} can be verified)",
            )
        # Decode in reverse order of application.
        self._stages = [_STAGES[n]() for n in reversed(names)]
        self._max_decoded = max_decoded
        self._keep = keep
        self._kept = bytearray()
        self.decoded_length = 0
        self.raw_length = 0

    @property
    def identity(self) -> bool:
        return not self._stages

    @property
    def kept(self) -> bytes:
        return bytes(self._kept)

    def feed(self, chunk: bytes) -> None:
        self.raw_length += len(chunk)
        self._push(0, chunk)

    def _push(self, index: int, data: bytes) -> None:
        if index == len(self._stages):
            self.decoded_length += len(data)
            if self.decoded_length > self._max_decoded:
                raise CaptureError(
                    "too_large",
                    f"the body decodes to more than {self._max_decoded} bytes "
                    "(max_decoded_bytes; possibly a compression bomb)",
                )
            room = self._keep - len(self._kept)
            if room > 0:
                self._kept += data[:room]
            return
        for piece in self._stages[index].feed(data):
            self._push(index + 1, piece)

    def finish(self, *, allow_truncated: bool = False) -> None:
        """Call after the last chunk: an unfinished stream means the body was cut short."""
        if self.raw_length == 0 or allow_truncated:
            # An empty body (304, 204, HEAD) carries no coded data to check.
            return
        for stage in self._stages:
            if not stage.done:
                raise CaptureError(
                    "decode_error",
                    f"the {stage.name} stream is truncated (it ends before its end marker)",
                )
