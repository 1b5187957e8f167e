"""Score article metadata (title, authors, published date) on the WCXB development pages.

    python benchmarks/metadata.py [--data DIR] [--only mediamon] [--show-misses FIELD] [--limit N]

WCXB's ground truth annotates ``title``, ``author`` and ``publish_date`` on many pages (see the set's
README.md). Figures are printed for the article pages (the targets) and for all page types, for all
pages, the tuning pages and the held-back third (``benchmarks/splits.py``), each with its coverage:
how many pages annotate the field and on how many the extractor gave a value at all.

- Title exact: the share of annotated pages whose title equals the annotation after normalisation:
  Unicode NFKC, typographic quotes, apostrophes and dashes mapped to ASCII, whitespace collapsed,
  case folded, and surrounding whitespace and trailing sentence punctuation (``.``, ``:``) removed.
- Author F1: per page, F1 of the predicted against the annotated set of names, averaged over the pages
  that annotate an author (no prediction scores 0). The annotation is one string: it is split at
  commas, semicolons, "&", "and", and a part after the first that is only credentials ("PhD", "MS,
  RD") is dropped. A name is normalised by NFKD without accents, case folding, a leading "By" and
  all punctuation removed, whitespace collapsed.
- Published same day: the share of annotated pages whose published date, read in the time zone the
  page states (the datetime's own offset), falls on the annotated day (or month, for "YYYY-MM").

``score_metadata`` is the plain function other benchmarks import: it takes (ground truth, prediction)
pairs, where a prediction is anything with ``title``, ``authors`` and ``published`` attributes (a
mediamon ``Article`` is one). trafilatura's figures on the same pages are printed for comparison
(its ``extract_metadata``); it is a benchmark extra, imported lazily.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "wcxb-dev"
FIELDS = ("title", "author", "date")

_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"',
                             "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_NAME_SPLIT = re.compile(r"\s*(?:[,;&]|\band\b)\s*", re.I)
# "MS", "RD", "E-RYT", "200", "Ph.D.": a token that is short capitals, has a dot, or is a number.
_CREDENTIAL = re.compile(r"^(?:[A-Z][A-Z0-9-]{0,5}|[\w.-]{1,5}\.|[A-Z][a-z]?\.[\w.]*|\d+)$")
_BY = re.compile(r"^by\s+", re.I)
_PUNCT = re.compile(r"[^\w\s]")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class Prediction:
    """What an extractor says about a page; dates may be a date, a datetime or an ISO string."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: date | str | None = None


def normalise_title(title: str | None) -> str:
    text = unicodedata.normalize("NFKC", title or "").translate(_TYPOGRAPHY)
    return _SPACE.sub(" ", text).strip().rstrip(".:").strip().casefold()


def normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", _BY.sub("", name.strip()))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _SPACE.sub(" ", _PUNCT.sub(" ", text)).strip().casefold()


def gold_names(author: str) -> set[str]:
    """The annotated author string as a set of normalised names, credentials dropped."""
    parts = [p for p in _NAME_SPLIT.split(author) if p.strip()]
    kept = parts[:1] + [p for p in parts[1:] if not all(_CREDENTIAL.match(t) for t in p.split())]
    return {n for n in map(normalise_name, kept) if n}


def predicted_names(authors: Iterable[str]) -> set[str]:
    return {n for n in map(normalise_name, authors) if n}


def name_f1(predicted: set[str], gold: set[str]) -> float:
    shared = len(predicted & gold)
    return 2 * shared / (len(predicted) + len(gold)) if shared else 0.0


def same_day(published: date | str | None, gold: str) -> bool:
    """Whether ``published`` (in its own offset) falls on the annotated day or month."""
    if published is None:
        return False
    if isinstance(published, str):
        day = published.strip()[:10]
    else:
        day = (published.date() if isinstance(published, datetime) else published).isoformat()
    month = _YEAR_MONTH.match(gold.strip())
    return day[:7] == gold.strip() if month else day == gold.strip()[:10]


def score_metadata(pairs: Iterable[tuple[Mapping[str, Any], Any]]) -> dict[str, dict[str, float | int]]:
    """Title exact, author F1 and published-same-day over (ground_truth, prediction) pairs.

    ``ground_truth`` is a WCXB ``ground_truth`` mapping; a prediction has ``title``, ``authors`` and
    ``published``. Per field: ``score`` (mean over the pages that annotate it), ``annotated`` (that
    page count) and ``predicted`` (how many of them got a value at all).
    """
    sums = {f: 0.0 for f in FIELDS}
    annotated = {f: 0 for f in FIELDS}
    predicted = {f: 0 for f in FIELDS}
    for truth, pred in pairs:
        if truth.get("title"):
            annotated["title"] += 1
            predicted["title"] += bool(pred.title)
            sums["title"] += normalise_title(pred.title) == normalise_title(truth["title"])
        if truth.get("author") and gold_names(truth["author"]):
            names = predicted_names(pred.authors or [])
            annotated["author"] += 1
            predicted["author"] += bool(names)
            sums["author"] += name_f1(names, gold_names(truth["author"]))
        if truth.get("publish_date"):
            annotated["date"] += 1
            predicted["date"] += pred.published is not None
            sums["date"] += same_day(pred.published, truth["publish_date"])
    return {
        f: {
            "score": sums[f] / annotated[f] if annotated[f] else 0.0,
            "annotated": annotated[f],
            "predicted": predicted[f],
        }
        for f in FIELDS
    }


