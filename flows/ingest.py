"""The `ingest` flow: poll each source, fetch new pages, extract articles, load them.

Sources run as Prefect tasks (never one per article): one task per source while there are few,
one per group of neighbouring sources when there are many, since each task costs ~8 ms of
orchestration. Inside a task the pages are fetched and extracted in chunks, so memory stays flat
for large sources. Extraction runs in worker processes (`flows.run.extraction_pool`) and every write
goes through the run's single writer thread (`flows.run.loader`), which batches the tasks' writes
into short bursts. Warehouse reads are few and set-wise (the feed states of every source in one
query at the start, the page states and feed links of a task's sources in one query each), since
every read waits for the writer's burst in progress. Known articles due for a revisit
(`warehouse.queries.revisits`) are fetched with the new pages, as conditional GETs.

A source's feed and sitemap states are written after all its pages, and only once they are all
loaded: a run that dies half-way through a source leaves the states as they were, so the next
run lists the same entries again and fetches those not stored. On SIGTERM or SIGINT
(`flows.run.shutdown`) the tasks stop at their next page, queued loads are dropped, and the run
is marked `interrupted`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timezone
from urllib.parse import urlsplit

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NONE as NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows.config import load_sources_file, resolve_db
from flows.run.alerts import alert_mentions
from flows.run.discover import Candidate, Discovery, discover_source
from flows.run.extraction_pool import ExtractionPool, Page
from flows.fetch.fetcher import Fetcher
from flows.run.loader import Interrupted, Loader
from flows.run.progress import advance
from flows.run.report import RunReport, SourceReport
from flows.run.warehouse_bursts import reading
from flows.run.shutdown import Shutdown, stoppable_run
from flows.run.writer import sole_writer
from parsers.article.text.chrome import learn_site_chrome
from parsers.records import FeedState, FetchResult, LoadCounts, PageRecord, SourceBatch
from parsers.sources import FetchSettings, Source, SourcesConfig, Watch
from parsers.urls import normalize_url, strip_userinfo
from warehouse import PageState, Warehouse, stage_batch
from warehouse.loading.load import GONE_STATUSES
from warehouse.queries.revisits import Revisit
from warehouse.loading.stage import article_url, content_hash, is_article

WORKERS = 8  # source tasks in flight
TASKS_PER_WORKER = 2  # with many sources, so that groups of uneven size still balance
CHUNK = 100  # pages fetched and extracted together
BATCH_PAGES = 500  # a source's pages handed to the writer together, as one load
CHROME_SAMPLE = 12  # pages of one host used to learn its repeated blocks
COUNTS_ARTIFACT = "ingest-counts"  # the run's per-source counts as a table, read by `ingest-sharded`


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=WORKERS))
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
    with stoppable_run(warehouse, "ingest", [s.name for s in selected], {"force": force}) as (run_id, shutdown):
        report = _ingest_all(warehouse, config.fetch, selected, run_id, force, shutdown)
        return _finish(warehouse, report, shutdown, config)


def _ingest_all(
    warehouse: Warehouse, fetch: FetchSettings, selected: tuple[Source, ...], run_id: str, force: bool,
    shutdown: Shutdown,
) -> RunReport:
    """Every selected source, in tasks; what the writer loaded added to each source's report."""
    report = RunReport(run_id)
    tally = _Tally()
    states = warehouse.feed_states_of(s.name for s in selected)
    watches = warehouse.watch_queries()
    with (
        Fetcher(fetch) as fetcher,
        ExtractionPool() as extractor,
        Loader(warehouse) as loader,
    ):
        shutdown.on_stop(loader.abandon)
        work = _Work(warehouse, fetcher, extractor, loader, tally, run_id, force, states, watches, shutdown.requested)
        groups = source_groups(selected, WORKERS * TASKS_PER_WORKER)
        futures = [ingest_sources.with_options(name=_task_name(g)).submit(g, work) for g in groups]
        for group, future in zip(groups, futures):
            try:
                report.sources += future.result()
            except Exception as exc:  # a bug in one task must not lose the others
                report.sources += [SourceReport(s.name, errors=[f"task failed: {exc!r}"]) for s in group]
            advance(len(group))
    for source in report.sources:  # the writer has finished: add what it loaded
        tally.add_to(source)
    return report


