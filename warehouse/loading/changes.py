"""The contract between a load and its hooks (watch matching, near-duplicate clustering)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa


@dataclass(frozen=True, slots=True)
class Changes:
    """What a load hook is told about the batch's new and updated articles.

    `changed` lists them oldest first as (url, "new" | "updated"); in SQL the staged rows of the
    batch are `stage_articles`.
    """

    now: datetime
    changed: list[tuple[str, str]]
    # The staged articles as Arrow (`stage_articles`, unchanged articles included, with their
    # dedup `sketch`): hooks look at texts without reading them back from DuckDB.
    staged: pa.Table
    versions: dict[str, int]  # the new version of each changed article, by url
    # Watch matches made while staging (`warehouse.loading.watch.match_staged`): (url, watch) of every
    # staged article, and the watch queries they were made with; None when not staged with them.
    matches: pa.Table | None = None
    match_queries: dict[str, str] | None = None

    @property
    def updated(self) -> list[str]:
        return [url for url, change in self.changed if change == "updated"]


def forget_updated(con: duckdb.DuckDBPyConnection, changes: Changes, table: str) -> None:
    """Delete the rows of `table` (keyed by `url`) that describe the old version of an article
    the batch updated."""
    if changes.updated:
        con.execute(f"DELETE FROM {table} WHERE url IN (SELECT unnest(?::VARCHAR[]))", [changes.updated])


# Called inside the load transaction, after the articles are written, when a batch has new or
# updated articles: watch matching hooks in here.
ChangeHook = Callable[[duckdb.DuckDBPyConnection, Changes], None]
