"""Main-content selection: pick the article container, then keep its article blocks.

Every block-level element is scored as ``prose - JUNK_WEIGHT * junk`` (see
``html_blocks.block_value``): prose is the non-link text of paragraph-length blocks, junk is the
text of link lists and of anything inside a boilerplate-looking container (nav, aside, footer,
class/id hints such as "share", "related", "comment"). The best-scoring element is the smallest
one that holds the article's paragraphs without dragging in much page furniture, whether or not
the site marks it up as ``<article>``. When that element holds several ``<article>`` stories
(infinite scroll, full-text "you may also like" boxes), the one with the page's headline wins.

Inside the chosen container a block is dropped when it sits in a nested boilerplate container,
is mostly link text, matches a boilerplate line rule, is learned site chrome (unless it carries
most of the text, or all the blocks are chrome), or repeats the title. A "Comments"/"About the
author"-style heading ends the article; a "Related"/"Most read" heading opens a rail that is
skipped up to the next real paragraph, as such rails often sit mid-article.

On the chosen container, a block dropped only for being mostly link text gets a second look from
the learned block scorer (``block_scorer``): a cited source or a linked subheading stays.

A page without paragraphs (a listing, a catalogue, a product grid) leaves the selection a stray
sentence, and a forum thread whose posts are named like comments leaves it one post; there the
page's text outside its furniture, link lists included, replaces it (``thin_fallback``).

Image captions are dropped: ``<figcaption>`` and caption/credit-hinted elements are furniture
around the story, and annotated article bodies (the benchmark's included) leave them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import accumulate

from parsers.article.text.boilerplate import heading_kind, is_boilerplate_line, is_social_follow, is_social_residue
from parsers.article.text.block_scorer import load_weights, probability, scored_blocks
from parsers.article.text.chrome import normalise_block
from parsers.article.text.html_blocks import HEADING_TAGS, Block, Container, Page, text_chars

JUNK_WEIGHT = 1.0
SEMANTIC_BONUS = 1.1  # <article>/<main>/itemprop=articleBody or a content class hint
# A container inside a comment/sidebar/footer-looking element still competes (a whole page may sit
# in a "has-sidebar" wrapper) but loses to any comparable container outside one.
BOILERPLATE_PENALTY = 0.3
_ARTICLE_SHARE = 0.15  # an <article> with less of the container's prose is a card, not a story
_ARTICLES_COVER = 0.8
_CAPTION_TAGS = frozenset(("figcaption", "caption"))
_OWN_TEXT_CHARS = 80
_BARE_URL = re.compile(r"(?:https?://|www\.)\S+$", re.I)  # unlinked characters that make a link-heavy block a paragraph
_RESUME_CHARS = 80  # a mostly unlinked paragraph this long after a "Related" rail is the article again
_PARAGRAPH_CHARS = 100  # a block this long with few links reads as a paragraph of the article
_WIDEN_OTHER_SHARE = 0.5  # non-paragraph text a wider container may add, per paragraph character
_MAX_TITLE = 400  # longer blocks are not headlines: skip normalising them when there is no chrome
# A block with this share of the container's text is its body: learned chrome never removes it.
# (A site-wide disclaimer is often longer than a short story's paragraphs, rarely four times them.)
_BODY_SHARE = 0.8
# A link-heavy block returns when the learned scorer gives it this probability of being text.
SCORER_KEEP = 0.92
# A selection this short, and this small a share of the text outside the page's furniture, is a
# fragment: the page's content is a list of links or cards, not paragraphs (see ``thin_fallback``).
# Three paragraphs make a short story, whatever link hub sits beside them.
_THIN_CHARS = 1000
_THIN_SHARE = 0.3
_STORY_PARAGRAPHS = 3
_MENU_ITEM_CHARS = 20  # a shorter link-only block is a menu or category word, not a listed item


def container_score(c: Container) -> float:
    marked = c.semantic or c.hint > 0
    prose = c.prose * (SEMANTIC_BONUS if marked else 1.0)
    score = prose - JUNK_WEIGHT * (0.5 if marked else 1.0) * c.junk
    return score * BOILERPLATE_PENALTY if c.in_boilerplate and score > 0 else score


def select_container(page: Page, titles: Iterable[str] = ()) -> Container | None:
    """The element holding the article text, or None when the page has no prose at all."""
    best = max(page.containers, key=container_score, default=None)
    if best is None or best.prose <= 0:
        return None
    titles = tuple(titles)
    best = widen(page, best, titles)
    return _one_article(page, best, titles) or best


def _is_paragraph(block: Block) -> bool:
    """Long and with few links: reads as a paragraph of an article."""
    return len(block.text) >= _PARAGRAPH_CHARS and block.link_density < 0.3


def _paragraph_chars(blocks: Iterable[Block], teasers: bool = True) -> int:
    """Characters of article-paragraph-like blocks (long, few links), teaser cards' blurbs optional."""
    return sum(len(b.text) for b in blocks if _is_paragraph(b) and (teasers or not b.in_teaser))


