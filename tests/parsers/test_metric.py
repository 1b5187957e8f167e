"""The benchmarks' metrics: ScrapingHub shingles (multiset counts, per-side averaging), WCXB word F1 and snippets."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "extraction.py"
_SPEC = importlib.util.spec_from_file_location("benchmark_extraction", _PATH)
bench = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = bench  # dataclasses look their module up while the file executes
_SPEC.loader.exec_module(bench)


def test_shingles_are_four_token_multisets_and_short_texts_are_one_shingle():
    assert bench.shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }
    assert bench.shingles("Hello, world!") == {("Hello", "world"): 1}
    assert bench.shingles(" ... ") == {}


def test_tokens_are_unicode_words_and_keep_case():
    assert bench.shingles("Ça coûte 3€, dit-elle") == {("Ça", "coûte", "3", "dit"): 1, ("coûte", "3", "dit", "elle"): 1}
    assert bench.page_scores("the Cat sat down", "the cat sat down") == (0.0, 0.0)


def test_page_scores_count_duplicates():
    truth = "one two three four five"
    assert bench.page_scores(truth, truth) == (1.0, 1.0)
    precision, recall = bench.page_scores(truth + " " + truth, truth)
    assert recall == 1.0 and precision == pytest.approx(2 / 7)  # 7 shingles, 2 of them true
    assert bench.page_scores("", truth) == (None, 0.0)


def test_corpus_scores_average_each_side_over_its_own_pages():
    pairs = [
        ("one two three four", "one two three four"),  # P=1, R=1
        ("", "five six seven eight"),  # no prediction: counts for recall only (R=0)
        ("nine ten eleven twelve", ""),  # no truth: counts for precision only (P=0)
    ]
    precision, recall, f1 = bench.corpus_scores(pairs)
    assert precision == pytest.approx(0.5)
    assert recall == pytest.approx(0.5)
    assert f1 == pytest.approx(0.5)
    assert bench.corpus_scores([]) == (0.0, 0.0, 0.0)


def test_wcxb_word_scores_are_lower_cased_bags_and_empty_scores_zero():
    assert bench.word_scores("The cat, the CAT.", "the cat") == (0.5, 1.0, pytest.approx(2 / 3))
    assert bench.word_scores("", "the cat") == (0.0, 0.0, 0.0)
    assert bench.word_scores("dog", "the cat") == (0.0, 0.0, 0.0)


def test_wcxb_snippets_match_case_insensitively_across_line_breaks():
    text = "The Night buses\nreach the north.\nFollow us"
    assert bench.snippet_hits(text, ["night buses reach the north", "follow us on", "FOLLOW US"]) == 2
