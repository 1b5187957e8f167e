"""Feed content:encoded HTML goes through the same block rules as pages."""

from __future__ import annotations

from parsers.article.extract import extract_text_from_fragment

FEED_HTML = """
<p>The council approved the new budget on Monday after a long debate about school funding.</p>
<p>Members voted <strong>7 to 2</strong> in favour.</p>
<div class="sharedaddy"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
<p><a href="https://x.example/share?u=1">Email</a> | <a href="#">Print</a></p>
<p>The post <a href="https://x.example/budget">Council approves budget</a> appeared first on
<a href="https://x.example">Example Daily</a>.</p>
"""


def test_fragment_keeps_paragraphs_and_drops_feed_footer_and_share_links():
    text = extract_text_from_fragment(FEED_HTML)
    assert text.splitlines() == [
        "The council approved the new budget on Monday after a long debate about school funding.",
        "Members voted 7 to 2 in favour.",
    ]


def test_fragment_of_plain_text_keeps_its_lines():
    assert extract_text_from_fragment("First line of text.\nSecond line.") == "First line of text.\nSecond line."
