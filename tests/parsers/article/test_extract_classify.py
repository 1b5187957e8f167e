"""Page classification: articles, and the non-article pages the warehouse records apart."""

from __future__ import annotations

import pytest

from parsers.article.extract import extract_article


def _listing(n: int = 30) -> str:
    items = "".join(
        f"<li><a href='/news/story-{i}'>Headline number {i} about the city and its council</a></li>" for i in range(n)
    )
    return f"<html><head><title>Local news</title></head><body><nav><a href='/'>Home</a></nav><ul>{items}</ul></body></html>"


CHALLENGE = """<html><head><title>Just a moment...</title></head><body>
<h1>Checking your browser before accessing example.org.</h1>
<p>This process is automatic. Your browser will redirect to your requested content shortly.</p>
<p>Please allow up to 5 seconds…</p><p>DDoS protection by Cloudflare</p></body></html>"""

CAPTCHA = """<html><head><title>Attention Required</title></head><body>
<h1>Please verify you are a human</h1><p>Complete the captcha below to continue.</p></body></html>"""

ERROR = """<html><head><title>Page not found - The Daily Example</title></head><body>
<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>
<h1>Oops! That page can't be found.</h1>
<p>It looks like nothing was found at this location. Maybe try a search?</p></body></html>"""

CONSENT = """<html><head><title>Before you continue</title></head><body>
<div class='consent'><h1>We value your privacy</h1>
<p>We and our partners use cookies to store and access information on your device.</p>
<button>Accept all</button><button>Manage options</button></div></body></html>"""

PAYWALL = """<html><head><title>Budget talks collapse | The Daily Example</title>
<meta property='og:type' content='article'></head><body><article>
<h1>Budget talks collapse</h1>
<p>Negotiations over the city budget broke down late on Thursday when the two largest parties failed
to agree on the cost of the new tram line, leaving the council without a spending plan.</p>
<div class='paywall'><p>Subscribe now to continue reading. Already a subscriber? Sign in</p></div>
</article></body></html>"""

ARTICLE = """<html><head><title>Tram line approved | The Daily Example</title></head><body>
<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Tram line approved</h1>
<p>The council approved the new tram line on Thursday after a debate that lasted more than six hours
and ended with a narrow vote of 23 to 21 in favour of the eastern route.</p>
<p>Construction is due to start next year and the first trams should run in 2029, the city's
transport department said, adding that the cost estimate has risen to 410 million euros.</p>
<p>Opponents said they would keep fighting the project and might ask for a referendum on it.</p>
</article></body></html>"""


SECTION_FRONT = """<html><head><title>Politics | The Daily Example</title></head><body>
<div id='cookie-consent'><p>We use cookies to run this site and show you relevant advertising. You can
accept all cookies or choose which ones to allow.</p><button>Accept all</button></div>
<h1>Politics</h1><div class='teaser'><h2><a href='/politics/2026/11/20/housing-bill.html'>Housing bill
clears first vote</a></h2><p>The bill would cap rent rises for existing tenants.</p>
<a href='/politics/2026/11/20/housing-bill.html'>Read more</a></div></body></html>"""


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        (ARTICLE, "https://daily.example/news/2024/05/tram-line-approved", "article"),
        (_listing(), "https://daily.example/tag/city-council/", "index"),
        (_listing(), "https://daily.example/local", "index"),
        (_listing(), "https://daily.example/", "homepage"),
        (SECTION_FRONT, "https://daily.example/politics/", "index"),  # a cookie banner, yet a listing
        (ERROR, "https://daily.example/news/missing-story", "error"),
        (CONSENT, "https://daily.example/news/some-story", "consent"),
        (PAYWALL, "https://daily.example/news/budget-talks", "article"),  # stored, flagged paywalled
        (CHALLENGE, "https://daily.example/news/some-story", "challenge"),
        (CAPTCHA, "https://daily.example/news/some-story", "challenge"),
        ("<html><head><title>x</title></head><body></body></html>", "https://daily.example/a", "empty"),
        ("", "https://daily.example/b", "empty"),
        (b"\x00\x00", "https://daily.example/c", "empty"),
        (b"%PDF-1.4\n" + bytes(range(256)) * 20, "https://daily.example/d.pdf", "empty"),
    ],
)
def test_page_type(html, url, expected):
    assert extract_article(html, url).page_type == expected


def test_paywall_teaser_is_an_article_flagged_paywalled_with_its_visible_text():
    article = extract_article(PAYWALL, "https://daily.example/news/budget-talks")
    assert (article.page_type, article.paywalled) == ("article", True)
    assert article.text.startswith("Negotiations over the city budget broke down")
    assert "Subscribe" not in article.text
    assert not extract_article(ARTICLE, "https://daily.example/news/2024/05/tram-line-approved").paywalled


