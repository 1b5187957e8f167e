"""Each kind of boilerplate, on a page of its own: the article stays, the furniture goes."""

from __future__ import annotations

import pytest

from parsers.article.extract import extract_article, extract_text_from_fragment

CASES = {
    "share row and plugin credit": (
        "<ul><li><a href='#'>Facebook</a></li><li><a href='#'>Twitter</a></li><li><a href='#'>Email</a></li></ul>"
        "<p>Social media &amp; sharing icons powered by <a href='#'>UltimatelySocial</a></p>",
        ["Facebook", "UltimatelySocial", "sharing icons"],
    ),
    "share block by class": (
        "<div class='social-share'><span>Share this article</span> <a href='#'>Copy link</a></div>",
        ["Share this", "Copy link"],
    ),
    "copyright with sitemap": (
        "<p>Copyright © 2020 All Rights Reserved | <a href='/sitemap.xml'>XML Sitemap</a></p>",
        ["Copyright", "Sitemap"],
    ),
    "tags list": ("<p>Tags: <a href='/t/a'>buses</a>, <a href='/t/b'>ferries</a></p>", ["Tags", "ferries"]),
    "empty tags list": ("<p>Tags: , , , </p>", ["Tags"]),
    "follow us": ("<p>Daily Example (follow us on Twitter and Facebook)</p>", ["follow us"]),
    "posted in": ("<p>Posted in <a href='/c/local'>Local</a>, <a href='/c/city'>City hall</a></p>", ["Posted in"]),
    "previous/next navigation": (
        "<p><a href='/p'>« Previous post</a></p><p>Next article: The harbour gets a new ferry</p>",
        ["Previous", "Next article", "ferry"],
    ),
    "comment form": (
        "<div id='respond'><h3>Leave a Reply</h3><form><p>Your email address will not be published. "
        "Required fields are marked *</p><label>Comment</label><textarea></textarea>"
        "<button>Post Comment</button></form></div>",
        ["Leave a Reply", "email address", "Post Comment"],
    ),
    "related rail after a heading": (
        "<h3>Related Articles</h3><ul><li><a href='/a'>The tram line to the airport opens next spring</a></li>"
        "<li><a href='/b'>Harbour ferry gets a new timetable</a> <span>2 hours ago</span></li></ul>",
        ["Related", "airport", "ferry", "hours ago"],
    ),
    "comments after a heading in another language": (
        "<h3>Kommentare (3)</h3><p>Ich warte seit Jahren auf diesen Bus und bin froh, dass der Stadtrat "
        "endlich auf die Menschen gehört hat, die nachts in dieser Stadt arbeiten.</p>",
        ["Kommentare", "Bus"],
    ),
    "comments after a heading": (
        "<h3>3 Comments</h3><p>I have waited for this bus for years and I am very glad the council "
        "finally listened to the people who work at night in this city.</p>",
        ["Comments", "waited"],
    ),
    "most read rail by class": (
        "<div class='most-read'><h4>Most read</h4><ol><li><a href='/1'>Mayor resigns after scandal "
        "over the budget</a></li><li><a href='/2'>Heatwave to end on Friday</a></li></ol></div>",
        ["Most read", "Mayor resigns", "Heatwave"],
    ),
    "newsletter box": (
        "<div class='newsletter-signup'><h3>Get our morning briefing</h3><p>The news you need, in "
        "your inbox every weekday before 7am. Free, and you can unsubscribe at any time.</p></div>"
        "<p>Sign up for our newsletter to get the latest stories.</p>",
        ["briefing", "inbox", "newsletter"],
    ),
    "consent banner": (
        "<div id='cookie-consent'><p>We use cookies to improve your experience and for personalised "
        "advertising. By continuing you agree to our use of cookies.</p><a href='#'>Accept</a></div>",
        ["cookies", "Accept"],
    ),
    "breadcrumbs": ("<p><a href='/'>Home</a> » <a href='/news'>News</a> » Local</p>", ["Home", "News »"]),
    "read more": ("<p><a href='/more'>Continue reading</a></p><p>Read more: night transport</p>", ["Continue", "Read more"]),
    "print and email links": ("<p><a href='#'>Print</a></p><p><a href='mailto:x'>Email</a></p>", ["Print", "Email"]),
    "ad labels": ("<p>Advertisement</p><p>Story continues below advertisement</p>", ["Advertisement", "advertisement"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_boilerplate_is_dropped_and_article_kept(case, make_page, paragraphs):
    extra, gone = CASES[case]
    text = extract_article(make_page(extra)).text
    assert text.splitlines() == list(paragraphs), text
    for needle in gone:
        assert needle not in text


def test_a_paragraph_quoting_boilerplate_words_is_kept(make_page):
    quote = (
        "Critics said the slogan on the buses, a bright “follow us on the night line”, was confusing "
        "for riders, and the operator agreed to change it before the routes start in March."
    )
    text = extract_article(make_page(f"<p>{quote}</p>")).text
    assert quote in text


def test_feed_footer_and_share_links_leave_fragment_text(paragraphs):
    fragment = (
        f"<p>{paragraphs[0]}</p><p><a href='#'>Share on Facebook</a></p>"
        "<p>The post <a href='/x'>Night buses</a> appeared first on <a href='/'>Daily Example</a>.</p>"
    )
    assert extract_text_from_fragment(fragment) == paragraphs[0]


LONG = (
    "The harbour authority confirmed on Monday that the old ferry terminal will become a market "
    "hall, with the first stalls opening next spring and a rooftop garden to follow in the summer."
)


def test_article_in_an_element_named_like_furniture_is_kept():
    # Page builders put article text in "widget" elements; a run of paragraphs outweighs the name.
    # Here the article runs through three such widgets, so the container must be their parent.
    widgets = "".join(
        "<div class='elementor-widget elementor-widget-text-editor'><div class='elementor-widget-container'>"
        + "".join(f"<p>{LONG} Part {w}.{i}.</p>" for i in range(5))
        + "</div></div>"
        for w in range(3)
    )
    html = (
        f"<html><body><div class='elementor-section'>{widgets}</div>"
        "<div class='widget sidebar-widget'><h3>Archives</h3><p>November 2019</p></div></body></html>"
    )
    text = extract_article(html).text
    assert text.count(LONG) == 15
    assert "Archives" not in text


def test_a_long_comment_thread_never_wins_over_the_article(make_page, paragraphs):
    comment = "I have lived by the harbour for forty years and I think this plan is a mistake, " * 3
    thread = "".join(f"<div class='comment-body'><p>{comment}{i}</p></div>" for i in range(8))
    html = make_page("").replace("</body>", f"<div id='comments' class='comments-area'>{thread}</div></body>")
    text = extract_article(html).text
    assert text.splitlines() == list(paragraphs)


def test_a_related_rail_mid_article_is_skipped_and_the_article_resumes(paragraphs):
    body = (
        f"<p>{paragraphs[0]}</p><h3>Related</h3><ul><li><a href='/a'>Tram line to the airport opens</a></li>"
        f"<li><a href='/b'>Ferry timetable changes</a></li></ul><p>{paragraphs[1]}</p>"
    )
    text = extract_article(f"<html><body><article>{body}</article></body></html>").text
    assert text.splitlines() == [paragraphs[0], paragraphs[1]]


ARTICLE_LINES = [  # lines that resemble boilerplate but are article text
    "By the numbers",
    "The new buses are powered by hydrogen.",
    "Recommended fares stay the same for pupils.",
    "The vote was held on November 18, 2019.",
    "Next year the network will grow again.",
    "Share prices of the operator rose by 4% on the news.",
    "Von Berlin nach Hamburg in zwei Stunden",
    "Por qué el tranvía llega tarde",
]
FURNITURE_LINES = [  # bylines, datelines and credits
    "Chris Davies - Nov 19, 2019, 10:31 pm CST",
    "By Jane Doe and Omar Haddad",
    "Updated: Nov. 19, 2019 at 3:00 p.m.",
    "(Reporting by Jane Doe; Editing by Tom Roe)",
    "3 min read",
    "Image 2 of 5",
    "Back to Gallery",
    "Copyright ⓒ Example Media. All rights reserved.",
    "Par Marie Lefèvre, le 12 mars 2025 à 18h45",
    "Por Lucía García Martín",
    "Door Jan de Vries en Anna Smit",
    "Síguenos en Facebook, X e Instagram",
    "Enviar por WhatsApp",
    "Siga o Jornal do Vale no Instagram e no Facebook",
    "Riproduzione riservata ©",
    "Von Peter Müller | 12. März 2025, 14:30 Uhr",
    # pagers
    "Pages: 1 2 Next >>",
    "« Previous 1 2 3 … 9 Next »",
    "Page 2 of 5",
    # the same furniture in other languages
    "Schlagwörter: Radverkehr, Stadtrat, Verkehr",
    "Etiquetas: transporte, ayuntamiento",
    "Mots-clés : tramway, mairie",
    "Tagesblatt Verlag GmbH. Alle Rechte vorbehalten.",
    "Jetzt den Newsletter abonnieren und keine Nachricht mehr verpassen!",
    "Suscríbete a nuestra newsletter y recibe las noticias del día.",
]


@pytest.mark.parametrize(
    ("line", "is_article"),
    [(line, True) for line in ARTICLE_LINES] + [(line, False) for line in FURNITURE_LINES],
)
def test_a_single_line_after_the_story_is_kept_only_if_it_is_article_text(line, is_article, make_page, paragraphs):
    text = extract_article(make_page(f"<p>{line}</p>")).text
    expected = [*paragraphs, line] if is_article else list(paragraphs)
    assert text.splitlines() == expected


SOCIAL_FOLLOW = "MEK Iran (follow us on Twitter and Facebook)"
SOCIAL_RESIDUE = "and People’s Mojahedin Organization of Iran – MEK IRAN – YouTube"


@pytest.mark.parametrize(
    "chrome",
    [
        # plain paragraphs inside the article container
        f"<p>{SOCIAL_FOLLOW}</p><p>{SOCIAL_RESIDUE}</p>",
        # the same as links
        f"<p>MEK Iran (<a href='https://t.example/mek'>follow us on Twitter and Facebook</a>)</p>"
        f"<p><a href='https://v.example/mek'>{SOCIAL_RESIDUE}</a></p>",
        # a profile line without the "– YouTube" label form, right after the follow line
        f"<p>{SOCIAL_FOLLOW}</p><p>and our channel on YouTube</p>",
        # a widget after the container
        f"</div><div class='widget'><p>{SOCIAL_FOLLOW}</p><p>{SOCIAL_RESIDUE}</p>",
    ],
)
def test_social_profile_lines_go_in_every_markup(make_page, paragraphs, chrome):
    text = extract_article(make_page(chrome)).text
    assert "follow us" not in text and "YouTube" not in text
    assert text.splitlines()[-len(paragraphs):] == list(paragraphs)


def test_a_sentence_about_a_platform_after_a_follow_line_stays(make_page, paragraphs):
    sentence = "YouTube said on Monday that it removed the channel after the council complained."
    text = extract_article(make_page(f"<p>{SOCIAL_FOLLOW}</p><p>{sentence}</p>")).text
    assert sentence in text


def test_table_of_contents_heading_and_invisible_lines_go(make_page, paragraphs):
    extra = "<h2>Table of Contents</h2><ul><li><a href='#a'>Routes</a></li></ul><p>\u200d</p><p>\u2060 \u200d</p>"
    text = extract_article(make_page(extra)).text
    assert text.splitlines()[-len(paragraphs):] == list(paragraphs)


def test_a_pager_needs_a_label_or_an_arrow_and_a_number_or_next():
    from parsers.article.text.boilerplate import is_boilerplate_line

    assert is_boilerplate_line("Pages: 1 2 3") and is_boilerplate_line("< 1 >") and is_boilerplate_line("Next >>")
    # A row of figures from a table, and a line of JSX, are no pager.
    assert not is_boilerplate_line("10 20 30") and not is_boilerplate_line("<>") and not is_boilerplate_line(">>")
