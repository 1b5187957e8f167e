"""The article's authors: person names from structured data, meta tags and the visible byline.

Sources, in order; the first that names a person wins:

1. the JSON-LD article's ``author`` (``{"@id": ...}`` references resolved within the page);
2. ``citation_author`` meta tags (one per author on scholarly pages);
3. the ``author``-like meta tags, and the "Written by" value of ``twitter:label1`` / ``twitter:data1``;
4. the visible byline: ``rel=author``, ``itemprop=author``, links to an author page, small elements
   whose class names an author or byline, then a short first line (up to a ``<br>``) of an element,
   ``<font>`` and ``<td>`` included, that starts with "By", or a "By" / "Written by" / "Author" label
   alone with the name in the element after it.

One string may hold several names ("A, B and C", "By A & B"); "By", "Text by", roles ("Staff
Writer"), credentials ("MD", "Ph.D."), parenthesised agency initials ("(obe)"), trailing dates and
photo credits ("(Image: Getty Images)") are removed, and so is a news agency beside a name ("Ana Lima,
The Associated Press"). The outlet itself (a name that is the site's, or a JSON-LD Organization) counts
as an author only when no source names a person.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from lxml import etree

from parsers.article.metadata.body_elements import BodyElements
from parsers.article.metadata.titles import SiteNames

_SPACE = re.compile(r"\s+")
_BY_PREFIX = re.compile(
    r"^\s*(?:(?:text|words|story|written|posted|published|article|recipe|reviewed|authored)\s+by|by|authors?:?"
    r"|von|par|por|di)\s*[:\-]?(?:\s+|$)",
    re.I,
)
_PARENTHESES = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\bwith\b)\s*", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d"
# What follows a name in a byline: "| Outlet", "on May 5", "Last updated", a date, "7 min read".
_AUTHOR_TRAILER = re.compile(
    rf"\s*(?:\|.*|(?:,\s*)?\b(?:last\s+)?(?:updated|published|posted|on)\b.*|\b{_MONTH}.*|\b\d.*)$", re.I
)
_MAX_AUTHOR_LEN = 60
_MAX_AUTHOR_WORDS = 6
_MIN_NAME_LETTERS = 3  # "NB" is an avatar's initials
# A role beside a name is not a second author; alone, it is all the page says ("Metro Desk").
_ROLE = re.compile(
    r"\b(?:writer|editor|correspondent|reporter|columnist|contributor|reviewer|expert|founder|specialist"
    r"|consultant|director|manager|officer|educators?)\b"
    r"|\.(?:com|org|net|co)\b",
    re.I,
)
# A news organisation beside a name ("Ana Lima, The Associated Press") is the outlet, not a second author.
_OUTLET = re.compile(r"\b(?:press|news|agency|wire|newspapers?)\b", re.I)
# Photo credits, web addresses, profile-link labels and a lone weekday are never authors.
_NOT_A_NAME = re.compile(
    r"\b(?:photos?|images?|credits?|getty|shutterstock|istock|view|posts|admin|profile|about|read|mins?|home|says"
    r"|name|authors?|login|learn|more|share|follow|subscribe|menu|search|bluesky|twitter|facebook|linkedin"
    r"|instagram)\b|^www\b|^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$",
    re.I,
)
_CREDENTIALS = frozenset(
    "md do phd edd psyd dnp msc bsc ma ms mba mph ba bs rd rdn ld cpt cfp cfa cpa jd rn np pa dds dvm"
    " lcsw lmft cscs cns mw jr sr ii iii iv esq".split()
)
_ALL_CAPS = re.compile(r"^[A-Z][A-Z-]{1,6}$")
_LABEL_WRITTEN_BY = re.compile(r"written|author|\bby\b", re.I)
_META_AUTHORS = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")
_BYLINE_CLASS = re.compile(r"byline|author(?!-?(?:bio|box__bio|description|desc|avatar|image|img|photo|pic))", re.I)
_NAME_CLASS = re.compile(r"(?:author|byline)[-_]*name", re.I)
_AUTHOR_HREF = re.compile(r"/(?:authors?|people|writers?|contributors?)/[^/?#]+", re.I)
_MAX_BYLINE_CHARS = 80
_MAX_BYLINE_CHUNKS = 4  # text pieces of a byline box read before giving up on it
# "By Ana Lima" anywhere, or a label alone ("Written by", "Author:") with the name after it.
_LABEL_WORD = r"(?:authors?|contributors?)(?:\s*\(s\))?"  # "Author(s)"
_BY_LINE = re.compile(rf"^\s*(?:(?:written|posted)\s+by\b|by\b|{_LABEL_WORD}\s*:?\s*$)", re.I)
_BY_LABEL = re.compile(rf"^(?:(?:written|posted)\s+)?by\s*:?$|^{_LABEL_WORD}\s*:?$", re.I)
_BY_LINE_TAGS = frozenset(
    {"p", "span", "div", "li", "address", "h3", "h4", "h5", "h6", "small", "strong", "b", "em", "dt", "font", "td"}
)
_NOT_BYLINE_TAGS = frozenset({"img", "script", "style", "body", "article", "main", "html"})


def _credential(part: str) -> bool:
    """"MS", "FAND", "Ph.D.", "E-RYT 200": a comma part that qualifies the name before it."""
    tokens = part.split()
    if len(tokens) == 1 and _ALL_CAPS.match(tokens[0]):
        return True
    return all(t.replace(".", "").lower() in _CREDENTIALS or t.isdigit() or _ALL_CAPS.match(t) for t in tokens)


def clean_author(name: str) -> list[str]:
    """Names in one author string, without "By", roles, credentials, dates or photo credits."""
    name = _PARENTHESES.sub("", _SPACE.sub(" ", html.unescape(name)).strip())
    name = _AUTHOR_TRAILER.sub("", _BY_PREFIX.sub("", name))
    raw_parts = [_BY_PREFIX.sub("", p.strip(" .,;:|-–—")) for p in _AUTHOR_SPLIT.split(name)]
    parts = [
        p
        for i, p in enumerate(raw_parts)
        if p
        and len(p) <= _MAX_AUTHOR_LEN
        and len(p.split()) <= _MAX_AUTHOR_WORDS
        and "://" not in p
        and "@" not in p
        and sum(c.isalpha() for c in p) >= _MIN_NAME_LETTERS
        and not any(c.isdigit() for c in p)
        and not (i and _credential(p))
        and not _NOT_A_NAME.search(p)
    ]
    # "TOM ROE, AP Auto Writer": a role, an outlet or its address beside a name is not a second author.
    names = [p for p in parts if not _ROLE.search(p) and not _OUTLET.search(p)]
    return names or parts


def _jsonld_names(value: object, by_id: Mapping[str, dict], people: list[str], outlets: list[str]) -> None:
    """Names of a JSON-LD author value (string, object, @id reference or list), persons and outlets apart."""
    if isinstance(value, str):
        people.append(value)
    elif isinstance(value, list):
        for item in value:
            _jsonld_names(item, by_id, people, outlets)
    elif isinstance(value, dict):
        ref = value.get("@id")
        if "name" not in value and isinstance(ref, str) and ref in by_id:
            value = by_id[ref]
        name = value.get("name")
        if isinstance(name, list):
            name = next((n for n in name if isinstance(n, str)), None)
        if isinstance(name, str):
            kind = value.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            is_person = not any(isinstance(k, str) and k != "Person" for k in kinds if k)
            (people if is_person else outlets).append(name)


def _meta_names(metas: Mapping[str, list[str]]) -> list[str]:
    names = [v for key in _META_AUTHORS for v in metas.get(key, []) if "://" not in v]
    labels, data = metas.get("twitter:label1", []), metas.get("twitter:data1", [])
    if labels and data and _LABEL_WRITTEN_BY.search(labels[0]):
        names.append(data[0])
    return names


def _byline_names(root: etree._Element, body: BodyElements) -> list[str]:
    """Names from the body's byline: rel=author, itemprop=author, author-page links, author-classed elements."""
    for el in root.iterfind(".//body//*[@rel='author']"):
        if names := _element_names(el):
            return names
    for el, prop in zip(body.elements, body.itemprops):
        if prop != "author":
            continue
        name = el.find(".//*[@itemprop='name']")
        if names := _element_names(name if name is not None else el):
            return names
    for el in body.with_tag("a"):
        if _AUTHOR_HREF.search(el.get("href", "")) and not _in_navigation(el) and (names := _element_names(el)):
            return names
    for el, tag, classes in zip(body.elements, body.tags, body.classes):
        if tag in _NOT_BYLINE_TAGS or not _byline_class(classes):
            continue
        if names := _element_names(el):
            return names
    for el, tag in zip(body.elements, body.tags):
        if tag in _BY_LINE_TAGS and _BY_LINE.match(el.text or ""):
            text = _first_line(el)
            if _BY_LABEL.match(text):  # "<span>By</span><span>Ana Lima</span>": the name comes after it
                text = _labelled_text(el)
            else:
                match = _BY_LINE.match(text)
                # "By Ana Lima", not "By signing up you agree...".
                text = text[match.end() :].lstrip() if match else ""
            if text[:1].isupper() and len(text) <= _MAX_BYLINE_CHARS and (names := clean_author(text)):
                return names
    return []


