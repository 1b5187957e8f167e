"""`mediamon sources check`: validate a sources file and probe each feed and sitemap once.

One plain GET per URL with a short timeout, so an operator sees at once which URLs answer, with
what content type, and how many entries the project's own parsers find in them. Nothing is
stored and no Prefect is involved.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import httpx

from flows.config import load_sources_file
from parsers.feeds import parse_feed
from parsers.sitemaps import parse_sitemap
from parsers.sources import Source

TIMEOUT = 10.0
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


def check_sources(sources_file: str, timeout: float = TIMEOUT) -> list[Probe]:
    """Probe every feed and sitemap of a valid sources file; raises SourcesError for a bad file."""
    config = load_sources_file(sources_file)
    targets = [(s, "feed", u) for s in config.sources for u in s.feeds]
    targets += [(s, "sitemap", u) for s in config.sources for u in s.sitemaps]
    if not targets:
        return []
    with ThreadPoolExecutor(max_workers=min(PARALLEL, len(targets))) as pool:
        return list(pool.map(lambda t: probe(*t, timeout=timeout), targets))


def probe(source: Source, kind: str, url: str, *, timeout: float = TIMEOUT) -> Probe:
    """GET `url` once as the source's crawler would announce itself, and parse what came back."""
    headers = {"User-Agent": source.fetch.user_agent}
    try:
        resp = httpx.get(url, headers=headers, timeout=timeout, follow_redirects=True)
    except httpx.HTTPError as exc:
        return Probe(source.name, kind, url, problem=f"{type(exc).__name__}: {exc}")
    content_type = resp.headers.get("content-type")
    got = Probe(source.name, kind, url, resp.status_code, content_type)
    if resp.status_code >= 400:
        return replace(got, problem=f"HTTP {resp.status_code}")
    if kind == "feed":
        feed = parse_feed(resp.content, str(resp.url), content_type)
        return replace(got, entries=len(feed.entries), problem=feed.error)
    sitemap = parse_sitemap(resp.content, str(resp.url))
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
