"""Which process a run row belongs to, and whether that process still lives.

A run row records its owner as `host:pid:start`, where `start` is the process's start time in
clock ticks since boot (`/proc/<pid>/stat`), so a pid reused by another process is not taken
for the run's. A new run marks the rows left `running` by dead owners of this host `crashed`;
rows of other hosts are left to a run on their own host.
"""

from __future__ import annotations

import os
import socket

from warehouse import Warehouse


def current_owner() -> str:
    """This process, as a run row's owner."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid) or ''}"


def owner_is_dead(owner: str | None) -> bool:
    """Whether the process that owns a run row is known to be gone.

    A row without an owner was written before owners were recorded: no run of this version
    is behind it. A row of another host cannot be checked from here, so it counts as alive.
    """
    if not owner:
        return True
    host, _, rest = owner.partition(":")
    pid_text, _, start = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        pass
    return bool(start) and _start_ticks(pid) != start


def start_owned_run(warehouse: Warehouse, flow: str, sources: list[str], params: dict) -> str:
    """Mark the runs of dead processes `crashed`, then record this run as this process's."""
    warehouse.mark_crashed_runs(owner_is_dead)
    return warehouse.start_run(flow, sources, params, owner=current_owner())


def _start_ticks(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            stat = f.read()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count fields after its end.
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None
