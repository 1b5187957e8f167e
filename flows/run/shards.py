"""Which shard each source belongs to: a pure function of the source's name and the shard count.

Rendezvous hashing: a source scores each shard 1..N with a keyed BLAKE2b digest of (shard, name) and goes to
the highest. It keeps its shard while N is unchanged, whatever sources come and go, on every machine; going to
N+1 moves only the sources the new shard wins. Shards balance statistically, not exactly: exact balancing
would move sources whenever one is added, and a moved source is polled twice or not at all in a cycle.
Shards are numbered from 1: `2/4` is the second of four.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from parsers.sources import Source

_SPEC = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")
MAX_SHARDS = 1024


class ShardSpecError(ValueError):
    """A `K/N` shard spec that is malformed or out of range."""


@dataclass(frozen=True)
class ShardSpec:
    """Shard `index` of `count`, 1-based."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard_spec(text: str) -> ShardSpec:
    """`"2/4"` -> ShardSpec(2, 4); errors say what a valid spec looks like."""
    match = _SPEC.fullmatch(text)
    if not match:
        raise ShardSpecError(f"{text!r} is not a shard like 2/4 (shard K of N, counted from 1)")
    index, count = int(match.group(1)), int(match.group(2))
    check_shard_count(count)
    if not 1 <= index <= count:
        raise ShardSpecError(f"{text!r}: shard must be between 1 and {count}")
    return ShardSpec(index, count)


def check_shard_count(count: int) -> int:
    """`count` itself when it is a usable number of shards."""
    if not 1 <= count <= MAX_SHARDS:
        raise ShardSpecError(f"the number of shards must be between 1 and {MAX_SHARDS}, not {count}")
    return count


def shard_of(name: str, count: int) -> int:
    """The shard (1..count) of the source called `name`."""
    check_shard_count(count)
    return max(range(1, count + 1), key=lambda shard: _score(name, shard))


def _score(name: str, shard: int) -> int:
    """The source's weight for one shard; independent of the shard count, so that adding a
    shard moves only the sources that score it highest."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8, key=f"mediamon-shard-{shard}".encode())
    return int.from_bytes(digest.digest(), "big")


def assign_shards(sources: Sequence[Source], count: int) -> list[tuple[Source, ...]]:
    """The sources of each shard, `result[k - 1]` for shard k, each in the order given."""
    shards: list[list[Source]] = [[] for _ in range(check_shard_count(count))]
    for source in sources:
        shards[shard_of(source.name, count) - 1].append(source)
    return [tuple(members) for members in shards]


def shard_members(sources: Sequence[Source], spec: ShardSpec) -> tuple[Source, ...]:
    """The sources that belong to shard `spec`, in the order given."""
    return tuple(s for s in sources if shard_of(s.name, spec.count) == spec.index)


def source_load(source: Source) -> int:
    """A source's polling work per run: its feeds, sitemaps and pages, or one homepage discovery."""
    return max(1, len(source.feeds) + len(source.sitemaps) + len(source.pages))


def shard_loads(shards: Iterable[Sequence[Source]]) -> list[int]:
    """The summed `source_load` of each shard."""
    return [sum(source_load(s) for s in members) for members in shards]
