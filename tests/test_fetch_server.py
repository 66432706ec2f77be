"""The fetcher against a real HTTP server on 127.0.0.1: what is sent, what is kept."""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import httpx
import pytest

from sendgraph.archive.snapshot import digest_of, sha256_digest_label
from sendgraph.capture import Fetcher, FetchFailure, FetchPolicy, FetchRequest, make_user_agent
from tests.support.fetching import Canned, MockSite, quick_policy
from tests.support.http_server import (
    LocalSite,
    RecordedRequest,
    Reply,
    gzip_bytes,
    truncated_gzip,
)


def _fetcher(tmp_path: Path | None = None, **kw: object) -> Fetcher:
    settings: dict[str, object] = {"obey_robots": False, "min_delay": 0.0}
    settings.update(kw)
    return Fetcher(quick_policy(**settings), tmp_dir=tmp_path)


def test_user_agent_and_headers_sent(site: LocalSite) -> None:
    site.static("/", "hi")
    with _fetcher() as fetcher:
        result = fetcher.fetch(site.url("/"))
    (req,) = site.requests
    ua = req.header("user-agent") or ""
    assert re.fullmatch(r"sendgraph/\S+ \(\+https?://\S+\)", ua), ua
    assert req.header("accept-encoding") == "gzip, deflate"
    assert "text/html" in (req.header("accept") or "")
    assert req.header("cookie") is None and req.header("if-none-match") is None
    # request_headers are exactly what went over the wire.
    assert result.final is not None
    assert [(k.lower(), v) for k, v in result.final.request_headers] == [
        (k.lower(), v) for k, v in req.headers]
    result.discard()


def test_contact_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDGRAPH_CONTACT", "mailto:research@example.org")
    assert FetchPolicy().user_agent.endswith("(+mailto:research@example.org)")
    assert make_user_agent("https://my.example/about").endswith("(+https://my.example/about)")


def test_exchange_is_complete_and_self_describing(site: LocalSite, tmp_path: Path) -> None:
    body = b"<html><p>Kingston agreed a Safety Valve plan.</p></html>"
    site.static("/doc", body, headers=[("ETag", '"v1"'), ("X-Dup", "a"), ("X-Dup", "b")])
    with _fetcher(tmp_path) as fetcher:
        result = fetcher.fetch(site.url("/doc"))
    ex = result.final
    assert result.ok and not result.not_modified and ex is not None
    assert (ex.method, ex.http_version, ex.status, ex.reason) == ("GET", "HTTP/1.1", 200, "OK")
    assert ex.url == site.url("/doc") and ex.ip == "127.0.0.1"
    assert ex.started.tzinfo is not None and ex.elapsed_ms >= 0
    # Response headers as received: order and duplicates kept.
    assert [k for k, _ in ex.response_headers] == ["Content-Type", "ETag", "X-Dup", "X-Dup",
                                                   "Content-Length"]
    assert ex.header("etag") == '"v1"' and ex.content_type == "text/html; charset=utf-8"
    assert ex.body_path.parent == tmp_path and ex.body_length == len(body)
    assert ex.payload_digest == digest_of(body)
    result.discard()
    assert not ex.body_path.exists()


def test_non_utf8_page_is_byte_exact(site: LocalSite) -> None:
    body = "<p>Café — £5m for Ōtautahi</p>".encode("cp1252", errors="replace") + bytes(range(256))
    site.static("/latin", body, content_type="text/html; charset=windows-1252")
    with _fetcher() as fetcher:
        result = fetcher.fetch(site.url("/latin"))
    assert result.final is not None and result.final.read_body() == body
    assert result.final.payload_digest == sha256_digest_label(hashlib.sha256(body).digest())
    result.discard()


def test_gzip_body_is_kept_raw_and_digested_raw(site: LocalSite) -> None:
    text = b"<p>" + b"Delivering Better Value in SEND. " * 200 + b"</p>"
    raw = gzip_bytes(text)
    site.route("/gz", Reply(200, raw, [("Content-Type", "text/html"),
                                       ("Content-Encoding", "gzip")]))
    with _fetcher() as fetcher:
        result = fetcher.fetch(site.url("/gz"))
    ex = result.final
    assert result.ok and ex is not None
    assert ex.read_body() == raw and ex.body_length == len(raw) < len(text)
    assert ex.payload_digest == digest_of(raw) and ex.content_encodings == ("gzip",)
    result.discard()


def test_chunked_body_is_dechunked(site: LocalSite) -> None:
    site.route("/chunked", Reply(200, chunks=[b"one ", b"two ", b"three"]))
    with _fetcher() as fetcher:
        result = fetcher.fetch(site.url("/chunked"))
    assert result.final is not None and result.final.read_body() == b"one two three"
    assert result.final.header("transfer-encoding") == "chunked"
    result.discard()


