"""The `ingest` flow: poll each source, fetch new pages, extract articles, load them.

One Prefect task per source (never per article). Inside a task the work runs in chunks, so memory
stays flat for large sources and each chunk is one short write transaction in the warehouse.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from urllib.parse import urlsplit

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE as NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.config import load_sources_file, resolve_db
from flows.discover import Candidate, discover_source
from flows.fetcher import Fetcher
from flows.progress import advance
from flows.report import RunReport, SourceReport
from flows.writer import sole_writer
from parsers.chrome import learn_site_chrome
from parsers.extract import extract_article
from parsers.records import FetchResult, PageRecord, SourceBatch
from parsers.sources import Source
from warehouse import Warehouse

CHUNK = 100  # pages fetched, extracted and loaded together
CHROME_SAMPLE = 12  # pages of one host used to learn its repeated blocks


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=8))
@sole_writer
def ingest(
    sources_file: str,
    db: str | None = None,
    sources: list[str] | None = None,
    force: bool = True,
) -> dict:
    """Ingest all (or the named) sources of `sources_file` into the warehouse at `db`.

    `force` polls every feed now; scheduled runs pass False so feeds keep their own poll times.
    Returns the run report as a dict; failures of single sources are recorded, not raised.
    """
    config = load_sources_file(sources_file)
    selected = config.select(sources)
    warehouse = Warehouse(resolve_db(db))
    warehouse.migrate()
    warehouse.sync_sources(selected)
    if config.watches:
        warehouse.set_watches(config.watches)
    run_id = warehouse.start_run("ingest", [s.name for s in selected], {"force": force})
    report = RunReport(run_id)
    with Fetcher(config.fetch) as fetcher:
        futures = [
            ingest_source.with_options(name=f"ingest-{s.name}").submit(s, warehouse, fetcher, run_id, force)
            for s in selected
        ]
        for src, future in zip(selected, futures):
            try:
                report.sources.append(future.result())
            except Exception as exc:  # a bug in one source's task must not lose the others
                report.sources.append(SourceReport(src.name, errors=[f"task failed: {exc!r}"]))
            advance()
    status = "completed" if not any(s.errors for s in report.sources) else "completed_with_errors"
    warehouse.finish_run(run_id, status, report.as_dict())
    create_markdown_artifact(key="ingest-report", markdown=report.markdown(), description="ingest run report")
    for line in report.summary_lines():
        get_run_logger().info(line)
    return report.as_dict()


@task(cache_policy=NO_CACHE)
def ingest_source(
    source: Source, warehouse: Warehouse, fetcher: Fetcher, run_id: str, force: bool
) -> SourceReport:
    """Discover, fetch, extract and load one source; errors are collected in the report."""
    log = get_run_logger()
    now = datetime.now(timezone.utc)
    report = SourceReport(source.name)
    discovery = discover_source(source, fetcher, warehouse.feed_states(source.name), now=now, force=force)
    report.feeds_polled = len(discovery.feed_states)
    report.feeds_unchanged = sum(f.outcome == "not_modified" for f in discovery.fetches)
    report.errors += discovery.errors
    report.candidates = len(discovery.candidates)
    known = warehouse.page_states([c.url for c in discovery.candidates])
    todo = [c for c in discovery.candidates if _needs_fetch(c, known.get(c.url))]
    report.unchanged += len(discovery.candidates) - len(todo)
    report.unchanged += _unchanged_feed_links(warehouse, discovery, known)
    # The discovery fetches and feed state go in with the first chunk (or alone).
    batch = SourceBatch(
        source.name,
        run_id,
        fetches=list(discovery.fetches),
        feed_entries=list(discovery.feed_entries),
        feed_states=list(discovery.feed_states),
        errors=list(discovery.errors),
    )
    for start in range(0, max(len(todo), 1), CHUNK):
        chunk = todo[start : start + CHUNK]
        results = _fetch_all(fetcher, source, chunk)
        batch.fetches += results
        pages = _extract_all(warehouse, source, chunk, results)
        batch.pages = pages
        report.fetched += sum(r.ok for r in results)
        report.failed += sum(not r.ok for r in results)
        report.errors += [f"{r.url}: {r.error or r.error_class}" for r in results if not r.ok]
        counts = warehouse.load_batch(batch)
        report.new += counts.new
        report.updated += counts.updated
        report.unchanged += counts.unchanged
        report.non_articles += counts.non_articles
        batch = SourceBatch(source.name, run_id)
    log.info(
        "%s: %d candidates, %d fetched, %d new, %d updated, %d unchanged, %d errors",
        source.name, report.candidates, report.fetched, report.new, report.updated,
        report.unchanged, len(report.errors),
    )
    return report


def _needs_fetch(candidate: Candidate, state: object | None) -> bool:
    """New URLs are fetched; known ones only when their feed says they were updated since."""
    if state is None:
        return True
    updated = candidate.entry.updated if candidate.entry else None
    if updated is None and candidate.sitemap_entry is not None:
        updated = candidate.sitemap_entry.lastmod
    fetched_at = getattr(state, "fetched_at", None)
    return bool(updated and fetched_at and updated > fetched_at)


def _unchanged_feed_links(warehouse: Warehouse, discovery, known: dict) -> int:
    """Articles behind feeds that answered 'not modified' are unchanged too; count them once."""
    quiet = [f.url for f in discovery.fetches if f.outcome == "not_modified"]
    if not quiet:
        return 0
    listed = {c.url for c in discovery.candidates}
    return len(warehouse.feed_links(quiet) - listed)


def _fetch_all(fetcher: Fetcher, source: Source, chunk: list[Candidate]) -> list[FetchResult]:
    if not chunk:
        return []
    with ThreadPoolExecutor(max_workers=min(len(chunk), source.fetch.concurrency)) as pool:
        return list(pool.map(lambda c: fetcher.get(c.url, settings=source.fetch), chunk))


def _extract_all(
    warehouse: Warehouse, source: Source, chunk: list[Candidate], results: list[FetchResult]
) -> list[PageRecord]:
    """Extract every fetched page, with the repeated blocks learned for its host."""
    fetched = [(c, r) for c, r in zip(chunk, results) if r.ok and r.body]
    chrome = _learn_chrome(warehouse, [r for _, r in fetched])
    pages = []
    for cand, res in fetched:
        host = urlsplit(res.final_url or res.url).netloc
        feed_date = None
        if cand.entry is not None:
            feed_date = cand.entry.published or cand.entry.updated
        elif cand.sitemap_entry is not None:
            feed_date = cand.sitemap_entry.news_published or cand.sitemap_entry.lastmod
        article = extract_article(
            res.body,
            res.final_url or res.url,
            content_type=res.content_type,
            site_chrome=chrome.get(host, frozenset()),
            feed_published=feed_date,
        )
        pages.append(
            PageRecord(
                source=source.name,
                url=cand.url,
                fetched_at=res.fetched_at or datetime.now(timezone.utc),
                raw=res.body,
                article=article,
                final_url=res.final_url,
                content_type=res.content_type,
                http_status=res.status,
                feed_url=cand.feed_url,
            )
        )
    return pages


def _learn_chrome(warehouse: Warehouse, results: list[FetchResult]) -> dict[str, frozenset[str]]:
    """Per host: blocks repeated across this chunk's pages and the host's stored pages.

    Learning before extraction means even the first run of a new site drops its repeated chrome.
    """
    by_host: dict[str, list[bytes]] = {}
    for res in results:
        by_host.setdefault(urlsplit(res.final_url or res.url).netloc, []).append(res.body)
    learned = {}
    for host, bodies in by_host.items():
        known = warehouse.site_chrome(host)
        sample = bodies[:CHROME_SAMPLE]
        if len(sample) < CHROME_SAMPLE:
            sample += warehouse.raw_pages(host, CHROME_SAMPLE - len(sample))
        blocks = learn_site_chrome(sample) if len(sample) >= 3 else frozenset()
        if blocks and blocks != known:
            warehouse.save_site_chrome(host, blocks)
        learned[host] = blocks or known
    return learned
