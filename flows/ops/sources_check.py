"""`mediamon sources check`: validate a sources file and probe each feed and sitemap once.

One GET per URL through the ingest's own fetcher, with each source's fetch settings (address
policy, robots.txt, redirects, size, deadline), so an operator sees at once which URLs answer,
with what content type, and how many entries the project's own parsers find in them. Nothing is
stored and no Prefect is involved.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from flows.config import load_sources_file
from flows.fetch.fetcher import Fetcher
from flows.run.discover import describe
from parsers.listings.feeds import parse_feed
from parsers.listings.sitemaps import parse_sitemap
from parsers.sources import Source

PARALLEL = 8


@dataclass(frozen=True, slots=True)
class Probe:
    """What one GET of a feed or sitemap URL showed."""

    source: str
    kind: str  # "feed" or "sitemap"
    url: str
    status: int | None = None
    content_type: str | None = None
    entries: int = 0  # feed entries, or sitemap URLs plus child sitemaps
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400 and self.entries > 0


def check_sources(sources_file: str) -> list[Probe]:
    """Probe every feed and sitemap of a valid sources file; raises SourcesError for a bad file."""
    config = load_sources_file(sources_file)
    targets = [(s, "feed", u) for s in config.sources for u in s.feeds]
    targets += [(s, "sitemap", u) for s in config.sources for u in s.sitemaps]
    if not targets:
        return []
    with Fetcher(config.fetch) as fetcher, ThreadPoolExecutor(min(PARALLEL, len(targets))) as pool:
        return list(pool.map(lambda t: probe(fetcher, *t), targets))


def probe(fetcher: Fetcher, source: Source, kind: str, url: str) -> Probe:
    """GET `url` once as the source's crawler would, and parse what came back."""
    result = fetcher.get(url, settings=source.fetch)
    got = Probe(source.name, kind, url, result.status, result.content_type)
    if not result.ok:
        return replace(got, problem=describe(result))
    final_url = result.final_url or url
    if kind == "feed":
        feed = parse_feed(result.body, final_url, result.content_type)
        return replace(got, entries=len(feed.entries), problem=feed.error)
    sitemap = parse_sitemap(result.body, final_url)
    return replace(got, entries=len(sitemap.urls) + len(sitemap.sitemaps), problem=sitemap.error)


def render_probes(probes: list[Probe]) -> str:
    """One line per URL: verdict, source, kind, status, content type, entries, problem."""
    lines = []
    for p in probes:
        verdict = "ok  " if p.ok else "FAIL"
        status = str(p.status) if p.status is not None else "-"
        entries = f"{p.entries} {'entries' if p.kind == 'feed' else 'urls'}"
        line = f"{verdict}  {p.source}  {p.kind}  {p.url}  {status}  {p.content_type or '-'}  {entries}"
        lines.append(line + (f"  ({p.problem})" if p.problem else ""))
    failed = sum(not p.ok for p in probes)
    lines.append(f"{len(probes)} URLs probed, {failed} failed")
    return "\n".join(lines)
