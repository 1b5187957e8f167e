"""Which mentions still have to be alerted, and what each delivery did.

A run claims the pending mentions of a channel ("event" or "webhook") in one transaction: they
are written to `alerted` before anything is sent, so two runs never alert the same mention, and
neither does a rerun or a re-extraction (which rewrites `mentions` rows but not `alerted`). A
delivery that fails gives its claim back (`record_deliveries`), so the next run sends those
mentions again with its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pyarrow as pa

CHANNELS = ("event", "webhook")


@dataclass(frozen=True, slots=True)
class PendingMention:
    watch: str
    url: str
    title: str | None
    source: str
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One alert sent (or not) for a watch on a channel; `target` says where, for the record."""

    watch: str
    channel: str
    target: str
    status: str  # "sent", "failed", "refused" or "skipped"
    mentions: int
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return self.status == "sent"


def claim_pending(
    con: duckdb.DuckDBPyConnection, channels: Mapping[str, Sequence[str]], run_id: str, now: datetime
) -> dict[str, dict[str, list[PendingMention]]]:
    """Per channel, per watch: the mentions of the channel's watches not yet alerted on it, newest
    first, now marked alerted by `run_id`."""
    claimed: dict[str, dict[str, list[PendingMention]]] = {}
    for channel, watches in channels.items():
        if channel not in CHANNELS:
            raise ValueError(f"unknown alert channel {channel!r}")
        rows = con.execute(
            # The pending mentions first, then their titles: a join of every mention with
            # `articles` would scan all of both.
            """
            WITH pending AS (
                SELECT watch, url, any_value(source) AS source, any_value(published_at) AS published_at,
                       max(coalesce(published_at, matched_at)) AS at
                FROM mentions m
                WHERE list_contains($watches, watch)
                  AND NOT EXISTS (SELECT 1 FROM alerted d
                                  WHERE d.watch = m.watch AND d.url = m.url AND d.channel = $channel)
                GROUP BY watch, url)
            SELECT p.watch, p.url, a.title, p.source, p.published_at
            FROM pending p
            LEFT JOIN (SELECT url, title FROM articles WHERE url IN (SELECT url FROM pending)) a USING (url)
            ORDER BY p.watch, p.at DESC, p.url
            """,
            {"watches": list(watches), "channel": channel},
        ).fetchall()
        found: dict[str, list[PendingMention]] = {}
        for row in rows:
            found.setdefault(row[0], []).append(PendingMention(*row))
        if rows:
            con.register(
                "claimed_mentions",
                pa.table({"watch": [r[0] for r in rows], "url": [r[1] for r in rows]}),
            )
            con.execute(
                "INSERT INTO alerted SELECT watch, url, ?, ?, ? FROM claimed_mentions",
                [channel, run_id, now],
            )
            con.unregister("claimed_mentions")
        claimed[channel] = found
    return claimed


def record_deliveries(
    con: duckdb.DuckDBPyConnection, deliveries: Sequence[Delivery], run_id: str, now: datetime
) -> None:
    """One `alerts` row per delivery; the claims of the undelivered ones are given back."""
    for d in deliveries:
        con.execute(
            "INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?)",
            [d.watch, run_id, d.target, d.status, d.mentions, now, d.error],
        )
        if not d.delivered:
            con.execute(
                "DELETE FROM alerted WHERE watch = ? AND channel = ? AND run_id = ?",
                [d.watch, d.channel, run_id],
            )
