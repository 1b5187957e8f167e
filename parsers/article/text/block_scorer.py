"""A small learned scorer for the link-heavy blocks of the chosen container: article text or not?

``content.block_verdicts`` drops a block that is mostly link text (``is_link_list``): menus, tag
rows, related-story rails. Some such blocks are the article's own: a list item naming a source
with its link, a linked subheading, a line of the story whose words are all one link. This model
sees such a block with the features the walk already has (length, link and own text, tag, shape,
position in the container, its neighbours, the length of its run of link lines) and gives the
probability that it is article text. It is a logistic regression, trained by
``benchmarks/train_block_scorer.py`` on the tuning pages of the development sets; its weights are
``block_scorer.json`` beside this module, read once.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from parsers.article.text.html_blocks import HEADING_TAGS, Block

MODEL_PATH = Path(__file__).with_name("block_scorer.json")
SCORED_VERDICT = "link-list"  # the rule whose blocks the model judges again
_PARAGRAPH_CHARS = 100
# Link lines in a longer run than this are a hub or a directory; shorter runs are as often the
# article's own lists (sources, contents, steps) as menus.
_LONG_RUN = 20
_SENTENCE_END = (".", "!", "?", '"', "”", "»", ")", ":", "…")
FEATURES = (
    "bias",
    "log_chars",
    "log_own_chars",
    "link_density",
    "heading",
    "list_item",
    "table_cell",
    "paragraph_tag",
    "sentence_end",
    "in_teaser",
    "digit_share",
    "position",
    "prev_paragraph",
    "next_paragraph",
    "prev_kept",
    "next_kept",
    "long_link_run",
)


def _paragraph_like(block: Block) -> bool:
    return len(block.text) >= _PARAGRAPH_CHARS and block.link_density < 0.3


def scored_blocks(blocks: list[Block], verdicts: list[str | None]) -> list[tuple[int, list[float]]]:
    """(index, feature vector in ``FEATURES`` order) of every block of a container whose rule
    verdict (``verdicts``, None: kept) is ``SCORED_VERDICT``.

    A run of link lines counts as a whole: a list of a few linked sources between paragraphs is
    unlike sixty links in a row, which make a hub.
    """
    found = []
    run = 0
    for index, verdict in enumerate(verdicts):
        if verdict != SCORED_VERDICT:
            continue
        if not index or verdicts[index - 1] != SCORED_VERDICT:
            end = index
            while end < len(verdicts) and verdicts[end] == SCORED_VERDICT:
                end += 1
            run = end - index
        found.append((index, _features(blocks, verdicts, index, run)))
    return found


def _features(blocks: list[Block], verdicts: list[str | None], index: int, run: int) -> list[float]:
    block = blocks[index]
    text = block.text
    length = len(text)
    tag = block.tag
    n = len(blocks)
    prev_block = blocks[index - 1] if index else None
    next_block = blocks[index + 1] if index + 1 < n else None
    digits = sum(ch.isdigit() for ch in text) / length if length else 0.0
    return [
        1.0,
        math.log1p(length) / 8.0,
        math.log1p(length - block.link_chars) / 8.0,
        block.link_density,
        float(tag in HEADING_TAGS),
        float(tag == "li"),
        float(tag in ("td", "th", "tr")),
        float(tag == "p"),
        float(text.endswith(_SENTENCE_END)),
        float(block.in_teaser),
        digits,
        index / n,
        float(prev_block is not None and _paragraph_like(prev_block)),
        float(next_block is not None and _paragraph_like(next_block)),
        float(index > 0 and verdicts[index - 1] is None),
        float(index + 1 < n and verdicts[index + 1] is None),
        float(run > _LONG_RUN),
    ]


@lru_cache(maxsize=1)
def load_weights(path: Path = MODEL_PATH) -> tuple[float, ...]:
    """The shipped weights, in ``FEATURES`` order (checked against the file's feature names)."""
    model = json.loads(path.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        raise ValueError(f"{path.name} was trained on other features: retrain it")
    return tuple(model["weights"])


def probability(features: list[float], weights: tuple[float, ...]) -> float:
    """The model's probability that the block is article text."""
    z = sum(w * x for w, x in zip(weights, features))
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))
