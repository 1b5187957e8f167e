"""Bytes to text: header charset, BOM, meta charset, detection; no mojibake."""

from __future__ import annotations

import codecs

import pytest

from parsers.article.encoding import decode_html, detect_encoding, normalise_encoding
from parsers.article.extract import extract_article

FRENCH = "Le café coûte 3 € « à emporter » — c’est l’été à Paris, dit-il."
POLISH = "Zażółć gęślą jaźń: świeże źdźbła łąk, czyli pożółkłe liście na ulicy w Łodzi."
RUSSIAN = "Москва - столица России, город федерального значения и крупнейший город страны."
JAPANESE = "東京都は日本の首都であり、人口は約千四百万人です。今日はとても良い天気ですね。"
CHINESE = "北京是中华人民共和国的首都，也是全国的政治中心和文化中心，历史非常悠久。"


def _html(text: str, meta: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for _ in range(4))
    return f"<html><head>{meta}<title>t</title></head><body><article>{paragraphs}</article></body></html>"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("ISO-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("Shift_JIS", "cp932"),
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("utf8", "utf-8"),
        ("no-such-charset", None),
    ],
)
def test_labels_map_to_the_codecs_browsers_use(label, codec):
    assert normalise_encoding(label) == codec


def test_latin1_declared_in_header_is_decoded_as_windows_1252():
    data = _html(FRENCH, "<meta charset='utf-8'>").encode("cp1252")  # the header wins over meta
    text = decode_html(data, "text/html; charset=ISO-8859-1")
    assert FRENCH in text and "\ufffd" not in text


def test_windows_1252_from_meta_charset():
    data = _html(FRENCH, "<meta charset='windows-1252'>").encode("cp1252")
    assert extract_article(data).text.splitlines()[0] == FRENCH


def test_iso_8859_2_from_http_equiv():
    meta = "<meta http-equiv='Content-Type' content='text/html; charset=iso-8859-2'>"
    data = _html(POLISH, meta).encode("iso-8859-2")
    assert extract_article(data).text.splitlines()[0] == POLISH


def test_iso_8859_5_from_content_type_argument():
    data = _html(RUSSIAN).encode("iso-8859-5")
    article = extract_article(data, content_type="text/html; charset=ISO-8859-5")
    assert article.text.splitlines()[0] == RUSSIAN
    assert article.language == "ru"


def test_shift_jis_from_meta_charset():
    data = _html(JAPANESE, "<meta charset='Shift_JIS'>").encode("shift_jis")
    article = extract_article(data)
    assert article.text.splitlines()[0] == JAPANESE
    assert article.language == "ja"


def test_gbk_without_any_declaration_is_detected():
    data = _html(CHINESE).encode("gbk")
    assert detect_encoding(data, None) in ("gb18030", "gbk", "gb2312")
    article = extract_article(data)
    assert article.text.splitlines()[0] == CHINESE
    assert article.language == "zh"


def test_bom_beats_meta_charset():
    data = codecs.BOM_UTF8 + _html(FRENCH, "<meta charset='iso-8859-1'>").encode("utf-8")
    assert FRENCH in decode_html(data, None)


def test_undeclared_utf8_and_broken_bytes_never_raise():
    assert FRENCH in decode_html(_html(FRENCH).encode("utf-8"), None)
    # A declared UTF-8 page with one truncated character keeps UTF-8: one U+FFFD, no mojibake.
    data = _html(FRENCH).encode("utf-8") + b"<p>caf\xc3</p>"
    decoded = decode_html(data, "text/html; charset=utf-8")
    assert FRENCH in decoded and decoded.endswith("<p>caf\ufffd</p>")


def test_server_default_utf8_header_loses_to_meta_when_the_bytes_are_not_utf8():
    data = _html(FRENCH, "<meta charset='windows-1252'>").encode("cp1252")
    assert FRENCH in decode_html(data, "text/html; charset=utf-8")
    # Without a meta declaration, detection decides; still no replacement characters.
    assert "\ufffd" not in decode_html(_html(FRENCH).encode("cp1252"), "text/html; charset=UTF-8")
