"""A hostile web site: one route per misbehaviour, on top of `LocalSite`.

    case = CASES["endless_body"]
    url = case.install(site)                  # registers robots.txt and the bad route(s)
    out = crawl_measured(archive, [url])      # the CLI in a subprocess, short limits
    out.report["failures"], out.peak_rss       # what it said, how much memory it took

Each `Case` names the threat, installs itself on a site and says what the crawl must
report: `reasons` (acceptable failure reasons for the URL; empty = the URL must be
captured), optionally the underlying `cause` of a retried failure, and whether it is a
memory case (huge or endless bodies). The crawl runs the installed console script through
`hostile_driver.py` with the fetch policy's timeouts and retries shortened (QUICK_POLICY),
and its peak RSS is read with `os.wait4`.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import os
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.cli import _env
from tests.support.http_server import LocalSite, Raw, RawConnection, Reply, gzip_bytes

DRIVER = Path(__file__).with_name("hostile_driver.py")
MB = 1024 * 1024

# Seconds, not minutes: every timeout and retry path is still taken.
QUICK_POLICY: dict[str, Any] = {
    "connect_timeout": 2.0, "read_timeout": 1.0, "total_timeout": 1.6,
    "max_attempts": 2, "backoff_base": 0.05, "backoff_cap": 0.2,
    "max_retry_after": 1.5, "min_delay": 0.0,
    # the real defaults for sizes: memory must stay bounded with them
    "max_bytes": 50 * MB, "max_decoded_bytes": 200 * MB,
}


@dataclass
class Measured:
    code: int
    stdout: str
    stderr: str
    peak_rss: int  # bytes

    @property
    def report(self) -> dict[str, Any]:
        try:
            (report,) = json.loads(self.stdout)
        except ValueError as exc:
            raise AssertionError(f"no JSON report (exit {self.code}):\n{self.stderr[-3000:]}"
                                 ) from exc
        return report

    def failure_for(self, url: str) -> dict[str, Any] | None:
        found = [f for f in self.report["failures"] if f["url"] == url]
        return found[0] if found else None


def run_measured(archive: Path, *args: str, policy: dict[str, Any] | None = None,
                 env: dict[str, str] | None = None, timeout: float = 120) -> Measured:
    """`sendgraph --archive ARCHIVE ARGS` (through the driver) in a subprocess; returns
    its exit code, output and peak resident memory."""
    out_path = archive.parent / f".{archive.name}.out"
    err_path = archive.parent / f".{archive.name}.err"
    peak_path = archive.parent / f".{archive.name}.peak"
    peak_path.unlink(missing_ok=True)
    full_env = _env({"SENDGRAPH_TEST_POLICY": json.dumps(policy or QUICK_POLICY),
                     "SENDGRAPH_TEST_PEAK_FILE": str(peak_path), **(env or {})})
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen([sys.executable, str(DRIVER), "--archive", str(archive), *args],
                                stdout=out, stderr=err, env=full_env, cwd=archive.parent)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    # the child's own VmHWM; ru_maxrss would include pytest's RSS inherited across fork
    peak = int(peak_path.read_text()) if peak_path.exists() else usage.ru_maxrss * 1024
    return Measured(proc.returncode, out_path.read_text("utf-8", "replace"),
                    err_path.read_text("utf-8", "replace"), peak)


def crawl_measured(archive: Path, urls: list[str], *extra: str, **kwargs: Any) -> Measured:
    return run_measured(archive, "crawl", "web", *(f"--url={u}" for u in urls), "--delay", "0",
                        "--format", "json", *extra, **kwargs)


# -- misbehaviours ---------------------------------------------------------------------

def _raw(data: bytes) -> Raw:
    return Raw(lambda conn: conn.send(data))


def _slowloris_headers(conn: RawConnection) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Drip: " + b"a" * 100
    for byte in head:
        if not conn.send(bytes([byte])) or not conn.sleep(1.0):
            return


def _endless() -> Iterator[bytes]:
    return itertools.repeat(b"<p>" + b"x" * 65_530 + b"</p>")


def _huge_length(conn: RawConnection) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n"
              b"Content-Length: 2147483648\r\n\r\n")
    for _ in range(100):  # then bytes, for as long as anyone reads them
        if not conn.send(b"%PDF" * 16_384) or not conn.sleep(0.01):
            return


@functools.lru_cache(maxsize=1)
def gzip_bomb(decoded: int = 300 * MB) -> bytes:
    """gzip of `decoded` zero bytes (~0.3 MB on the wire; 1.5 times max_decoded_bytes)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(MB)
    parts = [comp.compress(block) for _ in range(decoded // MB)]
    return b"".join(parts) + comp.flush()


def _reset_mid_body(conn: RawConnection) -> None:
    conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
              + b"<p>partial" * 100)
    conn.reset()


def _retry_once(status: int, retry_after: str) -> Callable[[Any], Reply]:
    hits = itertools.count()

    def handler(_req: Any) -> Reply:
        if next(hits) == 0:
            return Reply(status, b"slow down", [("Retry-After", retry_after),
                                                ("Content-Type", "text/plain")])
        return Reply(200, b"<html><body><p>Served after the pause.</p></body></html>",
                     [("Content-Type", "text/html; charset=utf-8")])
    return handler


PAGE = b"<html><body><h1>A page</h1><p>The council publishes its SEND plan.</p></body></html>"


@dataclass(frozen=True)
class Case:
    name: str
    threat: str
    path: str
    handler: Any  # a LocalSite handler, or a callable(site, path) that installs routes
    reasons: frozenset[str] = frozenset()
    cause: str | None = None
    memory: bool = False
    never_requested: bool = False  # the bad URL must not even be asked for
    host: str = "127.0.0.1"  # robots.txt faults live on "localhost" (see robots())

    def install(self, site: LocalSite) -> str:
        """Register the route(s) and robots.txt; returns the URL to crawl."""
        robots(site)
        if callable(self.handler) and getattr(self.handler, "installs", False):
            self.handler(site, self.path)
        else:
            site.route(self.path, self.handler)
        return site.url(self.path, host=self.host)


def robots(site: LocalSite) -> None:
    """robots.txt by host name: 127.0.0.1 disallows /private/ only; localhost answers 500
    (RFC 9309: the whole origin is then off limits)."""
    def handler(req: Any) -> Reply:
        if req.hostname == "localhost":
            return Reply(500, b"robots broke", [("Content-Type", "text/plain")])
        return Reply(200, b"User-agent: *\nDisallow: /private/\n",
                     [("Content-Type", "text/plain")])
    site.route("/robots.txt", handler)


def _installer(fn: Callable[[LocalSite, str], None]) -> Callable[[LocalSite, str], None]:
    fn.installs = True  # type: ignore[attr-defined]
    return fn


@_installer
def _loop(site: LocalSite, path: str) -> None:
    site.redirect(path, "/loop/b")
    site.redirect("/loop/b", path)


@_installer
def _other_host(site: LocalSite, path: str) -> None:
    site.redirect(path, "http://elsewhere.invalid/page")


def _f(*reasons: str) -> frozenset[str]:
    return frozenset(reasons)


CASES: dict[str, Case] = {c.name: c for c in [
    Case("slowloris_headers", "slowloris: headers at 1 byte/s", "/slow/headers",
         Raw(_slowloris_headers), _f("too_many_retries", "timeout"), cause="timeout"),
    Case("slowloris_body", "slowloris: body at 1 byte/s (chunked)", "/slow/body",
         Reply(200, chunks=itertools.repeat(b"x"), chunk_delay=1.0,
               headers=[("Content-Type", "text/html")]),
         _f("too_many_retries", "timeout"), cause="timeout"),
    Case("endless_body", "endless chunked body", "/endless",
         Reply(200, headers=[("Content-Type", "text/html")], chunks=_endless()),
         _f("too_large"), memory=True),
    Case("huge_content_length", "Content-Length: 2 GB", "/huge", Raw(_huge_length),
         _f("too_large"), memory=True),
    Case("gzip_bomb", "gzip bomb (300 MB of zeros, 0.3 MB sent)", "/bomb.html", None,
         _f("too_large", "decode_error"), memory=True),
    Case("wrong_content_type", "HTML served as image/png", "/wrong-type",
         Reply(200, PAGE, [("Content-Type", "image/png")])),
    Case("pdf_as_html", "a PDF served as text/html", "/pdf-as-html", None),
    Case("invalid_utf8", "invalid UTF-8 in a page declared UTF-8", "/bad-utf8",
         Reply(200, b"<html><body><p>caf\xc3 \xff\xfe SEND \xed\xa0\x80 plan</p></body></html>",
               [("Content-Type", "text/html; charset=utf-8")])),
    Case("mixed_encodings", "header says UTF-8, meta says windows-1252, body mixes both",
         "/mixed",
         Reply(200, "<html><head><meta charset='windows-1252'></head><body><p>Café "
               "“SEND” </p>".encode() + b"<p>\x93quoted\x94 \xa3100</p></body></html>",
               [("Content-Type", "text/html; charset=utf-8")])),
    Case("redirect_loop", "redirect loop", "/loop/a", _loop, _f("redirect_loop")),
    Case("redirect_other_host", "redirect to another host", "/to-other-host", _other_host,
         _f("redirect_off_host")),
    Case("redirect_file_scheme", "redirect to file:///etc/passwd", "/to-file",
         Reply(302, headers=[("Location", "file:///etc/passwd")]), _f("bad_scheme")),
    Case("redirect_javascript", "redirect to javascript:", "/to-js",
         Reply(302, headers=[("Location", "javascript:alert(1)")]),
         _f("bad_scheme", "invalid_url")),
    Case("retry_after_429", "429 with Retry-After: 1, then 200", "/busy",
         _retry_once(429, "1")),
    Case("retry_after_too_long", "429 with Retry-After: 3600", "/busy-long",
         Reply(429, b"come back tomorrow", [("Retry-After", "3600")]),
         _f("retry_after_too_long")),
    Case("storm_503", "503 storm (every attempt)", "/storm",
         Reply(503, b"down", [("Content-Type", "text/plain")]),
         _f("too_many_retries"), cause="http_error"),
    Case("reset_mid_body", "connection reset (RST) mid-body", "/reset", Raw(_reset_mid_body),
         _f("too_many_retries", "network_error"), cause="network_error"),
    Case("short_body", "Content-Length longer than the body", "/short",
         Reply(200, PAGE, [("Content-Type", "text/html")], content_length=len(PAGE) + 500,
               close=True),
         _f("too_many_retries", "network_error"), cause="network_error"),
    Case("truncated_gzip", "gzip body cut short", "/trunc.html",
         Reply(200, gzip_bytes(PAGE * 50)[:-40], [("Content-Type", "text/html"),
                                                  ("Content-Encoding", "gzip")]),
         _f("decode_error")),
    Case("garbage_status", "not HTTP at all", "/garbage", _raw(b"SSH-2.0-OpenSSH\r\n\r\n"),
         _f("too_many_retries", "network_error"), cause="network_error"),
    Case("empty_reply", "connection closed with no reply", "/empty", Raw(lambda c: c.close()),
         _f("too_many_retries", "network_error"), cause="network_error"),
    Case("header_flood", "a 1 MB response header", "/headers",
         _raw(b"HTTP/1.1 200 OK\r\nX-Big: " + b"h" * MB + b"\r\n\r\n"),
         _f("too_many_retries", "network_error"), cause="network_error"),
    Case("not_found", "404", "/gone", Reply(404, b"gone", [("Content-Type", "text/plain")]),
         _f("http_error")),
    Case("robots_disallow", "robots.txt disallows the page", "/private/page",
         Reply(200, PAGE), _f("robots_disallowed"), never_requested=True),
    Case("robots_500", "robots.txt itself answers 500", "/page",
         Reply(200, PAGE), _f("robots_unavailable"), never_requested=True, host="localhost"),
]}


def install_gzip_bomb(case: Case) -> Case:
    return Case(case.name, case.threat, case.path,
                Reply(200, gzip_bomb(), [("Content-Type", "text/html"),
                                         ("Content-Encoding", "gzip")]),
                case.reasons, case.cause, case.memory)


def _pdf_reply() -> Reply:
    from reportlab.pdfgen import canvas  # test extra
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1)
    pdf.drawString(72, 720, "Kingston upon Thames SEND plan")
    pdf.save()
    return Reply(200, buf.getvalue(), [("Content-Type", "text/html; charset=utf-8")])


def resolved(name: str) -> Case:
    """The case with any lazily built payload filled in."""
    case = CASES[name]
    if name == "gzip_bomb":
        return install_gzip_bomb(case)
    if name == "pdf_as_html":
        return Case(case.name, case.threat, case.path, _pdf_reply(), case.reasons)
    return case
