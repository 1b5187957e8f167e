"""The fixed development / held-back split of the extraction benchmarks' pages.

A third of each development set is held back: rules and models are tuned on the rest, and the held-back
pages are only looked at to decide whether a change is kept. The split is a hash of the page's id (its file
name without extensions), so it does not follow file order, page type or site.
"""

from __future__ import annotations

import zlib


SPLITS = ("all", "tuning", "held-back")  # the splits every figure is reported for


def is_held_back(page_id: str) -> bool:
    """True for the third of the pages kept out of tuning."""
    return zlib.crc32(page_id.encode("utf-8")) % 3 == 0


def split_name(page_id: str) -> str:
    return "held-back" if is_held_back(page_id) else "tuning"