def test_a_paywall_prompt_on_a_listing_leaves_it_a_listing():
    listing = _listing().replace("</body>", "<p>Subscribe now to continue reading.</p></body>")
    article = extract_article(listing, "https://daily.example/tag/city-council/")
    assert (article.page_type, article.paywalled) == ("index", False)


def test_an_article_about_captchas_is_still_an_article():
    html = ARTICLE.replace(
        "Opponents said they would keep fighting the project and might ask for a referendum on it.",
        "The ticket website now asks riders to solve a captcha, which opponents say is a barrier. "
        "Checking your browser, it says, before every purchase; riders call it a small nuisance.",
    )
    assert extract_article(html, "https://daily.example/news/tram").page_type == "article"


def test_declared_paywall_flags_only_a_teaser():
    jsonld = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>'
    teaser = ARTICLE.replace("<head>", f"<head>{jsonld}").replace(
        "<p>Opponents said they would keep fighting the project and might ask for a referendum on it.</p>", ""
    )
    assert extract_article(teaser, "https://daily.example/news/tram").paywalled
    paragraph = "<p>" + "The full text of the story is in the page for subscribers and search engines. " * 8
    full = extract_article(teaser.replace("</article>", paragraph * 5 + "</p></article>"), "https://daily.example/news/tram")
    assert (full.page_type, full.paywalled) == ("article", False)


def test_declared_paywall_on_a_short_story_served_whole_is_an_article():
    jsonld = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>'
    sentence = "The council will publish the tender documents for the eastern route in the spring. "
    story = ARTICLE.replace("<head>", f"<head>{jsonld}").replace("</article>", f"<p>{sentence * 12}</p></article>")
    article = extract_article(story, "https://daily.example/news/tram")
    assert 1200 <= len(article.text) < 2400  # longer than a stub, shorter than the cut-text limit
    assert (article.page_type, article.paywalled) == ("article", False)


def test_a_login_prompt_is_no_paywall():
    post = "<p>" + "I replaced the power supply and the machine has run without a fault for a month now. " * 3 + "</p>"
    thread = f"""<html><head><title>Power supply keeps failing - Hardware forum</title></head><body>
<div class='signup'><p>Already have an account? Sign in here.</p></div>
<div class='thread'><h1>Power supply keeps failing</h1>{post * 6}</div></body></html>"""
    assert not extract_article(thread, "https://forum.example/topic/4411-power-supply-keeps-failing/").paywalled
    prompt = thread.replace("Already have an account? Sign in here.", "Subscribe to continue reading.")
    assert extract_article(prompt, "https://forum.example/topic/4411-power-supply-keeps-failing/").paywalled


def test_404_in_a_headline_is_not_an_error_page():
    html = ARTICLE.replace("Tram line approved</h1>", "Area code 404 turns 75</h1>")
    assert extract_article(html, "https://daily.example/news/area-code-404-turns-75").page_type == "article"
    error = ERROR.replace("Oops! That page can't be found.", "Error 404").replace("Page not found - ", "")
    assert extract_article(error, "https://daily.example/news/missing").page_type == "error"


def test_an_article_at_a_query_string_url_on_the_site_root_is_an_article():
    assert extract_article(ARTICLE, "https://blog.example/?p=123").page_type == "article"
    assert extract_article(_listing(), "https://blog.example/").page_type == "homepage"


def _teasers(n: int) -> str:
    blurb = "A short summary of the story that runs to a couple of sentences, as listing pages show it. " * 2
    return "".join(
        f"<div class='card'><h3><a href='/news/2024/05/story-number-{i}'>Headline of story number {i} here</a></h3>"
        f"<p>{blurb}</p></div>"
        for i in range(n)
    )


def test_a_tag_page_with_a_long_slug_is_a_listing_of_its_teasers():
    html = f"<html><head><title>New York City Council</title></head><body><h1>New York City Council</h1>{_teasers(6)}</body></html>"
    assert extract_article(html, "https://daily.example/tag/new-york-city-council/").page_type == "index"


def test_a_short_story_under_a_section_path_with_a_rail_is_an_article():
    html = ARTICLE.replace("</article>", f"</article><aside>{_teasers(3)}</aside>")
    url = "https://daily.example/section/city/2024/05/council-approves-the-eastern-tram-line"
    assert extract_article(html, url).page_type == "article"


