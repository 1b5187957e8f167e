"""Score article extractors on the article-extraction benchmark (development set).

    python benchmarks/extraction.py [--data DIR] [--only mediamon] [--show-worst N]

The metric is the benchmark's own (see its README.md): 4-word shingles over ``\\w+`` tokens with
multiset counts; precision is averaged over pages whose prediction has a shingle, recall over
pages whose truth has one, F1 is the harmonic mean of the two means. docs/s counts extraction
time only, in this single process. trafilatura and readability-lxml are imported lazily: they are
benchmark extras, not runtime dependencies of mediamon.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "benchmarks" / "article-extraction"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of ``size``-token shingles; a text shorter than ``size`` tokens is one shingle."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_scores(prediction: str, truth: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; None where the side's shingle set is empty."""
    pred, gold = shingles(prediction), shingles(truth)
    tp = sum((pred & gold).values())
    precision = tp / sum(pred.values()) if pred else None
    recall = tp / sum(gold.values()) if gold else None
    return precision, recall


def corpus_scores(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """Mean precision, mean recall and their harmonic mean over (prediction, truth) pairs."""
    precisions, recalls = [], []
    for prediction, truth in pairs:
        p, r = page_scores(prediction, truth)
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Doc:
    id: str
    url: str
    html: bytes
    truth: str


def load_docs(data: Path) -> list[Doc]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    docs = []
    for doc_id, item in sorted(truth.items()):
        raw = gzip.decompress((data / "html" / f"{doc_id}.html.gz").read_bytes())
        docs.append(Doc(doc_id, item.get("url", ""), raw, item.get("articleBody", "")))
    return docs


def browser_text(raw: bytes) -> str:
    """The page decoded as the README says a browser would: <meta charset>, then UTF-8."""
    from parsers.encoding import sniff_meta_charset

    return raw.decode(sniff_meta_charset(raw) or "utf-8", errors="replace")


def _mediamon() -> Callable[[Doc], str]:
    from parsers.extract import extract_article

    return lambda doc: extract_article(doc.html, doc.url).text


def _trafilatura() -> Callable[[Doc], str]:
    import trafilatura

    return lambda doc: trafilatura.extract(browser_text(doc.html), url=doc.url) or ""


def _readability() -> Callable[[Doc], str]:
    from lxml import html as lxml_html
    from readability import Document

    def extract(doc: Doc) -> str:
        summary = Document(browser_text(doc.html)).summary(html_partial=True)
        # Joined with spaces: text_content() would glue "end.</p><p>Next" into one token.
        return " ".join(lxml_html.fromstring(summary).itertext()) if summary.strip() else ""

    return extract


EXTRACTORS = {"mediamon": _mediamon, "trafilatura": _trafilatura, "readability-lxml": _readability}


def run(name: str, extract: Callable[[Doc], str], docs: list[Doc]) -> tuple[list[str], float]:
    """Predictions for every doc and the extraction time in seconds."""
    predictions, elapsed = [], 0.0
    for doc in docs:
        start = time.perf_counter()
        try:
            predictions.append(extract(doc))
        except Exception as exc:  # an extractor crash costs that page, not the run
            print(f"{name}: {doc.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
            predictions.append("")
        elapsed += time.perf_counter() - start
    return predictions, elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark directory")
    parser.add_argument("--only", choices=sorted(EXTRACTORS), help="score one extractor")
    parser.add_argument("--show-worst", type=int, default=0, metavar="N", help="list the N worst pages")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    try:
        docs = load_docs(args.data)
    except (OSError, ValueError) as exc:
        parser.error(f"cannot read the benchmark at {args.data} (ground-truth.json and html/<id>.html.gz): {exc}")
    names = [args.only] if args.only else list(EXTRACTORS)
    print(f"{len(docs)} pages from {args.data}")
    print(f"{'extractor':<18} {'precision':>9} {'recall':>7} {'F1':>6} {'docs/s':>8}")
    for name in names:
        try:
            extract = EXTRACTORS[name]()
        except ImportError as exc:  # the comparison extractors are the optional "bench" extras
            print(f"{name:<18} not installed ({exc.name}): pip install -e '.[bench]'")
            continue
        predictions, elapsed = run(name, extract, docs)
        p, r, f1 = corpus_scores([(pred, doc.truth) for pred, doc in zip(predictions, docs)])
        print(f"{name:<18} {p:>9.3f} {r:>7.3f} {f1:>6.3f} {len(docs) / elapsed:>8.1f}")
        if args.show_worst:
            print_worst(predictions, docs, args.show_worst)
    return 0


def print_worst(predictions: list[str], docs: list[Doc], count: int) -> None:
    """The pages with the lowest precision + recall, for error analysis."""
    scored = [(page_scores(pred, doc.truth), doc) for pred, doc in zip(predictions, docs)]
    scored.sort(key=lambda item: sum(x or 0.0 for x in item[0]))
    for (precision, recall), doc in scored[:count]:
        shown = ["-" if x is None else f"{x:.2f}" for x in (precision, recall)]
        print(f"  P={shown[0]} R={shown[1]} {doc.id[:12]} {doc.url}")


if __name__ == "__main__":
    raise SystemExit(main())
