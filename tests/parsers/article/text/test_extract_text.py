"""Text shape: one block per line, tables kept, captions dropped, JSON-LD articleBody fallback."""

from __future__ import annotations

import json

from parsers.article.extract import extract_article

P1 = (
    "Rail operators will run extra trains over the holiday weekend after record bookings, the "
    "national rail company said on Wednesday, with most of the added services in the north."
)
P2 = (
    "Passengers are advised to reserve seats in advance, because the busiest trains on Friday "
    "afternoon are already close to full on the main lines out of the capital."
)


def test_blocks_each_on_their_own_line_with_tables_kept_and_captions_dropped():
    html = f"""<html><body><article>
    <p>{P1}</p>
    <figure><img src='t.jpg' alt='A train'><figcaption>A train leaves the central station. Photo: J. Doe</figcaption></figure>
    <h2>Extra services</h2>
    <table><tr><th>Route</th><th>Extra trains</th></tr><tr><td>North line</td><td>14</td></tr></table>
    <ul><li>Friday: 9 trains</li><li>Saturday: 5 trains</li></ul>
    <p>{P2}<br>Tickets go on sale at <b>noon</b> today.</p>
    </article></body></html>"""
    article = extract_article(html, "https://rail.example/news/extra-trains")
    assert article.text.splitlines() == [
        P1,
        "Extra services",
        "Route Extra trains",
        "North line 14",
        "Friday: 9 trains",
        "Saturday: 5 trains",
        P2,
        "Tickets go on sale at noon today.",
    ]
    assert article.text_source == "article"


def test_double_escaped_entities_are_unescaped():
    html = f"<html><body><article><p>{P1} &amp;quot;Full&amp;quot; trains.</p><p>{P2}</p></article></body></html>"
    assert '"Full" trains.' in extract_article(html).text


def test_itemprop_article_body_is_the_named_source():
    html = f"<html><body><div itemprop='articleBody'><p>{P1}</p><p>{P2}</p></div></body></html>"
    article = extract_article(html)
    assert (article.text, article.text_source) == (f"{P1}\n{P2}", "itemprop")


def _with_jsonld(body_html: str, article_body: str) -> str:
    data = json.dumps({"@type": "NewsArticle", "headline": "Extra trains", "articleBody": article_body})
    return f"<html><head><script type='application/ld+json'>{data}</script></head><body>{body_html}</body></html>"


def test_script_rendered_page_falls_back_to_jsonld_article_body():
    html = _with_jsonld("<div id='app'><p>Loading…</p></div>", f"{P1}\n{P2}")
    article = extract_article(html)
    assert (article.text, article.text_source) == (f"{P1}\n{P2}", "jsonld")


def test_markup_text_that_misses_the_jsonld_body_is_replaced():
    other = (
        "A completely different story about a football match that ended in a draw after extra "
        "time, with both goals scored in the last ten minutes of the second half of the game."
    )
    body = f"{P1}\n{P2}\n{P1}"
    html = _with_jsonld(f"<article><p>{other}</p><p>{other}</p></article>", body)
    assert extract_article(html).text_source == "jsonld"
    # The same markup text, when it matches the JSON-LD body, is kept as it is.
    html = _with_jsonld(f"<article><p>{P1}</p><p>{P2}</p><p>{P1}</p></article>", body)
    assert extract_article(html).text_source == "article"


def test_headline_repeated_in_the_body_is_not_text():
    html = (
        "<html><head><meta property='og:title' content='Extra trains for the holidays'></head><body>"
        f"<article><h1>Extra trains for the holidays</h1><p>{P1}</p><p>{P2}</p></article></body></html>"
    )
    article = extract_article(html)
    assert article.title == "Extra trains for the holidays"
    assert article.text == f"{P1}\n{P2}"


def test_layout_table_cells_are_blocks_so_navigation_does_not_join_the_article():
    html = f"""<html><body><table><tr>
    <td><a href='/'>Home</a><br><a href='/news'>News</a><br><a href='/about'>About us</a></td>
    <td>{P1}<br><br>{P2}</td></tr></table></body></html>"""
    assert extract_article(html).text.splitlines() == [P1, P2]


