import duckdb
import pytest

from tests.warehouse.conftest import batch, later, page
from warehouse.queries.search import SearchIndexMissing, snippet


@pytest.fixture
def loaded(wh):
    wh.load_batch(batch(
        page("https://e.com/1", "Floods hit the northern valley.\n\nRescuers worked overnight.", title="Floods"),
        page("https://e.com/2", "The election campaign opened in the capital.", title="Vote", at=later(60)),
    ))
    wh.load_batch(batch(page("https://o.com/3", "More flooding expected.", title="Rain", source="other"),
                        source="other"))
    return wh


def test_search_before_rebuild_is_a_clear_error(loaded):
    with pytest.raises(SearchIndexMissing):
        loaded.search("flood")


def test_search_ranks_stems_in_title_and_text(loaded):
    assert loaded.rebuild_search() == 3
    hits = loaded.search("flooding")
    assert {h.url for h in hits} == {"https://e.com/1", "https://o.com/3"}
    assert "Floods hit" in [h for h in hits if h.url == "https://e.com/1"][0].snippet
    assert [h.url for h in loaded.search("flood", source="other")] == ["https://o.com/3"]
    assert loaded.search("election", since=later(120)) == []
    assert loaded.search("zebra") == []


def test_database_with_index_opens_without_the_extension(loaded, tmp_path):
    loaded.rebuild_search()
    with duckdb.connect(loaded.path, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_snippet_centres_on_the_first_word():
    text = "x " * 200 + "the Flood came\nat night " + "y " * 200
    s = snippet(text, "flood")
    assert "Flood came at night" in s and s.startswith("…") and s.endswith("…") and len(s) < 220


def test_loads_continue_after_rebuild_and_show_up_after_the_next(loaded):
    loaded.rebuild_search()
    loaded.load_batch(batch(page("https://e.com/4", "Drought warning issued.", at=later(5))))
    assert loaded.search("drought") == []
    loaded.rebuild_search()
    assert [h.url for h in loaded.search("drought")] == ["https://e.com/4"]
