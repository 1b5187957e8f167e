"""A small news site on loopback whose pages a test edits, deletes or moves between two runs.

It answers conditional GETs with ETags as a real site would, and records every request.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Site:
    """`pages[path]` is an HTML body, or ("redirect", target path), or absent (404)."""

    pages: dict[str, str | tuple[str, str]] = field(default_factory=dict)
    requests: list[tuple[str, int]] = field(default_factory=list)  # (path, status answered)
    base: str = ""
    _server: ThreadingHTTPServer | None = None

    def url(self, path: str) -> str:
        return self.base + path

    def article(self, path: str, title: str, paragraphs: list[str], footer: str = "") -> None:
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        self.pages[path] = (
            f"<html><head><meta charset='utf-8'><title>{title}</title>"
            f"<link rel='canonical' href='{self.url(path)}'></head><body><article><h1>{title}</h1>"
            f"{body}{f'<p>{footer}</p>' if footer else ''}</article></body></html>"
        )

    def feed(self, path: str, article_paths: list[str]) -> None:
        items = "".join(f"<item><title>{p}</title><link>{self.url(p)}</link></item>" for p in article_paths)
        self.pages[path] = f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"

    def hits(self, path: str) -> list[int]:
        return [status for p, status in self.requests if p == path]

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def start_site() -> Site:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            page = site.pages.get(self.path)
            if page is None:
                return self._send(404, b"<html><body>Not found</body></html>")
            if isinstance(page, tuple):
                return self._send(301, b"", {"Location": site.url(page[1])})
            body = page.encode()
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", {"ETag": etag})
            ctype = "application/rss+xml" if body.startswith(b"<?xml") else "text/html; charset=utf-8"
            self._send(200, body, {"ETag": etag, "Content-Type": ctype})

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            site.requests.append((self.path, status))
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site._server = server
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True, name="revisit-site").start()
    return site
