"""Which stored articles are due for a revisit: each step of the schedule once, gone ones never."""

from __future__ import annotations

from datetime import timedelta

from parsers.sources import FetchSettings, Source
from tests.warehouse.conftest import T0, batch, fetch, later, page
from warehouse.queries.revisits import due_revisits

HOUR, DAY = 3600.0, 86400.0


def _due(wh, at, steps=(HOUR, DAY), most=10, source="courier"):
    with wh.read() as con:
        return [r.url for r in due_revisits(con, {source: steps}, {source: most}, at)[source]]


def test_each_step_is_due_once(wh):
    wh.load_batch(batch(page("https://c.example/a", "First version of the story.")))
    assert _due(wh, T0 + timedelta(minutes=30)) == []
    assert _due(wh, later(61)) == ["https://c.example/a"]
    # The revisit at 1h01 answered 304: the first step is done, the second not yet due.
    wh.load_batch(batch(fetches=[fetch("https://c.example/a", 304, at=later(61), outcome="not_modified")]))
    assert _due(wh, later(180)) == []
    assert _due(wh, T0 + timedelta(days=1, minutes=1)) == ["https://c.example/a"]
    # Seen again with the same text after the last step: nothing is ever due again.
    wh.load_batch(batch(page("https://c.example/a", "First version of the story.", at=T0 + timedelta(days=1, minutes=2))))
    assert _due(wh, T0 + timedelta(days=30)) == []


def test_gone_articles_are_not_revisited_and_the_most_overdue_go_first(wh):
    for i in range(4):
        wh.load_batch(batch(page(f"https://c.example/{i}", f"Story number {i} of the day.", at=later(i))))
    wh.load_batch(batch(fetches=[fetch("https://c.example/1", 404, at=later(10), outcome="failed")]))
    assert _due(wh, later(200), most=2) == ["https://c.example/0", "https://c.example/2"]
    assert _due(wh, later(200), steps=()) == []


def test_validators_of_the_last_fetch_come_with_the_revisit(wh):
    stored = page("https://c.example/a", "First version of the story.")
    served = fetch("https://c.example/a")
    served.etag = '"v1"'
    wh.load_batch(batch(stored, fetches=[served]))
    source = Source("courier", "https://c.example/", fetch=FetchSettings(revisit_after=(HOUR,)))
    (revisit,) = wh.due_revisits([source], later(61))["courier"]
    assert (revisit.url, revisit.etag) == ("https://c.example/a", '"v1"')
