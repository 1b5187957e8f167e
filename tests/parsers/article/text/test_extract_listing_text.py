"""Pages whose content is a list of links or cards, not paragraphs: their text is the list."""

from __future__ import annotations

from parsers.article.extract import extract_article

URL = "https://library.example/subjects/hardware-catalogs"
LEGAL = (
    "This site is operated by a business of Example Holdings plc, registered in England and Wales "
    "with number 1234567, whose registered office is at 5 Example Street, London."
)


def _catalogue(n: int = 25) -> str:
    items = "".join(
        f"<li><a href='/book/{i}'>Illustrated catalogue of builders' hardware, volume {i}</a> (1890s)</li>"
        for i in range(n)
    )
    return (
        "<html><head><title>Hardware catalogs | Online books</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/subjects'>Subjects</a> <a href='/new'>New books</a></nav>"
        f"<div class='content'><h2>Hardware -- Catalogs</h2><ul>{items}</ul></div>"
        f"<div class='legal'><p>{LEGAL}</p></div></body></html>"
    )


def test_a_catalogue_page_gives_its_entries_not_a_stray_sentence():
    article = extract_article(_catalogue(), URL)
    assert "volume 0" in article.text and "volume 24" in article.text
    assert "Hardware -- Catalogs" in article.text
    assert "New books" not in article.text  # the nav stays furniture
    assert article.text_source == "page"


def test_a_catalogue_page_is_still_no_article():
    assert extract_article(_catalogue(), URL).page_type != "article"


def test_a_short_list_beside_a_story_does_not_replace_it(paragraphs):
    items = "".join(f"<li><a href='/p{i}'>Programme {i}</a></li>" for i in range(5))
    html = f"<html><body><article><p>{' '.join(paragraphs)}</p></article><ul>{items}</ul></body></html>"
    text = extract_article(html, URL).text
    assert text == " ".join(paragraphs)


def test_a_one_paragraph_story_under_its_headline_stands_beside_a_category_rail():
    story = (
        "The council's home-care team found two of its five cars broken into this morning, their batteries "
        "gone; patients booked for the morning are being rebooked and the service resumes this afternoon."
    )
    rail = "".join(
        f"<li><a href='/tag/{i}'>Council services and local news topic number {i}</a></li>" for i in range(40)
    )
    html = (
        "<html><head><title>Home-care cars broken into</title></head><body>"
        f"<article><h1>Home-care cars broken into</h1><p>{story}</p></article><ul>{rail}</ul></body></html>"
    )
    assert extract_article(html, URL).text == story


def test_menu_words_stay_out_of_a_listing_text():
    menu = "".join(f"<div><a href='/c/{word}'>{word}</a></div>" for word in ("Culture", "Sport", "Weather"))
    text = extract_article(_catalogue().replace("<div class='content'>", f"{menu}<div class='content'>"), URL).text
    assert "volume 3" in text
    assert "Weather" not in text


def test_a_thread_of_posts_in_comment_named_elements_comes_out_whole():
    """Forum software names each post like a comment: the selection is one post of many."""
    posts = (
        "Does anyone know whether the night buses will really reach the northern districts from March? I work late.",
        "The council voted on Tuesday, the new routes start in March and run every thirty minutes after midnight.",
        "Good news for shift workers. I hope they add weekend buses too, the last trams leave far too early.",
        "They said weekend frequency will be reviewed after six months, according to the committee's report.",
    )
    thread = "".join(f"<div class='comment'><div class='comment-body'><p>{p}</p></div></div>" for p in posts)
    html = (
        "<html><head><title>Night buses to the north? | Forum</title></head><body>"
        "<h1>Night buses to the north?</h1>"
        f"<div class='comment-list'>{thread}</div></body></html>"
    )
    assert all(p in extract_article(html, "https://forum.example/t/night-buses/1").text for p in posts)
