"""A threaded loopback HTTP server with one path per fault, for fetcher and end-to-end tests.

    server = start_fault_server()
    server.base_url            # "http://127.0.0.1:PORT"
    server.access_log          # list[Hit], appended as requests arrive (thread-safe append)
    server.stop()
    fault_sources_toml(server.base_url)   # a sources file: one source per fault, fast manners

Paths (counters are per full path, query included, so tests can isolate with `?k=...`):
  /robots.txt                 Disallow /private/ for everyone; Sitemap: /sitemap-index.xml
  /homepage                   HTML advertising /feed.xml and /atom.xml
  /feed.xml  /atom.xml        RSS 2.0 / Atom, 3 entries to /article/N; ETag + 304 support
  /broken-feed                malformed RSS (truncated, a bare "&"): one entry recoverable
  /article/<n>  /ok/<x>       a small HTML article
  /status/<code>              always <code> (404, 410, 500, 503 ...)
  /flaky/<code>               <code> on the first request, 200 afterwards
  /ratelimit?after=<s>        429 with Retry-After <s> on the first request, 200 afterwards
  /retry-after?after=<s>      always 503 with Retry-After <s>
  /redirect/<n>               a chain of n redirects ending in 200
  /redirect-loop/a            a -> b -> a
  /redirect-to?to=<url>       one redirect to <url>
  /slow?s=<seconds>           200 after a pause
  /drip                       200, then one byte every 0.1 s (slower than any test deadline)
  /drip-headers               the status line, then a header one byte every 0.1 s
  /reset                      200, part of the promised body, then a TCP reset
  /big  /big-chunked          2 MB body, with and without Content-Length
  /wrong-type                 an RSS feed served as text/html
  /image.jpg                  image/jpeg
  /html-as-feed               an HTML page served as application/rss+xml
  /private/page               fine, but disallowed by robots.txt
  /etag-feed                  honours If-None-Match (the 304 cycle)
  /lying-etag                 same ETag, a different body every time, ignores validators
  /moved-304                  304 to any conditional request, with a new ETag each time
  /sitemap-index.xml          index: /sitemap-news.xml (today), /sitemap-old.xml (2001),
                              /sitemap-gz.xml.gz (today)
  /sitemap-news.xml           Google News urlset dated now; /sitemap-old.xml: dated 2001
  /sitemap-gz.xml.gz          gzip urlset;  /sitemap-bomb.xml.gz: 64 MB of zeros gzipped
  /gzip-encoded               HTML with Content-Encoding: gzip
  /many-feed?n=<n>            RSS with n entries /article/m<i>, entry i dated i minutes after
                              2026-01-01, oldest first; &same=1: every link is /article/same
                              with its own utm_* parameters and fragment; &creds=1: links carry
                              user:pw@ in their host part
  /gzip-bomb                  the 64 MB of zeros as Content-Encoding: gzip, an RSS content type
"""

from __future__ import annotations

import gzip
import socket
import ssl
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

ROBOTS = """User-agent: *
Disallow: /private/

Sitemap: {base}/sitemap-index.xml
"""

ARTICLE = """<!doctype html><html><head><title>Article {n}</title></head>
<body><article><h1>Article {n}</h1><p>Body of article {n}, long enough to read.</p></article>
</body></html>"""

HOMEPAGE = """<!doctype html><html><head><title>Fault news</title>
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" title="Atom" href="{base}/atom.xml">
<link rel="stylesheet" href="/style.css"></head><body>hello</body></html>"""


def rss(base: str, version: str = "1") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Fault feed</title><link>{base}/</link>
<item><title>One</title><link>{base}/article/1</link><guid>{base}/article/1</guid>
<pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate><description>first</description>
<content:encoded><![CDATA[<p>First <b>body</b> v{version}</p>]]></content:encoded></item>
<item><title>Two</title><link>{base}/article/2</link>
<pubDate>Mon, 23 Nov 2026 11:00:00 +0100</pubDate></item>
<item><title>Three</title><link>/article/3</link></item>
</channel></rss>"""


def many_feed(base: str, query: dict[str, list[str]]) -> str:
    """The /many-feed document (see the module docstring)."""
    n = int(query.get("n", ["10"])[0])
    host = base.replace("://", "://user:pw@") if query.get("creds") else base
    items = []
    for i in range(n):
        link = f"{host}/article/m{i}"
        if query.get("same"):
            link = f"{host}/article/same?utm_source=feed{i}&amp;utm_medium=rss#item{i}"
        day = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=i)
        items.append(f"<item><title>M{i}</title><link>{link}</link><pubDate>{format_datetime(day, usegmt=True)}</pubDate></item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Many</title>'
        f"<link>{base}/</link>{''.join(items)}</channel></rss>"
    )


def atom(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fault atom</title><id>urn:x</id>
<updated>2026-11-23T10:00:00Z</updated>
<entry><title>A1</title><id>urn:a1</id><link href="{base}/article/1"/>
<updated>2026-11-23T10:00:00Z</updated><author><name>Ann</name></author></entry>
</feed>"""


