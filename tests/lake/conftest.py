"""A fresh DuckLake per test: a new PostgreSQL database (`ducklake_*`) for the catalog and a
temporary data directory. Without a PostgreSQL at 127.0.0.1:5432 the lake tests are skipped,
unless $CI is set: there the server is part of the machine, and its absence is a failure."""

from __future__ import annotations

import os

import pytest

from tests.lake.pgdb import PG_HOST, PG_PORT, create_database, drop_database, lake_string, postgres_answers
from warehouse import Warehouse
from warehouse.db import lake

_answers: bool | None = None


@pytest.fixture
def lake_db(tmp_path, monkeypatch) -> str:
    """The warehouse string of a new, empty lake; $MEDIAMON_LAKE_DATA points at its data dir."""
    global _answers
    if _answers is None:
        _answers = postgres_answers()
    if not _answers:
        where = f"no PostgreSQL answers at {PG_HOST}:{PG_PORT} (user postgres, trust auth)"
        if os.environ.get("CI"):
            pytest.fail(f"{where}, and CI is set: the DuckLake tests need it")
        pytest.skip(f"{where}: DuckLake tests skipped (with CI set they fail instead)")
    name = create_database("test")
    db = lake_string(name)
    monkeypatch.setenv(lake.LAKE_DATA_ENV, str(tmp_path / "lake-data"))
    try:
        yield db
    finally:
        lake.release(db)
        drop_database(name)


@pytest.fixture
def wh(lake_db) -> Warehouse:
    """The lake as a Warehouse: the warehouse tests imported here run against it."""
    return Warehouse(lake_db)