def _finish(warehouse: Warehouse, report: RunReport, shutdown: Shutdown, config: SourcesConfig) -> dict:
    """Mark the run (interrupted, completed, or completed with errors), publish and log its report."""
    log = get_run_logger()
    for source in report.sources:
        log.info(
            "%s: %d candidates, %d fetched, %d new, %d updated, %d unchanged, %d errors",
            source.source, source.candidates, source.fetched, source.new, source.updated,
            source.unchanged, len(source.errors),
        )
    report.interrupted = shutdown.signal_name
    if report.interrupted:
        status = "interrupted"
    else:  # alerts wait for a run that ends: an interrupted run's mentions go with the next one
        _alert(warehouse, config.watches, report.run_id, config.fetch)
        status = "completed" if not any(s.errors for s in report.sources) else "completed_with_errors"
    warehouse.finish_run(report.run_id, status, report.as_dict())
    shutdown.settled()
    for line in report.summary_lines():
        log.info(line)
    if report.interrupted:  # Prefect's server may have died with the signal: publish nothing more
        return report.as_dict()
    create_markdown_artifact(key="ingest-report", markdown=report.markdown(), description="ingest run report")
    create_table_artifact(key=COUNTS_ARTIFACT, table=report.table(), description="per-source counts of this run")
    return report.as_dict()


def _alert(warehouse: Warehouse, watches: tuple[Watch, ...], run_id: str, settings: FetchSettings) -> None:
    """Alert the new mentions once everything is loaded; a failure is logged, the run goes on."""
    log = get_run_logger()
    try:
        deliveries = alert_mentions(warehouse, watches, run_id, settings)
    except Exception as exc:
        log.warning("alerts failed, the mentions are alerted by a later run: %r", exc)
        return
    for d in deliveries:
        if d.status != "sent":
            log.warning("alert %s for watch %s: %s (%s)", d.target, d.watch, d.status, d.error)
    if deliveries:
        log.info("alerts: %d sent of %d", sum(d.delivered for d in deliveries), len(deliveries))


def source_groups(sources: tuple[Source, ...], most: int) -> list[tuple[Source, ...]]:
    """At most `most` runs of neighbouring sources, as even as possible; one source each if few."""
    count = min(len(sources), max(1, most))
    size, extra = divmod(len(sources), max(1, count))
    groups, start = [], 0
    for i in range(count):
        end = start + size + (i < extra)
        groups.append(sources[start:end])
        start = end
    return groups


def _task_name(group: tuple[Source, ...]) -> str:
    if len(group) == 1:
        return f"ingest-{group[0].name}"
    return f"ingest-{group[0].name}..{group[-1].name}"


