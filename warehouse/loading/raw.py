"""The raw layer's body encoding: bodies are stored compressed next to their sha256.

New bodies are zstd level 1 (`zstandard`), ~2.5x faster than zlib level 1 on HTML at a slightly
better ratio; `body_encoding` says per row how a body was stored, so rows written as gzip
before stay readable. Without the `zstandard` package the load falls back to gzip.
"""

from __future__ import annotations

import hashlib
import threading
import zlib
from dataclasses import dataclass
from datetime import datetime

try:
    import zstandard
except ImportError:  # pragma: no cover - the locked environment has it
    zstandard = None

GZIP = "gzip"
ZSTD = "zstd"
BODY_ENCODING = ZSTD if zstandard is not None else GZIP
_GZIP_WBITS = 31  # zlib's gzip container
_GZIP_LEVEL = 1  # HTML still shrinks about 4x at level 1, and it keeps loads fast
_ZSTD_LEVEL = 1
_local = threading.local()  # zstd (de)compressors are not thread-safe: one per thread


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
    """`body` in BODY_ENCODING."""
    if BODY_ENCODING == ZSTD:
        return _zstd_compressor().compress(body)
    c = zlib.compressobj(_GZIP_LEVEL, zlib.DEFLATED, _GZIP_WBITS)
    return c.compress(body) + c.flush()


def decompress(data: bytes, encoding: str) -> bytes:
    if encoding == ZSTD:
        if zstandard is None:
            raise RuntimeError("this body is zstd-compressed: install the zstandard package")
        return _zstd_decompressor().decompress(data)
    if encoding == GZIP:
        return zlib.decompress(data, _GZIP_WBITS)
    raise ValueError(f"unknown body encoding {encoding!r}")


def _zstd_compressor():
    c = getattr(_local, "compressor", None)
    if c is None:
        # The content size in the frame header lets decompress() size its output in one go.
        c = _local.compressor = zstandard.ZstdCompressor(level=_ZSTD_LEVEL, write_content_size=True)
    return c


def _zstd_decompressor():
    d = getattr(_local, "decompressor", None)
    if d is None:
        d = _local.decompressor = zstandard.ZstdDecompressor()
    return d


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
