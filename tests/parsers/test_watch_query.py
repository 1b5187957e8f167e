import pytest

from parsers.watch_query import And, Matcher, Not, Or, QueryError, Term, matches, parse_query


def test_parse_phrases_or_and_not_and_groups():
    assert parse_query('"MEK" OR "PMOI"') == Or((Term("mek"), Term("pmoi")))
    assert parse_query('iran AND ("People\'s Mujahedin" OR mek) NOT sport') == And(
        (Term("iran"), Or((Term("people s mujahedin"), Term("mek"))), Not(Term("sport")))
    )
    assert parse_query("a b OR c") == Or((And((Term("a"), Term("b"))), Term("c")))


@pytest.mark.parametrize("bad", ["", "a OR", '"open', "(a", "a )", "NOT", '""'])
def test_bad_queries_are_errors(bad):
    with pytest.raises(QueryError):
        parse_query(bad)


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ('"MEK" OR "PMOI"', "A statement by the MEK on Monday.", True),
        ('"MEK" OR "PMOI"', "Boats on the Mekong river.", False),
        ('"MEK" OR "PMOI"', "(PMOI) said", True),
        ('"People\'s Mujahedin"', "the People's  Mujahedin\norganisation", True),
        ('"People\'s Mujahedin"', "Mujahedin people", False),
        ("iran AND NOT sport", "Iran talks resume", True),
        ("iran AND NOT sport", "Iran sport news", False),
        ("tehran protest", "Protest in Tehran", True),
        ("éire", "News from Éire today", True),
    ],
)
def test_matches(query, text, expected):
    assert matches(parse_query(query), text) is expected


def test_matcher_names_every_matching_query():
    m = Matcher({"mek": '"MEK" OR "PMOI"', "iran": "iran", "none": "zzz"})
    assert m("Iran and the MEK") == ["mek", "iran"]


def test_required_phrases_prefilter():
    assert Matcher({"a": '"MEK" OR "People\'s Mujahedin"', "b": "iran AND NOT sport"}).required_phrases() == [
        "iran", "mek", "people s mujahedin"]
    assert Matcher({"a": "mek", "b": "NOT sport"}).required_phrases() is None