class _Tally:
    """What the writer did for each source, gathered as its writes complete.

    Tasks hand their pages over and go on; the flow adds these counts and errors to the sources'
    reports once the writer has drained.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, LoadCounts] = {}
        self._errors: dict[str, list[str]] = {}

    def track(self, source: str, write: Future) -> None:
        write.add_done_callback(lambda done: self._record(source, done))

    def add_to(self, report: SourceReport) -> None:
        with self._lock:
            counts = self._counts.get(report.source, LoadCounts())
            report.errors += self._errors.get(report.source, [])
        report.new += counts.new
        report.updated += counts.updated
        report.unchanged += counts.unchanged
        report.non_articles += counts.non_articles

    def _record(self, source: str, done: Future) -> None:
        with self._lock:
            if isinstance(done.exception(), Interrupted):  # the run is marked interrupted instead
                return
            if done.exception() is not None:
                self._errors.setdefault(source, []).append(f"load failed: {done.exception()!r}")
            elif isinstance(done.result(), LoadCounts):
                self._counts[source] = self._counts.get(source, LoadCounts()) + done.result()


class _Work:
    """What every source task of a run shares: the warehouse, the HTTP client, the extraction
    workers, the writer and its tally, the feed states and watch queries read at the start of the
    run, and the event that says the run is stopping."""

    def __init__(
        self, warehouse: Warehouse, fetcher: Fetcher, extractor: ExtractionPool, loader: Loader,
        tally: _Tally, run_id: str, force: bool, states: dict[str, dict[str, FeedState]],
        watches: dict[str, str], stop: threading.Event,
    ) -> None:
        self.warehouse, self.fetcher, self.extractor, self.loader = warehouse, fetcher, extractor, loader
        self.tally, self.run_id, self.force, self.states = tally, run_id, force, states
        self.watches, self.stop = watches, stop


@task(cache_policy=NO_CACHE)
def ingest_sources(sources: tuple[Source, ...], work: _Work) -> list[SourceReport]:
    """Discover, fetch, extract and load a group of sources; errors are collected per source."""
    now = datetime.now(timezone.utc)
    reports = [SourceReport(s.name) for s in sources]
    discoveries = []
    for source, report in zip(sources, reports):
        discovery = Discovery()
        if work.stop.is_set():
            discoveries.append(discovery)
            continue
        with _recorded(report):
            states = work.states.get(source.name, {})
            discovery = discover_source(source, work.fetcher, states, now=now, force=work.force)
        discoveries.append(discovery)
    with reading(work.warehouse):
        known = work.warehouse.page_states([c.url for d in discoveries for c in d.candidates])
        links = work.warehouse.feed_links([url for d in discoveries for url in d.unchanged])
        due = work.warehouse.due_revisits(sources, now)
    quiet_links = [_unchanged_feed_links(d, links) for d in discoveries]
    group = _Group(work)
    for source, discovery, report, quiet in zip(sources, discoveries, reports, quiet_links):
        todo, revisits = _plan(report, discovery, known, quiet, due.get(source.name, []))
        group.ingest(source, report, todo, discovery, revisits)
    return reports


@contextmanager
def _recorded(report: SourceReport) -> Iterator[None]:
    """A bug in one source's work is that source's error; the task goes on with the others."""
    try:
        yield
    except Exception as exc:
        report.errors.append(f"task failed: {exc!r}")


def _plan(
    report: SourceReport,
    discovery: Discovery,
    known: dict[str, PageState],
    quiet_links: set[str],
    due: list[Revisit],
) -> tuple[list[Candidate], dict[str, Revisit]]:
    """Record the discovery in `report`; the candidates that need fetching, and which of them are
    revisits (by URL) of the articles `due` that discovery does not fetch anyway."""
    report.feeds_polled = len(discovery.feed_states)
    report.feeds_unchanged = len(discovery.unchanged)
    report.errors += discovery.errors
    report.candidates = len(discovery.candidates)
    todo = [c for c in discovery.candidates if _needs_fetch(c, known.get(c.url))]
    fetched = {normalize_url(c.url) for c in todo}
    revisits = {r.url: r for r in due if r.url not in fetched}
    # Listed but not fetched is unchanged, unless the revisit fetches it (and its load counts it).
    planned = {id(c) for c in todo}
    skipped = [c.url for c in discovery.candidates if id(c) not in planned] + list(quiet_links)
    report.unchanged += sum(normalize_url(url) not in revisits for url in skipped)
    report.revisits = len(revisits)
    return todo + [Candidate(url=url) for url in revisits], revisits


def _needs_fetch(candidate: Candidate, state: PageState | None) -> bool:
    """New URLs are fetched; known ones only when their feed says they were updated since."""
    if state is None:
        return True
    updated = candidate.entry.updated if candidate.entry else None
    if updated is None and candidate.sitemap_entry is not None:
        updated = candidate.sitemap_entry.lastmod
    return bool(updated and state.fetched_at and updated > state.fetched_at)


def _unchanged_feed_links(discovery: Discovery, links: dict[str, set[str]]) -> set[str]:
    """Links of feeds that were not modified (304 or the same body) and are not listed again."""
    if not discovery.unchanged:
        return set()
    listed = {c.url for c in discovery.candidates}
    return set().union(*(links.get(url, set()) for url in discovery.unchanged)) - listed


class _Group:
    """Fetching, extracting and handing over the pages of one task's sources."""

    def __init__(self, work: _Work) -> None:
        self.work = work
        self.chrome: dict[str, frozenset[str]] = {}  # per host: its blocks, as learned or stored

    def ingest(
        self,
        source: Source,
        report: SourceReport,
        todo: list[Candidate],
        discovery: Discovery,
        revisits: dict[str, Revisit],
    ) -> None:
        """Fetch, extract and hand over `todo`, then the feed states, unless the run stops first.

        The discovery fetches and entries go in with the first pages (or alone). A source cut
        short by a stop hands nothing more over: the next run fetches what it did not store.
        """
        batch = SourceBatch(
            source.name,
            self.work.run_id,
            # robots.txt requests are made by the shared fetcher; they join whichever batch is next
            fetches=list(discovery.fetches) + self.work.fetcher.robots_fetches(),
            feed_entries=list(discovery.feed_entries),
            errors=list(discovery.errors),
        )
        loads: list[Future] = []
        listed_all = False
        with _recorded(report):
            for start in range(0, len(todo), CHUNK):
                chunk = todo[start : start + CHUNK]
                results = _fetch_all(self.work.fetcher, source, chunk, revisits, self.work.stop)
                if self.work.stop.is_set():
                    return
                batch.fetches += results
                pages = self._extract_all(source, report, chunk, results)
                batch.pages += pages
                _count_fetches(report, results, revisits)
                _count_revisits(report, pages, revisits)
                if len(batch.pages) >= BATCH_PAGES:
                    loads.append(self._hand_over(report, batch))
                    batch = SourceBatch(source.name, self.work.run_id)
            listed_all = True
        if self.work.stop.is_set():
            return
        loads.append(self._hand_over(report, batch))
        if listed_all:
            self._save_states(report, discovery.feed_states, loads)

    def _save_states(self, report: SourceReport, states: list[FeedState], loads: list[Future]) -> None:
        """Queue the source's feed and sitemap states behind its loads.

        A state that answered says its document's entries are stored, so it is saved only if
        every load of the source succeeded (the writer makes writes in order: by then they are
        done); a failed poll listed nothing and is saved in any case.
        """
        source, run_id = report.source, self.work.run_id

        def save(warehouse: Warehouse) -> LoadCounts:
            loaded = all(load.exception() is None for load in loads)
            kept = states if loaded else [s for s in states if s.consecutive_failures]
            return warehouse.load_batch(SourceBatch(source, run_id, feed_states=kept)) if kept else LoadCounts()

        if states:
            self.work.tally.track(source, self.work.loader.write(save))

    def _hand_over(self, report: SourceReport, batch: SourceBatch) -> Future:
        try:
            # Here, in the task's thread (watch matching included): the writer only runs statements.
            staged = stage_batch(batch, watches=self.work.watches)
        except Exception as exc:  # a batch that cannot be shaped fails like a load would
            load: Future = Future()
            load.set_exception(exc)
        else:
            load = self.work.loader.load(staged)
        self.work.tally.track(report.source, load)
        return load

    def _extract_all(
        self, source: Source, report: SourceReport, chunk: list[Candidate], results: list[FetchResult]
    ) -> list[PageRecord]:
        """Extract every fetched page, with the repeated blocks learned for its host."""
        fetched = [(c, r) for c, r in zip(chunk, results) if r.ok and r.body]
        self._learn_chrome(report, [r for _, r in fetched])
        articles = self.work.extractor.extract([self._page(cand, res) for cand, res in fetched])
        return [
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
            for (cand, res), article in zip(fetched, articles)
        ]

    def _page(self, cand: Candidate, res: FetchResult) -> Page:
        """The extraction job of one fetched page: its host's chrome, and the feed's date for it."""
        feed_date = None
        if cand.entry is not None:
            feed_date = cand.entry.published or cand.entry.updated
        elif cand.sitemap_entry is not None:
            feed_date = cand.sitemap_entry.news_published or cand.sitemap_entry.lastmod
        url = res.final_url or res.url
        return Page(res.body, url, res.content_type, self.chrome.get(urlsplit(url).netloc, frozenset()), feed_date)

    def _learn_chrome(self, report: SourceReport, results: list[FetchResult]) -> None:
        """Per host: blocks repeated across this chunk's pages and the host's stored pages.

        Learning before extraction means even the first run of a new site drops its repeated chrome.
        """
        by_host: dict[str, list[bytes]] = {}
        for res in results:
            by_host.setdefault(urlsplit(res.final_url or res.url).netloc, []).append(res.body)
        samples = {host: bodies[:CHROME_SAMPLE] for host, bodies in by_host.items()}
        unknown = [host for host in by_host if host not in self.chrome]
        short = {host: CHROME_SAMPLE - len(s) for host, s in samples.items() if len(s) < CHROME_SAMPLE}
        if unknown or short:
            warehouse = self.work.warehouse
            with reading(warehouse):
                self.chrome.update({host: warehouse.site_chrome(host) for host in unknown})
                for host, missing in short.items():
                    samples[host] = samples[host] + warehouse.raw_pages(host, missing)
        for host, sample in samples.items():
            blocks = learn_site_chrome(sample) if len(sample) >= 3 else frozenset()
            if blocks and blocks != self.chrome[host]:
                self.chrome[host] = blocks
                save = self.work.loader.write(lambda w, host=host, blocks=blocks: w.save_site_chrome(host, blocks))
                self.work.tally.track(report.source, save)


