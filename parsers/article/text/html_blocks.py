"""HTML text to an lxml tree, and the tree to a flat list of text blocks with their context.

A *block* is the text of one paragraph-level unit (paragraph, heading, list item, table row,
line of a ``<br>``-separated run...). In a data table a row is one line, its cells separated by
spaces; in a layout table (cells holding paragraphs, lists or tables) every cell is a block of its
own, because such tables put navigation and article side by side in one row.

Each block knows its link density and which of its ancestors look like boilerplate containers
(by tag or by class/id hint), so that the content selector can score containers and filter
blocks without walking the tree again.

The hot path works on lxml directly: building a BeautifulSoup tree costs about 13 ms per page on
the benchmark set against about 1 ms for lxml's own parser, and the walk needs nothing bs4 adds.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache, reduce
from operator import or_

from lxml import etree

# Elements whose text is never article text.
DROP_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas video audio select option "
    "button input textarea link meta head title dialog map area source track".split()
)
# Elements that start a new block of text.
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p "
    "pre section summary table tbody thead tfoot tr ul caption legend".split()
)
HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Structural elements that hold navigation, page furniture or forms, not article text.
BOILERPLATE_TAGS = frozenset("nav aside footer header form menu".split())

# Class/id hints. Substrings are safe enough for long words; short ones must be whole tokens.
_NEGATIVE_SUBSTRINGS = re.compile(
    r"comment|share|sharing|social|related|recommend|newsletter|subscri|signup|sign-up|cookie|"
    r"consent|gdpr|breadcrumb|sidebar|widget|footer|masthead|navbar|navigation|menu|promo|advert|"
    r"sponsor|banner|popup|modal|outbrain|taboola|disqus|pagination|pager|toolbar|byline|"
    r"author-?bio|about-?the-?author|authorinfo|author-info|tagcloud|tag-?list|post-?tags|"
    r"entry-?meta|post-?meta|article-?meta|most-?read|mostpopular|most-?popular|trending|"
    r"further-?reading|read-?more|readmore|skip-?link|paywall|login|rating|reaction|"
    r"jp-relatedposts|yarpp|follow|print-?link|email-?link|"
    r"dateline|timestamp|caption|credit|photo-?info",
)  # matched against lower-cased attributes: re.I makes this long alternation much slower
_NEGATIVE_TOKENS = frozenset(
    "nav ad ads adv tags tag meta bio print email header foot aside more share extra links "
    "dfp gpt outbrain tools utility utilities cta".split()
)
_POSITIVE = re.compile(
    r"article-?body|articlebody|entry-?content|post-?content|story-?body|storybody|"
    r"article-?content|articlecontent|post-?body|postbody|main-?content|article-?text|"
    r"story-?content|body-?text|content-?body|rich-?text|entry-?body",
)
_CELL_TAGS = frozenset(("td", "th"))
_LAYOUT_CELL_CONTENT = ("p", "div", "table", "ul", "br")
_COMMENTS = re.compile(r"comment|disqus|respon|repl|discussion|forum")
_PROSE_REGION_CHARS = 800
_WIDGET_PROSE_CHARS = 150
_HEADLINE_CHARS = 20  # a link-only block this long reads as a headline
_TEASER_CHARS = 400
_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
# "has-sidebar", "with-comments": the element holds such a part beside its own content, it is not one.
_HAS_PART = re.compile(r"\b(?:has|with|no|without)[-_][\w-]+")
_NO_CLASS = (False, 0)  # class_verdict of an element without a class
_HIDING_ATTRIBUTES = frozenset(("aria-hidden", "hidden", "style"))  # is_hidden reads them beside the class
_HINT_ATTRIBUTES = frozenset(("itemprop", "id"))  # hint_class reads them beside the class
# Content a browser shows only on hover or to screen readers: not part of the visible text.
_HIDDEN_UI = re.compile(r"tooltip|popover|rollover|hovercard|visually-?hidden|sr-only|screen-reader", re.I)
_PANEL = re.compile(r"accordion|collaps|tab-?panel|tab-?pane|tabpanel|toggle-?content|expandable", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_STREAMED_ID = re.compile(r"S:\d+$")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_INVISIBLE = "\u200c\u200d\u2060\ufeff "  # joiners, word joiners and spaces: a line of only these is empty
_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-f]{2,5}|[a-z]{2,8});", re.I)
_LINE_BREAK = "\x00"  # a <br>; source newlines are plain whitespace
MAX_DEPTH = 200  # elements below this depth are flattened (`_flatten`)
_TOO_DEEP = etree.XPath("/" + "/".join(["*"] * (MAX_DEPTH + 1)))
_INLINE_TAGS = tuple(
    "a abbr b bdi bdo big cite code data del dfn em font i ins kbd mark q s samp small span strike "
    "strong sub sup time tt u var".split()
)


# What the walk does with a tag, as bit flags: one look-up per element instead of six.
_BLOCK, _BOILERPLATE, _CELL, _TABLE, _LINK, _PRE, _SEMANTIC = 1, 2, 4, 8, 16, 32, 64


def _tag_kinds() -> dict[str, int]:
    kinds: dict[str, int] = {}
    for flag, tags in (
        (_BLOCK, BLOCK_TAGS),
        (_BOILERPLATE, BOILERPLATE_TAGS),
        (_CELL, _CELL_TAGS),
        (_TABLE, ("table",)),
        (_LINK, ("a",)),
        (_PRE, ("pre",)),
        (_SEMANTIC, ("article", "main")),
    ):
        for tag in tags:
            kinds[tag] = kinds.get(tag, 0) | flag
    return kinds


_TAG_KINDS = _tag_kinds()


def parse_html(text: str) -> etree._Element | None:
    """Parse (possibly broken) HTML; None when there is no document at all."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    # huge_tree: past libxml2's default depth of 256 elements the rest of the page is dropped.
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(text, parser)
    except (etree.ParserError, ValueError):
        return None
    if root is not None and _TOO_DEEP(root):
        _flatten(root)
    return root


