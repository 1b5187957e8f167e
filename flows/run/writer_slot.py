"""The writer slot of one DuckDB warehouse file: an OS lock on a file beside it.

The slot is `flock` on `<warehouse>.writer`, so it is keyed by the warehouse (two files never wait
for each other) and held by the process itself: the kernel releases it when the holder exits in
any way (SIGKILL, an OOM kill, a container stop), so a dead run never strands the next one. The
lock file also says who holds the slot (flow, pid, host, since when), for the waiter's log line.
The lock file is never removed: removing it while another process waits on it would let two
processes hold "the" lock on two different files.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

POLL_SECONDS = 0.5  # how often a waiting run tries the slot again
REPORT_EVERY_SECONDS = 60.0  # a waiting run says so when it starts waiting, then this often


class SlotTimeout(TimeoutError):
    """The slot stayed taken for longer than the run was willing to wait."""


def slot_path(db: str) -> Path:
    """The lock file of the warehouse file `db` (resolved, so every spelling of it agrees)."""
    return Path(os.path.realpath(db) + ".writer")


def holder(db: str) -> str:
    """Who holds (or last held) the slot of `db`, as a short phrase; "unknown" if never taken."""
    try:
        info = json.loads(slot_path(db).read_text(encoding="utf-8"))
        return f"{info['flow']} (pid {info['pid']} on {info['host']}, since {info['since']})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another run"


@contextmanager
def writer_slot(
    db: str, flow: str, wait: float, report: Callable[[str], None] = print
) -> Iterator[None]:
    """Hold the writer slot of the warehouse file `db` for the block.

    While another process holds it, `report` gets one line saying what this run waits for and
    since when, then one a minute; after `wait` seconds `SlotTimeout` is raised.
    """
    path = slot_path(db)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, db, wait, report)
        _describe_holder(fd, flow)
        yield
    finally:
        os.close(fd)  # releases the lock


def _acquire(fd: int, db: str, wait: float, report: Callable[[str], None]) -> None:
    start = time.monotonic()
    since = _utc_now()
    next_report = start
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        now = time.monotonic()
        if now - start >= wait:
            raise SlotTimeout(f"{holder(db)} held the writer slot of {db} for all of {wait:.0f} s")
        if now >= next_report:
            report(f"waiting since {since} for the writer slot of {db}, held by {holder(db)}")
            next_report = now + REPORT_EVERY_SECONDS
        time.sleep(min(POLL_SECONDS, max(0.0, start + wait - now)))


def _describe_holder(fd: int, flow: str) -> None:
    info = {"flow": flow, "pid": os.getpid(), "host": socket.gethostname(), "since": _utc_now()}
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(info).encode(), 0)


def _utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
