"""Near-duplicate detection on the labelled wire pairs (`benchmarks/wire_pairs.py`): precision and
recall of `warehouse.loading.dedup` at its threshold, the pairs it gets wrong, the similarity of each kind
of pair, and the cost of sketching a 5 KB text.

    .venv/bin/python benchmarks/near_duplicates.py
"""

from __future__ import annotations

import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.wire_pairs import labelled_pairs  # noqa: E402
from warehouse.loading.dedup import THRESHOLD, similar, similarity, sketch  # noqa: E402


def main() -> None:
    pairs = labelled_pairs()
    sketched = [(sketch(a), sketch(b), must, what) for a, b, must, what in pairs]
    scored = [(similarity(a, b), must, what) for a, b, must, what in sketched]
    joined = [(similar(a, b), must, what) for a, b, must, what in sketched]
    hits = sum(1 for j, must, _ in joined if must and j)
    false = sum(1 for j, must, _ in joined if not must and j)
    musts = sum(1 for _, must, _ in scored if must)
    precision = hits / (hits + false) if hits + false else 1.0
    print(f"{len(pairs)} labelled pairs ({musts} must cluster, {len(pairs) - musts} must not), threshold {THRESHOLD}")
    print(f"  precision {precision:.3f}  recall {hits / musts:.3f}")
    by_kind: dict[str, list[float]] = defaultdict(list)
    for s, _, what in scored:
        by_kind[what.split(": ", 1)[1]].append(s)
    print("  similarity by kind of pair (min / mean / max):")
    for kind, values in sorted(by_kind.items(), key=lambda kv: -min(kv[1])):
        print(f"    {kind:<34} {min(values):.2f} / {sum(values) / len(values):.2f} / {max(values):.2f}")
    wrong = [(s, must, what) for (s, must, what), (j, _, _) in zip(scored, joined) if j != must]
    for s, must, what in wrong:
        print(f"  wrong: {what} ({'must' if must else 'must not'} cluster, similarity {s:.2f})")
    rng = random.Random(3)
    words = [w for a, *_ in pairs for w in a.split()]
    texts = [" ".join(rng.choices(words, k=850))[:5000] for _ in range(200)]
    started = time.perf_counter()
    for t in texts:
        sketch(t)
    print(f"  sketch: {(time.perf_counter() - started) / len(texts) * 1e6:.0f} us per 5 KB text")


if __name__ == "__main__":
    main()