def _first_line(el: etree._Element) -> str:
    """An element's text up to its first ``<br>``: "By Ana Lima<br>March 3, 2009" is a byline line
    and a date line, as older pages print them in one ``<font>`` or ``<td>``."""
    pieces = [el.text or ""]
    for child in el:
        if child.tag == "br":
            break
        if isinstance(child.tag, str):
            pieces.extend(child.itertext())
        pieces.append(child.tail or "")
    return _SPACE.sub(" ", " ".join(pieces)).strip()


def _in_navigation(el: etree._Element) -> bool:
    """Inside the site's navigation: a menu's "Our people" link names a page of the site, not a byline."""
    return any(a.tag == "nav" or a.get("role") == "navigation" for a in el.iterancestors())


@lru_cache(maxsize=4096)
def _byline_class(classes: str) -> bool:
    """A class naming an author or byline, not a comment's; cached: pages repeat their classes."""
    return _BYLINE_CLASS.search(classes) is not None and "comment" not in classes.lower()


def _labelled_text(label: etree._Element) -> str:
    """The text after a "Written by" / "Author" label: its tail ("<b>By:</b> Ana Lima"), else the next
    element's text, its pieces joined with commas as in a byline box: "<li>Ana Lima</li><li>Tom Roe</li>"
    is two names, "<a>Ana Lima</a><span>Staff Writer</span>" a name and a role."""
    if label.tail and label.tail.strip():
        return _SPACE.sub(" ", label.tail).strip()
    following = label.getnext()
    while following is not None and not isinstance(following.tag, str):  # a comment between them
        following = following.getnext()
    if following is None:
        return ""
    return ", ".join(c for c in (_SPACE.sub(" ", t).strip() for t in following.itertext()) if c)


