"""The ingest's writer thread: neighbouring loads share a transaction, a bad batch fails alone."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from flows.loader import Loader
from tests.warehouse.conftest import batch, later, page
from warehouse import Warehouse


class CountingWarehouse(Warehouse):
    """A real warehouse that remembers how its loads were grouped into transactions."""

    def __init__(self, path) -> None:
        super().__init__(path)
        self.transactions: list[list[str]] = []

    def load_batches(self, batches):
        self.transactions.append([b.source for b in batches])
        return super().load_batches(batches)


def _queued_behind_a_gate(wh: Warehouse, batches) -> list:
    """Queue `batches` while the writer is busy, so they land in one burst."""
    gate = threading.Event()
    with Loader(wh, max_pages=100) as loader:
        loader.write(lambda _: gate.wait(5))
        futures = [loader.load(b) for b in batches]
        gate.set()
    return futures


def test_neighbouring_loads_share_one_transaction(tmp_path):
    wh = CountingWarehouse(tmp_path / "wh.duckdb")
    batches = [batch(page(f"https://{s}.com/1", f"Story of {s}.", source=s, at=later(i)), source=s)
               for i, s in enumerate(["a", "b", "c"])]
    futures = _queued_behind_a_gate(wh, batches)
    assert [f.result().new for f in futures] == [1, 1, 1]
    assert wh.transactions == [["a", "b", "c"]]


def test_a_bad_batch_fails_alone(tmp_path):
    wh = CountingWarehouse(tmp_path / "wh.duckdb")
    good = batch(page("https://a.com/1", "Fine story.", source="a"), source="a")
    bad = batch(replace(page("https://b.com/1", source="b"), article=None), source="b")
    also_good = batch(page("https://c.com/1", "Another fine story.", source="c"), source="c")
    futures = _queued_behind_a_gate(wh, [good, bad, also_good])
    assert futures[0].result().new == 1 and futures[2].result().new == 1
    with pytest.raises(AttributeError):
        futures[1].result()
    assert wh.transactions[0] == ["a", "b", "c"], "tried together first"
    with wh.read() as con:
        assert sorted(r[0] for r in con.execute("SELECT source FROM articles").fetchall()) == ["a", "c"]
