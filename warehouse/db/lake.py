"""The DuckLake backend: the warehouse's tables in a DuckLake, so several processes load it at once.

The warehouse string selects the backend: one starting with `ducklake:` (DuckDB's own spelling,
e.g. `ducklake:postgres:dbname=mediamon host=10.0.0.5 user=mediamon`) is a lake whose catalog
lives in that database; anything else is a DuckDB file. A new lake also needs a place for its
data files, `$MEDIAMON_LAKE_DATA` (a directory, or an object-store URL DuckDB can write to);
DuckLake records it in the catalog, so later attaches need not set it (if set, it must match).

Attaching costs ~0.6 s (extensions, catalog connections), so a process attaches each lake once,
read-write and read-only apart, and hands out a cursor (a connection with its own transaction)
per operation. Readers and writers of a lake never block each other.

DuckLake has no PRIMARY KEY or UNIQUE constraint and commits optimistically: two transactions
that insert into the same table both commit, while one that deletes (an UPDATE too) from a table
conflicts with any concurrent insert into it or delete from it, and its commit fails. So:

* the migrations' DDL is applied without its constraints (`lake_ddl`);
* a write whose rows must stay unique across processes first `claim`s: it updates a row of the
  lake-only table `lake_claims`, so two such writes conflict and the later one runs again and
  then sees the other's rows;
* a write that loses a conflict is run again whole (`retry_conflicts`), with jittered backoff.
"""

from __future__ import annotations

import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import duckdb
import duckdb_extension_ducklake
import duckdb_extension_postgres

from warehouse.loading.changes import Changes
from warehouse.db.extensions import load_packaged
from warehouse.db.sandbox import sandbox

LAKE_PREFIX = "ducklake:"
LAKE_DATA_ENV = "MEDIAMON_LAKE_DATA"
ALIAS = "lake"
# Writes whose keys must stay unique across processes; each has a row in `lake_claims`.
CLAIMS = ("articles", "sources", "site_chrome", "watches", "alerted")
# A write of fewer rows than this to a table is kept in the catalog ("inlined") rather than
# written as a Parquet file; CHECKPOINT (the maintenance flow) flushes it to Parquet. Measured
# (2 cores, PostgreSQL 15 catalog), 200 loads of 3 articles: limit 0 wrote 1,006 Parquet files
# (231 ms CPU per load), DuckLake's default 10 wrote 200 (210 ms: the 32 sketch rows of each
# article exceed it), 100 wrote none (182 ms). Loads of 500 articles are Parquet at 10 and 100
# alike (277-295 ms CPU per load); at 1,000 they were inlined too, at 4.2 s CPU per load.
INLINE_ROWS = 100
RETRY_ATTEMPTS = 10
RETRY_BASE_SECONDS = 0.05
RETRY_CAP_SECONDS = 2.0

log = logging.getLogger(__name__)
T = TypeVar("T")

_ROOTS: dict[tuple[str, bool | str], duckdb.DuckDBPyConnection] = {}
_ROOTS_GUARD = threading.Lock()
_PRIMARY_KEY = re.compile(r"\bPRIMARY KEY\b(?![ \t]*\()")
_UNIQUE = re.compile(r"[ \t]+UNIQUE\b(?![ \t]*\()")
_NOT_NULL_TWICE = re.compile(r"\bNOT NULL([ \t]+NOT NULL)+\b")
_TABLE_KEY = re.compile(r"\b(?:PRIMARY KEY|UNIQUE)[ \t]*\(")


def is_lake(db: str | os.PathLike) -> bool:
    """Whether the warehouse string names a DuckLake rather than a DuckDB file."""
    return os.fspath(db).startswith(LAKE_PREFIX)


def _quote(text: str) -> str:
    return text.replace("'", "''")


def _data_path() -> str | None:
    """$MEDIAMON_LAKE_DATA as DuckLake wants it: absolute, ending in a separator."""
    value = os.environ.get(LAKE_DATA_ENV)
    if not value:
        return None
    if "://" not in value:
        value = os.path.abspath(value)
    return value if value.endswith("/") else value + "/"


