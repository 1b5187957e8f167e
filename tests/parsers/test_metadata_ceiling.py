"""The ceiling counter's matchers: a date or title counts as in the page only when it is."""

from benchmarks.metadata_ceiling import date_reachable, title_reachable


def test_a_day_is_found_in_any_common_form_and_only_that_day():
    for text in ("Posted March 3, 2025", "3 März 2025", "le 3 mars 2025", "03/03/2025", "2025-03-03",
                 "3 de marzo de 2025", "2025 Mar 3", '"2025-03-02T23:30:00-05:00"'):
        assert date_reachable(text, "2025-03-03"), text
    for text in ("March 13, 2025", "2025-03-30", "3/3/2024", "2025 Mar 30", "30.03.2025"):
        assert not date_reachable(text, "2025-03-03"), text
    assert date_reachable("Published in May 2019", "2019-05")


def test_a_title_is_found_in_text_or_attributes_after_normalisation():
    page = "<html><head><meta property='og:title' content='Ferry &amp; tram – a plan'></head><body></body></html>"
    assert title_reachable(page, "Ferry & tram - a plan")
    assert title_reachable("<h1>Ferry\n  timetable <em>changes</em></h1>", "Ferry timetable changes")
    assert not title_reachable("<h1>Ferry timetable</h1>", "Ferry timetable changes")
