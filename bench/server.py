"""Serve a written corpus (bench.corpus) over HTTP/1.1, one site per loopback address.

    python -m bench.server CORPUS_DIR        # prints {"blog": "http://127.0.0.1:PORT", ...}

Each site gets its own address (127.0.0.1, 127.0.0.2, ...) so that per-host politeness treats
them as four hosts, as it would four real sites. Files are read from disk on each request
(the OS page cache keeps them); robots.txt allows everything. Runs until stdin closes or it is
terminated, in its own process so its CPU time is not the crawler's.
"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.corpus import SITES

ROBOTS = b"User-agent: *\nAllow: /\n"


def handler_for(root: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/robots.txt":
                body, ctype = ROBOTS, "text/plain"
            else:
                rel = path.lstrip("/")
                if not rel or rel.endswith("/"):
                    rel += "index.html"
                target = (root / rel).resolve()
                if root not in target.parents or not target.is_file():
                    self.send_error(404)
                    return
                body = target.read_bytes()
                ctype = ("application/pdf" if rel.endswith(".pdf")
                         else "text/html; charset=utf-8")
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", "Mon, 03 Mar 2025 09:00:00 GMT")
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(corpus: Path) -> dict[str, str]:
    urls = {}
    for i, site in enumerate(SITES):
        server = ThreadingHTTPServer((f"127.0.0.{i + 1}", 0), handler_for(
            (corpus / site).resolve()))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        urls[site] = f"http://127.0.0.{i + 1}:{server.server_address[1]}"
    return urls


def main() -> int:
    urls = serve(Path(sys.argv[1]))
    print(json.dumps(urls), flush=True)
    sys.stdin.read()  # until the harness closes our stdin
    return 0


if __name__ == "__main__":
    sys.exit(main())
