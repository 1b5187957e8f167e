"""The `reextract` flow: re-derive articles from the stored raw pages with the current parsers.

Nothing is fetched and the raw layer is left as it is. Use it after an extractor change: the
warehouse compares each new article with the stored one and records a new version only where the
title or text changed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from urllib.parse import urlsplit

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from flows.config import resolve_db
from flows.run.progress import advance
from flows.run.report import RunReport, SourceReport
from flows.run.owner import start_owned_run
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
    run_id = start_owned_run(
        warehouse, "reextract", list(sources or []), {"since": since.isoformat() if since else None}
    )
    counts: dict[str, LoadCounts] = defaultdict(LoadCounts)
    chrome: dict[str, frozenset[str]] = {}
    for name in sources or [None]:
        for raw_pages in warehouse.iter_raw_pages(since, name, batch_size):
            pages = [_reextracted(warehouse, raw, chrome) for raw in raw_pages]
            for source in {p.source for p in pages}:
                counts[source] += warehouse.load_reextracted([p for p in pages if p.source == source], run_id)
            advance(len(raw_pages))
    report = RunReport(
        run_id,
        [
            SourceReport(s, new=c.new, updated=c.updated, unchanged=c.unchanged, non_articles=c.non_articles)
            for s, c in sorted(counts.items())
        ],
    )
    warehouse.finish_run(run_id, "completed", report.as_dict())
    create_markdown_artifact(key="reextract-report", markdown=report.markdown(), description="reextract run report")
    for line in report.summary_lines():
        log.info(line)
    return report.as_dict()


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
