"""Starting Prefect's temporary server for the flow runs of one process (`mediamon run` and co.).

Without PREFECT_API_URL, Prefect starts a server in a subprocess on the first API call and gives
it 20 s to answer: too little for a busy 2-core machine where several runs start at once, and
several servers creating a fresh Prefect home's SQLite schema at the same moment race. Here the
server is started up front, one process at a time per Prefect home (an OS lock in the home, held
until the server answers), with a longer timeout; the flow then uses this server. A server that
does not start is one line of error.
"""

from __future__ import annotations

import fcntl
from pathlib import Path

STARTUP_TIMEOUT_SECONDS = 180
LOCK_NAME = "mediamon-server-start.lock"


class PrefectUnavailable(RuntimeError):
    """Prefect's temporary server could not be started; the message is one line."""


def start_prefect(timeout: int = STARTUP_TIMEOUT_SECONDS) -> None:
    """Make sure the flows of this process have a Prefect API (nothing to do with PREFECT_API_URL)."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME, get_current_settings

    if PREFECT_API_URL.value() or not get_current_settings().server.ephemeral.enabled:
        return
    home = Path(PREFECT_HOME.value())
    try:
        home.mkdir(parents=True, exist_ok=True)
        with open(home / LOCK_NAME, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the process dies
            SubprocessASGIServer().start(timeout=timeout)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise PrefectUnavailable(
            f"cannot start Prefect's temporary server (home {home}) within {timeout} s: {first[:300]}; "
            "set PREFECT_API_URL to use a running Prefect server"
        ) from None