def _flatten(root: etree._Element) -> None:
    """Bring a tree nested deeper than MAX_DEPTH (unclosed inline tags, mostly) within it, so
    the walks over it stay far from Python's recursion limit: inline tags go first (their text
    stays), then whatever lies below MAX_DEPTH becomes the text of its ancestor there."""
    etree.strip_tags(root, *_INLINE_TAGS)
    for deepest in _TOO_DEEP(root):
        etree.strip_tags(deepest, "*")


def hint_class(el: etree._Element, class_hint: int) -> int:
    """+1 for a content hint in class/id (or itemprop=articleBody), -1 for a boilerplate hint.

    ``class_hint`` is the hint of the element's class attribute (``class_verdict``): no hint word
    spans whitespace, so the class and the id are judged apart, the class string once per page.
    """
    if el.get("itemprop") == "articleBody":
        return 1
    ident = el.get("id")
    if class_hint > 0 or not ident:
        return class_hint
    id_hint = _hint_of(ident)
    return 1 if id_hint > 0 else min(class_hint, id_hint)


@lru_cache(maxsize=8192)
def class_verdict(classes: str) -> tuple[bool, int]:
    """(names hover or screen-reader-only UI, class/id hint) of a class attribute.

    Its tokens are judged one by one (no hint or UI word spans whitespace), each token cached too:
    most class strings are new combinations of common tokens ("menu-item menu-item-4512").
    """
    flags = _attribute_flags(classes)
    return bool(flags & _HIDDEN_UI_WORD), _flags_hint(flags)


def _hint_of(attrs: str) -> int:
    """The hint of a class or id string (see ``class_verdict``)."""
    return _flags_hint(_attribute_flags(attrs))


def _attribute_flags(attrs: str) -> int:
    """The flags of a class or id string: those of its whitespace-separated tokens together."""
    return reduce(or_, map(_token_flags, attrs.split()), 0)


# What a class or id token says, as bit flags: a content hint outweighs a boilerplate one.
_POSITIVE_WORD, _NEGATIVE_WORD, _HIDDEN_UI_WORD = 1, 2, 4


def _flags_hint(flags: int) -> int:
    return 1 if flags & _POSITIVE_WORD else -1 if flags & _NEGATIVE_WORD else 0


@lru_cache(maxsize=16384)
def _token_flags(token: str) -> int:
    flags = _HIDDEN_UI_WORD if _HIDDEN_UI.search(token) else 0
    token = _HAS_PART.sub(" ", token.lower())
    if _POSITIVE.search(token):
        return flags | _POSITIVE_WORD
    if _NEGATIVE_SUBSTRINGS.search(token) or not _NEGATIVE_TOKENS.isdisjoint(_TOKEN_SPLIT.split(token)):
        return flags | _NEGATIVE_WORD
    return flags


