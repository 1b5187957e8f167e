"""Loads BATCHES synthetic batches into the warehouse given as argv[1], announcing each batch;
the crash test kills it part-way. Run as `python -m tests.warehouse.crash_loader DB`."""

import sys

from tests.warehouse.conftest import batch, later, page
from warehouse import Warehouse

BATCHES = 12
PER_BATCH = 300


def batches():
    for b in range(BATCHES):
        pages = [
            page(f"https://e.com/{b}/{i}", f"Story {b}-{i}. " + "Body sentence number one here. " * 40,
                 at=later(b))
            for i in range(PER_BATCH)
        ]
        yield batch(*pages, run_id=f"run-{b}")


if __name__ == "__main__":
    wh = Warehouse(sys.argv[1])
    for n, b in enumerate(batches()):
        print(f"start {n}", flush=True)
        wh.load_batch(b)
        print(f"done {n}", flush=True)
