"""A sources file that would crash a later command fails when it loads, naming the field."""

from __future__ import annotations

import pytest

from parsers.sources import SourcesError, parse_sources

SOURCE = "[[source]]\nname = 'a'\nhomepage = 'https://a.example/'\n"


def _one_line_error(text: str, field: str) -> str:
    with pytest.raises(SourcesError) as raised:
        parse_sources(text)
    message = str(raised.value)
    assert field in message and len(message.splitlines()) == 1, message
    return message


@pytest.mark.parametrize(
    "query",
    ["(MEK", "MEK)", "MEK OR", "NOT", '"unbalanced', "(" * 3000 + "x" + ")" * 3000, "NOT " * 3000 + "x", "()"],
)
def test_bad_watch_queries_fail_at_load(query):
    escaped = query.replace('"', '\\"')
    _one_line_error(f'{SOURCE}[[watch]]\nname = "w"\nquery = "{escaped}"\n', "watch[0].query")


def test_good_watch_queries_load():
    text = f'{SOURCE}[[watch]]\nname = "w"\nquery = \'MEK OR (Iran AND NOT "Mekong delta")\'\n'
    assert parse_sources(text).watches[0].query.startswith("MEK")


@pytest.mark.parametrize(
    "schedule",
    [
        "every 0m", "every 0s", "every 100000000d", "99 99 99 99 99", "60 * * * *", "* 24 * * *",
        "* * 0 * *", "* * 32 * *", "* * * 13 *", "* * * * 8", "*/0 * * * *", "5-1 * * * *",
        "1-2-3 * * * *", ",5 * * * *", "- * * * *",
    ],
)
def test_schedules_that_would_crash_serve_fail_at_load(schedule):
    _one_line_error(f"{SOURCE}schedule = '{schedule}'\n", "source[0].schedule")


@pytest.mark.parametrize(
    "schedule", ["every 10m", "every 1s", "*/15 * * * *", "0 6 * * 1-5", "0,30 8-18 * * 0-7", "5-50/5 * 1 1 *"]
)
def test_valid_schedules_load(schedule):
    assert parse_sources(f"{SOURCE}schedule = '{schedule}'\n").sources[0].schedule == schedule


@pytest.mark.parametrize("url", ["http://[::1/", "http://a.example:99999/", "http://[zz::1]/", "http://a b/"])
def test_malformed_urls_fail_at_load(url):
    _one_line_error(f"[[source]]\nname = 'a'\nhomepage = '{url}'\n", "source[0].homepage")
