"""The sources file: TOML text in, validated configuration records out.

Every error names the offending field (``source[2].feeds[0]: ...``) so an operator can fix the file
without reading code.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import urlsplit

from parsers.watch_query import QueryError, parse_query

DEFAULT_SCHEDULE = "*/15 * * * *"
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_INTERVAL_RE = re.compile(r"every\s+(\d+)\s*([smhd])")
_INTERVAL_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_INTERVAL_SECONDS = 366 * 86400
# Each field of a cron expression: (lowest, highest) value; day of week 0-7, both 0 and 7 Sunday.
_CRON_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
_CRON_ITEM_RE = re.compile(r"^(?:\*|(\d+)(?:-(\d+))?)(?:/(\d+))?$")


class SourcesError(ValueError):
    """A sources file that cannot be used; the message names the field."""


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Crawler manners; the `[fetch]` table, overridable per source with a `fetch` sub-table."""

    per_host_delay: float = 1.0  # seconds between two requests to one host
    concurrency: int = 8  # requests in flight overall
    per_host_concurrency: int = 2
    timeout: float = 10.0  # connect / read timeout, seconds
    deadline: float = 30.0  # whole request including a trickling body, seconds
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 3
    retry_after_cap: float = 60.0
    user_agent: str = "mediamon/0.1 (+https://github.com/mediamon/mediamon)"
    contact: str | None = None
    allow_private_networks: bool = False
    sitemap_window_days: float = 7.0  # only sitemap URLs modified inside this window are taken
    max_sitemap_urls: int = 5000
    max_sitemap_depth: int = 3
    max_feed_entries: int = 2000  # entries taken from one feed per poll, newest first
    # Added for fetching and polling (issue #4); all optional.
    retry_backoff: float = 0.5  # first retry wait, seconds; doubles per attempt, with jitter
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay is honoured up to this many seconds
    robots_ttl: float = 86400.0  # seconds a fetched robots.txt is trusted
    max_sitemaps: int = 50  # sitemap documents fetched per source per run (index + children)
    min_poll_interval: float = 300.0  # adaptive feed interval bounds, seconds
    max_poll_interval: float = 21600.0
    max_failure_backoff: float = 86400.0  # a failing feed is retried at least this often
    sitemaps_from_robots: bool = False  # no sitemaps listed: use robots.txt Sitemap: lines
    # Known articles are fetched again (conditionally) this long after they were first seen,
    # seconds; written as durations ("1h", "3d"), `[]` turns revisits off.
    revisit_after: tuple[float, ...] = (3600.0, 21600.0, 86400.0, 259200.0)
    max_revisits: int = 200  # revisits per source per run; the most overdue go first


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    homepage: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    schedule: str = DEFAULT_SCHEDULE
    tags: tuple[str, ...] = ()
    fetch: FetchSettings = field(default_factory=FetchSettings)


@dataclass(frozen=True, slots=True)
class Watch:
    """A named watchlist query matched against every new or changed article; its new mentions
    are POSTed to `webhook` once per run when one is given."""

    name: str
    query: str
    webhook: str | None = None


@dataclass(frozen=True, slots=True)
class SourcesConfig:
    sources: tuple[Source, ...]
    fetch: FetchSettings = field(default_factory=FetchSettings)
    watches: tuple[Watch, ...] = ()

    def select(self, names: list[str] | tuple[str, ...] | None) -> tuple[Source, ...]:
        """The named sources (all when `names` is empty); unknown names are an error."""
        if not names:
            return self.sources
        known = {s.name: s for s in self.sources}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise SourcesError(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(known)}")
        return tuple(known[n] for n in names)


