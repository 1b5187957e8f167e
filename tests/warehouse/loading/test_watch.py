from datetime import date

import pyarrow as pa
import pytest

from parsers.sources import Watch
from tests.warehouse.conftest import T0, batch, later, page
from warehouse import stage_batch
from parsers.watch_query import Matcher, QueryError
from warehouse.loading.watch import _candidates


def mentions(wh):
    with wh.read() as con:
        return con.execute("SELECT watch, url, version FROM mentions ORDER BY watch, url").fetchall()


def test_new_and_changed_articles_are_matched_at_load(wh):
    wh.set_watches([Watch("mek", '"MEK" OR "PMOI"')])
    wh.load_batch(batch(page("https://e.com/1", "The MEK said."), page("https://e.com/2", "Nothing here.")))
    assert mentions(wh) == [("mek", "https://e.com/1", 1)]
    wh.load_batch(batch(page("https://e.com/1", "Edited: no match.", at=later(5)),
                        page("https://e.com/2", "Now the PMOI.", at=later(5))))
    assert mentions(wh) == [("mek", "https://e.com/2", 2)]


def test_same_batch_twice_adds_no_mentions(wh):
    wh.set_watches([Watch("mek", "MEK")])
    b = batch(page("https://e.com/1", "The MEK said."))
    wh.load_batch(b)
    wh.load_batch(b)
    assert len(mentions(wh)) == 1


def test_added_or_edited_watch_is_backfilled(wh):
    wh.load_batch(batch(page("https://e.com/1", "The MEK said."), page("https://e.com/2", "Iran.")))
    wh.set_watches([Watch("mek", "MEK")])
    assert mentions(wh) == [("mek", "https://e.com/1", 1)]
    wh.set_watches([Watch("mek", "iran"), Watch("all", "MEK OR iran")])
    assert mentions(wh) == [("all", "https://e.com/1", 1), ("all", "https://e.com/2", 1),
                            ("mek", "https://e.com/2", 1)]
    wh.set_watches([])
    assert mentions(wh) == []


def test_bad_query_changes_nothing(wh):
    wh.set_watches([Watch("mek", "MEK")])
    with pytest.raises(QueryError):
        wh.set_watches([Watch("bad", '"open')])
    with wh.read() as con:
        assert con.execute("SELECT name FROM watches").fetchall() == [("mek",)]


def test_mention_counts_by_day_and_source(wh):
    wh.set_watches([Watch("mek", "MEK")])
    wh.load_batch(batch(page("https://e.com/1", "MEK one.", published=T0)))
    wh.load_batch(batch(page("https://f.com/2", "MEK two.", source="other", published=later(60 * 24)),
                        source="other"))
    by_day = [(c.watch, c.key, c.count) for c in wh.mention_counts()]
    assert by_day == [("mek", date(2026, 3, 1), 1), ("mek", date(2026, 3, 2), 1)]
    by_source = [(c.key, c.count) for c in wh.mention_counts(by="source", since=later(60))]
    assert by_source == [("other", 1)]


def test_non_ascii_terms_and_pure_negations_match_at_load(wh):
    wh.set_watches([Watch("eire", "Éire"), Watch("fa", '"مجاهدین خلق"'), Watch("calm", "NOT war")])
    wh.load_batch(batch(page("https://e.com/1", "Nuacht as Éire."),
                        page("https://e.com/2", "بیانیه سازمان مجاهدین خلق"),
                        page("https://e.com/3", "War again.")))
    assert mentions(wh) == [("calm", "https://e.com/1", 1), ("calm", "https://e.com/2", 1),
                            ("eire", "https://e.com/1", 1), ("fa", "https://e.com/2", 1)]


def test_phrase_running_from_title_into_text_matches(wh):
    wh.set_watches([Watch("council", '"Guardian Council"')])
    wh.load_batch(batch(page("https://e.com/1", "Council said no.", title="Guardian"),
                        page("https://e.com/2", "Guardian of the council.", title="Other")))
    assert mentions(wh) == [("council", "https://e.com/1", 1)]


PREFILTER_QUERIES = ['"MEK" OR "PMOI"', '"human rights"', "élan OR naïve", "kelvin", "is", "x_1 AND NOT spam"]
PREFILTER_TEXTS = [
    "The MEK said.", "smek and mekanism", "PMOI-led", "human\u00a0rights watch", "humanrights",
    "Élan vital", "son élan", "l'élan", "naïve art", "naïveté", "\u212aelvin scale", "KELVIN",
    "this is it", "ıs", "\u017fo", "x_1 only", "ax_1b", "ÉMEK", "mekä", "émek", "MEK_", "1MEK",
]


@pytest.mark.parametrize("query", PREFILTER_QUERIES)
def test_prefilter_never_drops_a_text_the_matcher_accepts(query):
    matcher = Matcher({"w": query})
    rows = pa.table({"url": [f"u{i}" for i in range(len(PREFILTER_TEXTS))],
                     "title": pa.array([None] * len(PREFILTER_TEXTS), pa.string()), "text": PREFILTER_TEXTS})
    kept = _candidates(rows, matcher)
    kept_urls = set(kept["url"]) if kept else set()
    accepted = {f"u{i}" for i, text in enumerate(PREFILTER_TEXTS) if matcher(f"\n\n{text}")}
    assert accepted <= kept_urls


def test_prefilter_drops_longer_words_that_contain_a_term():
    rows = pa.table({"url": ["a", "b", "c", "d"], "title": [None, "Abasij", None, None],
                     "text": ["Basijis and abasij", "nothing", "The Basij said.", "smek"]})
    assert _candidates(rows, Matcher({"w": '"Basij" OR "MEK"'}))["url"] == ["c"]


def test_matches_made_while_staging_are_loaded(wh):
    wh.set_watches([Watch("mek", '"MEK" OR "PMOI"'), Watch("calm", "NOT war")])
    staged = stage_batch(batch(page("https://e.com/1", "The MEK said."), page("https://e.com/2", "War.")),
                         watches=wh.watch_queries())
    assert sorted(zip(staged.matches["url"].to_pylist(), staged.matches["watch"].to_pylist())) == [
        ("https://e.com/1", "calm"), ("https://e.com/1", "mek")]
    wh.load_batch(staged)
    assert mentions(wh) == [("calm", "https://e.com/1", 1), ("mek", "https://e.com/1", 1)]


def test_watches_changed_after_staging_are_matched_by_the_load(wh):
    wh.set_watches([Watch("mek", "MEK")])
    staged = stage_batch(batch(page("https://e.com/1", "The MEK said."), page("https://e.com/2", "The PMOI.")),
                         watches=wh.watch_queries())
    wh.set_watches([Watch("mek", "PMOI")])  # edited between staging and loading
    wh.load_batch(staged)
    assert mentions(wh) == [("mek", "https://e.com/2", 1)]
