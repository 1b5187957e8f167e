"""Score article extractors on both extraction development sets, each with its own metric.

    python benchmarks/extraction.py [--sets scrapinghub wcxb] [--only mediamon]
                                    [--peer-cache DIR] [--show-worst N]

For each set (see ``benchmarks/extraction_sets.py`` for the sets and metrics) it prints mediamon,
trafilatura and readability-lxml side by side on all pages, the tuning pages and the held-back
third (``benchmarks/splits.py``); on WCXB also per page type, and the confusion table of
mediamon's page classes against the annotated page types. docs/s counts extraction time only, in
this single process, the extractors taking turns page by page. Title/author/date figures come
from ``benchmarks/metadata.py`` when present. Peers run fresh by default; ``--peer-cache DIR`` keeps their outputs and
times (keyed by version) so that mediamon can be re-measured quickly, and says so in the output.
trafilatura and readability-lxml are imported lazily: they are benchmark extras, not runtime
dependencies of mediamon.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.extraction_sets import (  # noqa: E402
    INDEX_TYPES,
    LOADERS,
    SCRAPINGHUB,
    SET_DIRS,
    WCXB,
    Doc,
    corpus_scores,
    page_scores,
    shingles,
    snippet_hits,
    word_scores,
)
from benchmarks.splits import SPLITS  # noqa: E402

__all__ = ["corpus_scores", "main", "page_scores", "shingles", "snippet_hits", "word_scores"]

MEDIAMON = "mediamon"


@dataclass
class Output:
    """One extractor's output on one page: its text; mediamon's page class and metadata."""

    text: str
    page_type: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    paywalled: bool = False


@dataclass
class Run:
    name: str
    outputs: list[Output]
    seconds: float
    cached: bool = False

    @property
    def docs_per_second(self) -> float:
        return len(self.outputs) / self.seconds if self.seconds else 0.0


def browser_text(raw: bytes) -> str:
    """The page decoded as a browser would: <meta charset>, then UTF-8."""
    from parsers.article.encoding import sniff_meta_charset

    return raw.decode(sniff_meta_charset(raw) or "utf-8", errors="replace")


def _mediamon() -> tuple[str, Callable[[Doc], Output]]:
    from parsers.article.extract import EXTRACTOR_VERSION, extract_article

    def extract(doc: Doc) -> Output:
        article = extract_article(doc.html, doc.url)
        return Output(
            article.text or "", article.page_type, article.title, article.authors, article.published, article.paywalled
        )

    return EXTRACTOR_VERSION, extract


def _trafilatura() -> tuple[str, Callable[[Doc], Output]]:
    import trafilatura

    return trafilatura.__version__, lambda doc: Output(trafilatura.extract(browser_text(doc.html), url=doc.url) or "")


def _readability() -> tuple[str, Callable[[Doc], Output]]:
    from importlib.metadata import version

    from lxml import html as lxml_html
    from readability import Document

    def extract(doc: Doc) -> Output:
        summary = Document(browser_text(doc.html)).summary(html_partial=True)
        # Joined with spaces: text_content() would glue "end.</p><p>Next" into one token.
        return Output(" ".join(lxml_html.fromstring(summary).itertext()) if summary.strip() else "")

    return version("readability-lxml"), extract


EXTRACTORS = {MEDIAMON: _mediamon, "trafilatura": _trafilatura, "readability-lxml": _readability}


def extract_safely(name: str, extract: Callable[[Doc], Output], doc: Doc) -> Output:
    try:
        return extract(doc)
    except Exception as exc:  # an extractor crash costs that page, not the run
        print(f"{name}: {doc.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return Output("")


def run_set(names: list[str], set_name: str, docs: list[Doc], cache: Path | None) -> dict[str, Run]:
    """Every installed extractor's outputs and extraction seconds on one set.

    Extractors take turns page by page, so that a shared machine's changing load weighs on all of
    them alike and their docs/s compare within the run. Peers go through the cache when one is given.
    """
    runs: dict[str, Run] = {}
    fresh: dict[str, tuple[Callable[[Doc], Output], Path | None]] = {}
    for name in names:
        try:
            version, extract = EXTRACTORS[name]()
        except ImportError as exc:  # the comparison extractors are the optional "bench" extras
            print(f"{name:<18} not installed ({exc.name}): pip install -e '.[bench]'")
            continue
        path = cache / f"{name}-{version}-{set_name}.json" if cache and name != MEDIAMON else None
        stored = json.loads(path.read_text(encoding="utf-8")) if path and path.exists() else None
        if stored and set(stored["texts"]) >= {d.id for d in docs}:
            outputs = [Output(stored["texts"][d.id]) for d in docs]
            runs[name] = Run(name, outputs, stored["seconds"] * len(docs) / len(stored["texts"]), cached=True)
        else:
            fresh[name] = (extract, path)
            runs[name] = Run(name, [], 0.0)
    for doc in docs:
        for name, (extract, _) in fresh.items():
            start = time.perf_counter()
            runs[name].outputs.append(extract_safely(name, extract, doc))
            runs[name].seconds += time.perf_counter() - start
    for name, (_, path) in fresh.items():
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            texts = {d.id: o.text for d, o in zip(docs, runs[name].outputs)}
            path.write_text(json.dumps({"seconds": runs[name].seconds, "texts": texts}), encoding="utf-8")
    return runs


def in_split(doc: Doc, split: str) -> bool:
    return split == "all" or doc.split == split


def scrapinghub_row(run_: Run, docs: list[Doc], split: str) -> str:
    pairs = [(o.text, d.truth) for o, d in zip(run_.outputs, docs) if in_split(d, split)]
    p, r, f1 = corpus_scores(pairs)
    empty = sum(1 for text, _ in pairs if not shingles(text))
    return f"{p:>6.3f} {r:>6.3f} {f1:>6.3f} {empty:>5}"


@dataclass
class WordFigures:
    pages: int
    precision: float
    recall: float
    f1: float
    with_found: float
    without_leaked: float
    empty: int


def word_figures(outputs: list[Output], docs: list[Doc]) -> WordFigures:
    """WCXB's figures over some pages: mean word P/R/F1, snippet rates, empty outputs."""
    scores = [word_scores(o.text, d.truth) for o, d in zip(outputs, docs)]
    n = len(scores) or 1
    with_total = sum(len(d.with_snippets) for d in docs) or 1
    without_total = sum(len(d.without_snippets) for d in docs) or 1
    return WordFigures(
        len(scores),
        sum(s[0] for s in scores) / n,
        sum(s[1] for s in scores) / n,
        sum(s[2] for s in scores) / n,
        sum(snippet_hits(o.text, d.with_snippets) for o, d in zip(outputs, docs)) / with_total,
        sum(snippet_hits(o.text, d.without_snippets) for o, d in zip(outputs, docs)) / without_total,
        sum(1 for o in outputs if not o.text.strip()),
    )


