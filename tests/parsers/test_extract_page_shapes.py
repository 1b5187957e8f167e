"""Page shapes that must not come out empty: streamed, broken or oddly wrapped article markup."""

from __future__ import annotations

from parsers.extract import extract_article

URL = "https://news.example/2026/12/03/night-buses-reach-the-north"


def _body(paragraphs: tuple[str, ...]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def test_article_streamed_into_a_hidden_div_is_extracted(paragraphs):
    html = (
        "<html><body><header><a href='/'>Home</a></header><main><div>Loading...</div></main>"
        f"<div hidden id='S:0'><article><h1>Night buses</h1>{_body(paragraphs)}</article></div>"
        "<script>$RC('B:0','S:0')</script></body></html>"
    )
    article = extract_article(html, URL)
    assert article.page_type == "article"
    assert all(p in article.text for p in paragraphs)


def test_other_hidden_content_stays_out(paragraphs):
    html = (
        f"<html><body><article>{_body(paragraphs)}"
        "<div hidden id='login-form'><p>Sign in to your account to save articles for later reading, "
        "comment on stories and manage your newsletters from one place.</p></div></article></body></html>"
    )
    assert "Sign in" not in extract_article(html, URL).text


def test_body_classes_name_the_template_not_furniture(paragraphs):
    """WordPress themes put words like "sidebar" or "image-rollover" in the body's class list."""
    html = (
        "<html><body class='single-post has-sidebar theme-image-rollover-yes'>"
        f"<div class='wrapper'>{_body(paragraphs)}</div></body></html>"
    )
    article = extract_article(html, URL)
    assert article.page_type == "article"
    assert all(p in article.text for p in paragraphs)


def test_a_block_left_open_in_a_button_does_not_swallow_the_page(paragraphs):
    """lxml puts everything after ``<button><div></button>`` inside the button."""
    html = (
        "<html><body><header><button aria-label='Menu'><div></button><a href='/'>Home</a></header>"
        f"<main><article><h1>Night buses</h1>{_body(paragraphs)}</article></main></body></html>"
    )
    article = extract_article(html, URL)
    assert article.page_type == "article"
    assert all(p in article.text for p in paragraphs)
