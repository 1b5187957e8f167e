"""Alerts on an ingest run's new mentions: one Prefect event per watch, and the watch's webhook.

The event (`mediamon.mention`, resource `mediamon.watch.<name>`) is what Prefect automations
react to, so any notification block can carry it; a watch with `webhook = "https://..."` is also
POSTed its mentions directly, through the run's guarded fetcher manners (private addresses
refused unless `allow_private_networks`), with a short deadline so a dead receiver costs the run
seconds, not minutes. Every delivery is a row of `alerts`; see `warehouse.alerts` for how a
mention is alerted once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime
from urllib.parse import urlsplit

from prefect import task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.events import emit_event

from flows.fetch.fetcher import Fetcher
from parsers.sources import FetchSettings, Watch
from warehouse import Warehouse
from warehouse.alerts import Delivery, PendingMention

EVENT = "mediamon.mention"
EVENT_TARGET = "prefect-event"
EVENT_MENTIONS = 5  # titles and URLs in an event's payload: enough to read, small to store
WEBHOOK_MENTIONS = 200  # mentions in one webhook body; `count` tells how many there were
WEBHOOK_DEADLINE = 15.0  # seconds per attempt, whatever the sources' fetch deadline
WEBHOOK_RETRIES = 2


@task(name="alert-mentions", cache_policy=NO_CACHE)
def alert_mentions(
    warehouse: Warehouse, watches: Sequence[Watch], run_id: str, settings: FetchSettings
) -> list[Delivery]:
    """Alert the mentions of `watches` not alerted yet: an event per watch, a POST per webhook."""
    if not watches:
        return []
    hooked = {w.name: w.webhook for w in watches if w.webhook}
    claimed = warehouse.claim_alerts({"event": [w.name for w in watches], "webhook": list(hooked)}, run_id)
    deliveries = [_emit(name, mentions, run_id) for name, mentions in claimed["event"].items()]
    posts = [(hooked[name], name, mentions) for name, mentions in claimed["webhook"].items()]
    if posts:
        webhook_settings = replace(
            settings,
            deadline=min(settings.deadline, WEBHOOK_DEADLINE),
            retries=min(settings.retries, WEBHOOK_RETRIES),
        )
        with Fetcher(webhook_settings) as fetcher, ThreadPoolExecutor(max_workers=min(len(posts), 8)) as pool:
            deliveries += pool.map(lambda post: _post(fetcher, *post, run_id), posts)
    warehouse.record_alerts(deliveries, run_id)
    return deliveries


def _emit(watch: str, mentions: list[PendingMention], run_id: str) -> Delivery:
    payload = {
        "watch": watch,
        "count": len(mentions),
        "run_id": run_id,
        "mentions": [{"title": m.title, "url": m.url} for m in mentions[:EVENT_MENTIONS]],
    }
    try:
        event = emit_event(
            event=EVENT,
            resource={"prefect.resource.id": f"mediamon.watch.{watch}", "prefect.resource.name": watch},
            payload=payload,
        )
    except Exception as exc:  # an event too large, say: recorded, the run goes on
        return Delivery(watch, "event", EVENT_TARGET, "failed", len(mentions), f"{type(exc).__name__}: {exc}")
    if event is None:
        return Delivery(watch, "event", EVENT_TARGET, "skipped", len(mentions), "Prefect events are not enabled")
    return Delivery(watch, "event", EVENT_TARGET, "sent", len(mentions))


def _post(fetcher: Fetcher, url: str, watch: str, mentions: list[PendingMention], run_id: str) -> Delivery:
    body = {
        "watch": watch,
        "run_id": run_id,
        "count": len(mentions),
        "mentions": [
            {"url": m.url, "title": m.title, "source": m.source, "published_at": _iso(m.published_at)}
            for m in mentions[:WEBHOOK_MENTIONS]
        ],
    }
    result = fetcher.post(url, json.dumps(body).encode(), content_type="application/json")
    target = redacted(url)
    if result.ok:
        return Delivery(watch, "webhook", target, "sent", len(mentions))
    status = "refused" if result.outcome == "refused" else "failed"
    return Delivery(watch, "webhook", target, status, len(mentions), result.error or result.error_class)


def redacted(url: str) -> str:
    """A webhook as recorded: its origin only, since the path of many (Slack's, say) is the secret."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}/…"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
