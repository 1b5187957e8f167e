"""Raw bodies: stored compressed, read back byte for byte whatever encoding a row was written in."""

import zlib

import pytest

from warehouse.loading import raw


def test_round_trip_in_the_current_encoding():
    body = b"<html><body>" + "caf\u00e9 ".encode() * 2000 + b"</body></html>"
    stored = raw.compress(body)
    assert len(stored) < len(body) // 4
    assert raw.decompress(stored, raw.BODY_ENCODING) == body


def test_gzip_rows_written_before_stay_readable():
    body = b"<p>an older row</p>" * 100
    c = zlib.compressobj(1, zlib.DEFLATED, 31)
    assert raw.decompress(c.compress(body) + c.flush(), "gzip") == body


def test_unknown_encoding_refused():
    with pytest.raises(ValueError):
        raw.decompress(b"", "brotli")
