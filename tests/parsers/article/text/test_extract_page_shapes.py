"""Page shapes that must not come out empty: streamed, broken or oddly wrapped article markup."""

from __future__ import annotations

import pytest

from parsers.article.extract import extract_article

URL = "https://news.example/2026/12/03/night-buses-reach-the-north"


def _body(paragraphs: tuple[str, ...]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _assert_whole_article(html: str, paragraphs: tuple[str, ...], url: str = URL) -> str:
    """The page is an article holding every paragraph; returns its text."""
    article = extract_article(html, url)
    assert article.page_type == "article"
    assert all(p in article.text for p in paragraphs)
    return article.text


def test_article_streamed_into_a_hidden_div_is_extracted(paragraphs):
    html = (
        "<html><body><header><a href='/'>Home</a></header><main><div>Loading...</div></main>"
        f"<div hidden id='S:0'><article><h1>Night buses</h1>{_body(paragraphs)}</article></div>"
        "<script>$RC('B:0','S:0')</script></body></html>"
    )
    _assert_whole_article(html, paragraphs)


def test_body_classes_name_the_template_not_furniture(paragraphs):
    """WordPress themes put words like "sidebar" or "image-rollover" in the body's class list."""
    html = (
        "<html><body class='single-post has-sidebar theme-image-rollover-yes'>"
        f"<div class='wrapper'>{_body(paragraphs)}</div></body></html>"
    )
    _assert_whole_article(html, paragraphs)


def test_a_block_left_open_in_a_button_does_not_swallow_the_page(paragraphs):
    """lxml puts everything after ``<button><div></button>`` inside the button."""
    html = (
        "<html><body><header><button aria-label='Menu'><div></button><a href='/'>Home</a></header>"
        f"<main><article><h1>Night buses</h1>{_body(paragraphs)}</article></main></body></html>"
    )
    _assert_whole_article(html, paragraphs)


def test_paragraphs_in_builder_widgets_are_article_text(paragraphs):
    """Page builders wrap each paragraph in a "widget" element; one paragraph is enough for it to count."""
    widgets = "".join(f"<div class='builder-widget builder-widget-text'><p>{p}</p></div>" for p in paragraphs)
    html = f"<html><body><nav><a href='/'>Home</a></nav><main><h1>Night buses</h1>{widgets}</main></body></html>"
    assert all(p in extract_article(html, URL).text for p in paragraphs)


def test_an_article_weighed_down_by_a_link_hub_inside_it_comes_out_whole(paragraphs):
    """A hub of links inside the article's element must not leave only its best paragraph."""
    hub = "<div class='hub'>" + "".join(
        f"<ul><li><a href='/p{i}'>Programme number {i} in the city ranking list</a></li></ul>" for i in range(60)
    ) + "</div>"
    body = "".join(f"<section><h2>Part {i}</h2><p>{p}</p></section>" for i, p in enumerate(paragraphs))
    html = f"<html><body><div class='entry'>{body}{hub}</div><footer>Contact</footer></body></html>"
    text = _assert_whole_article(html, paragraphs)
    assert "Programme number" not in text


def test_a_rail_of_teasers_after_the_article_is_not_taken_in(paragraphs):
    teasers = "".join(
        f"<div class='card'><h3><a href='/s{i}'>Another story headline number {i} here</a></h3>"
        f"<p>Blurb of another story that the site recommends, long enough to read like a paragraph "
        f"of text in its own right, number {i}.</p></div>"
        for i in range(12)
    )
    html = (
        f"<html><body><div class='page'><div class='text'>{''.join(f'<p>{p}</p>' for p in paragraphs)}</div>"
        f"<div class='more'>{teasers}</div></div></body></html>"
    )
    text = _assert_whole_article(html, paragraphs)
    assert "Blurb of another story" not in text


def test_a_page_whose_only_text_is_its_noscript_copy_is_not_empty(paragraphs):
    """Forum software serves the thread to clients without JavaScript inside <noscript>."""
    html = (
        "<html><body><section id='main'></section><noscript><div class='topic-body'>"
        f"{_body(paragraphs)}</div></noscript></body></html>"
    )
    _assert_whole_article(html, paragraphs, "https://forum.example/t/night-buses/123")


def test_a_loading_placeholder_does_not_hide_the_noscript_copy(paragraphs):
    """The script-built page shows only a preloader's word until its scripts run."""
    html = (
        "<html><body><section id='splash'><div class='preloader-text'>Loading</div></section>"
        f"<noscript><div class='topic-body'>{_body(paragraphs)}</div></noscript></body></html>"
    )
    text = _assert_whole_article(html, paragraphs, "https://forum.example/t/night-buses/123")
    assert "Loading" not in text


@pytest.mark.parametrize(
    ("extra", "unseen"),
    [
        (
            "<div hidden id='login-form'><p>Sign in to your account to save articles for later reading, "
            "comment on stories and manage your newsletters from one place.</p></div>",
            "Sign in",
        ),
        (
            "<noscript><p>Please enable JavaScript in your browser settings to see the comments and the "
            "interactive map of the new routes.</p></noscript>",
            "enable JavaScript",
        ),
    ],
)
def test_hidden_and_noscript_text_stay_out_of_a_page_with_its_own(paragraphs, extra, unseen):
    html = f"<html><body><article>{_body(paragraphs)}{extra}</article></body></html>"
    assert unseen not in _assert_whole_article(html, paragraphs)


def test_a_column_named_with_sidebar_holds_the_article(paragraphs):
    """"with-sidebar" says the element has a sidebar beside its content, not that it is one."""
    html = (
        "<html><body><div class='layout'><div class='col-story with-sidebar'><article>"
        f"{_body(paragraphs)}</article></div><aside><p>Add this site to your home screen for easy access "
        "to the news.</p></aside></div><div class='home-screen-prompt'><p>Add this site to your home screen for easy "
        "access to the news, views and sport of the city, the region and the whole country, with alerts "
        "for breaking stories and a daily digest of the best reads.</p></div></body></html>"
    )
    text = _assert_whole_article(html, paragraphs)


def test_collapsed_accordion_panels_are_article_text(paragraphs):
    panels = "".join(
        f"<div class='accordion-item'><h3>Step {i}</h3><div class='accordion-body' style='display: none'>"
        f"<p>{p}</p></div></div>"
        for i, p in enumerate(paragraphs)
    )
    html = f"<html><body><article><h1>Night buses</h1>{panels}</article></body></html>"
    _assert_whole_article(html, paragraphs)
