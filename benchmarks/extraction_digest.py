"""Digest of mediamon's extraction output on both development sets, and its extraction CPU time.

    python benchmarks/extraction_digest.py [--sets scrapinghub wcxb] [--out FILE] [--compare FILE]
                                           [--repeats N]

For speed work that must not change any output: ``--out`` writes every ``Article`` field of every
page (one JSON object per page, keyed by set and page id); ``--compare`` reads such a file and
lists the pages whose fields differ now, exiting non-zero when any does. Either way it prints the
CPU seconds (``time.process_time``, extraction calls only, so that the load of a shared machine
weighs less than in wall-clock docs/s) per set: the best of ``--repeats`` runs over all its pages.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.extraction_sets import LOADERS, SCRAPINGHUB, SET_DIRS, WCXB, Doc  # noqa: E402
from parsers.article.extract import extract_article  # noqa: E402
from parsers.records import Article  # noqa: E402

Digest = dict[str, dict[str, object]]  # "set/page id" -> Article fields


def article_fields(article: Article) -> dict[str, object]:
    """Every field of ``article`` as JSON values; datetimes in ISO form with their offset."""
    return {
        name: value.isoformat() if isinstance(value, datetime) else value
        for name, value in dataclasses.asdict(article).items()
    }


def timed_extraction(docs: list[Doc], repeats: int) -> tuple[list[Article], float]:
    """The articles of ``docs`` and the best CPU seconds of ``repeats`` runs over them."""
    best = float("inf")
    articles: list[Article] = []
    for _ in range(max(1, repeats)):
        articles, seconds = [], 0.0
        for doc in docs:
            start = time.process_time()
            article = extract_article(doc.html, doc.url)
            seconds += time.process_time() - start
            articles.append(article)
        best = min(best, seconds)
    return articles, best


def differences(expected: Digest, actual: Digest) -> list[str]:
    """One line per page (of those in ``actual``) whose fields differ from ``expected``."""
    lines = []
    for key, fields in actual.items():
        before = expected.get(key)
        if before is None:
            lines.append(f"{key}: not in the digest compared with")
            continue
        changed = sorted(name for name in fields.keys() | before.keys() if fields.get(name) != before.get(name))
        if changed:
            shown = "; ".join(f"{n}: {str(before.get(n))[:60]!r} -> {str(fields.get(n))[:60]!r}" for n in changed)
            lines.append(f"{key}: {shown}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", choices=sorted(LOADERS), default=[SCRAPINGHUB, WCXB])
    parser.add_argument("--out", type=Path, help="write the digest to this file")
    parser.add_argument("--compare", type=Path, help="list the pages whose output differs from this digest")
    parser.add_argument("--repeats", type=int, default=1, help="runs per set; the best CPU time is shown")
    args = parser.parse_args(argv)
    digest: Digest = {}
    for set_name in args.sets:
        docs = LOADERS[set_name](SET_DIRS[set_name])
        articles, seconds = timed_extraction(docs, args.repeats)
        for doc, article in zip(docs, articles):
            digest[f"{set_name}/{doc.id}"] = article_fields(article)
        print(f"{set_name:<12} {len(docs):>5} pages  {seconds:7.2f} CPU s  {len(docs) / seconds:7.1f} docs/CPU s")
    if args.out:
        args.out.write_text(json.dumps(digest, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    if args.compare:
        lines = differences(json.loads(args.compare.read_text(encoding="utf-8")), digest)
        for line in lines:
            print(line)
        print(f"{len(lines)} of {len(digest)} pages differ from {args.compare}")
        return 1 if lines else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