def test_truncated_gzip_is_a_decode_error(site: LocalSite, tmp_path: Path) -> None:
    site.route("/broken.gz", Reply(200, truncated_gzip(b"x" * 5000),
                                   [("Content-Encoding", "gzip")]))
    with _fetcher(tmp_path) as fetcher:
        result = fetcher.fetch(site.url("/broken.gz"))
    assert not result.ok and result.failure is not None
    assert result.failure.reason == "decode_error"
    assert site.url("/broken.gz") in result.failure.detail and "gzip" in result.failure.detail
    assert result.exchanges == () and list(tmp_path.iterdir()) == []
    assert site.hits("/broken.gz") == 1  # a server-side defect: not retried


def test_corrupt_deflate_is_a_decode_error(site: LocalSite) -> None:
    site.route("/bad", Reply(200, b"this is not deflate data", [("Content-Encoding", "deflate")]))
    with _fetcher() as fetcher:
        result = fetcher.fetch(site.url("/bad"))
    assert result.failure is not None and result.failure.reason == "decode_error"


def test_unsupported_encoding_is_a_decode_error(site: LocalSite) -> None:
    site.route("/br", Reply(200, b"\x8b\x02\x80hi\x03", [("Content-Encoding", "zstd")]))
    with _fetcher() as fetcher:
        result = fetcher.fetch(site.url("/br"))
    assert result.failure is not None and result.failure.reason == "decode_error"
    assert "zstd" in result.failure.detail


def test_gzip_bomb_is_refused(site: LocalSite, tmp_path: Path) -> None:
    bomb = gzip_bytes(b"\0" * (8 * 1024 * 1024))  # 8 MB of zeros in ~8 KB
    site.route("/bomb", Reply(200, bomb, [("Content-Encoding", "gzip")]))
    with _fetcher(tmp_path, max_decoded_bytes=1024 * 1024) as fetcher:
        result = fetcher.fetch(site.url("/bomb"))
    assert result.failure is not None and result.failure.reason == "too_large"
    assert "max_decoded_bytes" in result.failure.detail
    assert list(tmp_path.iterdir()) == []


def test_declared_oversize_is_refused_before_reading(site: LocalSite, tmp_path: Path) -> None:
    site.route("/big", Reply(200, b"x" * 5000))
    with _fetcher(tmp_path, max_bytes=1000) as fetcher:
        result = fetcher.fetch(site.url("/big"))
    assert result.failure is not None and result.failure.reason == "too_large"
    assert "Content-Length 5000" in result.failure.detail and "max_bytes" in result.failure.detail
    assert result.exchanges == () and list(tmp_path.iterdir()) == []


def test_streamed_oversize_without_length_is_aborted(site: LocalSite, tmp_path: Path) -> None:
    def endless():
        while True:
            yield b"y" * 4096

    site.route("/endless", Reply(200, chunks=endless()))
    site.route("/no-length", Reply(200, b"z" * 50_000, content_length=None))
    with _fetcher(tmp_path, max_bytes=10_000) as fetcher:
        for path in ("/endless", "/no-length"):
            result = fetcher.fetch(site.url(path))
            assert result.failure is not None and result.failure.reason == "too_large", path
            assert "10000" in result.failure.detail
    assert list(tmp_path.iterdir()) == []


def test_conditional_request_304(site: LocalSite) -> None:
    def handler(req: RecordedRequest) -> Reply:
        assert req.header("if-none-match") == '"abc"'  # fails the test via the server
        assert req.header("if-modified-since") == "Wed, 01 Jan 2025 00:00:00 GMT"
        return Reply(304, headers=[("ETag", '"abc"')])

    site.route("/cond", handler)
    with _fetcher() as fetcher:
        result = fetcher.fetch(site.url("/cond"), etag='"abc"',
                               last_modified="Wed, 01 Jan 2025 00:00:00 GMT")
    assert result.ok and result.not_modified and result.failure is None
    assert result.final is not None and result.final.status == 304
    assert result.final.body_length == 0 and result.final.request_header("If-None-Match") == '"abc"'
    result.discard()


def test_etag_change_returns_new_content(site: LocalSite) -> None:
    version = {"etag": '"v1"', "body": b"first"}

    def handler(req: RecordedRequest) -> Reply:
        if req.header("if-none-match") == version["etag"]:
            return Reply(304, headers=[("ETag", version["etag"])])
        return Reply(200, version["body"], [("ETag", version["etag"])])

    site.route("/page", handler)
    with _fetcher() as fetcher:
        first = fetcher.fetch(site.url("/page"))
        assert first.final is not None and first.final.header("etag") == '"v1"'
        same = fetcher.fetch(site.url("/page"), etag='"v1"')
        version.update(etag='"v2"', body=b"second")
        changed = fetcher.fetch(site.url("/page"), etag='"v1"')
    assert same.not_modified and not changed.not_modified
    assert changed.final is not None and changed.final.read_body() == b"second"
    for r in (first, same, changed):
        r.discard()


def test_unexpected_304_is_an_http_error(site: LocalSite) -> None:
    site.route("/weird", Reply(304))
    with _fetcher() as fetcher:
        result = fetcher.fetch(site.url("/weird"))
    assert result.failure is not None and result.failure.reason == "http_error"
    result.discard()


