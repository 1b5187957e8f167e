"""Throw-away PostgreSQL databases to hold DuckLake catalogs (for the lake tests and benchmark).

The names carry the `ducklake_` prefix, so they never collide with other databases on the server.
"""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

PG_HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
PREFIX = "ducklake_"


async def _admin(statement: str) -> None:
    con = await asyncpg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, database="postgres", timeout=5)
    try:
        await con.execute(statement)
    finally:
        await con.close()


def postgres_answers() -> bool:
    """Whether the PostgreSQL server accepts a connection (trust auth) within a few seconds."""
    try:
        asyncio.run(_admin("SELECT 1"))
    except (OSError, asyncio.TimeoutError, asyncpg.PostgresError):
        return False
    return True


def create_database(label: str = "test") -> str:
    """A new empty database named `ducklake_<label>_<random>`; returns its name."""
    name = f"{PREFIX}{label}_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    return name


def drop_database(name: str) -> None:
    if not name.startswith(PREFIX):
        raise ValueError(f"{name}: only {PREFIX}* databases are dropped here")
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def lake_string(name: str) -> str:
    """The warehouse string of a DuckLake whose catalog is the database `name`."""
    return f"ducklake:postgres:dbname={name} host={PG_HOST} port={PG_PORT} user={PG_USER}"
