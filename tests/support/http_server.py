"""A real threaded HTTP/1.1 server on 127.0.0.1 for network tests.

    site.static("/page", b"<p>hi</p>")                      # fixed body, status, headers
    site.route("/dyn", lambda req: Reply(304) if req.header("if-none-match") else Reply(200, b"x"))
    site.redirect("/old", "/new")
    site.route("/slow", Reply(body=b"late", delay=0.5))     # sleeps before the status line
    site.route("/cut", Reply(body=b"x" * 1000, cut_after=10))  # drops the connection mid-body
    site.route("/raw", Raw(lambda conn: conn.send(b"HTTP/1.1 200 OK\r\n...")))  # any bytes
    fetch(site.url("/page")); site.requests[0].header("user-agent")

Routes are exact paths (a route registered with a query string wins over the bare path);
unknown paths get 404. A handler may be a `Reply`, a `Raw`, or a callable taking the
`RecordedRequest` and returning either — so it can count hits, inspect headers, change
content between requests. An exception raised by a handler (e.g. a failed `assert` on
the request) is answered with a 500 and re-raised when the site stops, failing the test.

Built for extension (hostile-server tests): `Reply.chunks` may be an endless generator,
`Raw` gets the socket (`send`, `sleep`, `close`, `reset`), and every sleep ends at once
when the site stops, so teardown stays fast whatever a test left running.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

AUTO: Any = object()  # Reply.content_length: compute from the body


@dataclass
class RecordedRequest:
    method: str
    target: str  # the request-target as sent: path and query
    path: str
    query: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    host: str  # the Host header ("127.0.0.1:PORT", "localhost:PORT")
    received: float  # time.monotonic() when the request line and headers were read
    finished: float | None = None  # when the response was fully written

    def header(self, name: str) -> str | None:
        lname = name.lower()
        for key, value in self.headers:
            if key.lower() == lname:
                return value
        return None

    @property
    def hostname(self) -> str:
        return self.host.rsplit(":", 1)[0] if self.host.count(":") == 1 else self.host


@dataclass
class Reply:
    """A response. `content_length`: AUTO (len(body)), an int (deliberately wrong is
    fine), or None (omit it: the body ends when the connection closes)."""

    status: int = 200
    body: bytes = b""
    headers: Sequence[tuple[str, str]] | Mapping[str, str] = ()
    reason: str | None = None
    delay: float = 0.0  # before the status line
    body_delay: float = 0.0  # after the headers, before the body
    chunks: Iterable[bytes] | None = None  # send chunked; `body` is then ignored
    chunk_delay: float = 0.0
    content_length: Any = AUTO
    cut_after: int | None = None  # send this many body bytes, then drop the connection
    close: bool = False  # add Connection: close and close after the response

    def header_items(self) -> list[tuple[str, str]]:
        items = self.headers.items() if isinstance(self.headers, Mapping) else self.headers
        return [(str(k), str(v)) for k, v in items]


class RawConnection:
    """What a `Raw` handler gets: the socket, the request, and stop-aware helpers."""

    def __init__(self, handler: _Handler, request: RecordedRequest) -> None:
        self._handler = handler
        self.request = request
        self.socket: socket.socket = handler.connection
        self.site: LocalSite = handler.server.site  # type: ignore[attr-defined]

    def send(self, data: bytes) -> bool:
        """Write bytes; False if the client has gone away."""
        try:
            self._handler.wfile.write(data)
            self._handler.wfile.flush()
        except OSError:
            return False
        return True

    def sleep(self, seconds: float) -> bool:
        """Sleep unless the site is stopping; False if it is."""
        return self.site.pause(seconds)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)

    def reset(self) -> None:
        """Abort with a TCP RST instead of an orderly close."""
        with contextlib.suppress(OSError):
            self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.socket.close()


@dataclass
class Raw:
    fn: Callable[[RawConnection], object]


Handler = Reply | Raw | Callable[[RecordedRequest], "Reply | Raw"]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    timeout = 10  # idle keep-alive connections end on their own
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm
    # and the client's delayed ACK add ~40 ms to every keep-alive response.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        self._serve()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_OPTIONS = do_GET

    def _serve(self) -> None:
        site = self.server.site
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        rec = RecordedRequest(self.command, self.path, path, query, tuple(self.headers.items()),
                              body, self.headers.get("Host", ""), time.monotonic())
        site._record(rec)
        try:
            handler = site._resolve(rec)
            if not isinstance(handler, Reply | Raw):
                handler = handler(rec)
            if isinstance(handler, Raw):
                self.close_connection = True
                handler.fn(RawConnection(self, rec))
            else:
                self._send(handler)
        except OSError:
            self.close_connection = True  # the client went away: normal in these tests
        except Exception as exc:
            site._errors.append(exc)
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.send_error(500, f"test handler failed: {type(exc).__name__}: {exc}")
        finally:
            rec.finished = time.monotonic()

    def _send(self, reply: Reply) -> None:
        site = self.server.site
        if reply.delay and not site.pause(reply.delay):
            self.close_connection = True
            return
        headers = reply.header_items()
        names = {k.lower() for k, _ in headers}
        close = reply.close
        if reply.chunks is not None:
            if "transfer-encoding" not in names:
                headers.append(("Transfer-Encoding", "chunked"))
        elif reply.content_length is None:
            close = True  # body delimited by closing the connection
        elif "content-length" not in names:
            declared = len(reply.body) if reply.content_length is AUTO else reply.content_length
            headers.append(("Content-Length", str(declared)))
        if close and "connection" not in names:
            headers.append(("Connection", "close"))
        self.send_response_only(reply.status, reply.reason)
        for key, value in headers:
            self.send_header(key, value)
        self.end_headers()
        if close:
            self.close_connection = True
        if self.command == "HEAD" or reply.status in (204, 304):
            return
        if reply.body_delay and not site.pause(reply.body_delay):
            self.close_connection = True
            return
        if reply.chunks is not None:
            for chunk in reply.chunks:
                if chunk:
                    self.wfile.write(b"%X\r\n%s\r\n" % (len(chunk), chunk))
                if reply.chunk_delay and not site.pause(reply.chunk_delay):
                    self.close_connection = True
                    return
            self.wfile.write(b"0\r\n\r\n")
            return
        data = reply.body if reply.cut_after is None else reply.body[: reply.cut_after]
        self.wfile.write(data)
        if reply.cut_after is not None:
            self.wfile.flush()
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # stop() closes connections itself instead of joining threads
    allow_reuse_address = True

    def __init__(self, site: LocalSite, host: str) -> None:
        self.site = site
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()
        super().__init__((host, 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return  # a client that went away (killed crawlers do): nothing to report
        super().handle_error(request, client_address)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._conns_lock:
            self._conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._conns_lock:
            self._conns.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._conns_lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class LocalSite:
    """A route table served over real sockets on 127.0.0.1 (reachable as `localhost` too,
    which tests use as a second host)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.bind_host = host
        self._routes: dict[str, Handler] = {}
        self._log: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._errors: list[BaseException] = []
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> LocalSite:
        self._server = _Server(self, self.bind_host)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True,
                                        name=f"local-site-{self.port}")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.close_connections()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def raise_errors(self) -> None:
        if self._errors:
            raise self._errors[0]

    def __enter__(self) -> LocalSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self.raise_errors()

    def pause(self, seconds: float) -> bool:
        """Sleep that ends early when the site stops; False if it is stopping."""
        return not self._stopping.wait(seconds)

    # -- addresses -------------------------------------------------------------------
    @property
    def port(self) -> int:
        assert self._server is not None, "site not started"
        return int(self._server.server_address[1])

    def url(self, path: str = "/", *, host: str | None = None) -> str:
        return f"http://{host or self.bind_host}:{self.port}{path}"

    # -- routes ----------------------------------------------------------------------
    def route(self, path: str, handler: Handler) -> None:
        with self._lock:
            self._routes[path] = handler

    def static(self, path: str, body: bytes | str = b"", *, status: int = 200,
               content_type: str | None = "text/html; charset=utf-8",
               headers: Sequence[tuple[str, str]] = ()) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        items = list(headers)
        if content_type and not any(k.lower() == "content-type" for k, _ in items):
            items.insert(0, ("Content-Type", content_type))
        self.route(path, Reply(status, data, items))

    def redirect(self, path: str, location: str, *, status: int = 302) -> None:
        self.route(path, Reply(status, b"", [("Location", location)]))

    def robots(self, text: str, *, status: int = 200) -> None:
        self.static("/robots.txt", text, status=status, content_type="text/plain")

    def _resolve(self, rec: RecordedRequest) -> Handler:
        with self._lock:
            handler = self._routes.get(rec.target) or self._routes.get(rec.path)
        return handler if handler is not None else Reply(404, b"not found",
                                                         [("Content-Type", "text/plain")])

    # -- request log -----------------------------------------------------------------
    def _record(self, rec: RecordedRequest) -> None:
        with self._lock:
            self._log.append(rec)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._log)

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    def hits(self, path: str) -> int:
        return len(self.requests_to(path))

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()


# -- payload helpers ------------------------------------------------------------------
def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip (mtime 0) so tests can compare exact bytes."""
    return gzip.compress(data, mtime=0)


def truncated_gzip(data: bytes, *, drop: int = 12) -> bytes:
    """A gzip stream missing its last `drop` bytes (trailer and some data)."""
    return gzip_bytes(data)[:-drop]


def drip(data: bytes, size: int = 1) -> Iterable[bytes]:
    """Split a body into tiny chunks (use with Reply.chunks and chunk_delay)."""
    return [data[i : i + size] for i in range(0, len(data), size)]


@dataclass
class Counter:
    """Thread-safe hit counter for dynamic handlers."""

    value: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def next(self) -> int:
        with self._lock:
            self.value += 1
            return self.value