def is_hidden(el: etree._Element, hidden_class: bool) -> bool:
    """Hidden by attribute, inline style, or a class naming hover/screen-reader-only UI.

    ``hidden_class``: the element's class names such UI (``class_verdict``).
    A ``hidden`` element with a streaming id ("S:0") is not hidden content: React streams a page's
    late parts into such elements and a script moves them into place on load. A collapsed
    accordion or tab panel is not hidden either: the reader opens it, and it is part of the text.
    """
    if el.get("aria-hidden") == "true":
        return True
    if el.get("hidden") is not None:
        return not _STREAMED_ID.match(el.get("id") or "") and not _collapsed_panel(el)
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return not _collapsed_panel(el)
    return hidden_class


def _collapsed_panel(el: etree._Element) -> bool:
    """The element, or its parent, is named as an accordion, collapsible or tab panel."""
    parent = el.getparent()
    names = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"
    if parent is not None:
        names += f" {parent.get('class') or ''}"
    return bool(_PANEL.search(names))


def _collapse_space(line: str) -> str:
    """Runs of whitespace (zero-width spaces included) as one space, none at the ends.

    str.split() knows the same whitespace as the regex ``\\s`` and is twice as fast on a page's lines.
    """
    return " ".join(line.replace("\u200b", " ").split())


@dataclass(slots=True)
class Block:
    """One paragraph-level run of text and where it sits in the tree."""

    text: str
    tag: str  # the tag of the innermost block element holding the text
    link_chars: int  # characters of the text inside <a>
    neg_depths: tuple[int, ...] = ()  # depths of boilerplate-looking ancestors
    in_teaser: bool = False  # part of a headline-and-blurb card (see is_teaser)

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def text_chars(blocks: Iterable[Block]) -> int:
    """The characters of ``blocks``' text."""
    return sum(len(b.text) for b in blocks)


@dataclass(slots=True)
class Container:
    """A candidate article container: an element and the blocks it holds."""

    element: etree._Element
    depth: int
    start: int  # first block index
    end: int  # one past the last block index
    prose: float = 0.0  # characters of prose-like text held
    junk: float = 0.0  # characters of boilerplate-like text held
    prose_blocks: int = 0  # blocks that counted as prose
    headline_links: int = 0  # link-only blocks long enough to be a headline
    hint: int = 0
    semantic: bool = False  # <article>, <main> or itemprop=articleBody
    in_boilerplate: bool = False  # itself or an ancestor looks like boilerplate


@dataclass(slots=True)
class Page:
    """The result of one walk: blocks in document order and the candidate containers."""

    blocks: list[Block] = field(default_factory=list)
    containers: list[Container] = field(default_factory=list)
    teasers: int = 0  # headline-and-blurb cards (see is_teaser)
    teaser_prose: float = 0.0  # prose held in those cards


def block_value(text: str, link_chars: int) -> tuple[float, float]:
    """(prose, junk) characters a block contributes to its containers' scores.

    Chinese, Japanese and Korean characters carry about a word each, so they count triple:
    otherwise a CJK paragraph would look as short as a caption.
    """
    length = len(text)
    density = link_chars / length if length else 0.0
    if not text.isascii():
        length += 2 * len(_WIDE.findall(text))
    if density > 0.5:
        return 0.0, float(length)
    if length < 25 and density > 0.2:
        return 0.0, float(length)
    if length < 40:
        return 0.0, 0.0
    return length * (1.0 - density), float(link_chars)


def _swallowed_page(el: etree._Element, tag: str) -> bool:
    """A ``<button>`` that holds paragraphs: broken markup (a block element left open inside it)
    made the parser put the rest of the page in it, so its content is the page, not a label."""
    return tag == "button" and el.find(".//p") is not None


def is_layout_table(table: etree._Element) -> bool:
    """A table used for page layout: its cells hold paragraphs, divs, lists or other tables."""
    return any(next(cell.iterdescendants(*_LAYOUT_CELL_CONTENT), None) is not None for cell in table.iter("td"))


def is_prose_region(frame: Container, el: etree._Element) -> bool:
    """A class-hinted "widget"/"promo"/... element that holds a long run of plain paragraphs.

    Page builders put article text in elements named like furniture ("elementor-widget-text-
    editor"); what such an element holds outweighs its name. Comment threads are the exception:
    they are long prose too, and never the article. An element whose only furniture word is
    "widget" (page builders call every component one) needs just one paragraph.
    """
    if frame.prose_blocks < 1 or frame.junk > 0.2 * frame.prose:
        return False
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if frame.prose < _PROSE_REGION_CHARS or frame.prose_blocks < 3:
        if frame.prose < _WIDGET_PROSE_CHARS or not _only_widget_hint(attrs):
            return False
    return not _COMMENTS.search(attrs)