def widen(page: Page, best: Container, titles: tuple[str, ...] = ()) -> Container:
    """An ancestor of ``best`` when it holds at least as much article text again, and little else.

    The scorer can settle on one fragment of an article the page splits into many sections or
    builder widgets, when a link hub or a promo box inside the article's element weighs it down.
    An ancestor wins when the paragraphs its article blocks add are at least those of the current
    choice, and the other text it adds (link lists already go) is small beside them.
    """
    paragraph_prefix = list(accumulate((len(b.text) if _is_paragraph(b) else 0 for b in page.blocks), initial=0))
    kept = article_blocks(page, best, titles=titles)
    base, total = _paragraph_chars(kept), text_chars(kept)
    ancestors = sorted(
        (c for c in page.containers if c.depth < best.depth and c.start <= best.start and c.end >= best.end),
        key=lambda c: -c.depth,
    )
    for candidate in ancestors:
        if paragraph_prefix[candidate.end] - paragraph_prefix[candidate.start] < 2 * base:
            continue  # cannot double the article text: skip the costly look
        wider = article_blocks(page, candidate, titles=titles)
        gain = _paragraph_chars(wider) - base
        other = text_chars(wider) - total - gain
        # Blurbs of a rail of teaser cards read as paragraphs: they may not be most of the gain.
        own_gain = _paragraph_chars(wider, teasers=False) - _paragraph_chars(kept, teasers=False)
        if gain >= max(base, 1) and other <= _WIDEN_OTHER_SHARE * gain and own_gain >= 0.5 * gain:
            best, kept, base, total = candidate, wider, base + gain, total + gain + other
    return best


def _one_article(page: Page, best: Container, titles: Iterable[str]) -> Container | None:
    """One of several ``<article>`` elements inside the chosen container: the page's own.

    Infinite-scroll pages append the next story as another ``<article>``, and "you may also
    like" boxes are often full articles too. The page's own one carries its headline; failing
    that, it comes first.
    """
    articles = [
        c
        for c in page.containers
        if c.element.tag == "article"
        and c.depth > best.depth
        and best.start <= c.start < best.end
        and c.prose >= _ARTICLE_SHARE * best.prose
        and not any(best.depth < d <= c.depth for d in page.blocks[c.start].neg_depths)  # not comments
    ]
    outermost = [
        a for a in articles if not any(o.depth < a.depth and o.start <= a.start < o.end for o in articles)
    ]
    # Only a container that is mostly these articles is a list of stories; one with text of its
    # own around them is the story, and the <article>s inside are embeds or comments.
    if len(outermost) < 2 or sum(a.prose for a in outermost) < _ARTICLES_COVER * best.prose:
        return None
    outermost.sort(key=lambda c: c.start)
    title_norms = {normalise_block(t) for t in titles}
    for article in outermost:
        if _holds_headline(page.blocks[article.start : article.end], title_norms):
            return article
    return outermost[0]


def article_blocks(
    page: Page,
    container: Container | None,
    *,
    titles: Iterable[str] = (),
    site_chrome: frozenset[str] = frozenset(),
) -> list[Block]:
    """The blocks of ``container`` (the whole page when None) that are article text.

    ``titles`` are the page's headlines: a block repeating one is the headline, not the body.
    """
    blocks = container_blocks(page, container)
    verdicts = block_verdicts(page, container, titles=titles, site_chrome=site_chrome)
    return [b for b, verdict in zip(blocks, verdicts) if verdict is None]