def _fetch_all(
    fetcher: Fetcher,
    source: Source,
    chunk: list[Candidate],
    revisits: dict[str, Revisit],
    stop: threading.Event,
) -> list[FetchResult]:
    """Fetch the chunk's pages; a revisit is a conditional GET with its last fetch's validators.
    Once `stop` is set no more requests start (the results are then incomplete, and the caller
    drops them)."""
    if not chunk:
        return []

    def get(candidate: Candidate) -> FetchResult | None:
        if stop.is_set():
            return None
        again = revisits.get(candidate.url)
        if again is None:
            return fetcher.get(candidate.url, settings=source.fetch)
        return fetcher.get(candidate.url, settings=source.fetch, etag=again.etag, last_modified=again.last_modified)

    with ThreadPoolExecutor(max_workers=min(len(chunk), source.fetch.concurrency)) as pool:
        return [result for result in pool.map(get, chunk) if result is not None]


def _count_fetches(report: SourceReport, results: list[FetchResult], revisits: dict[str, Revisit]) -> None:
    """Fetched and failed pages; for a revisit, a 304 is unchanged and a 404/410 a deletion."""
    for result in results:
        if result.ok:
            report.fetched += 1
        elif result.url in revisits and result.outcome == "not_modified":
            report.unchanged += 1
        elif result.url in revisits and result.status in GONE_STATUSES:
            report.deleted += 1
        else:
            report.failed += 1
            report.errors.append(f"{strip_userinfo(result.url)}: {result.error or result.error_class}")


def _count_revisits(report: SourceReport, pages: list[PageRecord], revisits: dict[str, Revisit]) -> None:
    """Revisited articles whose text changed (edits) or that are now another URL's page (moved)."""
    for page in pages:
        again = revisits.get(page.url)
        if again is None or not is_article(page):
            continue
        if article_url(page) != again.url:
            report.moved += 1
        elif content_hash(page.article.title, page.article.text) != again.content_hash:
            report.edits += 1
