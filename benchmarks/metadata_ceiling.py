"""How high can the WCXB metadata scores go? Counts the annotated article pages no extractor can match.

    python benchmarks/metadata_ceiling.py [--data DIR]

``benchmarks/metadata.py`` scores title exact match and published same day against the annotation.
This script asks, per split, on how many annotated article pages the annotated value is in the page
at all, counted generously:

- **Published date:** the annotated day written anywhere in the HTML in any of the common forms
  (ISO, numeric with ``-`` ``/`` ``.`` in day-month and month-day order, two- or four-digit years,
  year-month-day with the month's name, English, German, French, Spanish, Italian, Portuguese and Dutch month names, full or short, with
  or without the day's ordinal), or an ISO timestamp with an offset whose day in UTC is that day.
  Apart from those, it counts the pages where mediamon's modified date falls on the annotated day
  and its published date does not: the annotation took the "Updated" date, which a monitoring
  archive must not report as the publication (``docs/metadata.md``).
- **Title:** the normalised annotated title inside the normalised text or attribute values of the
  HTML (``benchmarks.metadata.normalise_title`` on both).

The ceilings are upper bounds: a value found in the page may still be out of reach of any rule
(written in a comment, a script or another story's teaser). Held-back pages are only counted.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import Counter
from datetime import date, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.metadata import DEFAULT_DATA, load_pages, normalise_title, same_day  # noqa: E402
from benchmarks.splits import SPLITS, split_name  # noqa: E402
from parsers.article.metadata.dates import parse_date  # noqa: E402

_MONTHS = {
    1: "january januar janvier enero gennaio janeiro januari jan jän janv ene gen",
    2: "february februar février febrero febbraio fevereiro februari feb févr fév fev",
    3: "march märz mars marzo março maart mar mär mrz",
    4: "april avril abril aprile apr avr abr",
    5: "may mai mayo maggio maio mei mag",
    6: "june juni juin junio giugno junho jun juin giu",
    7: "july juli juillet julio luglio julho jul juil lug",
    8: "august août agosto augustus aug ago",
    9: "september septembre septiembre settembre setembro sep sept set",
    10: "october oktober octobre octubre ottobre outubro oct okt ott out",
    11: "november novembre noviembre novembro nov",
    12: "december dezember décembre diciembre dicembre dezembro dec dez déc dic",
}
_SPACE = re.compile(r"\s+")
_ISO_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})")
_TAGS = re.compile(r"<[^>]+>")
_ATTRIBUTE_VALUES = re.compile(r"""=\s*["']([^"']*)["']""")


def _day_pattern(day: date) -> re.Pattern[str]:
    """Every common way of writing ``day``."""
    y, m, d = day.year, day.month, day.day
    yy = f"{y % 100:02d}"
    numeric = [
        f"{y}-{m:02d}-{d:02d}", f"{y}/{m:02d}/{d:02d}", f"{y}.{m:02d}.{d:02d}", f"{y}{m:02d}{d:02d}",
        f"{d:02d}/{m:02d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{d}/{m}/{y}", f"{m}/{d}/{y}",
        f"{d:02d}.{m:02d}.{y}", f"{d}.{m}.{y}", f"{d:02d}-{m:02d}-{y}", f"{m:02d}-{d:02d}-{y}",
        f"{d:02d}/{m:02d}/{yy}", f"{m:02d}/{d:02d}/{yy}", f"{d}/{m}/{yy}", f"{m}/{d}/{yy}", f"{d:02d}.{m:02d}.{yy}",
    ]
    names = "|".join(re.escape(n) for n in _MONTHS[m].split())
    day_word = rf"0?{d}(?:st|nd|rd|th|er|º|\.)?"
    written = [
        rf"\b(?:{names})\.?\s+{day_word},?\s+{y}\b",  # March 3, 2025
        rf"\b{day_word}\s+(?:de\s+)?(?:{names})\.?,?\s+(?:de\s+)?{y}\b",  # 3 March 2025, 3 de marzo de 2025
        rf"\b{y}\s+(?:{names})\.?\s+{day_word}(?!\d)",  # 2025 Mar 3 (citation_publication_date)
        rf"\b{y}\s*년\s*0?{m}\s*월\s*0?{d}\s*일|{y}年0?{m}月0?{d}日",
    ]
    numeric_alternatives = "|".join(rf"(?<![\d]){re.escape(n)}(?![\d])" for n in numeric)
    return re.compile(f"{numeric_alternatives}|{'|'.join(written)}", re.I)


def _utc_day_of_a_stamp(text: str, day: date) -> bool:
    """An ISO timestamp with an offset in the page whose day in UTC is ``day``."""
    for match in _ISO_STAMP.finditer(text):
        stamp = parse_date(match.group(0))
        if stamp is not None and stamp.astimezone(timezone.utc).date() == day:
            return True
    return False


def _annotated_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def date_reachable(page_text: str, annotated: str) -> bool:
    day = _annotated_day(annotated)
    if day is None:  # "YYYY-MM": the year and the month's number or name near each other
        year, month = annotated[:4], int(annotated[5:7])
        names = "|".join(_MONTHS[month].split())
        return bool(re.search(rf"(?:{names})\.?\s+{year}|{year}[-/.]{month:02d}\b", page_text, re.I))
    return bool(_day_pattern(day).search(page_text)) or _utc_day_of_a_stamp(page_text, day)


def title_reachable(raw_html: str, annotated: str) -> bool:
    wanted = normalise_title(annotated)
    text = html.unescape(_TAGS.sub(" ", raw_html))
    values = html.unescape(" \n ".join(_ATTRIBUTE_VALUES.findall(raw_html)))
    return wanted in normalise_title(_SPACE.sub(" ", text)) or wanted in normalise_title(_SPACE.sub(" ", values))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    from parsers.article.extract import extract_article

    counts: Counter[tuple[str, str]] = Counter()
    for page in load_pages(args.data):
        if page.page_type != "article":
            continue
        raw = page.html.decode("utf-8", errors="replace")
        splits = ("all", split_name(page.id))
        if page.truth.get("title"):
            reachable = title_reachable(raw, page.truth["title"])
            for split in splits:
                counts[(split, "title")] += 1
                counts[(split, "title reachable")] += reachable
        if page.truth.get("publish_date"):
            annotated = page.truth["publish_date"]
            article = extract_article(page.html, page.url)
            took_updated = same_day(article.modified, annotated) and not same_day(article.published, annotated)
            reachable = date_reachable(html.unescape(raw), annotated)
            for split in splits:
                counts[(split, "date")] += 1
                counts[(split, "date reachable")] += reachable
                counts[(split, "date is the update")] += reachable and took_updated
    for split in SPLITS:
        n_title, n_date = counts[(split, "title")], counts[(split, "date")]
        reach_title, reach_date = counts[(split, "title reachable")], counts[(split, "date reachable")]
        updates = counts[(split, "date is the update")]
        print(
            f"{split:<10} title in page {reach_title}/{n_title} (ceiling {reach_title / n_title:.3f})   "
            f"date in page {reach_date}/{n_date} (ceiling {reach_date / n_date:.3f}); "
            f"of those, the update date {updates}: ceiling keeping first publication "
            f"{(reach_date - updates) / n_date:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