@dataclass
class Page:
    id: str
    url: str
    page_type: str
    html: bytes
    truth: dict


def load_pages(data: Path, limit: int | None = None) -> list[Page]:
    pages = []
    for path in sorted((data / "ground-truth").glob("*.json"))[:limit]:
        item = json.loads(path.read_text(encoding="utf-8"))
        page_type = item.get("_internal", {}).get("page_type", {}).get("primary") or "unknown"
        raw = gzip.decompress((data / "html" / f"{path.stem}.html.gz").read_bytes())
        pages.append(Page(path.stem, item.get("url", ""), "collection" if page_type == "category" else page_type,
                          raw, item.get("ground_truth") or {}))
    return pages


def _mediamon() -> Callable[[Page], Any]:
    from parsers.article.extract import extract_article

    return lambda page: extract_article(page.html, page.url)


def _trafilatura() -> Callable[[Page], Any]:
    from trafilatura import extract_metadata

    def extract(page: Page) -> Prediction:
        doc = extract_metadata(page.html.decode("utf-8", errors="replace"), default_url=page.url)
        authors = [a for a in (doc.author or "").split(";") if a.strip()]
        return Prediction(doc.title, authors, doc.date)

    return extract


EXTRACTORS = {"mediamon": _mediamon, "trafilatura": _trafilatura}


def _show_misses(field_name: str, pages: list[Page], preds: list[Any]) -> None:
    """Misses on article pages of the tuning split only: the held-back third is never inspected."""
    from benchmarks.splits import is_held_back

    updated_misses = 0
    for page, pred in zip(pages, preds):
        if is_held_back(page.id) or page.page_type != "article":
            continue
        truth = page.truth
        if field_name == "title" and truth.get("title"):
            if normalise_title(pred.title) != normalise_title(truth["title"]):
                print(f"{page.id} title\n  want {truth['title']!r}\n  got  {pred.title!r}")
        elif field_name == "author" and truth.get("author"):
            names = predicted_names(pred.authors or [])
            if name_f1(names, gold_names(truth["author"])) < 1:
                print(f"{page.id} author want {sorted(gold_names(truth['author']))} got {sorted(names)}")
        elif field_name == "date" and truth.get("publish_date"):
            if not same_day(pred.published, truth["publish_date"]):
                source = getattr(pred, "published_source", None)
                modified = getattr(pred, "modified", None)
                updated = same_day(modified, truth["publish_date"])
                updated_misses += updated
                note = " = the modified date" if updated else ""
                print(f"{page.id} date want {truth['publish_date']} got {pred.published} ({source}), "
                      f"modified {modified}{note}")
    if field_name == "date":
        print(f"{updated_misses} date misses are the page's modified (\"Updated\") date")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="WCXB directory")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), help="score one extractor")
    parser.add_argument("--show-misses", choices=FIELDS, help="list tuning-split article misses of a field")
    parser.add_argument("--limit", type=int, help="score only the first N pages")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from benchmarks.splits import SPLITS, split_name

    try:
        pages = load_pages(args.data, args.limit)
    except (OSError, ValueError) as exc:
        parser.error(f"cannot read WCXB at {args.data} (ground-truth/*.json, html/*.html.gz): {exc}")
    print(f"{len(pages)} pages from {args.data}")
    print(f"{'extractor':<12} {'split':<10} {'pages':<8} {'title exact':>17} {'author F1':>17} {'same day':>17}")
    for name in [args.only] if args.only else list(EXTRACTORS):
        try:
            extract = EXTRACTORS[name]()
        except ImportError as exc:
            print(f"{name:<12} not installed ({exc.name}): pip install -e '.[bench]'")
            continue
        preds = []
        for page in pages:
            try:
                preds.append(extract(page))
            except Exception as exc:  # an extractor crash costs that page, not the run
                print(f"{name}: {page.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
                preds.append(Prediction())
        for split in SPLITS:
            for kind in ("article", "all"):
                chosen = [
                    (page.truth, pred)
                    for page, pred in zip(pages, preds)
                    if split in ("all", split_name(page.id)) and kind in ("all", page.page_type)
                ]
                scores = score_metadata(chosen)
                cells = [
                    f"{s['score']:.3f} ({s['predicted']:>3}/{s['annotated']:>3})" for s in (scores[f] for f in FIELDS)
                ]
                print(f"{name:<12} {split:<10} {kind:<8} {cells[0]:>17} {cells[1]:>17} {cells[2]:>17}")
        if args.show_misses and name == "mediamon":
            _show_misses(args.show_misses, pages, preds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
