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

    In SQL they are the temp view `changed_articles` (the staged columns plus `change` and the new
    `version`); `changed` lists them oldest first as (url, "new" | "updated").
    """

    now: datetime
    changed: list[tuple[str, str]]
    sketches: dict[str, list[int]]  # dedup sketch of every staged article, by url
    # The staged articles as Arrow (the columns of `changed_articles` but `change` and `version`,
    # unchanged articles included): hooks look at texts without reading them back from DuckDB.
    staged: pa.Table
    versions: dict[str, int]  # the new version of each changed article, by url

    @property
    def any_updated(self) -> bool:
        return any(change == "updated" for _, change in self.changed)


# Called inside the load transaction when a batch has new or updated articles: watch matching and
# near-duplicate clustering hook in here.
ChangeHook = Callable[[duckdb.DuckDBPyConnection, Changes], None]
