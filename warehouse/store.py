"""The `Warehouse` facade: every read and write of the flows goes through here.

The same calls work on a DuckDB file and on a DuckLake (`warehouse.db.lake`). Every write is one
function of a connection run in one transaction (`_run`), so on a lake a write whose commit loses
a conflict with another process runs again whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import TypeVar

import duckdb

from parsers.records import FeedState, LoadCounts, PageRecord, SourceBatch
from parsers.sources import Source, Watch
from warehouse import alerts, catalog, retention
from warehouse.loading import load, watch
from warehouse.queries import edits, export, reextract, revisits, search, state
from warehouse.alerts import Delivery, PendingMention
from warehouse.queries.digest import Digest, read_digest
from warehouse.loading.changes import ChangeHook
from warehouse.db.connect import DIRECT_COMMIT_BYTES, commit, open_connection
from warehouse.queries.edits import Edit
from warehouse.db.lake import claim, claim_articles, is_lake, retry_conflicts
from warehouse.db.migrate import apply_migrations, latest_version, schema_version
from warehouse.loading.raw import RawPage
from warehouse.queries.revisits import Revisit
from warehouse.queries.search import SearchHit
from warehouse.loading.stage import StagedBatch, disjoint_runs, stage_batch
from warehouse.queries.state import PageState
from warehouse.loading.watch import MentionCount


# A load's statements work on one batch (hundreds to a few thousand rows): DuckDB's worker threads
# cost more CPU coordinating them than they save, and compete with the load's compression threads
# and the ingest's extraction. Measured on the benchmark (500 articles per load, file held open,
# 2 cores): ~25 us of CPU per article less with one thread, at the same wall time.
LOAD_THREADS = 1

T = TypeVar("T")


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Warehouse:
    """The warehouse at `path`: a DuckDB file, or a DuckLake when `path` starts with `ducklake:`.
    Cheap to create; holds no connection between calls (a lake stays attached to the process).

    `write_wait` bounds how long a write waits for another process to release the file (then
    `WarehouseBusy`); `read_wait` does the same for reads. A lake is never held by anyone.
    """

    def __init__(
        self, path: str | os.PathLike, *, write_wait: float = 30.0, read_wait: float = 10.0
    ) -> None:
        self.path = os.fspath(path)
        self.is_lake = is_lake(self.path)
        self.write_wait = write_wait
        self.read_wait = read_wait
        self._migrated = False
        self._hooks: tuple[ChangeHook, ...] = (watch.match_changed,)
        if self.is_lake:
            self._hooks = (claim_articles, *self._hooks)

    def __repr__(self) -> str:
        return f"Warehouse({self.path!r})"

    # -- connections ---------------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-write connection inside one transaction: committed on exit, rolled back on error."""
        self._ensure_schema()
        with self._transaction() as con:
            yield con

    @contextmanager
    def read(self, *, sandboxed: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only connection; retries briefly while another process writes the file.

        Inside a `write()` block of this process the connection is read-write (DuckDB refuses a
        read-only one next to it): only read through it. `sandboxed`, for SQL an analyst wrote,
        also keeps it off the file system, the network and the settings (`warehouse.db.sandbox`).
        """
        with open_connection(self.path, read_only=True, wait=self.read_wait, sandboxed=sandboxed) as con:
            yield con

    @contextmanager
    def _transaction(
        self, threads: int | None = None, direct: bool = False
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction; `threads` caps DuckDB's threads for it (a database-wide setting, set
        before and restored after the transaction, under this process's lock on the file);
        `direct` commits it into the file rather than the WAL (`warehouse.db.connect.commit`)."""
        with open_connection(self.path, read_only=False, wait=self.write_wait) as con:
            previous = None
            if threads is not None and not self.is_lake:  # a lake's database is shared by threads
                previous = con.execute("SELECT current_setting('threads')").fetchone()[0]
                con.execute(f"SET threads = {int(threads)}")
            try:
                con.begin()
                try:
                    yield con
                except BaseException:
                    con.rollback()
                    raise
                commit(con, direct=direct and not self.is_lake)
            finally:
                if previous is not None:
                    con.execute(f"SET threads = {int(previous)}")

    def _run(
        self,
        work: Callable[[duckdb.DuckDBPyConnection], T],
        *,
        claims: tuple[str, ...] = (),
        threads: int | None = None,
        direct: bool = False,
        schema: bool = True,
    ) -> T:
        """`work(con)` in one transaction, after the schema is migrated (unless `schema` is False);
        `direct`: see `_transaction`.

        On a lake, the transaction first takes `claims` (`warehouse.db.lake.claim`), and runs again
        whole while its commit loses a conflict; `work` must therefore be idempotent.
        """
        if schema:
            self._ensure_schema()

        def once() -> T:
            with self._transaction(threads, direct) as con:
                if self.is_lake:
                    for name in claims:
                        claim(con, name)
                return work(con)

        if not self.is_lake:
            return once()
        label = getattr(work, "__qualname__", "a write").split(".<locals>")[0]
        return retry_conflicts(once, f"{label} on {self.path}")

    @contextmanager
    def _reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Reads of the flows: the schema is created first, so a fresh file answers 'nothing'."""
        self._ensure_schema()
        with self.read() as con:
            yield con

    def migrate(self, *, init: bool = False) -> int:
        """Apply pending migrations and recreate the views; returns the schema version.

        `init` also turns a database holding other tables into a warehouse (else NotAWarehouse).
        """
        version = self._run(lambda con: apply_migrations(con, init=init), schema=False)
        self._migrated = True
        return version

    def schema_version(self) -> int:
        if not self.is_lake and not os.path.exists(self.path):
            return 0
        with self.read() as con:
            return schema_version(con)

    def _ensure_schema(self) -> None:
        """Migrate lazily, once per instance, before the first read or write."""
        if not self._migrated:

            def migrate_if_behind(con: duckdb.DuckDBPyConnection) -> None:
                if schema_version(con) != latest_version():
                    apply_migrations(con)

            self._run(migrate_if_behind, schema=False)
            self._migrated = True

    # -- runs and configuration ----------------------------------------------------------------

    def start_run(self, flow: str, sources: Sequence[str], params: dict, owner: str | None = None) -> str:
        """Record a run as `running`; `owner` names the process that runs it (`flows.run.owner`)."""
        return self._run(lambda con: catalog.start_run(con, flow, sources, params, _now(), owner))

    def mark_crashed_runs(self, is_dead: Callable[[str | None], bool]) -> list[str]:
        """Mark `crashed` the runs still `running` whose owner `is_dead`; their ids."""
        with self._reading() as con:
            dead = [run_id for run_id, owner in catalog.running_runs(con).items() if is_dead(owner)]
        if dead:
            self._run(lambda con: catalog.mark_crashed(con, dead, _now()))
        return dead

    def finish_run(self, run_id: str, status: str, summary: dict) -> None:
        self._run(lambda con: catalog.finish_run(con, run_id, status, summary, _now()))

    def sync_sources(self, sources: Sequence[Source]) -> None:
        self._run(lambda con: catalog.sync_sources(con, sources, _now()), claims=("sources",))

    def site_chrome(self, site: str) -> frozenset[str]:
        with self._reading() as con:
            return catalog.site_chrome(con, site)

    def save_site_chrome(self, site: str, blocks: frozenset[str]) -> None:
        self._run(lambda con: catalog.save_site_chrome(con, site, blocks, _now()), claims=("site_chrome",))

    # -- state for the ingest flow -------------------------------------------------------------

    def feed_states(self, source: str) -> dict[str, FeedState]:
        return self.feed_states_of([source])[source]

    def feed_states_of(self, sources: Iterable[str]) -> dict[str, dict[str, FeedState]]:
        """The feed states of many sources in one query: per source, by feed URL."""
        with self._reading() as con:
            return state.feed_states(con, sources)

    def page_states(self, urls: Iterable[str]) -> dict[str, PageState]:
        with self._reading() as con:
            return state.page_states(con, urls)

    def feed_links(self, feed_urls: Iterable[str]) -> dict[str, set[str]]:
        """Per feed: the links it ever listed."""
        with self._reading() as con:
            return state.feed_links(con, feed_urls)

    def due_revisits(self, sources: Iterable[Source], now: datetime) -> dict[str, list[Revisit]]:
        """Per source: its stored articles due to be fetched again (`warehouse.queries.revisits`)."""
        sources = list(sources)
        schedules = {s.name: s.fetch.revisit_after for s in sources}
        with self._reading() as con:
            return revisits.due_revisits(con, schedules, {s.name: s.fetch.max_revisits for s in sources}, now)

    def raw_pages(self, site: str, limit: int) -> list[bytes]:
        with self._reading() as con:
            return reextract.raw_pages(con, site, limit)

    # -- loads ---------------------------------------------------------------------------------

    def load_batch(self, batch: SourceBatch | StagedBatch) -> LoadCounts:
        """Load one source's batch in one short transaction; idempotent.

        A batch staged beforehand (`stage_batch`, by the thread that hands it over) leaves only
        the statements to the caller's thread.
        """
        return self.load_batches([batch])[0]

    def load_batches(self, batches: Sequence[SourceBatch | StagedBatch]) -> list[LoadCounts]:
        """Load several batches in one transaction, the counts of each in order; idempotent.

        Batches that share no URL are written together, one statement per table for all of
        them: a load's scans and commit cost about the same for 2,000 articles as for 200.
        If it fails, nothing of it is written.
        """
        staged = [b if isinstance(b, StagedBatch) else stage_batch(b) for b in batches]

        def work(con: duckdb.DuckDBPyConnection) -> list[LoadCounts]:
            counts: list[LoadCounts] = []
            now = _now()
            for run in disjoint_runs(staged):
                counts += load.load_batches(con, run, now=now, hooks=self._hooks)
            return counts

        direct = sum(s.nbytes for s in staged) >= DIRECT_COMMIT_BYTES
        return self._run(work, threads=LOAD_THREADS, direct=direct)

    def iter_raw_pages(
        self, since: datetime | None = None, source: str | None = None, batch_size: int = 500
    ) -> Iterator[list[RawPage]]:
        """The latest stored body of every page, in batches, for re-extraction."""
        self._ensure_schema()
        return reextract.iter_raw_pages(self.read, since, source, batch_size)

    def load_reextracted(self, pages: Sequence[PageRecord], run_id: str | None = None) -> LoadCounts:
        """Load articles extracted again from stored pages (each Article carries its
        `extractor_version`); changed texts become new versions, the raw layer is untouched."""
        source_pages: dict[str, list[PageRecord]] = {}
        for page in pages:
            source_pages.setdefault(page.source, []).append(page)

        def load_all(con: duckdb.DuckDBPyConnection) -> LoadCounts:
            counts = LoadCounts()
            for source, group in source_pages.items():
                batch = SourceBatch(source, run_id, pages=group)
                counts += load.load_batch(con, batch, now=_now(), hooks=self._hooks, reextract=True)
            return counts

        return self._run(load_all, threads=LOAD_THREADS)

    # -- upkeep --------------------------------------------------------------------------------

    def prune_raw_pages(self, before: datetime) -> int:
        """Delete the raw pages last fetched before `before`; returns how many were deleted."""
        return self._run(lambda con: retention.prune_raw_pages(con, before))

    def compact(self) -> None:
        """Fold the WAL into the file and merge the small row groups loads leave
        (`retention.compact`); on a lake, DuckLake's maintenance (`retention.lake_maintenance`)."""
        if self.is_lake:
            self._run(retention.lake_maintenance)
            return
        self._ensure_schema()
        with open_connection(self.path, read_only=False, wait=self.write_wait) as con:
            retention.compact(con)

    # -- search --------------------------------------------------------------------------------

    def rebuild_search(self) -> int:
        """Rebuild the full-text index over all articles; returns how many were indexed."""
        if self.is_lake:
            raise search.SearchUnavailable(search.LAKE_UNSUPPORTED)
        with self.write() as con:
            return search.rebuild_search(con)

    def search(
        self,
        words: str,
        since: datetime | None = None,
        source: str | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Articles matching `words` (BM25 over title and text) as of the last rebuild_search()."""
        if self.is_lake:
            raise search.SearchUnavailable(search.LAKE_UNSUPPORTED)
        with self._reading() as con:
            return search.search(con, words, since, source, limit)

    def edits(self, since: datetime | None = None, source: str | None = None, limit: int = 50) -> list[Edit]:
        """Publishers' edits of stored articles (`article_edits`), newest first."""
        with self._reading() as con:
            return edits.recent_edits(con, since, source, limit)

    # -- snapshots -----------------------------------------------------------------------------

    def export(
        self, path: str | os.PathLike, format: str = "parquet", since: datetime | None = None
    ) -> dict[str, Path]:
        """Snapshot every analyst table into the directory `path`, one file per table; the raw
        bodies stay behind. `since` keeps the rows whose time column is at or after it."""
        with self._reading() as con:
            return export.export(con, Path(path), format, since)

    # -- watchlists ----------------------------------------------------------------------------

    def set_watches(self, watches: Sequence[Watch]) -> None:
        """Replace the stored watchlists; loads match new and changed articles against them."""
        self._run(lambda con: watch.store_watches(con, watches, _now()), claims=("watches",))

    def watch_queries(self) -> dict[str, str]:
        """The stored watch queries, by name: what `stage_batch` matches articles against."""
        with self._reading() as con:
            return watch.stored_queries(con)

    def digest(self, since: datetime, until: datetime, chart_since: datetime) -> Digest:
        """What the daily digest page shows (`warehouse.queries.digest`)."""
        with self._reading() as con:
            return read_digest(con, since, until, chart_since)

    def claim_alerts(
        self, channels: dict[str, Sequence[str]], run_id: str
    ) -> dict[str, dict[str, list[PendingMention]]]:
        """Per channel ("event", "webhook") and watch: the mentions not yet alerted there, marked
        alerted by `run_id` before anything is sent (`warehouse.alerts`)."""
        return self._run(lambda con: alerts.claim_pending(con, channels, run_id, _now()), claims=("alerted",))

    def record_alerts(self, deliveries: Sequence[Delivery], run_id: str) -> None:
        """Record each delivery in `alerts`; the mentions of a failed one are alerted again later."""
        self._run(lambda con: alerts.record_deliveries(con, deliveries, run_id, _now()), claims=("alerted",))

    def mention_counts(self, since: datetime | None = None, by: str = "day") -> list[MentionCount]:
        """Mentions per watch and day (`by="day"`) or per watch and source (`by="source"`)."""
        with self._reading() as con:
            return watch.mention_counts(con, since, by)