def _teaser_page(head: str) -> str:
    teasers = "".join(
        f"<div class='card'><h2><a href='/2026/11/{i}/story-about-the-city-number-{i}'>Story about the city "
        f"number {i}</a></h2><p>A short blurb that tells what story number {i} is about in a sentence or two, "
        "enough to tempt a reader into clicking through to the whole text of it.</p></div>"
        for i in range(12)
    )
    return f"<html><head><title>Science</title>{head}</head><body><main><h1>Science</h1>{teasers}</main></body></html>"


def test_og_type_article_does_not_outweigh_a_collection_page_type():
    """SEO plugins print og:type article on every page; JSON-LD CollectionPage says what this one is."""
    head = (
        "<meta property='og:type' content='article'>"
        "<script type='application/ld+json'>{\"@type\": \"CollectionPage\", \"name\": \"Science\"}</script>"
    )
    assert extract_article(_teaser_page(head), "https://news.example/science/").page_type == "index"


def test_og_type_article_on_a_category_url_with_teasers_is_an_index():
    head = "<meta property='og:type' content='article'>"
    assert extract_article(_teaser_page(head), "https://news.example/category/science/").page_type == "index"


def test_a_json_ld_article_on_a_topic_url_stays_an_article():
    head = "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Tram line\"}</script>"
    page = ARTICLE.replace("<title>", head + "<title>")
    assert extract_article(page, "https://news.example/topic/trams/").page_type == "article"


ADVICE = "".join(
    f"<p>Choosing a kettle comes down to {topic}: think about how often you boil water, how much counter space "
    "you have and whether you want to hold a precise temperature for green tea or pour-over coffee at home.</p>"
    for topic in ("capacity", "material", "temperature control", "pouring", "cleaning", "warranty", "noise", "speed")
)


def _offer_cards(n: int, cls: str = "product-card") -> str:
    return "".join(
        f"<li class='{cls}'><a href='/p/kettle-{i}'><img src='/k{i}.jpg' alt=''>Steel kettle model {i}</a>"
        f"<span class='price'>${19 + i}.99</span><button>Add to cart</button></li>"
        for i in range(n)
    )


def _store_page(grid: str, advice: str = ADVICE, head: str = "") -> str:
    return (
        f"<html><head><title>Electric kettles | Kitchen Shop</title>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/kitchen'>Kitchen</a></nav><h1>Electric kettles</h1>"
        f"{grid}<div class='buying-guide'><h2>How to choose a kettle</h2>{advice}</div></body></html>"
    )


def test_a_store_category_page_with_long_buying_advice_is_a_listing():
    """The priced grid stands apart from the advice text the extractor finds."""
    page = _store_page(f"<ul class='grid'>{_offer_cards(12)}</ul>")
    article = extract_article(page, "https://shop.example/kitchen/kettles")
    assert article.text.startswith("How to choose a kettle") or "Choosing a kettle" in article.text
    assert article.page_type == "index"


def test_a_store_grid_inside_the_text_is_a_listing_when_its_cards_outnumber_the_paragraphs():
    page = _store_page(f"<main><ul class='grid'>{_offer_cards(12)}</ul>{ADVICE[:600]}</main>", advice="")
    assert extract_article(page, "https://shop.example/kettles").page_type == "index"


def test_og_type_article_does_not_outweigh_a_store_grid():
    page = _store_page(f"<ul class='grid'>{_offer_cards(12)}</ul>", head="<meta property='og:type' content='article'>")
    assert extract_article(page, "https://shop.example/kettles").page_type == "index"


def test_og_type_article_does_not_outweigh_a_wall_of_teasers():
    head = "<meta property='og:type' content='article'>"
    html = f"<html><head><title>News</title>{head}</head><body><h1>News</h1><p>All our news.</p>{_teasers(12)}</body></html>"
    assert extract_article(html, "https://daily.example/news").page_type == "index"


def _paragraphs(sentence: str, count: int) -> str:
    return f"<p>{sentence * 3}</p>" * count


def test_linked_headlines_outnumbering_paragraphs_on_a_category_url_make_a_listing():
    """Ten paragraphs of category text would pass for an article; forty linked headlines do not."""
    headlines = "".join(f"<h3><a href='/2026/11/{i}/story-{i}'>Story number {i} about the city</a></h3>" for i in range(40))
    prose = _paragraphs("The city council has been debating the budget for weeks now, and more is to come. ", 10)
    html = f"<html><head><title>City</title></head><body><main><h1>City</h1>{prose}{headlines}</main></body></html>"
    assert extract_article(html, "https://daily.example/category/city/").page_type == "index"