def urlset(locs: list[str], when: str, news: bool) -> str:
    items = []
    for loc in locs:
        extra = (
            f"<news:news><news:publication><news:name>F</news:name><news:language>en"
            f"</news:language></news:publication><news:publication_date>{when}"
            f"</news:publication_date><news:title>T {loc}</news:title></news:news>"
            if news
            else f"<lastmod>{when}</lastmod>"
        )
        items.append(f"<url><loc>{loc}</loc>{extra}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        + "".join(items)
        + "</urlset>"
    )


# One source per fault, for an end-to-end flow run: name -> (kind, path).
FAULT_SOURCES = {
    "good": ("feeds", "/feed.xml"),
    "atom": ("feeds", "/atom.xml"),
    "sitemaps": ("sitemaps", "/sitemap-index.xml"),
    "gone-404": ("feeds", "/status/404"),
    "gone-410": ("feeds", "/status/410"),
    "flaky-500": ("pages", "/flaky/500"),
    "ratelimited": ("pages", "/ratelimit?after=1"),
    "down-503": ("feeds", "/status/503"),
    "redirect-loop": ("pages", "/redirect-loop/a"),
    "drip": ("pages", "/drip"),
    "reset": ("pages", "/reset"),
    "oversized": ("pages", "/big"),
    "wrong-type": ("feeds", "/wrong-type"),
    "html-as-feed": ("feeds", "/html-as-feed"),
    "robots-disallowed": ("pages", "/private/page"),
    "etag": ("feeds", "/etag-feed"),
    "gzip-bomb": ("sitemaps", "/sitemap-bomb.xml.gz"),
    "billion-laughs": ("sitemaps", "/sitemap-laughs.xml"),
    "truncated-xml": ("feeds", "/broken-feed"),
    "wrong-encoding": ("feeds", "/latin1-feed"),
}

LAUGHS = """<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}/article/&f;</loc></url></urlset>"""

FAST_FETCH = {
    "allow_private_networks": True,
    "per_host_delay": 0.05,
    "timeout": 1.0,
    "deadline": 1.0,
    "retries": 2,
    "retry_backoff": 0.05,
    "retry_after_cap": 5.0,
    "max_bytes": 1_000_000,
}

# Per-source overrides: the deadline bounds retries too, so it must leave room for a Retry-After.
SOURCE_FETCH = {"ratelimited": {"deadline": 3.0}}
# Sources reached as `localhost` rather than 127.0.0.1: a Retry-After holds back its whole host, so the
# rate-limited source gets a politeness key of its own, and whether another fault's fetch lands inside
# its wait does not depend on timing.
OWN_HOST = {"ratelimited"}


def fault_sources_toml(base_url: str, fetch: dict[str, object] | None = None) -> str:
    """A sources file with one source per entry of FAULT_SOURCES, and fast [fetch] manners."""
    settings = {**FAST_FETCH, **(fetch or {})}
    lines = ["[fetch]"]
    for key, value in settings.items():
        literal = str(value).lower() if isinstance(value, bool) else repr(value)
        lines.append(f"{key} = {literal}")
    for name, (kind, path) in FAULT_SOURCES.items():
        base = base_url.replace("//127.0.0.1:", "//localhost:") if name in OWN_HOST else base_url
        lines += [
            "",
            "[[source]]",
            f'name = "{name}"',
            f'homepage = "{base}/homepage"',
            f'{kind} = ["{base}{path}"]',
        ]
        lines += [f"fetch.{key} = {value!r}" for key, value in SOURCE_FETCH.get(name, {}).items()]
    return "\n".join(lines) + "\n"


@dataclass(slots=True)
class Hit:
    """One request as the server saw it: arrival time (time.monotonic), path, request headers."""

    at: float
    method: str
    path: str
    headers: dict[str, str]

    @property
    def host(self) -> str:
        """The Host header's name part: `127.0.0.1`, or `localhost` for the OWN_HOST sources."""
        value = next((v for k, v in self.headers.items() if k.lower() == "host"), "")
        return value.rsplit(":", 1)[0]