def scored_article_blocks(
    page: Page,
    container: Container | None,
    *,
    titles: Iterable[str] = (),
    site_chrome: frozenset[str] = frozenset(),
) -> list[Block]:
    """``article_blocks``, except that a block dropped as mostly link text (``is_link_list``)
    stays when the learned block scorer (``block_scorer``) is confident it is article text.

    Used once, on the chosen container; the container choice itself stays with the rules.
    """
    blocks = container_blocks(page, container)
    verdicts = block_verdicts(page, container, titles=titles, site_chrome=site_chrome)
    weights = load_weights()
    rescued = {i for i, features in scored_blocks(blocks, verdicts) if probability(features, weights) > SCORER_KEEP}
    return [b for i, (b, verdict) in enumerate(zip(blocks, verdicts)) if verdict is None or i in rescued]


def thin_fallback(
    page: Page,
    container: Container | None,
    kept: list[Block],
    *,
    titles: Iterable[str] = (),
    site_chrome: frozenset[str] = frozenset(),
) -> list[Block] | None:
    """The page's listing text (``listing_blocks``) when the article blocks ``kept`` of
    ``container`` are a thin fragment of it; None when ``kept`` stands.

    Container scoring counts paragraphs. A listing, a catalogue, a forum index or a product grid
    has few or none: its content is link lists and teaser cards, so the best-scoring element is
    a stray sentence (a legal notice, a banner) and the selection misses the page. A selection
    with a few paragraphs, or with a paragraph and the page's headline, is a short story and
    stands, whatever link lists sit beside it; unless it lies in a boilerplate-looking element
    (a "comment"-named post of a forum thread, a card of a grid): there it is one of many.
    """
    kept_chars = text_chars(kept)
    if container is None or not container.in_boilerplate:
        paragraphs = sum(map(_is_paragraph, kept))
        if kept_chars >= _THIN_CHARS or paragraphs >= _STORY_PARAGRAPHS:
            return None
        if paragraphs and container is not None and _under_headline(page, container, titles):
            return None
    if kept_chars >= _THIN_SHARE * text_chars(page.blocks):
        return None  # not even the whole page would outweigh it: skip the costlier filter
    blocks = listing_blocks(page, container, site_chrome)
    return blocks if kept_chars < _THIN_SHARE * text_chars(blocks) else None


def listing_blocks(page: Page, container: Container | None, site_chrome: frozenset[str] = frozenset()) -> list[Block]:
    """The page's blocks outside any furniture-looking element (nav, header, footer, aside and
    boilerplate-named ones), link lists included, less menu words, captions, boilerplate lines
    and learned site chrome (``site_chrome``).

    Where ``container`` itself lies in furniture-named elements, elements at those depths count
    as content: the posts of a thread in a "comments" list, the cards of a grid named "promo",
    come each in such an element, one level like the other. (Matching depths, not the elements
    themselves, takes in the sibling posts and cards.)
    """
    own: set[int] = set()
    if container is not None and container.in_boilerplate:
        own = {d for d in page.blocks[container.start].neg_depths if d <= container.depth}
    return [
        b
        for b in page.blocks
        if own.issuperset(b.neg_depths)
        and not (b.link_density > 0.5 and len(b.text) < _MENU_ITEM_CHARS)
        and b.tag not in _CAPTION_TAGS
        and not is_boilerplate_line(b.text)
        and not (site_chrome and normalise_block(b.text) in site_chrome)
    ]


def _under_headline(page: Page, container: Container, titles: Iterable[str]) -> bool:
    """A heading of ``container`` is the page's headline.

    (Not the heading right before it: a category page's title and intro paragraph sit above its
    grid of cards just so.)
    """
    return _holds_headline(container_blocks(page, container), {normalise_block(t) for t in titles})


def _holds_headline(blocks: Iterable[Block], title_norms: set[str]) -> bool:
    """A heading among ``blocks`` shows the page's headline (``title_norms``: its normalised variants)."""
    return bool(title_norms) and any(b.tag in HEADING_TAGS and normalise_block(b.text) in title_norms for b in blocks)


