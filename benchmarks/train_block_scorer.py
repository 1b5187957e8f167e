"""Train the learned block scorer (``parsers/article/text/block_scorer.py``) and write its weights.

    python benchmarks/train_block_scorer.py [--out parsers/article/text/block_scorer.json]

Training pages: the *tuning* pages of both development sets (``benchmarks/splits.py``), never the
held-back third: every ScrapingHub page and the WCXB ``article`` pages (the other WCXB types
annotate listings, products and threads, whose main text is not an article's). Each page goes
through mediamon's own steps up to the chosen container; every block of that container that the rules
drop as mostly link text (``block_scorer.scored_blocks``) is one example.

Label: the share of the block's 4-word shingles found in the page's annotated text (a soft label
in 0..1); a block of fewer than four words is 1 when it is a line of the annotated text of its own
(a heading, a list item), since one or two words ("Home", "News") occur in most texts. Each example weighs its word count (capped), since the metrics count words.

Model: L2-regularised logistic regression fitted by Newton's method in plain Python (the runtime
has no numpy), from zero weights, a fixed number of steps: the same pages give the same file.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.extraction_sets import LOADERS, SCRAPINGHUB, SET_DIRS, WCXB, Doc  # noqa: E402
from parsers.article.text.block_scorer import FEATURES, MODEL_PATH, scored_blocks  # noqa: E402
from parsers.article.text.content import block_verdicts, container_blocks, select_container  # noqa: E402
from parsers.article.encoding import decode_html  # noqa: E402
from parsers.article.text.html_blocks import parse_html, walk  # noqa: E402
from parsers.article.metadata.extract import extract_metadata  # noqa: E402

_TOKEN = re.compile(r"\w+")
_SHINGLE = 4
_MAX_WEIGHT = 100.0  # words; a long block counts, but does not drown the short ones
_L2 = 1.0
_NEWTON_STEPS = 12
Example = tuple[list[float], float, float]  # features, label, weight


def training_docs() -> list[Doc]:
    """The tuning pages the scorer learns from (see the module docstring)."""
    docs = [d for d in LOADERS[SCRAPINGHUB](SET_DIRS[SCRAPINGHUB]) if d.split == "tuning"]
    docs += [d for d in LOADERS[WCXB](SET_DIRS[WCXB]) if d.split == "tuning" and d.page_type == "article"]
    return docs


def block_label(text: str, gold_shingles: set[tuple[str, ...]], gold_lines: set[tuple[str, ...]]) -> tuple[float, int]:
    """(label, word count) of one block against the annotated text's shingles and lines."""
    tokens = _TOKEN.findall(text.lower())
    if len(tokens) < _SHINGLE:
        return float(tuple(tokens) in gold_lines), len(tokens)
    shingles = [tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1)]
    return sum(s in gold_shingles for s in shingles) / len(shingles), len(tokens)


def page_examples(doc: Doc) -> list[Example]:
    """The examples of one page: the link-heavy blocks of the container mediamon chooses."""
    root = parse_html(decode_html(doc.html, None))
    if root is None:
        return []
    titles = extract_metadata(root, doc.url).title_variants
    page = walk(root)
    container = select_container(page, titles)
    blocks = container_blocks(page, container)
    verdicts = block_verdicts(page, container, titles=titles)
    gold = _TOKEN.findall(doc.truth.lower())
    gold_shingles = {tuple(gold[i : i + _SHINGLE]) for i in range(len(gold) - _SHINGLE + 1)}
    gold_lines = {tuple(_TOKEN.findall(line.lower())) for line in doc.truth.splitlines()}
    examples = []
    for i, features in scored_blocks(blocks, verdicts):
        label, words = block_label(blocks[i].text, gold_shingles, gold_lines)
        if words:
            examples.append((features, label, min(float(words), _MAX_WEIGHT)))
    return examples


def fit(examples: list[Example], steps: int = _NEWTON_STEPS, l2: float = _L2) -> list[float]:
    """Weighted, L2-regularised logistic regression (the bias unpenalised) by Newton's method."""
    size = len(FEATURES)
    weights = [0.0] * size
    for _ in range(steps):
        gradient = [l2 * w for w in weights]
        hessian = [[l2 if i == j else 0.0 for j in range(size)] for i in range(size)]
        gradient[0] = hessian[0][0] = 0.0
        for x, y, weight in examples:
            z = sum(w * v for w, v in zip(weights, x))
            p = 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))
            residual = weight * (p - y)
            curvature = weight * p * (1.0 - p)
            active = [(i, v) for i, v in enumerate(x) if v]
            for i, v in active:
                gradient[i] += residual * v
                row = hessian[i]
                cv = curvature * v
                for j, u in active:
                    row[j] += cv * u
        hessian[0][0] += 1e-9
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step)]
    return weights


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """x with matrix @ x = vector (Gaussian elimination with partial pivoting; small and dense)."""
    size = len(vector)
    rows = [row[:] + [value] for row, value in zip(matrix, vector)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        if abs(rows[col][col]) < 1e-12:
            continue  # a feature that never fires: its weight stays
        for r in range(size):
            if r != col and rows[r][col]:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    return [rows[i][size] / rows[i][i] if abs(rows[i][i]) >= 1e-12 else 0.0 for i in range(size)]


def train(docs: list[Doc]) -> dict[str, object]:
    """The model file's content for these training pages."""
    examples = [example for doc in docs for example in page_examples(doc)]
    weights = fit(examples)
    return {
        "model": "logistic regression over the link-heavy blocks of the chosen container",
        "trained_on": "tuning pages of article-extraction (ScrapingHub) and wcxb-dev articles",
        "pages": len(docs),
        "examples": len(examples),
        "features": list(FEATURES),
        "weights": [round(w, 4) for w in weights],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    model = train(training_docs())
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {model['examples']} blocks of {model['pages']} pages")
    for name, weight in zip(model["features"], model["weights"]):
        print(f"  {name:<22} {weight:+.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
