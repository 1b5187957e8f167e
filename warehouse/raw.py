"""The raw layer's body encoding: bodies are stored gzip-compressed next to their sha256."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from datetime import datetime

BODY_ENCODING = "gzip"
_GZIP_WBITS = 31  # zlib's gzip container
_LEVEL = 1  # HTML still shrinks about 4x at level 1, and it keeps loads fast


@dataclass(frozen=True, slots=True)
class RawPage:
    """One stored page body, decompressed, for re-extraction."""

    url: str  # normalised requested URL (the `pages` key with body_sha256)
    requested_url: str
    final_url: str | None
    source: str
    fetched_at: datetime
    http_status: int | None
    content_type: str | None
    feed_url: str | None
    body_sha256: str
    body: bytes


def compress(body: bytes) -> bytes:
    c = zlib.compressobj(_LEVEL, zlib.DEFLATED, _GZIP_WBITS)
    return c.compress(body) + c.flush()


def decompress(data: bytes, encoding: str) -> bytes:
    if encoding != BODY_ENCODING:
        raise ValueError(f"unknown body encoding {encoding!r}")
    return zlib.decompress(data, _GZIP_WBITS)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
