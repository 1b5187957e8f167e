"""Bytes to text the way a browser would, so that no page reaches the extractor as mojibake.

Order: a byte-order mark, then UTF-16 recognised by its NUL bytes (no ASCII-compatible page has
them), then the HTTP header charset, then ``<meta charset>`` / ``http-equiv`` in the first few
kilobytes, then strict UTF-8, then statistical detection (charset-normalizer), where a tie goes to
windows-1252, the browsers' default for an undeclared page.
The BOM comes first as in the WHATWG algorithm: it cannot be there by accident, while a header
charset often is a server-wide default. For the same reason a declared UTF-8 (header or meta)
that the bytes do not decode as is skipped: the next declaration, or detection, decides.
Declared labels are mapped to the superset encodings browsers really use (WHATWG Encoding
Standard): latin-1 and ASCII are decoded as windows-1252, GB2312/GBK as GB18030, Shift_JIS as
windows-31j, EUC-KR as windows-949.
"""

from __future__ import annotations

import codecs
import re

# WHATWG: these labels are decoded with the wider encoding that real pages rely on.
_SUPERSETS = {
    "ascii": "cp1252",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "cp819": "cp1252",
    "iso8859_9": "cp1254",
    "iso8859_11": "cp874",
    "tis_620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "ks_c_5601_1987": "cp949",
    "big5": "big5hkscs",
    "utf_16": "utf-8",  # a page declaring UTF-16 without a BOM is in practice ASCII-compatible
    "utf_16_le": "utf-8",
    "utf_16_be": "utf-8",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)
_SNIFF_BYTES = 4096
_BROKEN_UTF8_SHARE = 0.1
_ASCII_BYTES = bytes(range(128))
_UTF16_MIN_BYTES = 16
_UTF16_NUL_SHARE = 0.4  # of the bytes on one side: the high bytes of ASCII characters
_UTF16_STRAY_NUL = 0.05  # of the bytes on the other side


def normalise_encoding(label: str | None) -> str | None:
    """The Python codec a browser would use for a declared charset label, or None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    key = name.replace("-", "_")
    return _SUPERSETS.get(key, name)


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP Content-Type header, as a codec name."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return normalise_encoding(match.group(1)) if match else None


def sniff_meta_charset(data: bytes) -> str | None:
    """The charset declared in the document head (meta charset, http-equiv or XML declaration)."""
    head = data[:_SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return normalise_encoding(match.group(1).decode("ascii", "ignore")) if match else None


def _utf8_text(data: bytes) -> str | None:
    """``data`` decoded as strict UTF-8; None when it is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _few_broken(data: bytes) -> bool:
    """Bytes that are not strict UTF-8 but UTF-8 with at most a few broken sequences (a truncated
    character), not another encoding.

    In a windows-1252 or GBK page nearly every non-ASCII byte is invalid UTF-8; in a UTF-8 page
    with a damaged character, almost none are.
    """
    non_ascii = len(data.translate(None, _ASCII_BYTES))
    broken = data.decode("utf-8", errors="replace").count("\ufffd")
    return broken <= _BROKEN_UTF8_SHARE * non_ascii


def detect_encoding(data: bytes, content_type: str | None = None) -> str:
    """The codec to decode ``data`` with; see the module docstring for the order."""
    return _detect(data, content_type)[0]


def _detect(data: bytes, content_type: str | None) -> tuple[str, str | None]:
    """The codec, and the text where telling it meant decoding all of ``data`` as strict UTF-8
    (most pages: ``decode_html`` need not decode them again)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, None
    utf16 = _utf16_by_nul_bytes(data)
    if utf16 is not None:
        return utf16, None
    for declared in (header_charset(content_type), sniff_meta_charset(data)):
        if declared and declared != "utf-8":
            return declared, None
        if declared:
            # A UTF-8 label on bytes that are not UTF-8 is a server default, not a fact: skip it.
            text = _utf8_text(data)
            if text is not None or _few_broken(data):
                return declared, text
    text = _utf8_text(data)
    if text is not None:
        return "utf-8", text
    return _detected(data), None


def _detected(data: bytes) -> str:
    """The codec charset-normalizer finds, a tie going to windows-1252."""
    from charset_normalizer import from_bytes  # imported lazily: rarely needed, slow to import

    matches = from_bytes(data[:65536])
    best = matches.best()
    if best is None:
        return "cp1252"
    # A short page often reads equally well in several single-byte codecs (cp1250 first, by name).
    western = next((m for m in matches if m.encoding == "cp1252"), None)
    if western is not None and western.chaos <= best.chaos and western.coherence >= best.coherence:
        return "cp1252"
    return normalise_encoding(best.encoding) or "cp1252"


def _utf16_by_nul_bytes(data: bytes) -> str | None:
    """UTF-16 without a BOM: markup is ASCII, so every other byte of it is NUL."""
    head = data[:_SNIFF_BYTES]
    if len(head) < _UTF16_MIN_BYTES:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= _UTF16_NUL_SHARE * len(odd) and even.count(0) <= _UTF16_STRAY_NUL * len(even):
        return "utf-16-le"
    if even.count(0) >= _UTF16_NUL_SHARE * len(even) and odd.count(0) <= _UTF16_STRAY_NUL * len(odd):
        return "utf-16-be"
    return None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode an HTML document's bytes to text; undecodable bytes become U+FFFD, never an error."""
    encoding, text = _detect(data, content_type)
    if text is not None:
        return text
    if encoding.startswith("utf-8") and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif encoding.startswith("utf-16") and data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        data = data[2:]
    return data.decode(encoding, errors="replace")


_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
_BINARY_SAMPLE = 4096
_BINARY_SHARE = 0.05


def looks_binary(text: str) -> bool:
    """Decoded text that is mostly control characters or U+FFFD: a PDF or image, not HTML."""
    sample = text[:_BINARY_SAMPLE]
    return bool(sample) and len(_BINARY.findall(sample)) > _BINARY_SHARE * len(sample)