def select(run_: Run, docs: list[Doc], keep: Callable[[Doc], bool]) -> tuple[list[Output], list[Doc]]:
    pairs = [(o, d) for o, d in zip(run_.outputs, docs) if keep(d)]
    return [o for o, _ in pairs], [d for _, d in pairs]


def report_scrapinghub(runs: list[Run], docs: list[Doc]) -> None:
    print(f"{'split':<10} {'extractor':<17} {'P':>6} {'R':>6} {'F1':>6} {'empty':>5}  (shingle metric)")
    for split in SPLITS:
        for run_ in runs:
            print(f"{split:<10} {run_.name:<17} {scrapinghub_row(run_, docs, split)}")


def report_wcxb(runs: list[Run], docs: list[Doc]) -> None:
    print(f"{'pages':<24} {'extractor':<17} {'n':>4} {'P':>6} {'R':>6} {'F1':>6} {'with':>6} {'w/out':>6} {'empty':>5}")
    types = sorted(Counter(d.page_type for d in docs), key=lambda t: (t != "article", t))
    groups = [(f"all types / {s}", lambda d, s=s: in_split(d, s)) for s in SPLITS]
    groups += [
        (f"{t} / {s}", lambda d, t=t, s=s: d.page_type == t and in_split(d, s))
        for t in types
        for s in (SPLITS if t == "article" else ("all",))
    ]
    for label, keep in groups:
        for run_ in runs:
            f = word_figures(*select(run_, docs, keep))
            print(
                f"{label:<24} {run_.name:<17} {f.pages:>4} {f.precision:>6.3f} {f.recall:>6.3f} {f.f1:>6.3f} "
                f"{f.with_found:>6.3f} {f.without_leaked:>6.3f} {f.empty:>5}"
            )