def test_link_heavy_item_with_its_own_sentence_is_kept_but_a_bare_link_is_not():
    linked = "<a href='/x'>The state attorney general is investigating the office-sharing company over layoffs</a>"
    item = f"{linked}. The company confirmed on Monday that it had been contacted by state investigators last week."
    html = (
        f"<html><body><article><p>{P1}</p><ul><li>{item}</li>"
        "<li><a href='/y'>Another story you might like to read today about trains</a></li></ul>"
        f"<p>{P2}</p></article></body></html>"
    )
    lines = extract_article(html).text.splitlines()
    assert lines[1].endswith("contacted by state investigators last week.")
    assert not any("Another story" in line for line in lines)


def test_links_are_counted_on_the_line_that_holds_them():
    # Split by <br>, the short first line has no link; the link belongs to the second line.
    html = (
        f"<html><body><article><p>{P1}</p><p>That was a problem.<br>"
        "See <a href='/x'>the full timetable for every line and every station here</a></p>"
        f"<p>{P2}</p></article></body></html>"
    )
    lines = extract_article(html).text.splitlines()
    assert "That was a problem." in lines
    assert not any("full timetable" in line for line in lines)


def test_a_cited_bare_url_is_kept():
    html = (
        f"<html><body><article><p>{P1}</p><p>Source: the operator's report,<br>"
        f"<a href='https://rail.example/report.pdf'>https://rail.example/report.pdf</a></p><p>{P2}</p></article></body></html>"
    )
    assert "https://rail.example/report.pdf" in extract_article(html).text.splitlines()


def test_of_several_articles_on_one_page_the_one_with_the_headline_is_taken():
    other = "".join(f"<p>{P2} Next story, part {i}.</p>" for i in range(4))
    html = (
        "<html><head><meta property='og:title' content='Extra trains for the holidays'></head><body><main>"
        f"<article><h2>Another story entirely</h2>{other}</article>"
        f"<article><h1>Extra trains for the holidays</h1><p>{P1}</p><p>{P1} Again.</p></article>"
        "</main></body></html>"
    )
    assert extract_article(html).text.splitlines() == [P1, f"{P1} Again."]


def test_a_page_wrapped_in_a_form_or_a_sidebar_layout_still_yields_its_article():
    nav = "<ul class='menu'><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul>"
    story = f"<div class='story'><p>{P1}</p><p>{P2}</p></div>"
    for wrapper in ("<form id='aspnetForm' action='/x'>{}</form>", "<div class='layout has-sidebar'>{}</div>"):
        html = "<html><body>" + wrapper.format(nav + story) + "</body></html>"
        assert extract_article(html).text == f"{P1}\n{P2}", wrapper


def test_preformatted_text_keeps_its_lines():
    html = f"<html><body><article><p>{P1}</p><pre>make test\nmake bench</pre><p>{P2}</p></article></body></html>"
    assert extract_article(html).text.splitlines() == [P1, "make test", "make bench", P2]


def test_articles_nested_in_a_story_do_not_replace_it():
    # Replies marked up as plain <article>s, with no class to give them away.
    comment = "I take this train every day and the extra services are very welcome, thank you. " * 2
    comments = "".join(f"<article><p>{comment}{i}</p></article>" for i in range(2))
    body = f"<p>{P1}</p><p>{P2}</p><p>{P1} More.</p><div>{comments}</div>"
    html = f"<html><body><article>{body}</article></body></html>"
    assert extract_article(html).text.splitlines()[:3] == [P1, P2, f"{P1} More."]


def test_highlighted_code_keeps_its_comment_and_tag_spans():
    """Syntax highlighters name spans "comment", "meta" or "tag": inside <pre> they are code."""
    prose = "<p>" + "Git keeps the whole history of a project on your own machine, so you can work offline. " * 3 + "</p>"
    code = (
        "<pre><code class='hljs bash'><span class='hljs-comment'># initialize git</span>\ngit init\n"
        "<span class='hljs-meta'>$</span> git status\n<span class='token tag'>&lt;b&gt;</span></code></pre>"
    )
    text = extract_article(f"<html><body><article>{prose}{code}{prose}</article></body></html>").text
    assert "# initialize git" in text and "$ git status" in text and "<b>" in text
