"""Forward-only schema migrations: `migrations/NNN_name.sql`, applied in order, recorded in
`schema_version`; a migration that needs Python after its SQL (`_FOLLOW_UPS`) runs it in the same
transaction. The views (`views.sql`) are recreated after every migration run, since they hold
no data. A DuckLake gets the same files without their keys (`warehouse.db.lake.lake_ddl`) and its
`lake_claims` table; two processes migrating a lake at once conflict on the DDL, and the later
one, run again, finds the work done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.loading.dedup import backfill_sketches
from warehouse.db.lake import create_claims, is_lake_connection, lake_ddl

# What a migration needs done in Python after its SQL, in the same transaction.
_FOLLOW_UPS: dict[int, Callable[[duckdb.DuckDBPyConnection], object]] = {6: backfill_sketches}

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VIEWS_FILE = Path(__file__).resolve().parent / "views.sql"
_NAME_RE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer mediamon than this one."""


class NotAWarehouse(RuntimeError):
    """A database that holds tables of its own and none of mediamon's: not migrated unasked."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """All migrations shipped with this code, in version order (1, 2, ... without gaps)."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        m = _NAME_RE.match(path.name)
        if not m:
            raise ValueError(f"{path.name}: migration files are named NNN_name.sql")
        found.append(Migration(int(m.group(1)), m.group(2), path.read_text(encoding="utf-8")))
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise ValueError("migration versions must run 1, 2, 3, ... without gaps")
    return found


def latest_version() -> int:
    return len(migrations())


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The version the database is at; 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' "
        "AND database_name = current_database()"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def _has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute(
        "SELECT count(*) > 0 FROM duckdb_tables() WHERE database_name = current_database()"
    ).fetchone()[0]


def apply_migrations(
    con: duckdb.DuckDBPyConnection, target: int | None = None, *, init: bool = False
) -> int:
    """Apply the pending migrations up to `target` (default: all) inside the caller's transaction.

    A database with tables but no `schema_version` is someone else's: refused (NotAWarehouse)
    unless `init` says to add the warehouse's tables to it.
    """
    all_migrations = migrations()
    target = len(all_migrations) if target is None else target
    current = schema_version(con)
    if current == 0 and not init and _has_tables(con):
        raise NotAWarehouse(
            "not a mediamon warehouse: the database holds other tables and no schema_version "
            "(pass --init to add the mediamon tables to it)"
        )
    if current > len(all_migrations):
        raise SchemaTooNew(
            f"the warehouse is at schema version {current}, this code knows up to "
            f"{len(all_migrations)}: upgrade mediamon"
        )
    lake = is_lake_connection(con)
    dialect = lake_ddl if lake else str
    con.execute(
        dialect(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            "name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
    )
    if lake:
        create_claims(con)
    for migration in all_migrations[current:target]:
        con.execute(dialect(migration.sql))
        if migration.version in _FOLLOW_UPS:
            _FOLLOW_UPS[migration.version](con)
        con.execute(
            "INSERT INTO schema_version (version, name) VALUES (?, ?)", [migration.version, migration.name]
        )
    if target == len(all_migrations) and VIEWS_FILE.exists():
        con.execute(VIEWS_FILE.read_text(encoding="utf-8"))
    return max(current, target)