def report_classes(run_: Run, docs: list[Doc]) -> None:
    """Confusion table: annotated page type (rows) against mediamon's page class (columns), and
    how many of the pages stored as articles were flagged paywalled teasers."""
    from parsers.records import PAGE_TYPES

    table: Counter[tuple[str, str]] = Counter((d.page_type, o.page_type or "-") for o, d in zip(run_.outputs, docs))
    teasers = Counter(d.page_type for o, d in zip(run_.outputs, docs) if o.page_type == "article" and o.paywalled)
    types = sorted({d.page_type for d in docs}, key=lambda t: (t != "article", t))
    print("page classes: annotated type (rows) x mediamon class (columns), all splits")
    print(f"{'':<14}" + "".join(f"{c:>10}" for c in PAGE_TYPES) + f"{'stored':>9}{'paywalled':>10}")
    for t in types:
        row = [table[(t, c)] for c in PAGE_TYPES]
        total = sum(row) or 1
        print(f"{t:<14}" + "".join(f"{n:>10}" for n in row) + f"{row[0] / total:>9.3f}{teasers[t]:>10}")


def stored_share(run_: Run, docs: list[Doc], keep: Callable[[Doc], bool]) -> tuple[int, int]:
    outputs, kept = select(run_, docs, keep)
    return sum(1 for o in outputs if o.page_type == "article"), len(kept)


def report_targets(runs: dict[str, dict[str, Run]], docs: dict[str, list[Doc]]) -> None:
    """The issue's text, class and speed targets, per split."""
    print("\n== targets ==")
    mediamon = {s: r[MEDIAMON] for s, r in runs.items() if MEDIAMON in r}
    for split in SPLITS:
        line = [f"{split:<10}"]
        if WCXB in mediamon:
            wcxb, wdocs = mediamon[WCXB], docs[WCXB]
            articles = select(wcxb, wdocs, lambda d: d.page_type == "article" and in_split(d, split))
            line.append(f"wcxb article F1 {word_figures(*articles).f1:.3f} (>=0.945)")
            kept, total = stored_share(wcxb, wdocs, lambda d: d.page_type == "article" and in_split(d, split))
            line.append(f"articles stored {kept}/{total}={kept / (total or 1):.3f} (>=0.99)")
            kept, total = stored_share(wcxb, wdocs, lambda d: d.page_type in INDEX_TYPES and in_split(d, split))
            line.append(f"collection+listing stored {kept}/{total}={kept / (total or 1):.3f} (<=0.15)")
        if SCRAPINGHUB in mediamon:
            sh = mediamon[SCRAPINGHUB]
            pairs = [(o.text, d.truth) for o, d in zip(sh.outputs, docs[SCRAPINGHUB]) if in_split(d, split)]
            line.append(f"scrapinghub F1 {corpus_scores(pairs)[2]:.3f} (>=0.975)")
        print("  ".join(line))
    for set_name, set_runs in runs.items():
        peer = set_runs.get("trafilatura")
        if MEDIAMON in set_runs and peer and peer.docs_per_second:
            ratio = set_runs[MEDIAMON].docs_per_second / peer.docs_per_second
            print(f"{set_name}: mediamon docs/s = {ratio:.2f} x trafilatura (>=2){' [peer time cached]' if peer.cached else ''}")
    report_metadata(runs.get(WCXB, {}).get(MEDIAMON), docs.get(WCXB, []))