def _attach(db: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Attach the lake; a lake that another process is creating at this moment makes DuckLake's
    own catalog set-up fail here (its tables are being created there): attach again."""
    return _retrying(
        lambda: _attach_once(db, read_only),
        lambda exc: "Failed to initialize DuckLake" in str(exc),
        f"attaching {db} while another process creates it",
        RETRY_ATTEMPTS,
    )


def _attach_once(db: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    try:
        load_packaged(con, duckdb_extension_ducklake, "ducklake")
        load_packaged(con, duckdb_extension_postgres, "postgres")
        options = ["READ_ONLY"] if read_only else [f"DATA_INLINING_ROW_LIMIT {INLINE_ROWS}"]
        data = _data_path()
        if data and not read_only:
            options.append(f"DATA_PATH '{_quote(data)}'")
        con.execute(f"ATTACH '{_quote(db)}' AS {ALIAS}" + (f" ({', '.join(options)})" if options else ""))
    except duckdb.InvalidInputException as exc:
        con.close()
        if "data_path is not set" in str(exc):
            raise duckdb.InvalidInputException(
                f"no DuckLake in this catalog yet: to create one, set ${LAKE_DATA_ENV} to the "
                "directory (or object-store URL) for its data files"
            ) from None
        raise
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def open_lake(
    db: str, *, read_only: bool, sandboxed: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the lake `db` (attached once per process), with the lake as its default.

    A read in a process that has attached the lake read-write goes through that attachment
    rather than a second one; only a process that reads alone (`mediamon sql`) attaches read-only.
    A `sandboxed` read (analyst SQL) has an attachment of its own, locked down
    (`warehouse.db.connect.sandbox`) but for the lake's data files.
    """
    with _ROOTS_GUARD:
        if sandboxed:
            root = _ROOTS.get((db, "sandboxed"))
            if root is None:
                root = _ROOTS[(db, "sandboxed")] = _sandboxed_root(db)
        else:
            root = _ROOTS.get((db, False)) or _ROOTS.get((db, read_only))
            if root is None:
                root = _ROOTS[(db, read_only)] = _attach(db, read_only)
        con = root.cursor()
    try:
        con.execute(f"USE {ALIAS}")
        yield con
    finally:
        con.close()


def _sandboxed_root(db: str) -> duckdb.DuckDBPyConnection:
    root = _attach(db, True)
    try:
        data_path = root.execute(f"SELECT data_path FROM ducklake_settings('{ALIAS}')").fetchone()[0]
        root.execute("SET TimeZone = 'UTC'")
        sandbox(root, (data_path,))
    except BaseException:
        root.close()
        raise
    return root


def release(db: str) -> None:
    """Detach the lake `db` in this process (before its catalog is dropped, say)."""
    with _ROOTS_GUARD:
        for read_only in (False, True, "sandboxed"):
            root = _ROOTS.pop((db, read_only), None)
            if root is not None:
                root.close()


def is_lake_connection(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `con`'s default database is a DuckLake."""
    row = con.execute(
        "SELECT type FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return row is not None and row[0] == "ducklake"


def lake_ddl(sql: str) -> str:
    """The migration `sql` without its column keys, which DuckLake refuses: PRIMARY KEY becomes
    the NOT NULL it implies, UNIQUE goes.

    Keywords are matched in upper case, as the migrations spell them (so a comment saying
    "unique" stays). A table-level key has no equivalent here: it is refused, not dropped.
    """
    if _TABLE_KEY.search(sql):
        raise ValueError("a table-level PRIMARY KEY or UNIQUE cannot be applied to a DuckLake")
    return _NOT_NULL_TWICE.sub("NOT NULL", _UNIQUE.sub("", _PRIMARY_KEY.sub("NOT NULL", sql)))


def create_claims(con: duckdb.DuckDBPyConnection) -> None:
    """The `lake_claims` table with one row per claim (idempotent; run by the migrations)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS lake_claims (name VARCHAR NOT NULL, claimed_at TIMESTAMPTZ NOT NULL)"
    )
    con.execute(
        "INSERT INTO lake_claims SELECT name, now() FROM unnest(?) AS t(name) "
        "WHERE name NOT IN (SELECT name FROM lake_claims)",
        [list(CLAIMS)],
    )


def claim(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Make this transaction conflict with every other one that claims (anything) at the same time."""
    if name not in CLAIMS:
        raise ValueError(f"unknown claim {name!r}")
    con.execute("UPDATE lake_claims SET claimed_at = now() WHERE name = ?", [name])


def is_conflict(exc: BaseException) -> bool:
    """A DuckLake commit that lost to a concurrent one (the whole transaction can run again)."""
    return isinstance(exc, duckdb.Error) and "transaction conflict" in str(exc).lower()


def retry_conflicts(work: Callable[[], T], what: str, attempts: int = RETRY_ATTEMPTS) -> T:
    """`work()` (one whole transaction), run again after a commit conflict, at most `attempts`
    times in all."""
    return _retrying(work, is_conflict, f"{what} lost a DuckLake commit conflict", attempts)


def _retrying(
    work: Callable[[], T], retriable: Callable[[duckdb.Error], bool], what: str, attempts: int
) -> T:
    """`work()`, run again while it fails with a `retriable` error, at most `attempts` times in
    all, after a random wait of up to RETRY_BASE_SECONDS * 2**attempt (at most the cap)."""
    attempt = 1
    while True:
        try:
            return work()
        except duckdb.Error as exc:
            if not retriable(exc) or attempt >= attempts:
                raise
            delay = random.uniform(0, min(RETRY_CAP_SECONDS, RETRY_BASE_SECONDS * 2**attempt))
            log.warning(
                "%s (attempt %d of %d); again in %.2f s: %s",
                what, attempt, attempts, delay, str(exc).strip().splitlines()[-1][:200],
            )
            time.sleep(delay)
            attempt += 1


def claim_articles(con: duckdb.DuckDBPyConnection, changes: Changes) -> None:
    """Load hook on a lake: a load that writes new or changed articles claims `articles`, so two
    processes never both add the same URL (each would find it absent in its own snapshot)."""
    claim(con, "articles")
