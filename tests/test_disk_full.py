"""A disk that fills up during a run: one line of error, and the warehouse still opens."""

from __future__ import annotations

import subprocess

import pytest

from flows.cli import main
from warehouse import Warehouse


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1.5 MB tmpfs: room for an empty warehouse, not for a run's pages (needs root)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1500k", "tmpfs", str(mount)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_during_a_run_is_one_line(capsys, prefect_harness, newsroom_sources, tiny_disk):
    db = tiny_disk / "wh.duckdb"
    Warehouse(db).migrate()
    assert main(["run", "--sources", str(newsroom_sources), "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("mediamon: error:") and "No space left" in err[-1], err[-1]
    assert not any(line.startswith("Traceback") for line in err[-3:])
    assert Warehouse(db).schema_version() >= 1  # what was committed before is intact
