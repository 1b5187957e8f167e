"""Where the CLI and flows find their inputs: the sources file and the warehouse path."""

from __future__ import annotations

import os
from pathlib import Path

from parsers.sources import SourcesConfig, SourcesError, parse_sources

DEFAULT_DB = "mediamon.duckdb"
DEFAULT_SOURCES = "sources.toml"


def resolve_db(db: str | os.PathLike | None = None) -> str:
    """`--db`, else $MEDIAMON_DB, else ./mediamon.duckdb."""
    return str(db or os.environ.get("MEDIAMON_DB") or DEFAULT_DB)


def absolute_db(db: str | os.PathLike | None = None) -> str:
    """The resolved warehouse as other processes must see it: a file path made absolute.

    Runs may start in another directory or on another machine; a DuckLake location is kept as is.
    """
    from warehouse.db.lake import is_lake  # here: `mediamon extract` reads sources files without DuckDB

    resolved = resolve_db(db)
    return resolved if is_lake(resolved) else str(Path(resolved).resolve())


def resolve_sources(path: str | os.PathLike | None = None) -> str:
    """`--sources`, else $MEDIAMON_SOURCES, else ./sources.toml."""
    return str(path or os.environ.get("MEDIAMON_SOURCES") or DEFAULT_SOURCES)


def load_sources_file(path: str | os.PathLike) -> SourcesConfig:
    """Read and validate a sources file; errors name the file and the field."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(f"{file}: no such sources file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{file}: cannot read: {exc}") from None
    try:
        return parse_sources(text)
    except SourcesError as exc:
        raise SourcesError(f"{file}: {exc}") from None