def _element_names(el: etree._Element) -> list[str]:
    """The names an element's text gives; for a long element (a byline box with a bio), its first name.

    Its text pieces are joined with commas: "<a>Ana Lima</a><span>Staff Writer</span>" is a name and a
    role, not one long name. Where the element marks its names (class "author-name", "byline__name"),
    only those are read: the rest is a label ("Insights from"), a job title or a department.
    """
    marked = [d for d in el.iterdescendants() if isinstance(d.tag, str) and _NAME_CLASS.search(d.get("class", ""))]
    if marked:
        return list(dict.fromkeys(name for d in marked for name in _text_names(d)))
    return _text_names(el)


def _text_names(el: etree._Element) -> list[str]:
    chunks = [c for c in (_SPACE.sub(" ", t).strip() for t in el.itertext()) if c]
    text = ", ".join(chunks)
    if len(text) <= _MAX_BYLINE_CHARS and (names := clean_author(text)):
        return names
    for chunk in chunks[:_MAX_BYLINE_CHUNKS]:
        if len(chunk) <= _MAX_BYLINE_CHARS and (names := clean_author(chunk)):
            return names
    return []


def _cleaned(raw: Iterable[str]) -> list[str]:
    """Every distinct name of the raw author strings, in order."""
    seen: set[str] = set()
    names = []
    for item in raw:
        for name in clean_author(item):
            if name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
    return names


def page_authors(
    article: Mapping[str, object],
    objects: Iterable[dict],
    metas: Mapping[str, list[str]],
    root: etree._Element,
    body: BodyElements,
    site: SiteNames,
) -> list[str]:
    """The authors of a page, persons first (see the module docstring for the order of sources)."""
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    people: list[str] = []
    outlets: list[str] = []
    _jsonld_names(article.get("author"), by_id, people, outlets)
    fallback: list[str] = []
    sources = (
        lambda: _cleaned(people),
        lambda: _cleaned(metas.get("citation_author", [])),
        lambda: _cleaned(_meta_names(metas)),
        lambda: _byline_names(root, body),
    )
    for source in sources:
        names = source()
        persons = [n for n in names if not site.named_by(n)]
        if persons:
            return persons
        fallback = fallback or names
    return fallback or _cleaned(outlets)
