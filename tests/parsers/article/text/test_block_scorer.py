"""The learned block scorer: its features, how extraction uses it, and that retraining reproduces it."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

from parsers.article.text import block_scorer, content
from parsers.article.text.block_scorer import FEATURES, load_weights, probability, scored_blocks
from parsers.article.text.content import article_blocks, block_verdicts, container_blocks, scored_article_blocks
from parsers.article.extract import extract_article
from parsers.article.text.html_blocks import parse_html, walk

_REPO = Path(__file__).resolve().parents[4]
_PARAGRAPHS = "".join(
    f"<p>{sentence} It was the council's longest meeting this year, and the vote was close.</p>"
    for sentence in (
        "The city council voted on Tuesday to extend the night bus network to the northern districts.",
        "The new routes will start in March and cost about four million euros a year.",
        "Residents who spoke at the meeting welcomed the decision but asked for weekend buses.",
    )
)
_SHARED = _REPO.parent / "shared" / "benchmarks"



def _page(extra: str) -> str:
    """A news page whose story container holds three paragraphs, then ``extra``."""
    return (
        "<html><head><title>Night buses reach the north</title></head><body><div class='story'>"
        f"<h1>Night buses reach the north</h1>{_PARAGRAPHS}{extra}</div></body></html>"
    )


SOURCES = (
    "<h2>Sources</h2><ul><li><a href='/r'>Transport committee report on night buses, 2026</a></li></ul>"
    "<p>The council will review the routes after a year of service and publish ridership figures.</p>"
)
MENU = "<ul><li><a href='/'>Home</a></li><li><a href='/n'>News</a></li><li><a href='/s'>Sport</a></li></ul>"


def _container(html: str):
    page = walk(parse_html(html))
    container = content.select_container(page)
    return page, container


def _always(probability_of_text: float) -> tuple[float, ...]:
    """Weights of a model that gives every block the same probability (bias only)."""
    bias = math.log(probability_of_text / (1 - probability_of_text))
    return (bias,) + (0.0,) * (len(FEATURES) - 1)


def test_link_list_blocks_are_scored_with_one_value_per_feature_and_their_run_length():
    page, container = _container(_page(SOURCES + MENU))
    blocks = container_blocks(page, container)
    verdicts = block_verdicts(page, container)
    scored = scored_blocks(blocks, verdicts)
    assert [blocks[i].text for i, _ in scored] == ["Transport committee report on night buses, 2026", "Home", "News", "Sport"]
    assert all(len(features) == len(FEATURES) for _, features in scored)
    long_run = FEATURES.index("long_link_run")
    assert [features[long_run] for _, features in scored] == [0.0] * 4
    hub = "<ul>" + "".join(f"<li><a href='/{i}'>Programme {i}</a></li>" for i in range(30)) + "</ul>"
    page, container = _container(_page(hub))
    scored = scored_blocks(container_blocks(page, container), block_verdicts(page, container))
    assert len(scored) == 30 and all(features[long_run] == 1.0 for _, features in scored)


def test_verdicts_name_the_rule_and_keep_what_article_blocks_keeps():
    page, container = _container(_page(MENU + "<p>Share</p>"))
    blocks = container_blocks(page, container)
    verdicts = block_verdicts(page, container, titles=["Night buses reach the north"])
    assert verdicts[0] == "title"
    assert verdicts[-4:] == ["link-list", "link-list", "link-list", "line"]
    kept = article_blocks(page, container, titles=["Night buses reach the north"])
    assert kept == [b for b, v in zip(blocks, verdicts) if v is None]


def test_only_link_list_blocks_are_judged_again(monkeypatch):
    html = _page(MENU + "<p>Share</p>")
    page, container = _container(html)
    titles = ["Night buses reach the north"]
    monkeypatch.setattr(content, "load_weights", lambda: _always(0.99))
    texts = [b.text for b in scored_article_blocks(page, container, titles=titles)]
    assert texts[-3:] == ["Home", "News", "Sport"]  # the model may keep link lines...
    assert "Share" not in texts and titles[0] not in texts  # ...never a boilerplate line or the title
    monkeypatch.setattr(content, "load_weights", lambda: _always(0.01))
    assert scored_article_blocks(page, container, titles=titles) == article_blocks(page, container, titles=titles)


def _link_list_scores(html: str) -> dict[str, float]:
    page, container = _container(html)
    blocks = container_blocks(page, container)
    verdicts = block_verdicts(page, container)
    return {blocks[i].text: probability(features, load_weights()) for i, features in scored_blocks(blocks, verdicts)}


def test_shipped_model_rates_a_cited_source_above_a_menu_and_drops_the_menu():
    source = _link_list_scores(_page(SOURCES))["Transport committee report on night buses, 2026"]
    menu = _link_list_scores(_page(MENU))
    assert source > max(menu.values())
    lines = extract_article(_page(MENU)).text.split("\n")
    assert not {"Home", "News", "Sport"} & set(lines)


def test_probability_is_the_logistic_of_the_weighted_sum():
    assert probability([1.0, 2.0], (0.0, 0.0)) == 0.5
    assert probability([1.0, 2.0], (1.0, -0.5)) == 0.5
    assert probability([1.0], (-100.0,)) == 0.0


def test_a_model_of_other_features_is_refused(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"features": ["bias"], "weights": [0.0]}), encoding="utf-8")
    with pytest.raises(ValueError, match="retrain"):
        load_weights.__wrapped__(path)
    assert len(load_weights()) == len(FEATURES)


@pytest.mark.skipif(not (_SHARED / "wcxb-dev").is_dir(), reason="the development sets (../shared) are not here")
def test_retraining_reproduces_the_shipped_model():
    path = _REPO / "benchmarks" / "train_block_scorer.py"
    spec = importlib.util.spec_from_file_location("train_block_scorer", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    shipped = json.loads(block_scorer.MODEL_PATH.read_text(encoding="utf-8"))
    assert module.train(module.training_docs()) == shipped
