"""The synthetic newsroom's layout: which outlet serves which articles, feeds and sitemaps.

`Layout(seed, articles, outlets)` spreads the articles evenly over the outlets. Outlet kinds
rotate (WordPress, newspaper, blog). An outlet's articles fall in chunks of FEED_SIZE, one
section per chunk:

* WordPress: one RSS 2.0 feed per category (chunk);
* newspaper: Atom feeds for the even chunks only, and a news sitemap index over all articles
  (children of SITEMAP_SIZE URLs), so half its articles are found through sitemaps alone;
* blog: one RSS 1.0 feed per page of FEED_SIZE posts.

`resolve` maps a request path to a `Resource` whose ETag is known without rendering the body,
so a conditional request costs no page generation.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.synthetic import feeds as feeds
from benchmarks.synthetic import pages as pages
from benchmarks.synthetic.text import SECTIONS, Story, outlet_motto, outlet_name, paragraphs, story

FEED_SIZE = 50
SITEMAP_SIZE = 500
KINDS = ("wordpress", "newspaper", "blog")
_ARTICLE_INDEX = re.compile(r"-(\d+)(?:/|\.html)$")


@dataclass(frozen=True, slots=True)
class Resource:
    etag: str
    content_type: str
    render: Callable[[], str]


@dataclass(frozen=True, slots=True)
class Layout:
    seed: int
    articles: int
    outlets: int

    def kind(self, outlet: int) -> str:
        return KINDS[outlet % len(KINDS)]

    def count(self, outlet: int) -> int:
        return self.articles // self.outlets + (outlet < self.articles % self.outlets)

    def chunks(self, outlet: int) -> int:
        return math.ceil(self.count(outlet) / FEED_SIZE)

    def story(self, outlet: int, index: int) -> Story:
        return story(self.seed, self.outlets, outlet, index, section_name(index // FEED_SIZE))

    def article_path(self, s: Story) -> str:
        kind = self.kind(s.outlet)
        if kind == "wordpress":
            return f"/{s.published:%Y/%m/%d}/{s.slug}/"
        if kind == "newspaper":
            return f"/{s.section}/{s.published:%Y/%m/%d}/{s.slug}.html"
        return f"/posts/{s.slug}.html"

    def feed_paths(self, outlet: int) -> list[str]:
        kind, chunks = self.kind(outlet), range(self.chunks(outlet))
        if kind == "wordpress":
            return [f"/category/{section_name(c)}/feed/" for c in chunks]
        if kind == "newspaper":
            return [f"/feeds/{section_name(c)}.atom" for c in chunks if c % 2 == 0]
        return [f"/feeds/page-{c + 1}.rdf" for c in chunks]

    def sitemap_paths(self, outlet: int) -> list[str]:
        return ["/sitemap-index.xml"] if self.kind(outlet) == "newspaper" else []

    def feed_count(self) -> int:
        """Feeds and sitemap documents polled by one run over the whole newsroom."""
        return sum(
            len(self.feed_paths(o)) + (1 + math.ceil(self.count(o) / SITEMAP_SIZE) if self.sitemap_paths(o) else 0)
            for o in range(self.outlets)
        )


def section_name(chunk: int) -> str:
    name = SECTIONS[chunk % len(SECTIONS)]
    return name if chunk < len(SECTIONS) else f"{name}-{chunk // len(SECTIONS) + 1}"


def _chunk_of(section: str) -> int | None:
    name, _, round_ = section.partition("-")
    if name not in SECTIONS or (round_ and not round_.isdigit()):
        return None
    return SECTIONS.index(name) + (int(round_) - 1 if round_ else 0) * len(SECTIONS)


def resolve(layout: Layout, outlet: int, base: str, path: str) -> Resource | None:
    """What `path` of `outlet` (served at `base`) is, or None for a 404."""
    site = _Site(layout, outlet, base)
    etag = '"' + hashlib.blake2b(f"{layout}|{outlet}|{path}".encode(), digest_size=8).hexdigest() + '"'
    if path == "/":
        return Resource(etag, "text/html; charset=utf-8", site.homepage)
    if path == "/robots.txt":
        return Resource(etag, "text/plain; charset=utf-8", site.robots)
    kind = layout.kind(outlet)
    feed = _feed_chunk(kind, path)
    if feed is not None and feed < layout.chunks(outlet) and path in layout.feed_paths(outlet):
        return Resource(etag, _FEED_TYPES[kind], lambda: site.feed(path, feed))
    if kind == "newspaper" and path in layout.sitemap_paths(outlet):
        return Resource(etag, "application/xml", site.sitemap_index)
    child = re.fullmatch(r"/news-sitemap-(\d+)\.xml", path)
    if kind == "newspaper" and child and int(child[1]) < math.ceil(layout.count(outlet) / SITEMAP_SIZE):
        return Resource(etag, "application/xml", lambda: site.news_sitemap(int(child[1])))
    found = _ARTICLE_INDEX.search(path)
    if found and int(found[1]) < layout.count(outlet):
        s = layout.story(outlet, int(found[1]))
        if layout.article_path(s) == path:
            return Resource(etag, "text/html; charset=utf-8", lambda: site.article(s))
    return None


_FEED_TYPES = {
    "wordpress": "application/rss+xml; charset=UTF-8",
    "newspaper": "application/atom+xml",
    "blog": "application/rdf+xml",
}


def _feed_chunk(kind: str, path: str) -> int | None:
    if kind == "wordpress" and (m := re.fullmatch(r"/category/([a-z0-9-]+)/feed/", path)):
        return _chunk_of(m[1])
    if kind == "newspaper" and (m := re.fullmatch(r"/feeds/([a-z0-9-]+)\.atom", path)):
        return _chunk_of(m[1])
    if kind == "blog" and (m := re.fullmatch(r"/feeds/page-(\d+)\.rdf", path)):
        return int(m[1]) - 1
    return None


class _Site:
    """Renders the documents of one outlet."""

    def __init__(self, layout: Layout, outlet: int, base: str) -> None:
        self.layout, self.outlet, self.base = layout, outlet, base
        self.name = outlet_name(layout.seed, outlet)

    def _items(self, indices: range) -> list[tuple[str, Story]]:
        """(URL, story) pairs, newest first."""
        stories = [self.layout.story(self.outlet, i) for i in reversed(indices)]
        return [(self.base + self.layout.article_path(s), s) for s in stories]

    def _chunk(self, chunk: int, size: int) -> range:
        return range(chunk * size, min((chunk + 1) * size, self.layout.count(self.outlet)))

    def homepage(self) -> str:
        count = self.layout.count(self.outlet)
        latest = self._items(range(max(0, count - 20), count))
        return pages.homepage(self.base, self.name, outlet_motto(self.layout.seed, self.outlet), latest)

    def robots(self) -> str:
        lines = ["User-agent: *", "Disallow: /wp-admin/", "Allow: /"]
        lines += [f"Sitemap: {self.base}{p}" for p in self.layout.sitemap_paths(self.outlet)]
        return "\n".join(lines) + "\n"

    def feed(self, path: str, chunk: int) -> str:
        render = {"wordpress": feeds.rss20, "newspaper": feeds.atom, "blog": feeds.rss10}
        items = self._items(self._chunk(chunk, FEED_SIZE))
        return render[self.layout.kind(self.outlet)](self.base + path, self.base, self.name, items)

    def sitemap_index(self) -> str:
        children = math.ceil(self.layout.count(self.outlet) / SITEMAP_SIZE)
        newest = [self._chunk(c, SITEMAP_SIZE)[-1] for c in range(children)]
        return feeds.sitemap_index(
            [(f"{self.base}/news-sitemap-{c}.xml", self.layout.story(self.outlet, i)) for c, i in enumerate(newest)]
        )

    def news_sitemap(self, child: int) -> str:
        return feeds.news_sitemap(self.name, self._items(self._chunk(child, SITEMAP_SIZE)))

    def article(self, s: Story) -> str:
        count = self.layout.count(self.outlet)
        related = self._items(range(max(0, s.index - 5), s.index)) or self._items(range(s.index + 1, min(count, s.index + 3)))
        template = pages.TEMPLATES[self.layout.kind(self.outlet)]
        body = paragraphs(self.layout.seed, self.outlet, s.index)
        url = self.base + self.layout.article_path(s)
        return template(url, self.base, self.name, outlet_motto(self.layout.seed, self.outlet), s, body, related)