@dataclass
class FaultServer:
    base_url: str
    access_log: list[Hit]
    _server: ThreadingHTTPServer = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    def hits(self, path: str) -> list[Hit]:
        """Requests whose path (query included) equals `path`."""
        return [h for h in list(self.access_log) if h.path == path]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def start_fault_server(
    robots: str | int | None = ROBOTS, tls: ssl.SSLContext | None = None
) -> FaultServer:
    """Start the server on a free loopback port.

    `robots` is the robots.txt text ("{base}" is replaced by the base URL), None for a 404, or an
    HTTP status code to answer /robots.txt with (e.g. 503). With `tls` (a server-side context)
    it speaks HTTPS.
    """
    log: list[Hit] = []
    counters: dict[str, int] = {}
    lock = threading.Lock()
    cache: dict[str, bytes] = {}

    class Handler(_Handler):
        pass

    Handler.access_log, Handler.counters, Handler.lock = log, counters, lock
    Handler.robots, Handler.cache = robots, cache
    server = _QuietServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    host, port = server.server_address[:2]
    Handler.base = f"{'https' if tls else 'http'}://{host}:{port}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="faultserver", daemon=True
    )
    thread.start()
    return FaultServer(Handler.base, log, server, thread)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """Failed handshakes and hang-ups are what the tests provoke; no tracebacks."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    base = ""
    access_log: list[Hit]
    counters: dict[str, int]
    lock: threading.Lock
    robots: str | int | None
    cache: dict[str, bytes]

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.access_log.append(Hit(time.monotonic(), "GET", self.path, dict(self.headers)))
        with self.lock:
            self.counters[self.path] = count = self.counters.get(self.path, 0) + 1
        parts = urlsplit(self.path)
        route, query = parts.path, parse_qs(parts.query)
        try:
            self._route(route, query, count)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _route(self, route: str, query: dict[str, list[str]], count: int) -> None:
        base = self.base
        if route == "/robots.txt":
            if self.robots is None:
                return self._send(404, "not found")
            if isinstance(self.robots, int):
                return self._send(self.robots, "robots unavailable")
            return self._send(200, self.robots.format(base=base), "text/plain")
        if route == "/homepage":
            return self._send(200, HOMEPAGE.format(base=base))
        if route == "/feed.xml" or route == "/etag-feed":
            return self._conditional(rss(base), '"feed-v1"', "application/rss+xml")
        if route == "/broken-feed":
            body = rss(base).split("<item><title>Two")[0] + "<item><title>cut & bad"
            return self._send(200, body, "application/rss+xml")
        if route == "/latin1-feed":  # declares UTF-8, is windows-1252
            body = rss(base).replace("<title>One</title>", "<title>Caf\u00e9 \u201cd\u00e9j\u00e0 vu\u201d</title>")
            return self._send(200, body.encode("cp1252"), "application/rss+xml; charset=utf-8")
        if route == "/atom.xml":
            return self._send(200, atom(base), "application/atom+xml")
        if route.startswith(("/article/", "/ok/", "/private/")):
            return self._send(200, ARTICLE.format(n=route.rsplit("/", 1)[-1]))
        if route.startswith("/status/"):
            code = int(route.rsplit("/", 1)[-1])
            return self._send(code, f"status {code}")
        if route.startswith("/flaky/"):
            code = int(route.rsplit("/", 1)[-1])
            return self._send(code if count == 1 else 200, ARTICLE.format(n=f"flaky {count}"))
        if route == "/ratelimit":
            if count == 1:
                after = query.get("after", ["1"])[0]
                return self._send(429, "slow down", headers={"Retry-After": after})
            return self._send(200, ARTICLE.format(n="after 429"))
        if route == "/retry-after":
            return self._send(503, "come back later", headers={"Retry-After": query.get("after", ["1"])[0]})
        if route.startswith("/redirect/"):
            n = int(route.rsplit("/", 1)[-1])
            if n == 0:
                return self._send(200, ARTICLE.format(n="redirected"))
            return self._send(302, "", headers={"Location": f"/redirect/{n - 1}"})
        if route == "/redirect-to":
            return self._send(302, "", headers={"Location": query.get("to", ["/"])[0]})
        if route == "/redirect-loop/a":
            return self._send(301, "", headers={"Location": f"{base}/redirect-loop/b"})
        if route == "/redirect-loop/b":
            return self._send(301, "", headers={"Location": "/redirect-loop/a"})
        if route == "/slow":
            time.sleep(float(query.get("s", ["0.3"])[0]))
            return self._send(200, ARTICLE.format(n="slow"))
        if route == "/drip":
            return self._drip()
        if route == "/drip-headers":
            return self._drip_headers()
        if route == "/reset":
            return self._reset()
        if route == "/big":
            return self._send(200, b"x" * 2_000_000, "text/html")
        if route == "/big-chunked":
            return self._chunked(b"y" * 2_000_000)
        if route == "/wrong-type":
            return self._send(200, rss(base), "text/html; charset=utf-8")
        if route == "/image.jpg":
            return self._send(200, b"\xff\xd8\xff\xe0" + b"0" * 5000, "image/jpeg")
        if route == "/html-as-feed":
            return self._send(200, ARTICLE.format(n="not a feed"), "application/rss+xml")
        if route == "/lying-etag":
            return self._send(
                200, rss(base, str(count)), "application/rss+xml", headers={"ETag": '"same"'}
            )
        if route == "/moved-304":
            if self.headers.get("If-None-Match"):
                return self._send(304, "", headers={"ETag": f'"m{count}"'})
            return self._send(
                200, rss(base, str(count)), "application/rss+xml", headers={"ETag": f'"m{count}"'}
            )
        if route.startswith("/sitemap"):
            return self._sitemap(route)
        if route == "/many-feed":
            return self._send(200, many_feed(base, query), "application/rss+xml")
        if route == "/gzip-bomb":
            return self._send(200, self._bomb(), "application/rss+xml", headers={"Content-Encoding": "gzip"})
        if route == "/gzip-encoded":
            body = gzip.compress(ARTICLE.format(n="gzip").encode())
            return self._send(200, body, headers={"Content-Encoding": "gzip"})
        return self._send(404, "no such fault")

    def _sitemap(self, route: str) -> None:
        base = self.base
        today = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if route == "/sitemap-index.xml":
            children = [
                ("sitemap-news.xml", today),
                ("sitemap-old.xml", "2001-01-01"),
                ("sitemap-gz.xml.gz", today),
            ]
            body = "".join(
                f"<sitemap><loc>{base}/{loc}</loc><lastmod>{when}</lastmod></sitemap>"
                for loc, when in children
            )
            return self._send(
                200,
                '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9">{body}</sitemapindex>',
                "application/xml",
            )
        if route == "/sitemap-news.xml":
            locs = [f"{base}/article/n{i}" for i in range(3)]
            return self._send(200, urlset(locs, today, news=True), "application/xml")
        if route == "/sitemap-old.xml":
            locs = [f"{base}/article/old{i}" for i in range(3)]
            return self._send(200, urlset(locs, "2001-01-01", news=False), "application/xml")
        if route == "/sitemap-gz.xml.gz":
            locs = [f"{base}/article/gz{i}" for i in range(2)]
            body = gzip.compress(urlset(locs, today, news=False).encode())
            return self._send(200, body, "application/x-gzip")
        if route == "/sitemap-laughs.xml":
            return self._send(200, LAUGHS.format(base=base), "application/xml")
        if route == "/sitemap-bomb.xml.gz":
            return self._send(200, self._bomb(), "application/x-gzip")
        return self._send(404, "no such sitemap")

    def _bomb(self) -> bytes:
        with self.lock:
            if "bomb" not in self.cache:
                self.cache["bomb"] = gzip.compress(b"\0" * (64 * 1024 * 1024), 1)
        return self.cache["bomb"]

    def _conditional(self, body: str, etag: str, content_type: str) -> None:
        last_modified = "Mon, 23 Nov 2026 12:00:00 GMT"
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, "", headers={"ETag": etag, "Last-Modified": last_modified})
        return self._send(
            200, body, content_type, headers={"ETag": etag, "Last-Modified": last_modified}
        )

    def _send(
        self,
        code: int,
        body: str | bytes,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.send_response(code)
        if code != 304:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if code != 304:
            self.wfile.write(data)

    def _chunked(self, data: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for i in range(0, len(data), 65536):
            piece = data[i : i + 65536]
            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")

    def _drip(self) -> None:
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(1000):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.1)

    def _drip_headers(self) -> None:
        self.close_connection = True
        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        for _ in range(1000):
            self.wfile.write(b"z")
            self.wfile.flush()
            time.sleep(0.1)

    def _reset(self) -> None:
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<html>" + b"z" * 1000)
        self.wfile.flush()
        # SO_LINGER with a zero timeout turns close() into a TCP RST.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
