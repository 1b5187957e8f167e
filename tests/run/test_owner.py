"""Run rows name their process; rows of dead processes are marked crashed by the next run."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

from flows.run.owner import current_owner, owner_is_dead, start_owned_run
from warehouse import Warehouse


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_this_process_is_alive_and_a_finished_one_is_dead():
    assert not owner_is_dead(current_owner())
    host = socket.gethostname()
    assert owner_is_dead(f"{host}:{_dead_pid()}:123")


def test_a_reused_pid_is_not_the_owner():
    host, pid, start = current_owner().split(":")
    assert start, "this platform records process start times"
    assert owner_is_dead(f"{host}:{pid}:{int(start) + 1}")


def test_rows_without_owner_are_dead_and_other_hosts_are_left_alone():
    assert owner_is_dead(None) and owner_is_dead("")
    assert not owner_is_dead(f"not-{socket.gethostname()}:{_dead_pid()}:1")


def test_a_new_run_marks_runs_of_dead_processes_crashed(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    host = socket.gethostname()
    dead = wh.start_run("ingest", ["a"], {}, owner=f"{host}:{_dead_pid()}:1")
    elsewhere = wh.start_run("ingest", ["a"], {}, owner=f"not-{host}:1:1")
    finished = wh.start_run("ingest", ["a"], {}, owner=f"{host}:{_dead_pid()}:1")
    wh.finish_run(finished, "completed", {"run_id": finished})
    alive = wh.start_run("ingest", ["a"], {}, owner=current_owner())

    new = start_owned_run(wh, "ingest", ["a"], {"force": True})
    with wh.read() as con:
        rows = dict(con.execute("SELECT run_id, status FROM runs").fetchall())
        summary = con.execute("SELECT summary FROM runs WHERE run_id = ?", [new]).fetchone()[0]
    assert rows == {dead: "crashed", elsewhere: "running", finished: "completed", alive: "running", new: "running"}
    assert json.loads(summary) == {"owner": current_owner()}
    assert current_owner().split(":")[1] == str(os.getpid())
