"""Loads BATCHES synthetic batches into the warehouse given as argv[1], announcing each batch;
the crash test kills it part-way. Run as `python -m tests.warehouse.loading.crash_loader DB [PER_BATCH]`:
batches of PER_BATCH (default 300) articles of about 1 kB commit through the WAL; batches of LARGE
articles, 5 kB each (more than DIRECT_COMMIT_BYTES once staged), directly into the file
(`warehouse.db.connect.commit`)."""

import sys

from tests.warehouse.conftest import batch, later, page
from warehouse import Warehouse

BATCHES = 12
PER_BATCH = 300
LARGE = 1000


def batches(per_batch: int = PER_BATCH):
    repeat = 160 if per_batch >= LARGE else 40
    for b in range(BATCHES):
        pages = [
            page(f"https://e.com/{b}/{i}", f"Story {b}-{i}. " + "Body sentence number one here. " * repeat,
                 at=later(b))
            for i in range(per_batch)
        ]
        yield batch(*pages, run_id=f"run-{b}")


if __name__ == "__main__":
    wh = Warehouse(sys.argv[1])
    for n, b in enumerate(batches(int(sys.argv[2]) if len(sys.argv) > 2 else PER_BATCH)):
        print(f"start {n}", flush=True)
        wh.load_batch(b)
        print(f"done {n}", flush=True)
