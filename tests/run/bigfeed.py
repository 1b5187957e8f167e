"""A loopback site with one large feed and one large sitemap, paced, counting the pages it serves.

    site = start_big_site(entries=1500, page_delay=0.004)
    site.base_url        # "http://127.0.0.1:PORT"
    site.pages_served    # article pages answered so far
    site.sources_toml("feed")   # a source polling /feed.xml ("sitemap": /sitemap.xml)
    site.stop()

/feed.xml lists /a/0 .. /a/N-1 (RSS 2.0), /sitemap.xml lists /s/0 .. /s/N-1; both bodies never
change, so a feed whose state was saved is "unchanged" on the next poll. Each article page is
answered after `page_delay` seconds, so a run takes long enough to be killed half-way.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = (
    "river council budget school harbour election bridge festival railway museum hospital market "
    "weather library stadium farmers court ministry airport village"
).split()
FETCH = {"allow_private_networks": True, "per_host_delay": 0.0, "sitemap_window_days": 36500.0}


def article_html(n: int) -> str:
    """A page the extractor takes as an article; every one has its own words."""
    words = [WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(60)]
    paragraphs = "".join(
        f"<p>Report {n}, part {k}: the {' '.join(words[k * 15 : k * 15 + 15])} story continues "
        f"with details that residents of district {n % 97} discussed at length this week.</p>"
        for k in range(4)
    )
    return (
        f"<!doctype html><html><head><title>Local report number {n}</title>"
        f'<meta property="og:type" content="article"></head><body><article>'
        f"<h1>Local report number {n}</h1><time datetime=\"2026-11-{1 + n % 28:02d}T08:00:00Z\"></time>"
        f"{paragraphs}</article></body></html>"
    )


@dataclass
class BigSite:
    server: ThreadingHTTPServer
    entries: int
    pages_served: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def sources_toml(self, kind: str, name: str = "big") -> str:
        lines = ["[fetch]", *(f"{k} = {json.dumps(v)}" for k, v in FETCH.items()), ""]
        doc = "feeds" if kind == "feed" else "sitemaps"
        path = "/feed.xml" if kind == "feed" else "/sitemap.xml"
        lines += ["[[source]]", f'name = "{name}"', f'homepage = "{self.base_url}/"', f'{doc} = ["{self.base_url}{path}"]']
        return "\n".join(lines) + "\n"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_big_site(entries: int, page_delay: float = 0.0) -> BigSite:
    site: BigSite

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self.path == "/feed.xml":
                return self._send(_feed(site.base_url, entries), "application/rss+xml")
            if self.path == "/sitemap.xml":
                return self._send(_sitemap(site.base_url, entries), "application/xml")
            prefix, _, number = self.path.rpartition("/")
            if prefix in ("/a", "/s") and number.isdigit() and int(number) < entries:
                time.sleep(page_delay)
                with site.lock:
                    site.pages_served += 1
                return self._send(article_html(int(number)), "text/html; charset=utf-8")
            self._send("not found", "text/plain", 404)

        def _send(self, body: str, content_type: str, status: int = 200) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site = BigSite(server, entries)
    threading.Thread(target=server.serve_forever, name="big-site", daemon=True).start()
    return site


def _feed(base: str, entries: int) -> str:
    items = "".join(
        f"<item><title>Local report number {n}</title><link>{base}/a/{n}</link>"
        f"<guid>{base}/a/{n}</guid><pubDate>Sun, {1 + n % 28:02d} Nov 2026 08:00:00 +0000</pubDate></item>"
        for n in range(entries)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big feed</title>'
        f"<link>{base}/</link><description>many entries</description>{items}</channel></rss>"
    )


def _sitemap(base: str, entries: int) -> str:
    urls = "".join(f"<url><loc>{base}/s/{n}</loc><lastmod>2026-11-20</lastmod></url>" for n in range(entries))
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