def container_blocks(page: Page, container: Container | None) -> list[Block]:
    """The blocks of ``container``, or of the whole page when None."""
    return page.blocks if container is None else page.blocks[container.start : container.end]


def block_verdicts(
    page: Page,
    container: Container | None,
    *,
    titles: Iterable[str] = (),
    site_chrome: frozenset[str] = frozenset(),
) -> list[str | None]:
    """Per block of ``container`` (``container_blocks``): None when it is article text, else the
    rule that drops it: "boilerplate" (a nested furniture element), "end" (after an end-of-article
    heading), "rail-heading" and "rail", "caption", "link-list", "social", "line" (a boilerplate
    line rule), "title" or "chrome"."""
    blocks = container_blocks(page, container)
    depth = -1 if container is None else container.depth
    title_norms = {normalise_block(t) for t in titles}
    verdicts: list[str | None] = []
    chrome: list[int] = []  # where in `blocks` the kept blocks matching learned chrome stand
    any_kept = False
    in_rail = False
    follows_social = False  # the block before was a "follow us on ..." line
    for block in blocks:
        verdict = _verdict(block, depth, any_kept, in_rail)
        if verdict == "end":
            verdicts.extend(["end"] * (len(blocks) - len(verdicts)))
            break
        if verdict == "rail-heading":
            in_rail = True
        elif verdict == "rail" and len(block.text) >= _RESUME_CHARS and block.link_density <= 0.3:
            # A rail ends where the article resumes: at the next real paragraph.
            in_rail = False
            verdict = _verdict(block, depth, any_kept, in_rail)
        if verdict in (None, "line"):
            residue = follows_social and is_social_residue(block.text)
            follows_social = residue or is_social_follow(block.text)
            if residue:
                verdict = "social"
        if verdict is None and (site_chrome or (title_norms and len(block.text) < _MAX_TITLE)):
            norm = normalise_block(block.text)
            if norm in title_norms:
                verdict = "title"
            elif norm in site_chrome:
                chrome.append(len(verdicts))
        any_kept = any_kept or verdict is None
        verdicts.append(verdict)
    for i in _chrome_to_drop(blocks, verdicts, chrome):
        verdicts[i] = "chrome"
    return verdicts


def _verdict(block: Block, depth: int, any_kept: bool, in_rail: bool) -> str | None:
    """The rule that drops one block, looked at alone: None when none does. (The social residue,
    title and chrome checks need the blocks around it and come after.)"""
    if any(d > depth for d in block.neg_depths):
        return "boilerplate"
    if block.tag in HEADING_TAGS and any_kept and block.link_density < 0.5:
        kind = heading_kind(block.text)
        if kind == "end":
            return "end"
        if kind == "rail":
            return "rail-heading"
    if in_rail:
        return "rail"
    if block.tag in _CAPTION_TAGS:
        return "caption"
    if is_link_list(block):
        return "link-list"
    if is_boilerplate_line(block.text):
        return "line"
    return None


def _chrome_to_drop(blocks: list[Block], verdicts: list[str | None], chrome: list[int]) -> list[int]:
    """Which of the kept blocks matching learned chrome (positions ``chrome``) go: not a block with
    most of the kept text, and none when they are all that is kept.

    Learning can be wrong about a site (a sample of near-identical automated stories): a block
    with most of the text is the story, and a page left without text keeps its chrome.
    """
    if not chrome:
        return []
    kept = [i for i, verdict in enumerate(verdicts) if verdict is None]
    total = sum(len(blocks[i].text) for i in kept)
    dropped = [i for i in chrome if len(blocks[i].text) < _BODY_SHARE * total]
    return [] if len(dropped) == len(kept) else dropped


def is_link_list(block: Block) -> bool:
    """Mostly link text, and too little of its own to be a paragraph that quotes a headline.

    A bare URL is the exception: menus and rails show words, while a URL printed as a link is a
    source the author cites.
    """
    if block.link_density <= 0.5 or len(block.text) - block.link_chars >= _OWN_TEXT_CHARS:
        return False
    return not _BARE_URL.match(block.text)


def blocks_text(blocks: list[Block]) -> str:
    """One block per line."""
    return "\n".join(block.text for block in blocks)
