"""Serve the sample newsroom (samples/newsroom/) on 127.0.0.1, one port per outlet.

Each outlet's files carry its fictional origin (``https://riverbend-courier.example``); the server
rewrites every outlet origin to the loopback address it serves that outlet on, so links between
pages, feeds and sitemaps resolve. It answers conditional GETs with ETags as a real site would.
"""

from __future__ import annotations

import hashlib
import threading
import time
import tomllib
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples" / "newsroom"

_CONTENT_TYPES = {
    ".html": "text/html",  # no charset: pages declare their own (one is windows-1252)
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
}
_INDEX_FILES = ("index.html", "index.rss", "index.atom", "index.rdf", "index.xml")


@dataclass(frozen=True)
class Outlet:
    name: str
    root: Path
    origin: str
    feeds: tuple[str, ...]
    sitemaps: tuple[str, ...]
    pages: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass
class AccessRecord:
    outlet: str
    path: str
    status: int
    at: float


def load_manifest(samples_dir: Path = SAMPLES_DIR) -> tuple[list[Outlet], dict]:
    """The outlets of a newsroom directory and its `[expect]` table (with its `watch` list)."""
    data = tomllib.loads((samples_dir / "newsroom.toml").read_text(encoding="utf-8"))
    outlets = [
        Outlet(
            name=o["name"],
            root=samples_dir / o["dir"],
            origin=o["origin"].rstrip("/"),
            feeds=tuple(o.get("feeds", ())),
            sitemaps=tuple(o.get("sitemaps", ())),
            pages=tuple(o.get("pages", ())),
            tags=tuple(o.get("tags", ())),
        )
        for o in data["outlet"]
    ]
    return outlets, {**data.get("expect", {}), "watch": data.get("watch", [])}


@dataclass
class Newsroom:
    """The running newsroom: `base[outlet]` is its loopback origin; `log` records every request."""

    outlets: list[Outlet]
    expect: dict
    base: dict[str, str] = field(default_factory=dict)
    log: list[AccessRecord] = field(default_factory=list)
    _servers: list[ThreadingHTTPServer] = field(default_factory=list)

    def local(self, url: str) -> str:
        """A URL with its fictional outlet origin replaced by the loopback one."""
        for outlet in self.outlets:
            if url.startswith(outlet.origin):
                return self.base[outlet.name] + url[len(outlet.origin) :]
        return url

    def rewrite(self, body: bytes) -> bytes:
        for outlet in self.outlets:
            body = body.replace(outlet.origin.encode(), self.base[outlet.name].encode())
        return body

    def sources_toml(self, fetch: dict[str, object] | None = None) -> str:
        """A sources file for the served newsroom; `fetch` becomes its [fetch] table."""
        lines = []
        if fetch:
            lines.append("[fetch]")
            lines += [f"{k} = {_toml_value(v)}" for k, v in fetch.items()]
            lines.append("")
        for o in self.outlets:
            lines += [
                "[[source]]",
                f"name = {_toml_value(o.name)}",
                f"homepage = {_toml_value(self.base[o.name] + '/')}",
                f"feeds = {_toml_value([self.local(u) for u in o.feeds])}",
                f"sitemaps = {_toml_value([self.local(u) for u in o.sitemaps])}",
                f"pages = {_toml_value([self.local(u) for u in o.pages])}",
                f"tags = {_toml_value(list(o.tags))}",
                "",
            ]
        for watch in self.expect["watch"]:
            lines += ["[[watch]]", f"name = {_toml_value(watch['name'])}", f"query = {_toml_value(watch['query'])}", ""]
        return "\n".join(lines)

    @property
    def ports(self) -> dict[str, int]:
        return {name: int(base.rsplit(":", 1)[1]) for name, base in self.base.items()}

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def __enter__(self) -> "Newsroom":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_newsroom(samples_dir: Path = SAMPLES_DIR, ports: dict[str, int] | None = None) -> Newsroom:
    """Start one loopback HTTP server per outlet in daemon threads.

    Each outlet gets the port named in `ports` when that port is free, else any free port; `ports`
    lets a rerun of the demo serve the same URLs as the run before.
    """
    outlets, expect = load_manifest(samples_dir)
    room = Newsroom(outlets=outlets, expect=expect)
    for outlet in outlets:
        server = _bind(_handler(outlet, room), (ports or {}).get(outlet.name, 0))
        server.daemon_threads = True
        room.base[outlet.name] = f"http://127.0.0.1:{server.server_address[1]}"
        room._servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True, name=f"newsroom-{outlet.name}").start()
    return room


def _bind(handler: type[BaseHTTPRequestHandler], port: int) -> ThreadingHTTPServer:
    try:
        return ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError:
        return ThreadingHTTPServer(("127.0.0.1", 0), handler)


def _handler(outlet: Outlet, room: Newsroom) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "newsroom/1.0"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            file = _resolve(outlet.root, path)
            if file is None:
                self._send(404, b"<html><body><h1>Not found</h1></body></html>", "text/html")
                return
            body = room.rewrite(file.read_bytes())
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            ctype = _CONTENT_TYPES.get(file.suffix, "application/octet-stream")
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", ctype, etag)
                return
            self._send(200, body, ctype, etag)

        def _send(self, status: int, body: bytes, ctype: str, etag: str | None = None) -> None:
            room.log.append(AccessRecord(outlet.name, self.path, status, time.monotonic()))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Date", formatdate(usegmt=True))
            if etag:
                self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # keep stderr quiet
            pass

    return Handler


def _resolve(root: Path, url_path: str) -> Path | None:
    """The file a URL path maps to, never outside `root`."""
    candidate = (root / url_path.lstrip("/")).resolve()
    if not candidate.is_relative_to(root.resolve()):
        return None
    if candidate.is_dir():
        for name in _INDEX_FILES:
            if (candidate / name).is_file():
                return candidate / name
        return None
    return candidate if candidate.is_file() else None


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")
