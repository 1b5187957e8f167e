"""benchmarks/page_classes.py: saved classifier inputs re-score with the current rules; held-back pages
are counted, never listed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "page_classes.py"
_SPEC = importlib.util.spec_from_file_location("benchmark_page_classes", _PATH)
page_classes = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = page_classes  # dataclasses look their module up while the file executes
_SPEC.loader.exec_module(page_classes)

from benchmarks.extraction_sets import WCXB, Doc  # noqa: E402
from parsers.article import classify  # noqa: E402

_STORY = (
    "<html><head><title>Night buses reach the north</title></head><body><article>"
    "<h1>Night buses reach the north</h1>"
    + "".join(
        f"<p>{s} The council will review the routes after a year of service and publish the figures.</p>"
        for s in ("The city council voted on Tuesday to extend the night bus network.", "The routes start in March.")
    )
    + "</article></body></html>"
).encode()


def _docs() -> list[Doc]:
    docs = [
        Doc("page-c", "https://news.example/2026/01/02/night-buses", _STORY, ""),
        Doc("page-e", "https://news.example/2026/01/03/night-buses-2", _STORY, ""),
    ]
    assert [d.split for d in docs] == ["tuning", "held-back"]
    return docs


def test_saved_inputs_read_back_and_reclassify_to_the_saved_class(tmp_path):
    page_classes.write_cases(tmp_path / "cases", page_classes.save_cases([(WCXB, _docs())]))
    cases = page_classes.read_cases(tmp_path / "cases")
    assert [c.saved for c in cases] == ["article", "article"]
    assert all(c.inputs is not None for c in cases)
    assert page_classes.rescore(cases) == ["article", "article"]
    lines = page_classes.report(cases, ["article", "article"])
    assert not any("moved" in line or "tuning page" in line for line in lines)


def test_a_changed_rule_lists_tuning_pages_and_only_counts_held_back_ones(monkeypatch):
    cases = page_classes.save_cases([(WCXB, _docs())])
    monkeypatch.setattr(classify, "classify_page", lambda page, text, **kwargs: "index")
    classes = page_classes.rescore(cases)
    assert classes == ["index", "index"]
    lines = page_classes.report(cases, classes)
    assert "tuning page wcxb page-c article: article -> index" in lines
    assert not any("page-e" in line for line in lines)
    assert any(line.startswith("held-back  now   wcxb articles stored 0/1") for line in lines)
    assert "held-back  moved wcxb article: article -> index: 1" in lines