def report_metadata(run_: Run | None, docs: list[Doc], module_path: Path = REPO / "benchmarks" / "metadata.py") -> None:
    """Title exact, author F1 and published same day on the WCXB article pages, per split.

    The scoring is ``benchmarks/metadata.py``'s ``score_metadata`` (the metadata benchmark owns it);
    without that file the line says so.
    """
    if run_ is None:
        return
    if not module_path.exists():
        print(f"metadata (title exact, author F1, published same day): {module_path.name} not present")
        return
    spec = importlib.util.spec_from_file_location("benchmark_metadata", module_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    for split in SPLITS:
        outputs, kept = select(run_, docs, lambda d: d.page_type == "article" and in_split(d, split))
        scores = module.score_metadata((d.meta, o) for o, d in zip(outputs, kept))
        shown = "  ".join(
            f"{label} {scores[key]['score']:.3f} (n={scores[key]['annotated']}, >={target})"
            for key, label, target in (("title", "title exact", 0.90), ("author", "author F1", 0.90), ("date", "published same day", 0.99))
        )
        print(f"{split:<10} metadata: {shown}")


def print_worst(run_: Run, docs: list[Doc], set_name: str, count: int) -> None:
    """The tuning pages with the lowest scores, for error analysis (held-back pages are not listed)."""
    scored = []
    for output, doc in zip(run_.outputs, docs):
        if doc.split != "tuning":
            continue
        if set_name == WCXB:
            score = word_scores(output.text, doc.truth)
            scored.append((score[2], f"P={score[0]:.2f} R={score[1]:.2f}", output, doc))
        else:
            p, r = page_scores(output.text, doc.truth)
            shown = ["-" if x is None else f"{x:.2f}" for x in (p, r)]
            scored.append(((p or 0.0) + (r or 0.0), f"P={shown[0]} R={shown[1]}", output, doc))
    scored.sort(key=lambda item: item[0])
    for _, shown, output, doc in scored[:count]:
        print(f"  {shown} {doc.id[:12]} {doc.page_type}->{output.page_type} {doc.url}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", choices=sorted(LOADERS), default=[SCRAPINGHUB, WCXB])
    parser.add_argument("--only", choices=sorted(EXTRACTORS), help="score one extractor")
    parser.add_argument("--peer-cache", type=Path, help="reuse/keep the peers' outputs in this folder")
    parser.add_argument("--show-worst", type=int, default=0, metavar="N", help="list mediamon's N worst tuning pages")
    args = parser.parse_args(argv)
    names = [args.only] if args.only else list(EXTRACTORS)
    runs: dict[str, dict[str, Run]] = {}
    docs: dict[str, list[Doc]] = {}
    for set_name in args.sets:
        try:
            docs[set_name] = LOADERS[set_name](SET_DIRS[set_name])
        except (OSError, ValueError, KeyError) as exc:
            parser.error(f"cannot read the {set_name} set at {SET_DIRS[set_name]}: {exc}")
        set_docs = docs[set_name]
        held = sum(1 for d in set_docs if d.split == "held-back")
        print(f"\n== {set_name}: {len(set_docs)} pages ({held} held back) from {SET_DIRS[set_name]} ==")
        runs[set_name] = run_set(names, set_name, set_docs, args.peer_cache)
        for name, result in runs[set_name].items():
            cached = " (cached outputs and time)" if result.cached else ""
            print(f"{name:<18} {result.docs_per_second:>7.1f} docs/s{cached}")
        set_runs = list(runs[set_name].values())
        (report_wcxb if set_name == WCXB else report_scrapinghub)(set_runs, set_docs)
        if MEDIAMON in runs[set_name]:
            if set_name == WCXB:
                report_classes(runs[set_name][MEDIAMON], set_docs)
            if args.show_worst:
                print_worst(runs[set_name][MEDIAMON], set_docs, set_name, args.show_worst)
    report_targets(runs, docs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
