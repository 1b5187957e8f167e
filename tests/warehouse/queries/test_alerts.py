"""Pending mentions are claimed once per channel; a failed delivery gives its claim back."""

from parsers.sources import Watch
from tests.warehouse.conftest import batch, later, page
from warehouse.alerts import Delivery


def urls(claimed, channel, watch):
    return [m.url for m in claimed[channel].get(watch, [])]


def test_a_mention_is_claimed_once_across_reloads_and_new_versions(wh):
    wh.set_watches([Watch("mek", "MEK")])
    wh.load_batch(batch(page("https://e.com/1", "The MEK said.", title="One"), page("https://e.com/2", "Nothing.")))
    first = wh.claim_alerts({"event": ["mek"], "webhook": ["mek"]}, "run-1")
    assert urls(first, "event", "mek") == urls(first, "webhook", "mek") == ["https://e.com/1"]
    assert first["event"]["mek"][0].title == "One" and first["event"]["mek"][0].source == "courier"
    # A new version that still matches rewrites its `mentions` row: it is not alerted again.
    wh.load_batch(batch(page("https://e.com/1", "The MEK said more.", at=later(5)),
                        page("https://e.com/3", "The MEK again.", at=later(5))))
    again = wh.claim_alerts({"event": ["mek"], "webhook": ["mek"]}, "run-2")
    assert urls(again, "event", "mek") == urls(again, "webhook", "mek") == ["https://e.com/3"]
    assert wh.claim_alerts({"event": ["mek"]}, "run-3") == {"event": {}}


def test_a_failed_delivery_is_claimed_again_by_the_next_run(wh):
    wh.set_watches([Watch("mek", "MEK")])
    wh.load_batch(batch(page("https://e.com/1", "The MEK said.")))
    wh.claim_alerts({"event": ["mek"], "webhook": ["mek"]}, "run-1")
    wh.record_alerts([
        Delivery("mek", "event", "prefect-event", "sent", 1),
        Delivery("mek", "webhook", "https://hooks.example/…", "failed", 1, "HTTP 503"),
    ], "run-1")
    retry = wh.claim_alerts({"event": ["mek"], "webhook": ["mek"]}, "run-2")
    assert retry == {"event": {}, "webhook": {"mek": retry["webhook"]["mek"]}}
    assert urls(retry, "webhook", "mek") == ["https://e.com/1"]
    with wh.read() as con:
        rows = con.execute("SELECT watch, run_id, target, status, mentions, error FROM alerts ORDER BY target").fetchall()
    assert rows == [("mek", "run-1", "https://hooks.example/…", "failed", 1, "HTTP 503"),
                    ("mek", "run-1", "prefect-event", "sent", 1, None)]
