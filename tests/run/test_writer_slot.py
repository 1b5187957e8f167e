"""The writer slot of a warehouse file: per file, reported while waited for, freed by a dead holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.run import writer_slot
from flows.run.writer_slot import SlotTimeout, holder, writer_slot as slot

ROOT = Path(__file__).resolve().parents[2]


def test_slots_of_two_files_are_independent(tmp_path):
    with slot(str(tmp_path / "a.duckdb"), "ingest", wait=0):
        with slot(str(tmp_path / "b.duckdb"), "ingest", wait=0):
            pass


def test_every_spelling_of_a_file_is_one_slot(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "sub")
    monkeypatch.chdir(tmp_path)
    with slot("sub/w.duckdb", "ingest", wait=0):
        for other in (str(tmp_path / "sub" / "w.duckdb"), "link/w.duckdb", "./sub/../sub/w.duckdb"):
            with pytest.raises(SlotTimeout):
                with slot(other, "ingest", wait=0):
                    pass


def test_a_waiting_run_says_what_it_waits_for_then_every_interval(tmp_path, monkeypatch):
    monkeypatch.setattr(writer_slot, "REPORT_EVERY_SECONDS", 0.4)
    monkeypatch.setattr(writer_slot, "POLL_SECONDS", 0.05)
    db = str(tmp_path / "w.duckdb")
    lines: list[str] = []
    with slot(db, "maintenance", wait=0):
        started = time.monotonic()
        with pytest.raises(SlotTimeout, match=r"maintenance \(pid \d+ on .*\) held the writer slot"):
            with slot(db, "ingest", wait=1.0, report=lines.append):
                pass
        assert time.monotonic() - started >= 1.0
    assert 2 <= len(lines) <= 4, lines
    assert all(line.startswith("waiting since ") and f"writer slot of {db}" in line for line in lines)
    assert f"held by maintenance (pid {os.getpid()}" in lines[0]
    assert len({line for line in lines}) == 1, "the line repeats the same start time and holder"


def test_a_killed_holder_frees_the_slot(tmp_path):
    db = str(tmp_path / "w.duckdb")
    code = (
        "import sys, time; from flows.run.writer_slot import writer_slot\n"
        "with writer_slot(sys.argv[1], 'ingest', wait=0):\n"
        "    print('held', flush=True); time.sleep(600)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, db], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        with pytest.raises(SlotTimeout):
            with slot(db, "ingest", wait=0.2):
                pass
        assert f"pid {proc.pid}" in holder(db)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with slot(db, "ingest", wait=1.0):  # at once: the kernel released the dead holder's lock
        assert f"pid {os.getpid()}" in holder(db)
