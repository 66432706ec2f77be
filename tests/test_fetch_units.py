"""Capture-layer building blocks: host rules, policy checks, content-coding checks, bodies."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sendgraph.archive.snapshot import digest_of
from sendgraph.capture import FetchPolicy, host_allowed
from sendgraph.capture.body import capture_body
from sendgraph.capture.codings import CaptureError, DecodeCheck


def _chunks(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)] or [b""]


@pytest.mark.parametrize(("host", "allowed", "ok"), [
    ("www.gov.uk", set(), True),
    ("www.gov.uk", {"www.gov.uk"}, True),
    ("WWW.Gov.UK.", {"www.gov.uk"}, True),
    ("assets.publishing.service.gov.uk", {"*.gov.uk"}, True),
    ("gov.uk", {"*.gov.uk"}, False),
    ("evilgov.uk", {"*.gov.uk"}, False),
    ("gov.uk.evil.example", {"*.gov.uk"}, False),
    ("committees.parliament.uk", {"www.gov.uk", "*.parliament.uk"}, True),
    ("example.org", {"www.gov.uk"}, False),
])
def test_host_allowed(host: str, allowed: set[str], ok: bool) -> None:
    assert host_allowed(host, allowed) is ok


def test_policy_defaults_are_polite() -> None:
    p = FetchPolicy()
    assert p.user_agent.startswith("sendgraph/") and "(+" in p.user_agent
    assert (p.min_delay, p.max_concurrency, p.max_attempts, p.max_redirects) == (1.0, 4, 4, 5)
    assert (p.connect_timeout, p.read_timeout) == (10.0, 30.0)
    assert p.max_bytes == 50 * 1024 * 1024 and p.max_retry_after == 300.0
    assert p.obey_robots and p.allowed_hosts == frozenset()
    assert p.schemes == {"http", "https"}


@pytest.mark.parametrize("bad", [{"max_bytes": 0}, {"min_delay": -1}, {"max_attempts": 0},
                                 {"schemes": {"ftp"}}, {"schemes": set()}])
def test_policy_rejects_nonsense(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="FetchPolicy"):
        FetchPolicy(**bad)  # type: ignore[arg-type]


def test_policy_accepts_any_iterable_of_hosts() -> None:
    assert FetchPolicy(allowed_hosts=["a.example"]).allowed_hosts == frozenset({"a.example"})


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=5000), size=st.integers(1, 700))
def test_gzip_and_deflate_verify_in_any_chunking(data: bytes, size: int) -> None:
    # "deflate" arrives zlib-wrapped (as specified) or raw (as many servers send it).
    for coding, encoded in (("gzip", gzip.compress(data)), ("deflate", zlib.compress(data)),
                            ("deflate", _raw_deflate(data))):
        check = DecodeCheck([coding], max_decoded=10**6, keep=10**6)
        for chunk in _chunks(encoded, size):
            check.feed(chunk)
        check.finish()
        assert check.decoded_length == len(data) and check.kept == data


def _raw_deflate(data: bytes) -> bytes:
    comp = zlib.compressobj(wbits=-15)
    return comp.compress(data) + comp.flush()


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=1, max_size=3000), cut=st.integers(1, 40))
def test_any_truncated_gzip_is_a_decode_error(data: bytes, cut: int) -> None:
    encoded = gzip.compress(data)
    truncated = encoded[: max(1, len(encoded) - cut)]
    check = DecodeCheck(["gzip"], max_decoded=10**6)
    with pytest.raises(CaptureError) as info:
        check.feed(truncated)
        check.finish()
    assert info.value.reason == "decode_error"


def test_gzip_members_and_trailing_junk() -> None:
    check = DecodeCheck(["gzip"], max_decoded=100, keep=100)
    check.feed(gzip.compress(b"one ") + gzip.compress(b"two"))
    check.finish()
    assert check.kept == b"one two"
    junk = DecodeCheck(["gzip"], max_decoded=100, keep=100)
    junk.feed(gzip.compress(b"body") + b"\r\n<junk>")
    junk.finish()
    assert junk.kept == b"body"


def test_stacked_codings_decode_in_reverse_order() -> None:
    encoded = gzip.compress(zlib.compress(b"layered"))  # deflate applied first, then gzip
    check = DecodeCheck(["deflate", "gzip"], max_decoded=100, keep=100)
    check.feed(encoded)
    check.finish()
    assert check.kept == b"layered"


def test_decoded_size_cap() -> None:
    check = DecodeCheck(["gzip"], max_decoded=1000)
    with pytest.raises(CaptureError) as info:
        check.feed(gzip.compress(b"\0" * 100_000))
    assert info.value.reason == "too_large"


def test_identity_and_empty_bodies_need_no_check() -> None:
    DecodeCheck(["identity"], max_decoded=1).finish()
    empty = DecodeCheck(["gzip"], max_decoded=1)
    empty.finish()  # a 304/204 with Content-Encoding: gzip has no body to check


def test_capture_body_hashes_and_cleans_up(tmp_path: Path) -> None:
    body = capture_body([b"abc", b"", b"def"], encodings=[], max_bytes=100, max_decoded=100,
                        deadline=float("inf"), tmp_dir=tmp_path)
    assert body.path.read_bytes() == b"abcdef" and body.digest == digest_of(b"abcdef")
    assert body.length == 6 and not body.truncated
    with pytest.raises(CaptureError):
        capture_body([b"x" * 60, b"x" * 60], encodings=[], max_bytes=100, max_decoded=100,
                     deadline=float("inf"), tmp_dir=tmp_path)
    assert list(tmp_path.iterdir()) == [body.path]

    def broken():
        yield b"partial"
        raise ConnectionResetError("peer went away")

    with pytest.raises(ConnectionResetError):
        capture_body(broken(), encodings=[], max_bytes=100, max_decoded=100,
                     deadline=float("inf"), tmp_dir=tmp_path)
    assert list(tmp_path.iterdir()) == [body.path]


def test_capture_body_truncates_when_asked(tmp_path: Path) -> None:
    body = capture_body([b"x" * 60, b"y" * 60], encodings=[], max_bytes=100, max_decoded=100,
                        deadline=float("inf"), tmp_dir=tmp_path, truncate_at_limit=True,
                        keep_decoded=10)
    assert body.truncated and body.length == 100 and body.decoded_prefix == b"x" * 10
