"""Double-decoded UTF-8 in a right-encoded page is restored; real accented text is left alone."""

from __future__ import annotations

import pytest

from parsers.article.extract import extract_article
from parsers.article.mojibake import repair_mojibake

INTENDED = "L’été à Paris — «\u00a0café\u00a0» pour l’équipe. Über 20 °C, naïve façade, Żółć, привет."


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_double_decoded_text_is_restored(codec):
    garbled = INTENDED.encode("utf-8").decode(codec)
    assert garbled != INTENDED
    assert repair_mojibake(garbled) == INTENDED


@pytest.mark.parametrize(
    "text",
    [
        "LA CITÉ\u00a0» ÉTÉ\u00a0: déjà vu, naïve café, Ñ¿ DÉCOUVERTE\u00a0!",  # accented capitals + nbsp
        "Prices: 5 € – Ã is a letter used in Portuguese, like Â in Romanian.",
        "one Ã© alone is not evidence enough",
        "plain ASCII text",
    ],
)
def test_real_text_is_left_alone(text):
    assert repair_mojibake(text) == text


def test_extracted_article_and_title_are_repaired():
    body = "".join(
        f"<p>Paragraph {i}: an investorâ€™s guide to retirement â€” what to weigh and when.</p>" for i in range(6)
    )
    html = (
        "<html><head><meta charset='utf-8'><title>An Investorâ€™s Guide</title></head>"
        f"<body><article><h1>An Investorâ€™s Guide</h1>{body}</article></body></html>"
    )
    article = extract_article(html.encode("utf-8"), "https://example.org/guide")
    assert article.title == "An Investor’s Guide"
    assert "investor’s guide to retirement — what" in article.text
    assert "â€" not in article.text