def test_the_site_root_with_tracking_parameters_is_the_homepage():
    assert extract_article(_listing(), "https://blog.example/?utm_source=feed&srsltid=abc").page_type == "homepage"
    assert extract_article(ARTICLE, "https://blog.example/?p=123&utm_source=feed").page_type == "article"


def test_a_news_article_with_a_product_mention_and_a_related_rail_stays_an_article():
    story = ARTICLE.replace(
        "</article>",
        "<p>Each ticket machine costs $24,999, and the city ordered 40 of them from a supplier in Lyon, which "
        "quoted a lower price than its two rivals, a spokeswoman said.</p></article>"
        f"<section class='related-stories'><h2>Related stories</h2>{_teasers(8)}</section>",
    )
    article = extract_article(story, "https://daily.example/news/2024/05/tram-line-approved")
    assert article.page_type == "article"
    assert "$24,999" in article.text


def test_a_review_that_prices_its_picks_between_its_paragraphs_stays_an_article():
    picks = "".join(
        f"<div class='pick'><h2>{i}. Steel kettle model {i}</h2><p>{ADVICE[3:400]}</p>"
        f"<p><a href='/go/kettle-{i}'>${19 + i}.99 at a shop</a></p></div>"
        for i in range(8)
    )
    html = f"<html><head><title>The best kettles</title></head><body><article><h1>The best kettles</h1>{picks}</article></body></html>"
    assert extract_article(html, "https://reviews.example/best-electric-kettles").page_type == "article"


def test_a_story_with_a_shop_rail_after_it_stays_an_article():
    story = ARTICLE.replace("</article>", f"</article><ul class='shop-the-story'>{_offer_cards(6)}</ul>")
    assert extract_article(story, "https://daily.example/news/2024/05/tram-line-approved").page_type == "article"


def test_a_one_post_blog_root_is_an_article_and_a_hub_root_a_homepage():
    """A personal blog's root that shows its latest post in full holds few links and one long text."""
    paragraph = "<p>" + "I spent the weekend rebuilding the garden shed from the old floorboards we saved. " * 4 + "</p>"
    post = ARTICLE.replace("</article>", paragraph * 6 + "</article>")
    assert extract_article(post, "https://jan.example/").page_type == "article"
    hub = post.replace("</article>", "</article>" + _listing(60).split("<body>")[1].split("</body>")[0])
    assert extract_article(hub, "https://jan.example/").page_type == "homepage"


def test_a_hub_url_with_more_link_text_than_text_found_is_a_listing():
    """Nine paragraphs of a video module would pass for an article; twice their length in links do not."""
    prose = _paragraphs("Scientists found a new species of frog in the rain forest, the museum said. ", 9)
    links = "".join(f"<li><a href='/article/frog-{i}'>Another story about frogs and forests, number {i}</a></li>" for i in range(120))
    url = "https://news.example/hub/science"
    assert extract_article(f"<html><body><main>{prose}</main><ul>{links}</ul></body></html>", url).page_type == "index"
    assert extract_article(f"<html><body><main>{prose}</main></body></html>", url).page_type == "article"


def test_plain_priced_cards_inside_the_text_of_an_unmarked_page_make_a_listing():
    """A store's category page whose grid the extractor took in with its buying advice."""
    page = _store_page(f"<main><ul class='grid'>{_offer_cards(10)}</ul>{ADVICE}{ADVICE}</main>", advice="")
    assert extract_article(page, "https://shop.example/kitchen/electric-kettles-and-tea-makers").page_type == "index"


def test_an_unmarked_review_with_a_quick_list_of_prices_among_many_paragraphs_stays_an_article():
    quick = "".join(f"<li class='pick'><a href='/go/kettle-{i}'>Steel kettle model {i}: ${19 + i}.99</a></li>" for i in range(8))
    body = f"<article><h1>The best kettles</h1><ul class='quick-look'>{quick}</ul>{ADVICE * 5}</article>"
    html = f"<html><head><title>The best kettles</title></head><body>{body}</body></html>"
    assert extract_article(html, "https://reviews.example/best-electric-kettles").page_type == "article"


def test_a_profile_page_is_a_listing_however_long_its_bio():
    head = "<meta property='og:type' content='profile'>"
    bio = "<p>" + "Jan has written about the city council, its budgets and its tram plans for twenty years. " * 5 + "</p>"
    html = f"<html><head><title>Jan Jansen</title>{head}</head><body><main><h1>Jan Jansen</h1>{bio * 4}</main></body></html>"
    assert extract_article(html, "https://daily.example/people/jan-jansen-city-reporter").page_type == "index"