def parse_sources(text: str) -> SourcesConfig:
    """Parse and validate the text of a sources file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"not valid TOML: {exc}") from None
    unknown = set(data) - {"source", "fetch", "watch"}
    if unknown:
        raise SourcesError(f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    fetch = _fetch_settings(data.get("fetch", {}), FetchSettings(), "fetch")
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise SourcesError("source: at least one [[source]] table is required")
    sources = tuple(_source(raw, fetch, f"source[{i}]") for i, raw in enumerate(raw_sources))
    seen: set[str] = set()
    for i, src in enumerate(sources):
        if src.name in seen:
            raise SourcesError(f"source[{i}].name: duplicate source name {src.name!r}")
        seen.add(src.name)
    watches = tuple(_watch(raw, f"watch[{i}]") for i, raw in enumerate(data.get("watch", [])))
    return SourcesConfig(sources=sources, fetch=fetch, watches=watches)


def _source(raw: Any, fetch: FetchSettings, where: str) -> Source:
    if not isinstance(raw, dict):
        raise SourcesError(f"{where}: must be a table")
    allowed = {"name", "homepage", "feeds", "sitemaps", "pages", "schedule", "tags", "fetch"}
    unknown = set(raw) - allowed
    if unknown:
        raise SourcesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    name = _required_str(raw, "name", where)
    if not _NAME_RE.match(name):
        raise SourcesError(
            f"{where}.name: {name!r} must be lower-case letters, digits, '-', '_' or '.'"
        )
    homepage = _url(_required_str(raw, "homepage", where), f"{where}.homepage")
    feeds = _url_list(raw, "feeds", where)
    sitemaps = _url_list(raw, "sitemaps", where)
    pages = _url_list(raw, "pages", where)
    schedule = raw.get("schedule", DEFAULT_SCHEDULE)
    if not isinstance(schedule, str) or not _valid_schedule(schedule):
        raise SourcesError(
            f"{where}.schedule: {schedule!r} is neither a 5-field cron expression nor an interval "
            "like 'every 10m'"
        )
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise SourcesError(f"{where}.tags: must be a list of strings")
    return Source(
        name=name,
        homepage=homepage,
        feeds=feeds,
        sitemaps=sitemaps,
        pages=pages,
        schedule=schedule.strip(),
        tags=tuple(tags),
        fetch=_fetch_settings(raw.get("fetch", {}), fetch, f"{where}.fetch"),
    )


def _watch(raw: Any, where: str) -> Watch:
    if not isinstance(raw, dict):
        raise SourcesError(f"{where}: must be a table")
    webhook = raw.get("webhook")
    if webhook is not None:
        if not isinstance(webhook, str):
            raise SourcesError(f"{where}.webhook: must be a string URL")
        webhook = _url(webhook.strip(), f"{where}.webhook")
    query = _required_str(raw, "query", where)
    try:
        parse_query(query)
    except QueryError as exc:
        raise SourcesError(f"{where}.query: {exc}") from None
    return Watch(name=_required_str(raw, "name", where), query=query, webhook=webhook)


def _fetch_settings(raw: Any, base: FetchSettings, where: str) -> FetchSettings:
    if not isinstance(raw, dict):
        raise SourcesError(f"{where}: must be a table")
    types = {f.name: f.type for f in fields(FetchSettings)}
    changes: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in types:
            raise SourcesError(f"{where}.{key}: unknown fetch setting")
        expected = types[key]
        if key == "revisit_after":
            changes[key] = _durations(value, f"{where}.{key}")
            continue
        if "bool" in expected:
            ok = isinstance(value, bool)
        elif "str" in expected:
            ok = isinstance(value, str)
        elif "float" in expected:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0
        else:
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
        if not ok:
            raise SourcesError(f"{where}.{key}: {value!r} is not a valid {expected}")
        changes[key] = float(value) if "float" in expected else value
    return replace(base, **changes)


def _durations(value: Any, where: str) -> tuple[float, ...]:
    """A list of durations like "90s", "15m", "1h", "3d" as seconds, in ascending order."""
    if not isinstance(value, list):
        raise SourcesError(f"{where}: must be a list of durations like [\"1h\", \"1d\"]")
    seconds = []
    for i, item in enumerate(value):
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd])\s*", item) if isinstance(item, str) else None
        if m is None or float(m.group(1)) <= 0:
            raise SourcesError(f"{where}[{i}]: {item!r} is not a duration like \"30m\", \"1h\" or \"3d\"")
        seconds.append(float(m.group(1)) * _INTERVAL_UNITS[m.group(2)])
    return tuple(sorted(seconds))


def _required_str(raw: dict, key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SourcesError(f"{where}.{key}: required, must be a non-empty string")
    return value.strip()


def _url(value: str, where: str) -> str:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises for a port that is not a number from 0 to 65535
        host = parts.hostname
    except ValueError as exc:
        raise SourcesError(f"{where}: {value!r} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https") or not host:
        raise SourcesError(f"{where}: {value!r} is not an http(s) URL")
    if any(c.isspace() for c in value) or (":" in host and not _is_ip_literal(host)):
        raise SourcesError(f"{where}: {value!r} is not a valid URL")
    return value


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def _url_list(raw: dict, key: str, where: str) -> tuple[str, ...]:
    values = raw.get(key, [])
    if not isinstance(values, list):
        raise SourcesError(f"{where}.{key}: must be a list of URLs")
    out = []
    for i, value in enumerate(values):
        if not isinstance(value, str):
            raise SourcesError(f"{where}.{key}[{i}]: must be a string URL")
        out.append(_url(value.strip(), f"{where}.{key}[{i}]"))
    return tuple(out)


def _valid_schedule(value: str) -> bool:
    """An interval from one second to MAX_INTERVAL_SECONDS, or a 5-field cron expression whose
    every value lies in its field's range (steps of at least 1, ranges low to high)."""
    value = value.strip()
    seconds = schedule_interval_seconds(value)
    if seconds is not None:
        return 1 <= seconds <= MAX_INTERVAL_SECONDS
    cron_fields = value.split()
    return len(cron_fields) == 5 and all(
        _valid_cron_field(f, low, high) for f, (low, high) in zip(cron_fields, _CRON_RANGES)
    )


def _valid_cron_field(text: str, low: int, high: int) -> bool:
    for item in text.split(","):
        m = _CRON_ITEM_RE.match(item)
        if m is None:
            return False
        start, end, step = (int(g) if g is not None else None for g in m.groups())
        if step is not None and step < 1:
            return False
        if start is not None and not low <= start <= (end if end is not None else start) <= high:
            return False
    return True


def schedule_interval_seconds(schedule: str) -> float | None:
    """Seconds of an 'every N<unit>' schedule, or None for a cron expression."""
    m = _INTERVAL_RE.fullmatch(schedule.strip())
    if not m:
        return None
    return int(m.group(1)) * _INTERVAL_UNITS[m.group(2)]
