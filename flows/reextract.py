"""The `reextract` flow: re-derive articles from the stored raw pages with the current parsers.

Nothing is fetched and the raw layer is left as it is. Use it after an extractor change: the
warehouse compares each new article with the stored one and records a new version only where the
title or text changed. SIGTERM or SIGINT stops it after the batch in progress, with the run marked
`interrupted` and its counts so far; running it again redoes the rest (what was done counts as
unchanged).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from threading import Event
from urllib.parse import urlsplit

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from flows.config import resolve_db
from flows.run.progress import advance
from flows.run.report import RunReport, SourceReport
from flows.run.shutdown import stoppable_run
from flows.run.writer import sole_writer
from parsers.article.extract import extract_article
from parsers.records import LoadCounts, PageRecord
from warehouse import RawPage, Warehouse

BATCH = 200  # raw pages read, extracted and loaded together


@flow(name="reextract")
@sole_writer
def reextract(
    db: str | None = None,
    since: datetime | None = None,
    sources: list[str] | None = None,
    batch_size: int = BATCH,
) -> dict:
    """Re-extract raw pages fetched at or after `since` (all when None) of the named sources (all)."""
    log = get_run_logger()
    warehouse = Warehouse(resolve_db(db))
    warehouse.migrate()
    params = {"since": since.isoformat() if since else None}
    with stoppable_run(warehouse, "reextract", list(sources or []), params) as (run_id, shutdown):
        counts = _reextract_batches(warehouse, since, sources, batch_size, run_id, shutdown.requested)
        report = RunReport(
            run_id,
            [
                SourceReport(s, new=c.new, updated=c.updated, unchanged=c.unchanged, non_articles=c.non_articles)
                for s, c in sorted(counts.items())
            ],
            interrupted=shutdown.signal_name,
        )
        warehouse.finish_run(run_id, "interrupted" if report.interrupted else "completed", report.as_dict())
        shutdown.settled()
    if report.interrupted:  # Prefect's server may have died with the signal: publish nothing more
        log.warning("reextract interrupted by %s after %d pages", report.interrupted, _pages(counts))
        return report.as_dict()
    create_markdown_artifact(key="reextract-report", markdown=report.markdown(), description="reextract run report")
    for line in report.summary_lines():
        log.info(line)
    return report.as_dict()


def _reextract_batches(
    warehouse: Warehouse, since: datetime | None, sources: list[str] | None, batch_size: int, run_id: str,
    stop: Event,
) -> dict[str, LoadCounts]:
    """Extract and load the raw pages batch by batch until done or `stop` is set; counts per source."""
    counts: dict[str, LoadCounts] = defaultdict(LoadCounts)
    chrome: dict[str, frozenset[str]] = {}
    for name in sources or [None]:
        for raw_pages in warehouse.iter_raw_pages(since, name, batch_size):
            if stop.is_set():
                return counts
            pages = [_reextracted(warehouse, raw, chrome) for raw in raw_pages]
            for source in {p.source for p in pages}:
                counts[source] += warehouse.load_reextracted([p for p in pages if p.source == source], run_id)
            advance(len(raw_pages))
            get_run_logger().info("re-extracted %d pages so far", _pages(counts))
    return counts


def _pages(counts: dict[str, LoadCounts]) -> int:
    return sum(c.new + c.updated + c.unchanged + c.non_articles for c in counts.values())


def _reextracted(warehouse: Warehouse, raw: RawPage, chrome: dict[str, frozenset[str]]) -> PageRecord:
    """The stored page with its article extracted again, with its host's learned repeated blocks."""
    url = raw.final_url or raw.requested_url
    host = urlsplit(url).netloc
    if host not in chrome:
        chrome[host] = warehouse.site_chrome(host)
    article = extract_article(raw.body, url, content_type=raw.content_type, site_chrome=chrome[host])
    return PageRecord(
        source=raw.source,
        url=raw.requested_url,
        fetched_at=raw.fetched_at,
        raw=raw.body,
        article=article,
        final_url=raw.final_url,
        content_type=raw.content_type,
        http_status=raw.http_status,
        feed_url=raw.feed_url,
    )