def test_read_timeout(site: LocalSite) -> None:
    site.route("/slow", Reply(200, b"late", delay=1.0))
    with _fetcher(read_timeout=0.2, max_attempts=1) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch(site.url("/slow"))
    assert time.monotonic() - started < 0.9
    assert result.failure is not None and result.failure.reason == "timeout"
    assert "read_timeout" in result.failure.detail and site.url("/slow") in result.failure.detail


def test_timeouts_are_retried(site: LocalSite) -> None:
    site.route("/slow", Reply(200, b"late", delay=1.0))
    with _fetcher(read_timeout=0.1, max_attempts=2) as fetcher:
        result = fetcher.fetch(site.url("/slow"))
    assert result.failure is not None and result.failure.reason == "too_many_retries"
    assert result.failure.cause == "timeout" and result.failure.attempts == 2
    assert site.hits("/slow") == 2


def test_total_timeout_stops_a_slow_drip_in_the_headers(site: LocalSite) -> None:
    """Each byte arrives well within read_timeout, but the whole attempt takes too long."""
    from tests.support.http_server import Raw

    def drip_headers(conn) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
            if not conn.send(bytes([byte])) or not conn.sleep(0.05):
                return

    site.route("/drip", Raw(drip_headers))
    with _fetcher(read_timeout=1.0, total_timeout=0.4, max_attempts=1) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch(site.url("/drip"))
    assert time.monotonic() - started < 1.0
    assert result.failure is not None and result.failure.reason == "timeout"
    assert "total_timeout" in result.failure.detail


def test_total_timeout_stops_a_slow_drip_in_the_body(site: LocalSite) -> None:
    site.route("/drip", Reply(200, chunks=[b"x"] * 100, chunk_delay=0.05))
    with _fetcher(read_timeout=1.0, total_timeout=0.4, max_attempts=1) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch(site.url("/drip"))
    assert time.monotonic() - started < 1.0
    assert result.failure is not None and result.failure.reason == "timeout"


def test_connection_dropped_mid_body(site: LocalSite, tmp_path: Path) -> None:
    site.route("/cut", Reply(200, b"x" * 10_000, cut_after=500))
    with _fetcher(tmp_path, max_attempts=2) as fetcher:
        result = fetcher.fetch(site.url("/cut"))
    assert result.failure is not None and result.failure.reason == "too_many_retries"
    assert result.failure.cause == "network_error" and site.hits("/cut") == 2
    assert list(tmp_path.iterdir()) == []


def test_content_length_longer_than_body(site: LocalSite) -> None:
    site.route("/short", Reply(200, b"only this", content_length=100, close=True))
    with _fetcher(max_attempts=1) as fetcher:
        result = fetcher.fetch(site.url("/short"))
    assert result.failure is not None and result.failure.reason == "network_error"


def test_connection_refused(site: LocalSite) -> None:
    port = site.port
    site.stop()
    with _fetcher(max_attempts=1) as fetcher:
        result = fetcher.fetch(f"http://127.0.0.1:{port}/")
    assert result.failure is not None and result.failure.reason == "connect_error"
    assert f"127.0.0.1:{port}" in result.failure.detail


def test_cookies_are_never_sent_back(site: LocalSite) -> None:
    site.static("/set", "x", headers=[("Set-Cookie", "session=abc; Path=/")])
    site.static("/next", "y")
    with _fetcher() as fetcher:
        fetcher.fetch(site.url("/set")).discard()
        fetcher.fetch(site.url("/next")).discard()
        fetcher.fetch(site.url("/next", host="localhost")).discard()
    assert all(r.header("cookie") is None for r in site.requests)


def test_in_memory_mock_responses_work_too() -> None:
    """httpx.Response(content=...) arrives pre-read; the raw bytes are still captured."""
    raw = gzip_bytes(b"hello")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=raw, headers={"Content-Encoding": "gzip"})

    with Fetcher(quick_policy(obey_robots=False), transport=httpx.MockTransport(handler)) as f:
        result = f.fetch("https://example.org/")
    assert result.ok and result.final is not None and result.final.read_body() == raw
    result.discard()


def test_failure_is_json_serialisable() -> None:
    mock = MockSite().add("https://x.example/", Canned(404, b"gone"))
    with mock.fetcher(quick_policy(obey_robots=False)) as fetcher:
        result = fetcher.fetch("https://x.example/")
    assert result.failure is not None
    import json

    data = json.loads(json.dumps(result.failure.to_json()))
    assert data == {"url": "https://x.example/", "reason": "http_error",
                    "detail": result.failure.detail, "attempts": 1, "status": 404,
                    "cause": None}
    assert FetchFailure.from_json(data) == result.failure
    assert json.loads(json.dumps(result.to_json()))["hops"][0]["status"] == 404
    result.discard()


def test_fetch_request_objects_and_mappings(site: LocalSite) -> None:
    site.static("/a", "a")
    site.static("/b", "b")
    with _fetcher() as fetcher:
        results = list(fetcher.fetch_many([
            FetchRequest(site.url("/a"), etag='"e"'),
            {"url": site.url("/b"), "etag": None, "last_modified": None},
        ]))
    assert sorted(r.url for r in results) == [site.url("/a"), site.url("/b")]
    assert site.requests_to("/a")[0].header("if-none-match") == '"e"'
    for r in results:
        r.discard()