@lru_cache(maxsize=1024)
def _only_widget_hint(attrs: str) -> bool:
    """The element would carry no boilerplate hint without the word "widget"."""
    return "widget" in attrs and _hint_of(attrs.replace("widget", " ")) >= 0


def is_teaser(frame: Container) -> bool:
    """A headline link with a blurb or two: a card of a related/latest-news rail, not a paragraph.

    Article paragraphs come many to a container and do not sit beside link-only headlines.
    """
    return frame.headline_links >= 1 and 0 < frame.prose_blocks <= 2 and frame.prose < _TEASER_CHARS


class _Walker:
    """Depth-first walk that emits blocks and scores every block-level element.

    It visits every element of the body, so it reads only the attributes an element has, each
    once, and keeps the rest of the per-element work to dictionary and set look-ups.
    """

    def __init__(self, drop_tags: frozenset[str]) -> None:
        self.drop_tags = drop_tags
        self.page = Page()
        self.blocks = self.page.blocks
        self.parts: list[str] = []
        self.link_chars = 0  # link characters of the current line
        self.line_links: list[int] = []  # link characters of the finished lines of the block
        self.in_link = 0
        self.in_pre = 0
        self.frames: list[Container] = []
        self.neg_depths: tuple[int, ...] = ()  # depths of the open boilerplate-looking elements
        self.tags: list[str] = []
        self.layout_tables: list[bool] = []  # per open <table>: are its cells blocks?

    def add_text(self, text: str) -> None:
        if self.in_pre and "\n" in text:  # preformatted text keeps its lines
            for i, line in enumerate(text.split("\n")):
                if i:
                    self.newline()
                if line:
                    self.add_text(line)
            return
        if not self.parts and text.isspace():
            return  # leading whitespace of a block: collapsed away in any case
        self.parts.append(text)
        if self.in_link:
            self.link_chars += len(text.strip())

    def newline(self) -> None:
        self.parts.append(_LINE_BREAK)
        self.line_links.append(self.link_chars)
        self.link_chars = 0

    def flush(self) -> None:
        if not self.parts:
            return
        raw = "".join(self.parts)
        self.parts = []
        if raw.isspace():  # no line has text (a <br> is no whitespace)
            self.line_links, self.link_chars = [], 0
            return
        self.line_links.append(self.link_chars)
        line_links, self.line_links, self.link_chars = self.line_links, [], 0
        tag = self.tags[-1] if self.tags else ""
        frame = self.frames[-1] if self.frames else None
        for line, link_chars in zip(raw.split(_LINE_BREAK), line_links):
            text = _collapse_space(line)
            if not text.strip(_INVISIBLE):
                continue
            if "&" in text and _ENTITY.search(text):  # double-escaped source: "&amp;quot;"
                text = html.unescape(text)
            block = Block(text, tag, min(link_chars, len(text)), self.neg_depths)
            self.blocks.append(block)
            if frame is not None:
                prose, junk = block_value(text, block.link_chars)
                frame.prose += prose
                frame.junk += junk
                if prose:
                    frame.prose_blocks += 1
                elif block.link_chars >= _HEADLINE_CHARS and block.link_density > 0.8:
                    frame.headline_links += 1

    def forgive(self, frame: Container) -> None:
        """Take back a class hint: the element's blocks no longer sit in boilerplate there."""
        for block in self.blocks[frame.start : frame.end]:
            block.neg_depths = tuple(d for d in block.neg_depths if d != frame.depth)

    def visit(self, el: etree._Element, depth: int) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        tag = tag.lower()
        # The attribute names first, in one call: most elements have none, or a class only, and
        # the attributes they lack are not looked up one by one (half the cost per element).
        names = el.keys()
        hint = 0
        if depth:
            classes = el.get("class") if "class" in names else None
            hidden_class, class_hint = class_verdict(classes) if classes else _NO_CLASS
            hidden = is_hidden(el, hidden_class) if not _HIDING_ATTRIBUTES.isdisjoint(names) else hidden_class
            if hidden or (tag in self.drop_tags and not _swallowed_page(el, tag)):
                return
            if tag == "br":
                self.newline()
                return
            # Embedded posts are quoted text; the body's classes name the page template, not
            # furniture; inside <pre> classes are syntax highlighting ("hljs-comment", "token tag").
            if tag != "blockquote" and not self.in_pre:
                hint = hint_class(el, class_hint) if not _HINT_ATTRIBUTES.isdisjoint(names) else class_hint
        elif tag == "br":
            self.newline()
            return
        kind = _TAG_KINDS.get(tag, 0)
        negative = hint < 0 or kind & _BOILERPLATE
        text = el.text
        if not text and not len(el):  # empty: it only ends the text before it, or spaces a cell's
            self.end_empty(kind, negative)
            return
        if kind & _TABLE:
            self.layout_tables.append(is_layout_table(el))
        is_block = kind & _BLOCK or negative or (kind & _CELL and bool(self.layout_tables) and self.layout_tables[-1])
        if is_block:
            if self.parts:
                self.flush()
            semantic = kind & _SEMANTIC or ("itemprop" in names and el.get("itemprop") == "articleBody")
            if negative:
                self.neg_depths += (depth,)
            self.frames.append(Container(el, depth, len(self.blocks), 0, 0.0, 0.0, 0, 0, hint, bool(semantic)))
            self.tags.append(tag)
        elif kind & _CELL and self.parts:
            self.parts.append(" ")
        if kind & _LINK:
            self.in_link += 1
        elif kind & _PRE:
            self.in_pre += 1
        if text:
            self.add_text(text)
        for child in el:
            self.visit(child, depth + 1)
            tail = child.tail
            if tail:
                self.add_text(tail)
        if kind:
            if kind & _LINK:
                self.in_link -= 1
            elif kind & _PRE:
                self.in_pre -= 1
            elif kind & _TABLE:
                self.layout_tables.pop()
            elif kind & _CELL and not is_block and self.parts:
                self.parts.append(" ")
        if is_block:
            self.close(el, negative and not kind & _BOILERPLATE)

    def end_empty(self, kind: int, negative: bool) -> None:
        """What an element without text or children does: a block (its frame would hold nothing)
        ends the text before it; a data cell adds a space."""
        if kind & _BLOCK or negative or (kind & _CELL and self.layout_tables and self.layout_tables[-1]):
            if self.parts:
                self.flush()
        elif kind & _CELL and self.parts:
            self.parts.append(" ")

    def close(self, el: etree._Element, hinted: bool) -> None:
        """End the block element ``el``: flush its text and hand its scores to its parent.

        ``hinted``: the element is boilerplate by a class/id hint, which its prose may outweigh.
        """
        if self.parts:
            self.flush()
        frame = self.frames.pop()
        self.tags.pop()
        blocks = self.blocks
        frame.end = end = len(blocks)
        negative = bool(self.neg_depths) and self.neg_depths[-1] == frame.depth
        if negative:
            self.neg_depths = self.neg_depths[:-1]
            if hinted and is_prose_region(frame, el):
                negative = False
                self.forgive(frame)
        if end > frame.start:
            self.page.containers.append(frame)
        # A teaser needs a headline link: most elements have none, and the other tests wait.
        teaser = frame.headline_links and is_teaser(frame)
        if teaser:
            self.page.teasers += 1
            self.page.teaser_prose += frame.prose
            for block in blocks[frame.start : end]:
                block.in_teaser = True
        if self.frames:
            parent = self.frames[-1]
            if negative or teaser:
                # Seen from above, all text in a boilerplate container or a teaser is junk.
                parent.junk += frame.prose + frame.junk
            else:
                parent.prose += frame.prose
                parent.junk += frame.junk
            parent.prose_blocks += frame.prose_blocks
            parent.headline_links += frame.headline_links


def walk(root: etree._Element, *, noscript: bool = False) -> Page:
    """Blocks and scored containers of a parsed document.

    ``noscript=True`` reads ``<noscript>`` content too: the fallback for pages whose only text
    is the copy they serve to clients without JavaScript (forum software does this for crawlers).
    """
    walker = _Walker(DROP_TAGS - {"noscript"} if noscript else DROP_TAGS)
    body = root.find("body")
    walker.visit(body if body is not None else root, 0)
    walker.flush()
    page = walker.page
    for c in page.containers:
        # A block's boilerplate ancestors at or above the container's depth are the container's
        # (its boilerplate depths rise, outermost first).
        neg_depths = page.blocks[c.start].neg_depths
        c.in_boilerplate = bool(neg_depths) and neg_depths[0] <= c.depth
    return page
