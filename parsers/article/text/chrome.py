"""Site chrome learned from repetition: text blocks that recur on most pages of one site.

No rule list can know every site's footer sentence or newsletter pitch, but a block that appears
on most pages of a site is not the article of any of them. A block is learned only when its text
is identical (up to whitespace) on those pages: automated stories (weather, markets, results,
council minutes) repeat one template with other numbers and names, and that text is the story.
The learned set is a plain frozenset of normalised block texts (`normalise_block`), so that the
warehouse can store it per site and hand it back.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from parsers.article.encoding import decode_html
from parsers.article.text.html_blocks import parse_html, walk

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+")
_MIN_CHARS = 10  # shorter blocks ("Yes.", "Photo") recur by chance; rules handle the short chrome
_PARAGRAPH_CHARS = 150
_SAME_PAGE_SHARE = 0.6


@lru_cache(maxsize=8192)
def normalise_block(text: str) -> str:
    """Casefolded words of a block, numbers folded to 0, so "© 2019" and "© 2020" match.

    Cached: container selection compares a page's blocks with its titles once per candidate.
    """
    return _DIGITS.sub("0", _NON_WORD.sub(" ", text.casefold())).strip()


def page_blocks(page: bytes | str) -> set[str]:
    """The distinct blocks of one page that could be chrome, whitespace runs folded to one space."""
    text = decode_html(page, None) if isinstance(page, bytes) else page
    root = parse_html(text)
    if root is None:
        return set()
    found = set()
    for block in walk(root).blocks:
        if block.in_teaser:
            # A teaser's blurb recurs wherever a rail lists its story, and it is often that
            # story's own first paragraph: learning it would cut the lede from the article.
            continue
        norm = normalise_block(block.text)
        if len(norm) >= _MIN_CHARS and " " in norm:
            found.add(" ".join(block.text.split()))
    return found


def _same_page(a: set[str], b: set[str]) -> bool:
    """Two fetches of one article (a re-fetch, an AMP copy) share most of their paragraphs."""
    return bool(a and b) and len(a & b) >= _SAME_PAGE_SHARE * max(len(a), len(b))


def learn_site_chrome(
    pages: Iterable[bytes | str], min_pages: int = 3, min_share: float = 0.6
) -> frozenset[str]:
    """Blocks whose text is on at least ``min_share`` of the pages (and ``min_pages`` of them),
    normalised (`normalise_block`).

    With fewer than ``min_pages`` pages nothing can be told apart from chance, so nothing is learned.
    Pages that share most of their paragraphs with a page already seen count once: a sample
    holding several versions of one article would otherwise teach its paragraphs as chrome.
    """
    counts: Counter[str] = Counter()
    total = 0
    seen: list[set[str]] = []  # the paragraph-length blocks of each page counted so far
    for page in pages:
        blocks = page_blocks(page)
        paragraphs = {b for b in blocks if len(b) >= _PARAGRAPH_CHARS}
        if any(_same_page(paragraphs, other) for other in seen):
            continue  # another fetch of a page already counted: its article is not chrome
        seen.append(paragraphs)
        counts.update(blocks)
        total += 1
    if total < min_pages:
        return frozenset()
    needed = max(min_pages, math.ceil(min_share * total))
    return frozenset(normalise_block(block) for block, count in counts.items() if count >= needed)
