"""The extraction development sets and each one's own metric.

Two sets live in ``../shared/benchmarks/``:

- ``article-extraction`` (ScrapingHub, 181 news and blog pages): 4-word shingles over ``\\w+`` tokens
  with multiset counts; precision is averaged over pages whose prediction has a shingle, recall over
  pages whose truth has one, F1 is the harmonic mean of the two means.
- ``wcxb-dev`` (WCXB, 1,497 modern pages of seven types): per-page word F1 over lower-cased ``\\w+``
  tokens (bag of words, an empty prediction scores 0), averaged over pages; plus the share of the
  page's ``with`` snippets found and of its ``without`` snippets leaked (case-insensitive substrings
  of the whitespace-normalised text).

Every page carries its split (``benchmarks.splits``): tuning or held-back.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.splits import split_name

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks"
SCRAPINGHUB = "scrapinghub"
WCXB = "wcxb"
SET_DIRS = {SCRAPINGHUB: SHARED / "article-extraction", WCXB: SHARED / "wcxb-dev"}
INDEX_TYPES = ("collection", "listing")  # annotated types that must not be stored as articles
_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass
class Doc:
    id: str
    url: str
    html: bytes
    truth: str
    page_type: str = "article"  # the set's annotation; every ScrapingHub page is an article
    with_snippets: list[str] = field(default_factory=list)
    without_snippets: list[str] = field(default_factory=list)
    meta: dict[str, str | None] = field(default_factory=dict)  # annotated title, author, publish_date

    @property
    def split(self) -> str:
        return split_name(self.id)


def load_scrapinghub(data: Path) -> list[Doc]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    docs = []
    for doc_id, item in sorted(truth.items()):
        raw = gzip.decompress((data / "html" / f"{doc_id}.html.gz").read_bytes())
        docs.append(Doc(doc_id, item.get("url", ""), raw, item.get("articleBody", "")))
    return docs


def load_wcxb(data: Path) -> list[Doc]:
    """The pages that have a main text; ``category`` counts as ``collection`` (the README's rule)."""
    docs = []
    for path in sorted((data / "ground-truth").glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        truth = item.get("ground_truth") or {}
        if not truth.get("main_content"):
            continue
        page_type = item["_internal"]["page_type"]["primary"]
        doc_id = path.name.split(".")[0]
        docs.append(
            Doc(
                doc_id,
                item.get("url", ""),
                gzip.decompress((data / "html" / f"{doc_id}.html.gz").read_bytes()),
                truth["main_content"],
                "collection" if page_type == "category" else page_type,
                list(truth.get("with") or []),
                list(truth.get("without") or []),
                {key: truth.get(key) for key in ("title", "author", "publish_date")},
            )
        )
    return docs


LOADERS = {SCRAPINGHUB: load_scrapinghub, WCXB: load_wcxb}


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of ``size``-token shingles; a text shorter than ``size`` tokens is one shingle."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_scores(prediction: str, truth: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page in shingles; None where the side's shingle set is empty."""
    pred, gold = shingles(prediction), shingles(truth)
    tp = sum((pred & gold).values())
    precision = tp / sum(pred.values()) if pred else None
    recall = tp / sum(gold.values()) if gold else None
    return precision, recall


def corpus_scores(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """Mean shingle precision, mean recall and their harmonic mean over (prediction, truth) pairs."""
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


def word_scores(prediction: str, truth: str) -> tuple[float, float, float]:
    """WCXB's per-page (precision, recall, F1) over lower-cased word bags; empty scores 0."""
    pred = Counter(_TOKEN.findall((prediction or "").lower()))
    gold = Counter(_TOKEN.findall(truth.lower()))
    overlap = sum((pred & gold).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(gold.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def snippet_hits(prediction: str, snippets: list[str]) -> int:
    """How many snippets occur in the prediction (case-insensitive, whitespace-normalised)."""
    text = _SPACE.sub(" ", (prediction or "").lower())
    return sum(1 for s in snippets if _SPACE.sub(" ", s.lower()).strip() in text)
