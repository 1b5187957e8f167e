"""Near-duplicates: pairs that must cluster and pairs that must not."""

from tests.warehouse.conftest import batch, later, page
from warehouse.dedup import THRESHOLD, similarity, sketch

WIRE = [
    "The central bank raised its main interest rate by a quarter point on Tuesday.",
    "It was the third increase this year as policymakers try to slow persistent inflation.",
    "Consumer prices rose 4.1 percent in the twelve months to October, the statistics office said.",
    "The governor told reporters that further increases could not be ruled out.",
    "Markets had largely expected the move, and the currency was little changed after the announcement.",
    "Economists at several banks said the decision reflected concern about rising wages.",
    "Unemployment remains near a record low, giving workers bargaining power in pay talks.",
    "Business groups warned that higher borrowing costs would weigh on investment next year.",
    "The opposition accused the government of failing to control public spending.",
    "The finance minister said the budget would be balanced by the end of the decade.",
    "Mortgage holders on variable rates will see their monthly payments rise from January.",
    "The bank's next policy meeting is scheduled for the middle of December.",
]


def text(sentences):
    return "\n\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))


def lightly_edited():
    """A regional outlet's copy: local intro, one reworded sentence, the last two cut."""
    edited = list(WIRE[:10])
    edited[3] = "The governor told journalists that further increases could not be ruled out."
    return text(["Homeowners across the valley are bracing for higher repayments after the decision."] + edited)


OTHER_STORY = [
    "Interest rates went up again on Tuesday, the third rise this year.",
    "Shoppers in the high street said they were already cutting back on spending.",
    "Consumer prices rose 4.1 percent in the twelve months to October, the statistics office said.",
    "A cafe owner said energy bills had doubled since last winter.",
    "Local estate agents reported fewer viewings in recent weeks.",
    "Some buyers are delaying purchases until the outlook becomes clearer.",
    "The council is planning a support scheme for small businesses.",
    "Details of the scheme are expected to be published next month.",
]


def test_copy_with_new_intro_and_cut_ending_is_similar():
    assert similarity(sketch(text(WIRE)), sketch(lightly_edited())) >= THRESHOLD


def test_exact_copy_is_identical():
    assert similarity(sketch(text(WIRE)), sketch(text(WIRE))) == 1.0


def test_separate_report_of_the_same_event_is_not_similar():
    assert similarity(sketch(text(WIRE)), sketch(text(OTHER_STORY))) < THRESHOLD


def test_reflowed_paragraphs_do_not_matter():
    assert sketch(text(WIRE)) == sketch(" ".join(WIRE))


def clusters(wh):
    with wh.read() as con:
        return dict(con.execute("SELECT url, cluster_id FROM articles").fetchall())


def test_load_clusters_copies_across_outlets_and_batches(wh):
    wh.load_batch(batch(page("https://wire.example/rates", text(WIRE), source="wire"), source="wire"))
    wh.load_batch(
        batch(
            page("https://valley.example/rates", lightly_edited(), title="Rates up", at=later(5)),
            page("https://city.example/shops", text(OTHER_STORY), at=later(6)),
        )
    )
    got = clusters(wh)
    assert got["https://valley.example/rates"] == "https://wire.example/rates"
    assert got["https://wire.example/rates"] == "https://wire.example/rates"
    assert got["https://city.example/shops"] == "https://city.example/shops"


def test_copies_within_one_batch_share_the_earliest_url(wh):
    wh.load_batch(
        batch(
            page("https://b.example/x", lightly_edited(), at=later(2)),
            page("https://a.example/x", text(WIRE), at=later(1)),
        )
    )
    assert set(clusters(wh).values()) == {"https://a.example/x"}


def test_short_exact_duplicates_cluster(wh):
    wh.load_batch(batch(page("https://a.example/1", "Breaking: fire downtown")))
    wh.load_batch(batch(page("https://b.example/1", "Breaking: fire downtown", at=later(1))))
    assert clusters(wh)["https://b.example/1"] == "https://a.example/1"


def test_boilerplate_sentences_never_join_articles(wh, monkeypatch):
    monkeypatch.setattr("warehouse.dedup.MAX_FEATURE_ARTICLES", 3)
    plug = "Sign up for our morning newsletter to get the day's top stories in your inbox."
    pages = [
        page(f"https://e.example/{i}", f"{plug} Story number {i} is about topic {i * 7919} only.", at=later(i))
        for i in range(6)
    ]
    for p in pages:
        wh.load_batch(batch(p))
    assert len(set(clusters(wh).values())) == 6
