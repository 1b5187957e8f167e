"""Re-score mediamon's page classes in about a second after a change to ``parsers/article/classify.py``.

    python benchmarks/page_classes.py save [--cache FILE]   # one extraction pass (about a minute of CPU)
    python benchmarks/page_classes.py score [--cache FILE]  # classify the saved pages again

``save`` runs the extractor once over both development sets and keeps what ``classify_page`` was
given on each page (its blocks and teaser counts, the article text found, URL, title, types, offer
cards) with the class it returned. ``score`` classifies those inputs again with the current code and
prints, per split, issue #12's figures (WCXB articles stored, collection and listing pages stored,
ScrapingHub articles stored), the (annotated type, class) pairs that moved, and the tuning pages
whose class changed. Held-back pages are counted, never listed (``benchmarks/splits.py``).

The saved inputs hold while nothing before classification changes: save again after any other parser
change, and confirm a kept change with ``benchmarks/extraction.py``.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.extraction_sets import INDEX_TYPES, LOADERS, SCRAPINGHUB, SET_DIRS, WCXB, Doc  # noqa: E402
from benchmarks.splits import SPLITS  # noqa: E402
from parsers.article import classify, extract  # noqa: E402
from parsers.article.text.html_blocks import Page  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "mediamon-page-classes.pickle"
Inputs = tuple[Page, str, dict[str, Any]]  # classify_page's page, text and keyword arguments


@dataclass
class Case:
    """One page: its set, split and annotated type, the class it got when saved and the inputs."""

    id: str
    set: str
    split: str
    page_type: str
    saved: str
    inputs: Inputs | None  # None: the page never reached classification (unparseable, binary)


def save_cases(sets: Iterable[tuple[str, list[Doc]]]) -> list[Case]:
    """Extract every page once, recording ``classify_page``'s inputs (containers left out: the
    classifier reads only the blocks and teaser counts of the page)."""
    seen: dict[str, Inputs] = {}

    def recording(page: Page, text: str, **kwargs: Any) -> str:
        kept = Page(blocks=page.blocks, teasers=page.teasers, teaser_prose=page.teaser_prose)
        seen["inputs"] = (kept, text, kwargs)
        return classify.classify_page(page, text, **kwargs)

    cases = []
    with mock.patch.object(extract, "classify_page", recording):
        for set_name, docs in sets:
            for doc in docs:
                seen.clear()
                article = extract.extract_article(doc.html, doc.url)
                cases.append(Case(doc.id, set_name, doc.split, doc.page_type, article.page_type, seen.get("inputs")))
    return cases


def write_cases(path: Path, cases: list[Case]) -> None:
    """Plain dicts, so the file reads back whichever module name this script ran under."""
    path.write_bytes(pickle.dumps([vars(case) for case in cases]))


def read_cases(path: Path) -> list[Case]:
    return [Case(**fields) for fields in pickle.loads(path.read_bytes())]


def rescore(cases: list[Case]) -> list[str]:
    """Each page's class by the current ``classify_page``."""
    classes = []
    for case in cases:
        if case.inputs is None:
            classes.append(case.saved)
        else:
            page, text, kwargs = case.inputs
            classes.append(classify.classify_page(page, text, **kwargs))
    return classes


def _stored(pairs: list[tuple[Case, str]], keep: Callable[[Case], bool]) -> str:
    """"stored/total" of the pages ``keep`` picks: how many of them are classed ``article``."""
    chosen = [page_class for case, page_class in pairs if keep(case)]
    return f"{sum(1 for c in chosen if c == 'article')}/{len(chosen)}"


def report(cases: list[Case], classes: list[str]) -> list[str]:
    """Lines of figures per split; pages listed only when they are tuning pages."""
    lines = []
    for split in SPLITS:
        pairs = [(case, c) for case, c in zip(cases, classes) if split in ("all", case.split)]
        for label, shown in (("saved", [(case, case.saved) for case, _ in pairs]), ("now", pairs)):
            articles = _stored(shown, lambda c: c.set == WCXB and c.page_type == "article")
            listings = _stored(shown, lambda c: c.set == WCXB and c.page_type in INDEX_TYPES)
            lines.append(
                f"{split:<10} {label:<5} wcxb articles stored {articles}  collection+listing stored {listings}"
                f"  scrapinghub stored {_stored(shown, lambda c: c.set == SCRAPINGHUB)}"
            )
        moved = Counter((case.set, case.page_type, case.saved, c) for case, c in pairs if c != case.saved)
        lines.extend(f"{split:<10} moved {s} {t}: {old} -> {new}: {n}" for (s, t, old, new), n in sorted(moved.items()))
    lines.extend(
        f"tuning page {case.set} {case.id} {case.page_type}: {case.saved} -> {c}"
        for case, c in zip(cases, classes)
        if case.split == "tuning" and c != case.saved
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("save", "score"))
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    if args.action == "save":
        cases = save_cases((name, LOADERS[name](SET_DIRS[name])) for name in (SCRAPINGHUB, WCXB))
        write_cases(args.cache, cases)
        print(f"{args.cache}: {len(cases)} pages")
        return 0
    if not args.cache.exists():
        parser.error(f"{args.cache} does not exist: run 'save' first")
    cases = read_cases(args.cache)
    print("\n".join(report(cases, rescore(cases))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
