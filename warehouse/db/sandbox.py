"""The lock-down of a connection that runs SQL written by someone else (`mediamon sql`)."""

from __future__ import annotations

import duckdb


def sandbox(con: duckdb.DuckDBPyConnection, allowed_directories: tuple[str, ...] = ()) -> None:
    """Keep the SQL run on `con` inside its database: no files (COPY, read_*, ATTACH), no network,
    no extensions to install or load, and no setting may change again, this one included.

    The settings belong to the database instance: every connection to it is sandboxed until the
    last one closes. `allowed_directories` stay readable (a lake's data files).
    """
    if allowed_directories:
        con.execute("SET allowed_directories = ?", [list(allowed_directories)])
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
