"""Watchlists: stored queries matched against every new or changed article."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import duckdb

from parsers.sources import Watch


def store_watches(con: duckdb.DuckDBPyConnection, watches: Sequence[Watch], now: datetime) -> None:
    con.execute("DELETE FROM watches")
    for w in watches:
        con.execute("INSERT INTO watches VALUES (?, ?, ?)", [w.name, w.query, now])
