"""DuckDB extensions shipped inside PyPI packages (`duckdb-extension-<name>`), installed offline.

Each package holds `extensions/v<duckdb version>/<name>.duckdb_extension`; installing from that
path needs no network, which the deployments here often do not have.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import duckdb


def extension_path(package: ModuleType, name: str) -> Path:
    """The extension file `name` inside the imported package `package`, for this DuckDB."""
    root = Path(package.__file__).resolve().parent / "extensions"
    return root / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"


def load_packaged(con: duckdb.DuckDBPyConnection, package: ModuleType, name: str) -> None:
    """Install (a copy into DuckDB's extension directory) and load the packaged extension."""
    con.install_extension(str(extension_path(package, name)))
    con.load_extension(name)
