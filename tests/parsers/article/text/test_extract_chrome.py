"""Learned site chrome: blocks repeated across a site's pages are dropped, real text is not."""

from __future__ import annotations

from parsers.article.text.chrome import learn_site_chrome, normalise_block
from parsers.article.extract import extract_article

FOOTER = "The Valley Courier is published by Valley Media Group, a family business since 1921."

STORIES = [
    [
        "The bridge over the river will close for repairs from Monday, the county said on Friday.",
        "Yes.",
        "Drivers should use the northern ring road, which adds about ten minutes to most trips.",
    ],
    [
        "The school board approved a new start time for the high school after a long debate.",
        "Yes.",
        "Classes will begin at 8:45 from next September, forty minutes later than today.",
    ],
    [
        "A local bakery won the regional bread prize for the third year in a row this weekend.",
        "Yes.",
        "The judges praised its rye loaf, made with flour from a mill just outside town.",
    ],
]


def _site_page(paragraphs: list[str], year: int | None) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    footer = f"<p>{FOOTER.replace('1921', str(year))}</p>" if year else ""
    # The footer sentence sits inside the article container, where no rule can tell it apart.
    html = (
        "<html><head><meta charset='utf-8'><title>Story</title></head><body><article>"
        f"{body}{footer}</article></body></html>"
    )
    return html.encode("utf-8")


PAGES = [_site_page(p, 1921) for p in STORIES]


def test_normalise_block_folds_case_punctuation_and_numbers():
    assert normalise_block("  © 2019  The Courier, Inc.  ") == normalise_block("© 2020 the courier inc")


def test_learned_chrome_holds_the_repeated_footer_only():
    # "Yes." is on every page too, but a block that short repeats by chance, not as chrome.
    chrome = learn_site_chrome(PAGES)
    assert normalise_block(FOOTER) in chrome
    assert not any(normalise_block(p) in chrome for story in STORIES for p in story)


def test_too_few_pages_learn_nothing():
    assert learn_site_chrome(PAGES[:2]) == frozenset()


def test_min_share_is_respected():
    other = _site_page(["A completely different page with different words in it, long enough."], None)
    # The footer is on 3 of 6 pages: under a 0.6 share.
    pages = PAGES + [other, other.replace(b"different", b"other"), other.replace(b"words", b"text")]
    assert normalise_block(FOOTER) not in learn_site_chrome(pages, min_share=0.6)
    assert normalise_block(FOOTER) in learn_site_chrome(pages, min_share=0.5)


def test_extract_drops_learned_chrome_and_keeps_short_paragraphs():
    chrome = learn_site_chrome(PAGES)
    without = extract_article(PAGES[0]).text
    assert FOOTER in without
    with_chrome = extract_article(PAGES[0], site_chrome=chrome).text
    assert "Valley Media Group" not in with_chrome
    assert with_chrome.splitlines() == STORIES[0]


def test_long_repeated_blocks_are_chrome_too():
    disclaimer = "This newspaper is an independent publication and follows the press code of practice. " * 6
    pages = [
        f"<html><body><article><p>{' '.join(story)}</p><p>{disclaimer}</p></article></body></html>"
        for story in STORIES
    ]
    chrome = learn_site_chrome(pages)
    assert len(disclaimer) > 400
    assert "press code" in extract_article(pages[0]).text
    assert "press code" not in extract_article(pages[0], site_chrome=chrome).text


def test_versions_of_one_article_do_not_teach_its_paragraphs_as_chrome():
    paragraph = "The ferry company will add a night crossing from March, its director told the council. " * 2
    versions = [
        f"<html><body><article><p>{paragraph}</p><p>{paragraph[:120]} Updated at {hour}:00.</p>"
        f"<p>{FOOTER}</p></article></body></html>"
        for hour in (9, 11, 14)
    ]
    chrome = learn_site_chrome(versions + [p.decode() for p in PAGES[:1]])
    assert normalise_block(paragraph) not in chrome
    assert extract_article(versions[0], site_chrome=chrome).text.startswith("The ferry company")


def test_a_rail_teaser_repeated_on_every_page_is_not_learned():
    lede = "The ferry company will add a night crossing from March, its director told the council on Monday."
    rail = f"<div><h3><a href='/ferry'>Night ferry from March</a></h3><p>{lede}</p></div>"
    pages = [
        f"<html><body><article>{''.join(f'<p>{p}</p>' for p in story)}</article><aside>{rail}</aside></body></html>"
        for story in STORIES
    ]
    article = f"<html><body><article><p>{lede}</p><p>{STORIES[0][0]}</p><p>{STORIES[1][0]}</p></article></body></html>"
    chrome = learn_site_chrome(pages)
    assert normalise_block(lede) not in chrome
    assert extract_article(article, site_chrome=chrome).text.startswith(lede)


def test_a_footer_learned_once_is_dropped_with_another_year():
    chrome = learn_site_chrome(PAGES)
    page = _site_page(STORIES[0], 2021)
    assert extract_article(page, site_chrome=chrome).text.splitlines() == STORIES[0]


def test_blocks_are_learned_only_when_their_text_is_identical():
    pages = [_site_page(story, year) for story, year in zip(STORIES, (1921, 1922, 1923))]
    assert learn_site_chrome(pages) == frozenset()


def _templated(n: int) -> bytes:
    """An automated story: one template, other numbers and names, and the site's footer."""
    towns = ["Ashford", "Brampton", "Carlow", "Dunmore", "Elgin"]
    body = (
        f"Council meeting number {n} in {towns[n % 5]} discussed the budget for {2020 + n % 7}, "
        f"with {n * 3 % 40 + 2} residents attending and {n % 9} questions from the floor."
    )
    return (
        f"<html><head><title>Council meeting {n}</title></head><body><article><h1>Council meeting {n}</h1>"
        f"<p>{body}</p><p>{FOOTER}</p></article></body></html>"
    ).encode()


def test_templated_stories_keep_their_text():
    pages = [_templated(n) for n in range(30)]
    chrome = learn_site_chrome(pages)
    assert chrome == {normalise_block(FOOTER)}
    for n, page in enumerate(pages):
        article = extract_article(page, f"https://council.example/meetings/{n}", site_chrome=chrome)
        assert article.text.startswith(f"Council meeting number {n} in "), article.text
        assert "Valley Media Group" not in article.text
        assert article.page_type == "article"


def test_chrome_never_removes_the_block_that_carries_the_text():
    # Chrome as an earlier, digit-folding learner stored it: the template itself, and a short credit.
    template = _templated(0).decode().split("<p>")[1].split("</p>")[0]
    credit = "By the Courier data desk."
    learned = frozenset({normalise_block(template), normalise_block(credit)})
    page = _templated(5).replace(FOOTER.encode(), credit.encode())
    article = extract_article(page, site_chrome=learned)
    assert article.text == _templated(5).decode().split("<p>")[1].split("</p>")[0]


def test_a_page_that_is_all_chrome_keeps_its_text():
    paragraphs = [FOOTER, "Subscribers can read every edition of the paper online, from 1921 to this week's."]
    page = f"<html><body><article>{''.join(f'<p>{p}</p>' for p in paragraphs)}</article></body></html>"
    chrome = frozenset(normalise_block(p) for p in paragraphs)
    assert extract_article(page, site_chrome=chrome).text.splitlines() == paragraphs
