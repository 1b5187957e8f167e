"""Near-duplicates: pairs that must cluster and pairs that must not."""

from tests.warehouse.conftest import batch, later, page
from warehouse.loading.dedup import THRESHOLD, similar, similarity, sketch

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
    monkeypatch.setattr("warehouse.loading.dedup.MAX_FEATURE_ARTICLES", 3)
    plug = "Sign up for our morning newsletter to get the day's top stories in your inbox."
    pages = [
        page(f"https://e.example/{i}", f"{plug} Story number {i} is about topic {i * 7919} only.", at=later(i))
        for i in range(6)
    ]
    for p in pages:
        wh.load_batch(batch(p))
    assert len(set(clusters(wh).values())) == 6


# The case: a 5-paragraph wire story run by a second outlet with a dateline and two
# sentences lightly changed (the sentence sketch this replaced saw 3 of 7 sentences in common).
WATER_STORY = [
    "The regional water authority said on Monday it would raise household charges by 6 percent from April.",
    "The increase is the largest in a decade and follows two years of heavy spending on leaking pipes.",
    "Officials told reporters that the average bill would rise by about 38 euros a year.",
    "Consumer groups called the rise unfair to pensioners and families on low incomes.",
    "The authority supplies water to about 900,000 people across four districts.",
]


def test_lightly_edited_wire_copy_is_similar():
    copy = list(WATER_STORY)
    copy[0] = "VALLEYTOWN (Wirepress) - " + copy[0].replace("on Monday", "on Monday afternoon")
    copy[2] = copy[2].replace("reporters", "this newspaper")
    assert similar(sketch("\n".join(WATER_STORY)), sketch("\n".join(copy)))


def _newsroom_articles() -> list[tuple[str, str]]:
    """(url, text) of the sample newsroom's stories, as the extractor gives them."""
    from pathlib import Path

    from parsers.article.extract import extract_article

    root = Path(__file__).resolve().parents[3] / "samples" / "newsroom"
    paths = [*root.glob("*/20*/**/index.html"), *root.glob("*/*/20*/**/*.html"), *root.glob("*/posts/*.html")]
    found = []
    for path in sorted(paths):
        article = extract_article(path.read_bytes(), None)
        if article.page_type == "article" and article.text:
            found.append((f"https://{path.relative_to(root)}", article.text))
    return found


def test_a_wire_copy_joins_its_original_and_the_newsroom_stories_stay_apart(wh):
    stories = _newsroom_articles()
    assert len(stories) >= 25
    wh.load_batch(batch(*(page(url, text, at=later(i)) for i, (url, text) in enumerate(stories))))
    original_url, original = stories[0]
    lines = original.split("\n")
    lines[0] = "VALLEYTOWN (Wirepress) - " + lines[0]
    for i in range(1, len(lines), 2):  # every other paragraph lightly changed
        lines[i] = lines[i].replace(" the ", " this ", 1).replace(" said", " told this newspaper", 1)
    copy = page("https://other.example/wire", "\n".join(lines), title="New title", at=later(99), source="other")
    wh.load_batch(batch(copy, source="other"))
    got = clusters(wh)
    assert got["https://other.example/wire"] == original_url
    assert len({got[url] for url, _ in stories}) == len(stories), "no two newsroom stories share a cluster"


def test_sketch_column_holds_each_texts_sketch():
    from warehouse.loading.dedup import sketch_column

    texts = [text(WIRE), "", "Short item.", "Ein Bericht über die Wahl. Die Zählung dauerte bis in die Nacht."]
    column = sketch_column(texts)
    assert column.to_pylist() == [sketch(t) for t in texts]
    assert column.type.value_type.bit_width == 32 and column.null_count == 0
